import { ConfigError, loadConfigDetailed, type LoadedConfig } from '../../config/load-config.js';
import { fail, ok, type CheckLine } from '../../ops/doctor/check.js';
import { formatLines, summary } from '../../ops/doctor/format.js';
import { runDoctor } from '../../ops/doctor/run-doctor.js';
import { CliError } from '../cli-error.js';
import type { GlobalOptions } from '../context.js';

export interface DoctorCliOptions {
  online?: boolean;
  offline?: boolean;
  timeout?: string;
  json?: boolean;
}

/**
 * `agentic-sdlc doctor`: the configuration, then every integration and service it names, one line each (✓ works,
 * ✗ what is wrong and the fix, – not configured). Exit 0 when everything configured works, 1 otherwise. A
 * configuration that does not validate is the one failure that stops the rest: nothing else can be read.
 */
export async function doctor(globals: GlobalOptions, options: DoctorCliOptions): Promise<number> {
  const seconds = options.timeout === undefined ? 5 : Number(options.timeout);
  if (!(seconds > 0 && seconds <= 120)) throw new CliError(`--timeout ${options.timeout}: expected seconds, more than 0 and at most 120`);
  let loaded: LoadedConfig | undefined;
  let configLine: CheckLine;
  try {
    loaded = loadConfigDetailed({ ...(globals.config ? { file: globals.config } : {}), overrides: [{ path: ['db'], value: globals.db }] });
    configLine = ok('configuration', loaded.file ? `${loaded.file.name} (${loaded.file.by}) and the environment` : 'the environment and defaults (no configuration file)');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    configLine = fail('configuration', 'invalid', error.hint?.replace(/^\(|\)$/g, '') ?? 'agentic-sdlc config show lists every setting and where it comes from', error.problems);
  }
  const lines = [configLine];
  if (loaded) lines.push(...(await runDoctor(loaded.config, { network: !options.offline, online: options.online === true, timeoutMs: seconds * 1000 })));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: !lines.some((line) => line.status === 'fail'), checks: lines }, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatLines(lines)}\n${loaded ? '' : '(the other checks need a valid configuration)\n'}${summary(lines)}\n`);
  }
  return lines.some((line) => line.status === 'fail') ? 1 : 0;
}
