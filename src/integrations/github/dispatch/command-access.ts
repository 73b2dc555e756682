import { PERMISSION_LEVELS, type PermissionLevel, type RepoConfig } from '../repo-config/repo-config.js';

export type AccessDecision = { allowed: true } | { allowed: false; reason: 'denied-user' | 'permission' | 'command-disabled' | 'commands-disabled' };

/**
 * Whether `login` may run `command` here. The deny list wins, then the allow list, then the commenter's
 * repository permission (looked up only when the lists do not decide, via `permissionOf`).
 */
export async function decideCommandAccess(
  config: RepoConfig['commands'],
  login: string,
  command: string,
  permissionOf: (login: string) => Promise<PermissionLevel>,
): Promise<AccessDecision> {
  if (!config.enabled) return { allowed: false, reason: 'commands-disabled' };
  if (config.allowed && command !== 'help' && !config.allowed.includes(command)) return { allowed: false, reason: 'command-disabled' };
  const lower = login.toLowerCase();
  if (config.denyUsers.some((user) => user.toLowerCase() === lower)) return { allowed: false, reason: 'denied-user' };
  if (config.allowUsers.some((user) => user.toLowerCase() === lower)) return { allowed: true };
  const level = await permissionOf(login);
  return rank(level) >= rank(config.permission) ? { allowed: true } : { allowed: false, reason: 'permission' };
}

/** `role_name` of the collaborator-permission endpoint when it is a known level, else the legacy `permission`. */
export function permissionLevel(data: { permission?: string; role_name?: string }): PermissionLevel {
  for (const value of [data.role_name, data.permission]) {
    if (value && (PERMISSION_LEVELS as readonly string[]).includes(value)) return value as PermissionLevel;
  }
  return 'none';
}

function rank(level: PermissionLevel): number {
  return PERMISSION_LEVELS.indexOf(level);
}
