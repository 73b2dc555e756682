import type { CommandAccess } from '../../../chatops/access.js';
import { PERMISSION_LEVELS, type PermissionLevel, type RepoConfig } from '../repo-config/repo-config.js';
import type { Target } from '../rest/clients.js';
import { rethrowGithub } from '../rest/github-error.js';

export type RepoAccessDecision = { allowed: true } | { allowed: false; reason: 'denied-user' | 'permission' | 'command-disabled' | 'commands-disabled' };

/**
 * The `/sdlc` access port on GitHub: the repository's `commands` configuration, then the commenter's
 * collaborator permission, read from GitHub only when the lists do not decide.
 */
export function repoCommandAccess(config: RepoConfig['commands'], target: Target, prefix: string): CommandAccess {
  return {
    async decide(login, command, signal) {
      const decision = await decideCommandAccess(config, login, command, (user) => permissionOf(target, user, signal));
      if (decision.allowed) return decision;
      return { allowed: false, reason: decision.reason, message: refusalText(login, command, prefix, decision, requiredLevel(config, command)) };
    },
  };
}

/**
 * Commands that change what the bot does for everyone in the repository (the instructions every later review
 * follows): write access or more, whatever `commands.permission` says. A stricter configured level still
 * applies, and the allow list does not lift this floor: it opens commands, not the repository's settings.
 */
export const COMMAND_PERMISSION_FLOOR: Readonly<Record<string, PermissionLevel>> = { learn: 'write', forget: 'write' };

/** The least permission `command` needs here: the configured level, raised to the command's floor. */
export function requiredLevel(config: Pick<RepoConfig['commands'], 'permission'>, command: string): PermissionLevel {
  const floor = Object.hasOwn(COMMAND_PERMISSION_FLOOR, command) ? COMMAND_PERMISSION_FLOOR[command]! : 'none';
  return rank(floor) > rank(config.permission) ? floor : config.permission;
}

/**
 * Whether `login` may run `command` here. The deny list wins, then the allow list (but for commands with a
 * permission floor), then the commenter's repository permission (looked up only when the lists do not
 * decide, via `permissionOf`).
 */
export async function decideCommandAccess(
  config: RepoConfig['commands'],
  login: string,
  command: string,
  permissionOf: (login: string) => Promise<PermissionLevel>,
): Promise<RepoAccessDecision> {
  if (!config.enabled) return { allowed: false, reason: 'commands-disabled' };
  if (config.allowed && command !== 'help' && !config.allowed.includes(command)) return { allowed: false, reason: 'command-disabled' };
  const lower = login.toLowerCase();
  if (config.denyUsers.some((user) => user.toLowerCase() === lower)) return { allowed: false, reason: 'denied-user' };
  const floored = Object.hasOwn(COMMAND_PERMISSION_FLOOR, command);
  if (!floored && config.allowUsers.some((user) => user.toLowerCase() === lower)) return { allowed: true };
  const level = await permissionOf(login);
  return rank(level) >= rank(requiredLevel(config, command)) ? { allowed: true } : { allowed: false, reason: 'permission' };
}

/** The short, polite answer to a command that may not run. */
export function refusalText(login: string, command: string, prefix: string, decision: Exclude<RepoAccessDecision, { allowed: true }>, required: string): string {
  switch (decision.reason) {
    case 'commands-disabled':
      return `Sorry @${login}, \`${prefix}\` commands are turned off in this repository.`;
    case 'command-disabled':
      return `Sorry @${login}, \`${prefix} ${command}\` is not enabled in this repository. Try \`${prefix} help\`.`;
    case 'denied-user':
      return `Sorry @${login}, only collaborators with ${required} access or more can run \`${prefix}\` commands here.`;
    case 'permission':
      return Object.hasOwn(COMMAND_PERMISSION_FLOOR, command)
        ? `Sorry @${login}, only collaborators with ${required} access or more can run \`${prefix} ${command}\` here.`
        : `Sorry @${login}, only collaborators with ${required} access or more can run \`${prefix}\` commands here.`;
  }
}

/** `role_name` of the collaborator-permission endpoint when it is a known level, else the legacy `permission`. */
export function permissionLevel(data: { permission?: string; role_name?: string }): PermissionLevel {
  for (const value of [data.role_name, data.permission]) {
    if (value && (PERMISSION_LEVELS as readonly string[]).includes(value)) return value as PermissionLevel;
  }
  return 'none';
}

async function permissionOf(target: Target, username: string, signal: AbortSignal): Promise<PermissionLevel> {
  try {
    const { data } = await target.octokit.rest.repos.getCollaboratorPermissionLevel({ owner: target.owner, repo: target.repo, username, request: { signal } });
    return permissionLevel(data);
  } catch (error) {
    // Not a collaborator at all.
    if ((error as { status?: number }).status === 404) return 'none';
    return rethrowGithub(error, 'reading the commenter permission');
  }
}

function rank(level: PermissionLevel): number {
  return PERMISSION_LEVELS.indexOf(level);
}
