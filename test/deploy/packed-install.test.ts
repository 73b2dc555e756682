import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantedDiff } from '../cli/review-helpers.js';
import { requirePostgres, requireRedis } from '../helpers/services.js';
import { runOnce, start, type Container } from './container.js';
import { execForm, instructions, readDockerfile } from './dockerfile.js';
import { installLikeTheImage } from './image-install.js';

/**
 * What the image runs, without Docker: the package packed from the build context and installed as the
 * Dockerfile's build stage installs it (lock file, `npm ci --omit=dev`), then started as its ENTRYPOINT with its
 * ENV and WORKDIR. `serve` passes the image's HEALTHCHECK with no credentials, `review` reports findings, and
 * the compose topology (serve --no-worker, a worker, Redis, PostgreSQL) runs a workflow from /config/workflows.
 * Packing and installing takes a minute or two (longer when the npm cache is cold).
 */

const postgresUrl = await requirePostgres();
const redisUrl = await requireRedis();

const INSTALL_TIMEOUT = 15 * 60_000;
/** Module specifiers in tsc's output: `import|export … from 'x'`, `import 'x'`, `import('x')`, `require('x')` and `createRequire(…)('x')`. */
const IMPORTS = /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"\s]+)['"]|^\s*import\s*['"]([^'"\s]+)['"]|(?:(?<![.\w$])(?:import|require)|\))\(\s*['"]([^'"\s]+)['"]\s*\)/gm;
const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-image-'));
let app = '';
let appFiles = new Map<string, string>();

/** A container of the image with /data and /config of its own (/config holding `files`). */
function container(name: string, files: Record<string, string> = {}): Container {
  const folders = { '/app': app, '/data': join(dir, name, 'data'), '/config': join(dir, name, 'config') };
  mkdirSync(folders['/data'], { recursive: true });
  mkdirSync(folders['/config'], { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(folders['/config'], path, '..'), { recursive: true });
    writeFileSync(join(folders['/config'], path), text);
  }
  return { folders };
}

/** Every file under `folder` with its size and mtime: what a run wrote there shows as a difference. */
function snapshot(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { size, mtimeMs } = statSync(path);
    files.set(path, `${size}:${mtimeMs}`);
  }
  return files;
}

/** The image runs with a read-only root filesystem and /config mounted read-only: only /data may change. */
function expectOnlyDataWritten(box: Container, configBefore: Map<string, string>): void {
  const changed = (before: Map<string, string>, after: Map<string, string>) =>
    [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path));
  expect(changed(configBefore, snapshot(box.folders['/config'])), 'written to /config').toEqual([]);
  expect(changed(appFiles, snapshot(app)), 'written to /app').toEqual([]);
}

/** The image's HEALTHCHECK command, run here against PORT. */
function healthcheck(port: string): Promise<number> {
  const [command, ...args] = execForm(instructions(readDockerfile().at(-1)!, 'HEALTHCHECK')[0] ?? '', 'HEALTHCHECK');
  expect(command).toBe('node');
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: { PATH: process.env.PATH ?? '', PORT: port } }, (error) => resolve(error ? Number(error.code ?? 1) : 0));
  });
}

beforeAll(async () => {
  app = await installLikeTheImage(dir);
  appFiles = snapshot(app);
}, INSTALL_TIMEOUT);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the image, installed as its Dockerfile installs it', () => {
  it('holds production dependencies only, and every package the built code imports is one of them', () => {
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([key, entry]) => key.startsWith('node_modules/') && entry.dev).map(([key]) => key);
    expect(devOnly).toContain('node_modules/typescript');
    expect(devOnly.filter((key) => existsSync(join(app, key)))).toEqual([]);

    const imported = new Set<string>();
    const scan = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) scan(path);
        else if (entry.name.endsWith('.js')) {
          for (const match of readFileSync(path, 'utf8').matchAll(IMPORTS)) {
            const specifier = match[1] ?? match[2] ?? match[3] ?? '';
            if (specifier.startsWith('.') || isBuiltin(specifier)) continue;
            imported.add(specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
          }
        }
      }
    };
    scan(join(app, 'dist'));
    expect(imported).toContain('better-sqlite3');
    const missing = [...imported].filter((name) => !existsSync(join(app, 'node_modules', name, 'package.json')) || devOnly.includes(`node_modules/${name}`));
    expect(missing, 'imported by dist/ but not installed by npm ci --omit=dev (a devDependency?)').toEqual([]);
  });

  it('serve starts with NODE_ENV=production and no App credentials, passes the HEALTHCHECK, and stops on SIGTERM', async () => {
    const box = container('serve');
    const config = snapshot(box.folders['/config']);
    const serve = await start(box, ['serve'], { PORT: '0', HOST: '127.0.0.1' });
    try {
      const port = new URL(serve.url).port;
      const response = await fetch(`${serve.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', github: false });
      expect(await healthcheck(port)).toBe(0);
      expect(existsSync(join(box.folders['/data'], 'state.db')), 'the state file is under /data (AGENTIC_SDLC_DB)').toBe(true);
      expect(await serve.stop('SIGTERM')).toBe(0);
      expect(await healthcheck(port), 'the HEALTHCHECK fails once nothing answers').not.toBe(0);
      expectOnlyDataWritten(box, config);
    } finally {
      await serve.stop('SIGKILL');
    }
  }, 60_000);

  it('review --diff reports the findings and exits as documented (1 only at --fail-on)', async () => {
    const box = container('review');
    const config = snapshot(box.folders['/config']);
    const diff = join(dir, 'planted.diff');
    writeFileSync(diff, plantedDiff());
    const text = await runOnce(box, ['review', '--diff', diff]);
    expect(text).toMatchObject({ code: 0 });
    expect(text.stdout).toContain('src/planted.ts');
    const gated = await runOnce(box, ['review', '--diff', diff, '--json', '--fail-on', 'error']);
    expect(gated.code, gated.stderr).toBe(1);
    const { findings } = JSON.parse(gated.stdout) as { findings: { severity: string; file: string }[] };
    expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', file: 'src/planted.ts' })]));
    expectOnlyDataWritten(box, config);
  }, 60_000);
});

describe.skipIf(!postgresUrl || !redisUrl)('the compose topology from the installed image', () => {
  const id = randomBytes(5).toString('hex');
  const database = `image_${id}`;
  const token = `image-test-${id}-0123456789abcdef`;
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(redisUrl!, { lazyConnect: true });
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `image-${id}:*`, count: 500 })) if ((keys as string[]).length) await redis.unlink(...(keys as string[]));
    redis.disconnect();
  });

  it('serve --no-worker queues, a worker runs a workflow of /config/workflows, both ready and stopped by SIGTERM', async () => {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(postgresUrl!);
    url.pathname = `/${database}`;
    const box = container('compose', {
      'agentic-sdlc.yaml': 'workflows:\n  dirs: [workflows]\n',
      'workflows/container-check.yml': [
        'name: container-check',
        'on: { api: true }',
        'inputs:',
        '  diff: { type: string, required: true }',
        'steps:',
        '  - id: analyze',
        '    uses: diff.analyze',
        '    with: { diff: "${{ inputs.diff }}" }',
        'outputs:',
        '  findings: ${{ steps.analyze.outputs.findings }}',
        '',
      ].join('\n'),
    });
    const config = snapshot(box.folders['/config']);
    const env = { DATABASE_URL: url.toString(), REDIS_URL: redisUrl!, AGENTIC_SDLC_REDIS_PREFIX: `image-${id}`, AGENTIC_SDLC_API_TOKEN: token, PORT: '0', HOST: '127.0.0.1' };
    const serve = await start(box, ['serve', '--no-worker'], env);
    const worker = await start(box, ['worker'], env).catch(async (error: unknown) => {
      await serve.stop('SIGKILL');
      throw error;
    });
    try {
      const response = await fetch(`${serve.url}/api/workflows/execute`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ workflow: 'container-check', inputs: { diff: plantedDiff() }, wait: 30_000 }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'success', outputs: { findings: expect.arrayContaining([expect.objectContaining({ file: 'src/planted.ts' })]) } });
      for (const running of [serve, worker]) expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
      expect(await worker.stop('SIGTERM'), worker.stderr()).toBe(0);
      expect(await serve.stop('SIGTERM'), serve.stderr()).toBe(0);
      expectOnlyDataWritten(box, config);
    } finally {
      await Promise.all([serve.stop('SIGKILL'), worker.stop('SIGKILL')]);
    }
  }, 90_000);
});
