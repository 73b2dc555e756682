import { createTokenStore, issueToken, TokenNameError, type ApiScope, type ApiTokenInfo, type TokenStore } from '../../api/auth/index.js';
import { loadConfig } from '../../config/load-config.js';
import type { Config } from '../../config/schema.js';
import { CliError } from '../cli-error.js';
import type { GlobalOptions } from '../context.js';

/**
 * `agentic-sdlc tokens create|list|revoke`: REST API tokens, kept where the runs are (the state file, or
 * PostgreSQL with DATABASE_URL). A token's text is printed once, at creation; the store keeps its hash.
 * No runtime is built: managing tokens needs the configuration and the store, nothing else.
 */

async function withTokenStore<T>(globals: GlobalOptions, fn: (store: TokenStore, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig({
    ...(globals.config ? { file: globals.config } : {}),
    overrides: [{ path: ['db'], value: globals.db }],
  });
  const store = await createTokenStore(config);
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

export function createToken(globals: GlobalOptions, options: { name: string; scope: ApiScope; json?: boolean }): Promise<number> {
  return withTokenStore(globals, async (store, config) => {
    const { token, info } = await issueToken(store, { name: options.name, scope: options.scope, now: Date.now() }).catch((error: unknown) => {
      throw error instanceof TokenNameError ? new CliError(error.message) : error;
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...tokenJson(info), token }, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(
      [
        `created API token "${info.name}" (id ${info.id}, scope ${options.scope}); it is shown only this once, so store it now:`,
        token,
        `use it as: curl -H "Authorization: Bearer <token>" http://localhost:${config.server.port}/api/jobs`,
        '',
      ].join('\n'),
    );
    return 0;
  });
}

export function listTokens(globals: GlobalOptions, options: { all?: boolean; json?: boolean }): Promise<number> {
  return withTokenStore(globals, async (store) => {
    const tokens = await store.list({ includeRevoked: options.all === true });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(tokens.map(tokenJson), null, 2)}\n`);
    } else if (tokens.length === 0) {
      process.stdout.write(`no API tokens${options.all ? '' : ' (revoked ones: --all)'}; create one with agentic-sdlc tokens create --name N --scope read|execute\n`);
    } else {
      for (const t of tokens) {
        const used = t.lastUsedAt ? `used ${iso(t.lastUsedAt)}` : 'never used';
        const revoked = t.revokedAt ? `  revoked ${iso(t.revokedAt)}` : '';
        process.stdout.write(`${t.id}  ${t.name.padEnd(20)}  ${t.scopes.join(',').padEnd(7)}  created ${iso(t.createdAt)}  ${used}${revoked}\n`);
      }
    }
    return 0;
  });
}

export function revokeToken(globals: GlobalOptions, idOrName: string): Promise<number> {
  return withTokenStore(globals, async (store) => {
    const revoked = await store.revoke(idOrName, Date.now());
    if (!revoked) throw new CliError(`no active API token with id or name "${idOrName}" (see: agentic-sdlc tokens list)`);
    process.stdout.write(`revoked API token "${revoked.name}" (id ${revoked.id}); requests with it are now refused\n`);
    return 0;
  });
}

function tokenJson(t: ApiTokenInfo): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    createdAt: iso(t.createdAt),
    lastUsedAt: t.lastUsedAt ? iso(t.lastUsedAt) : null,
    ...(t.revokedAt ? { revokedAt: iso(t.revokedAt) } : {}),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
