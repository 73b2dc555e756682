import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { POSTGRES_URL, REDIS_URL } from '../helpers/services.js';

/** What `worker` and `serve --no-worker` say when distributed mode is not set up, before opening anything. */

const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-worker-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Only what each test gives: the machine's own REDIS_URL or DATABASE_URL must not leak in.
const env = (extra: Record<string, string> = {}) => ({ REDIS_URL: '', DATABASE_URL: '', HOME: dir, ...extra });

describe('agentic-sdlc worker and serve --no-worker', () => {
  it('worker without REDIS_URL and DATABASE_URL names both and exits 1', async () => {
    const result = await cli(['worker', '--port', '0'], { cwd: dir, env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('needs REDIS_URL (the queue it takes runs from) and DATABASE_URL (the PostgreSQL state it shares with serve)');
  });

  it('worker with only REDIS_URL names DATABASE_URL alone', async () => {
    const result = await cli(['worker', '--port', '0'], { cwd: dir, env: env({ REDIS_URL: 'redis://127.0.0.1:1' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('needs DATABASE_URL');
    expect(result.stderr).not.toContain('needs REDIS_URL');
  });

  it('serve --no-worker without REDIS_URL refuses: nothing would execute its runs', async () => {
    const result = await cli(['serve', '--no-worker', '--port', '0'], { cwd: dir, env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--no-worker needs REDIS_URL');
  });

  it('serve with an unreachable REDIS_URL stops with an error that hides the password', async () => {
    const result = await cli(['serve', '--port', '0', '--host', '127.0.0.1'], { cwd: dir, env: env({ REDIS_URL: 'redis://:hunter2-secret@127.0.0.1:1' }) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('127.0.0.1:1');
    expect(result.stderr).not.toContain('hunter2-secret');
  }, 30_000);

  it('a worker that fails after connecting to Redis and PostgreSQL exits instead of hanging on its connections', async () => {
    const config = join(dir, 'missing-workflows.yml');
    writeFileSync(config, 'workflows:\n  dirs: [does-not-exist]\n');
    const result = await cli(['--config', config, 'worker', '--port', '0'], { cwd: dir, env: env({ REDIS_URL, DATABASE_URL: POSTGRES_URL }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does-not-exist');
  }, 30_000);
});
