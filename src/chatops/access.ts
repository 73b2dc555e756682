/**
 * The access port: may this user run this command here? Each surface implements it with its own rules
 * (GitHub: repository configuration and collaborator permission; Slack: allow lists and installation).
 * A refusal carries the reason for logs and the polite message the user reads.
 */
export type AccessDecision = { allowed: true } | { allowed: false; reason: string; message: string };

export interface CommandAccess {
  decide(user: string, command: string, signal: AbortSignal): Promise<AccessDecision>;
}
