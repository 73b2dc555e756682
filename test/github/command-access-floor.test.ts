import { describe, expect, it } from 'vitest';
import { decideCommandAccess, requiredLevel } from '../../src/integrations/github/dispatch/command-access.js';
import { DEFAULT_REPO_CONFIG, type PermissionLevel } from '../../src/integrations/github/repo-config/repo-config.js';

/** `learn` and `forget` change what every later review is told: write access at least, whatever the configuration says. */
describe('the permission floor of /sdlc learn and forget', () => {
  const commands = DEFAULT_REPO_CONFIG.commands;
  const as = (level: PermissionLevel) => () => Promise.resolve(level);

  it('a reader cannot learn or forget even with commands.permission: read, but may list', async () => {
    const open = { ...commands, permission: 'read' as const };
    expect(await decideCommandAccess(open, 'r', 'learn', as('read'))).toEqual({ allowed: false, reason: 'permission' });
    expect(await decideCommandAccess(open, 'r', 'forget', as('triage'))).toEqual({ allowed: false, reason: 'permission' });
    expect(await decideCommandAccess(open, 'r', 'learned', as('read'))).toEqual({ allowed: true });
    expect(await decideCommandAccess(open, 'w', 'learn', as('write'))).toEqual({ allowed: true });
  });

  it('a stricter configured level still applies, and the allow list does not lift the floor', async () => {
    expect(await decideCommandAccess({ ...commands, permission: 'admin' }, 'w', 'learn', as('maintain'))).toEqual({ allowed: false, reason: 'permission' });
    expect(requiredLevel({ permission: 'admin' }, 'learn')).toBe('admin');
    expect(requiredLevel({ permission: 'none' }, 'forget')).toBe('write');
    expect(requiredLevel({ permission: 'read' }, 'review')).toBe('read');
    expect(requiredLevel({ permission: 'read' }, '__proto__')).toBe('read');
    const allowed = { ...commands, permission: 'read' as const, allowUsers: ['outsider'] };
    expect(await decideCommandAccess(allowed, 'outsider', 'learn', as('none'))).toEqual({ allowed: false, reason: 'permission' });
    expect(await decideCommandAccess(allowed, 'outsider', 'learned', as('none'))).toEqual({ allowed: true });
  });
});
