import { connect } from 'node:net';
import pg from 'pg';
import { it } from 'vitest';

/**
 * The real services some suites need (PostgreSQL, Redis). Call at the top of a test file:
 * `const url = await requirePostgres();` then `describe.skipIf(!url)(…)`. Unreachable, it fails the file
 * under CI=true (CI must not pass by skipping) and otherwise registers a skipped suite whose name says how
 * to start the service.
 */

export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const START_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
const START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';

/** The PostgreSQL URL to test against, or undefined (the suite skips) when it is down outside CI. */
export async function requirePostgres(): Promise<string | undefined> {
  const problem = await postgresProblem(POSTGRES_URL);
  return problem ? unavailable(`PostgreSQL is unreachable at DATABASE_URL (${safe(POSTGRES_URL)}): ${problem}. Start it with: ${START_POSTGRES}`) : POSTGRES_URL;
}

/** The Redis URL to test against, or undefined (the suite skips) when it is down outside CI. */
export async function requireRedis(): Promise<string | undefined> {
  const problem = await redisProblem(REDIS_URL);
  return problem ? unavailable(`Redis is unreachable at REDIS_URL (${safe(REDIS_URL)}): ${problem}. Start it with: ${START_REDIS}`) : REDIS_URL;
}

function unavailable(message: string): undefined {
  if (process.env.CI) throw new Error(`${message} (CI=true: suites that need this service fail rather than skip)`);
  it.skip(`skipped: ${message}`, () => undefined);
  return undefined;
}

async function postgresProblem(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A PING over RESP (with AUTH first when the URL carries a password); no client library needed. */
function redisProblem(url: string): Promise<string | undefined> {
  const { hostname, port, username, password } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    let reply = '';
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(3_000, () => done('no answer within 3 s'));
    socket.on('error', (error) => done(error.message));
    socket.on('connect', () => {
      const auth = password ? `AUTH ${[username, password].filter(Boolean).map(decodeURIComponent).join(' ')}\r\n` : '';
      socket.write(`${auth}PING\r\n`);
    });
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('+PONG')) done(undefined);
      else if (reply.startsWith('-') || reply.includes('\r\n-')) done(`Redis answered ${reply.trim().split('\r\n')[0]}`);
    });
  });
}

function safe(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = parsed.password ? '***' : '';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
