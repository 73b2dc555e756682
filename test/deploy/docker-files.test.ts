import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV_KEYS, loadConfig } from '../../src/config/load-config.js';
import { isSent, readDockerignore } from './build-context.js';
import { durationMs, readCompose } from './compose-file.js';
import { ROOT, envOf, execForm, instructions, readDockerfile } from './dockerfile.js';

/**
 * The Dockerfile, .dockerignore and docker-compose.yml read as Docker reads them (no engine runs here):
 * the properties operators rely on. packed-install.test.ts runs what the image runs.
 */

const stages = readDockerfile();
const build = stages[0]!;
const runtime = stages.at(-1)!;
const runs = (stage: typeof build) => instructions(stage, 'RUN').join('\n');
const healthcheck = () => execForm(instructions(runtime, 'HEALTHCHECK')[0] ?? '', 'HEALTHCHECK');
const empty = mkdtempSync(join(tmpdir(), 'agentic-sdlc-compose-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('Dockerfile', () => {
  it('builds in one stage and runs in another, both on Node 22 LTS slim; the compiler stays in the build stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.image).toBe('node:22-bookworm-slim');
    expect(runs(build)).toMatch(/apt-get install[^\n]*\bg\+\+/);
    expect(runs(runtime)).not.toMatch(/\b(g\+\+|gcc|make|python3|build-essential)\b/);
  });

  it('copies into the runtime stage only the folder installed with npm ci --omit=dev', () => {
    const production = /\bcd (\S+)\s+&&\s+(?:[^&]+&&\s+)*npm ci --omit=dev\b/.exec(runs(build))?.[1];
    expect(production, 'the build stage installs production dependencies in a folder of their own').toBeDefined();
    const copies = instructions(runtime, 'COPY').concat(instructions(runtime, 'ADD'));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const [, from, source] = /^--from=(\S+)\s+(?:--\S+\s+)*(\S+)\s+\S+$/.exec(copy) ?? [];
      expect(from, `COPY ${copy}: only from the build stage, never the context (sources, dev tools)`).toBe(build.name);
      expect(source, `COPY ${copy}`).toBe(production);
    }
    expect(runs(runtime)).not.toMatch(/\bnpm (ci|install|i)\b/);
  });

  it('runs as a non-root user, by number (Kubernetes runAsNonRoot checks it), who owns /data', () => {
    const user = instructions(runtime, 'USER').at(-1) ?? 'root';
    expect(user).toMatch(/^\d+(:\d+)?$/);
    const uid = user.split(':')[0]!;
    expect(Number(uid)).toBeGreaterThan(0);
    expect(runs(runtime)).toMatch(new RegExp(`chown ${uid}(:\\d+)? /data\\b`));
  });

  it('starts node under tini (SIGTERM reaches the graceful shutdown), serve by default', () => {
    expect(runs(runtime)).toMatch(/apt-get install[^\n]*\btini\b/);
    const entrypoint = execForm(instructions(runtime, 'ENTRYPOINT').at(-1) ?? '', 'ENTRYPOINT');
    const { bin } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(entrypoint).toEqual(['tini', '--', 'node', `/app/${bin['agentic-sdlc']}`]);
    expect(execForm(instructions(runtime, 'CMD').at(-1) ?? '', 'CMD')).toEqual(['serve']);
  });

  it('checks health with node on /healthz at PORT (slim images have no curl)', () => {
    expect(healthcheck()[0]).toBe('node');
    expect(healthcheck().join(' ')).toMatch(/process\.env\.PORT \|\| 3000\) \+ '\/healthz'/);
  });

  it('keeps state in the /data volume, reads /config as its working directory, runs in production mode', () => {
    expect(instructions(runtime, 'VOLUME').join(' ')).toContain('"/data"');
    const env = envOf(runtime);
    expect(env).toMatchObject({ NODE_ENV: 'production', AGENTIC_SDLC_DB: '/data/state.db' });
    expect(instructions(runtime, 'WORKDIR').at(-1)).toBe('/config');
  });
});

describe('.dockerignore', () => {
  const patterns = readDockerignore();
  it('sends what the build reads and the package ships', () => {
    const { files } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    const needed = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src/cli/main.ts', 'workflows/pr-review.yml', 'LICENSE'];
    for (const path of [...needed, ...files.filter((file) => file !== 'dist')]) expect(isSent(patterns, path), path).toBe(true);
  });

  it('leaves out secrets, git, local builds and state, wherever they are', () => {
    for (const path of ['.env', 'src/.env', '.git/config', 'node_modules/zod/package.json', 'dist/cli/main.js', 'state.db', 'src/x.db-wal', '.agentic-sdlc/state.db', 'test/cli/cli.test.ts', 'bench/run.mjs', 'coverage/index.html']) {
      expect(isSent(patterns, path), path).toBe(false);
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = readCompose({ POSTGRES_PASSWORD: 'compose-test-password' });
  const { serve, worker, redis, postgres } = compose.services;

  it('runs serve, worker, Redis and PostgreSQL, each with a health check; serve and worker use the image HEALTHCHECK', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis', 'serve', 'worker']);
    for (const [name, service] of Object.entries(compose.services)) expect(service.healthcheck?.test?.length, name).toBeGreaterThan(1);
    expect(serve?.healthcheck?.test).toEqual(['CMD', ...healthcheck()]);
    expect(worker?.healthcheck?.test).toEqual(['CMD', ...healthcheck()]);
    expect(redis?.image).toBe('redis:7-alpine');
    expect(postgres?.image).toBe('postgres:16-alpine');
  });

  it('gives serve and worker one image, environment and volumes; two workers; serve on port 3000', () => {
    for (const key of ['image', 'build', 'environment', 'env_file', 'volumes'] as const) expect(worker?.[key], key).toEqual(serve?.[key]);
    expect(serve?.command?.[0]).toBe('serve');
    expect(serve?.ports).toEqual(['3000:3000']);
    expect(worker?.command).toEqual(['worker']);
    expect(worker?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    for (const service of [serve, worker]) {
      expect(service?.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
  });

  it('keeps all state in named volumes; the only folder of the host is /config, read-only', () => {
    const named = Object.keys(compose.volumes ?? {});
    const mounts = Object.values(compose.services).flatMap((service) => service.volumes ?? []);
    for (const mount of mounts) {
      const [source = '', target, mode] = mount.split(':');
      if (target === '/config') expect(mode, mount).toBe('ro');
      else expect(named, mount).toContain(source);
    }
    expect(mounts).toEqual(expect.arrayContaining(['agentic-data:/data', 'redis-data:/data', 'postgres-data:/var/lib/postgresql/data']));
  });

  it('sets only variables agentic-sdlc reads; DATABASE_URL and REDIS_URL point at the compose services', () => {
    const known = new Set(ENV_KEYS.map((key) => key.env));
    const environment = serve?.environment ?? {};
    for (const name of Object.keys(environment)) expect(known, `${name} is not in ENV_KEYS (src/config/load-config.ts)`).toContain(name);
    const config = loadConfig({ cwd: empty, env: environment });
    const database = new URL(config.databaseUrl ?? '');
    expect(database).toMatchObject({ hostname: 'postgres', port: '5432', username: postgres?.environment?.POSTGRES_USER, password: 'compose-test-password' });
    expect(database.pathname).toBe(`/${postgres?.environment?.POSTGRES_DB}`);
    expect(new URL(config.redisUrl ?? '').hostname).toBe('redis');
    // Docker kills at stop_grace_period: the runs in flight get their grace period and a margin to close.
    expect(durationMs(serve?.stop_grace_period ?? '10s')).toBeGreaterThanOrEqual(config.server.shutdownGraceMs + 5_000);
  });

  it('requires POSTGRES_PASSWORD rather than defaulting it', () => {
    expect(() => readCompose({})).toThrow(/POSTGRES_PASSWORD/);
  });
});

describe('docs/deploy-docker.md', () => {
  it("names in its .env example only variables agentic-sdlc or docker-compose.yml reads", () => {
    const docs = readFileSync(join(ROOT, 'docs/deploy-docker.md'), 'utf8');
    const example = /### The `\.env` file[\s\S]*?```sh\n([\s\S]*?)```/.exec(docs)?.[1] ?? '';
    const named = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map(([, name]) => name!);
    expect(named).toContain('APP_ID');
    const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    const known = new Set([...ENV_KEYS.map((key) => key.env), ...[...composeText.matchAll(/\$\{(\w+)/g)].map(([, name]) => name!)]);
    expect(named.filter((name) => !known.has(name))).toEqual([]);
  });
});
