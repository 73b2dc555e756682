import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llmConfigSchema } from '../../src/llm/config.js';
import { createKeyvStore } from '../../src/llm/kv-store.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import { step, workflow } from '../helpers/engine.js';

// POSIX modes: Windows has no group/other bits to check.
const posix = process.platform !== 'win32';
const modeOf = (path: string) => statSync(path).mode & 0o777;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-modes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(posix)('state files are private to their user', () => {
  it('creates the state directory 0700 and the database, its -wal and -shm 0600', async () => {
    const path = join(dir, 'home', '.agentic-sdlc', 'state.db');
    const store = new SqliteRunStore(path);
    await store.admitRun({ id: 'run_1', workflow: workflow('w', [step('a', 'test.echo')]), inputs: {}, createdAt: 1 }, { cancelInProgress: false });

    expect(modeOf(join(dir, 'home'))).toBe(0o700);
    expect(modeOf(join(dir, 'home', '.agentic-sdlc'))).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect(existsSync(file), file).toBe(true);
      expect(modeOf(file), file).toBe(0o600);
    }
    await store.close();
  });

  it('narrows an existing state file that others could read to 0600, and leaves an existing directory alone', async () => {
    chmodSync(dir, 0o755);
    const path = join(dir, 'state.db');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    const store = new SqliteRunStore(path);

    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(dir)).toBe(0o755);
    await store.close();
  });

  it('creates the LLM response cache beside the state database 0600', async () => {
    const cache = llmConfigSchema.parse({ cache: { backend: 'sqlite' } }).cache;
    const kv = createKeyvStore(cache, join(dir, 'state', 'state.db'));
    await kv.set('answer', { text: 'cached' });

    expect(modeOf(join(dir, 'state'))).toBe(0o700);
    expect(modeOf(join(dir, 'state', 'llm-cache.sqlite'))).toBe(0o600);
    await kv.disconnect();
  });
});
