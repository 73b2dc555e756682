import { configEntries, type ConfigEntry, type ConfigSource } from '../../config/config-sources.js';
import { loadConfigDetailed } from '../../config/load-config.js';
import type { GlobalOptions } from '../context.js';

const MAX_VALUE_WIDTH = 48;

/**
 * `agentic-sdlc config show [--json]`: every key of the effective configuration, its value (credentials masked:
 * `***`, or a connection URL without its password) and where it came from: `default`, `agentic-sdlc.yaml:4:16`,
 * the variable (`PRIVATE_KEY_FILE`, `.env` ones marked) or the flag. Nothing is connected to; a configuration
 * that does not validate fails as every command does, naming file:line:col or the variable.
 */
export function configShow(globals: GlobalOptions, options: { json?: boolean }): number {
  const loaded = loadConfigDetailed({
    ...(globals.config ? { file: globals.config } : {}),
    overrides: [{ path: ['db'], value: globals.db }],
  });
  const entries = configEntries(loaded);
  const file = loaded.file ? { file: loaded.file.name, chosen: loaded.file.by } : undefined;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ file: file ?? null, entries }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(file ? `configuration file: ${file.file} (${file.chosen})\n` : 'configuration file: none (defaults and environment only)\n');
  const rows = entries.map((entry) => [entry.key, shownValue(entry), shownSource(entry.source, entry)] as const);
  const keyWidth = Math.max(...rows.map(([key]) => key.length));
  const valueWidth = Math.min(MAX_VALUE_WIDTH, Math.max(...rows.map(([, value]) => value.length)));
  for (const [key, value, source] of rows) process.stdout.write(`${key.padEnd(keyWidth)}  ${value.padEnd(valueWidth)}  ${source}\n`);
  return 0;
}

function shownValue(entry: ConfigEntry): string {
  if (!entry.set) return '(not set)';
  // Strings as they are, unless a line break or tab would break the table.
  const text = typeof entry.value === 'string' && !/[\n\r\t]/.test(entry.value) ? entry.value : JSON.stringify(entry.value);
  return text.length > MAX_VALUE_WIDTH ? `${text.slice(0, MAX_VALUE_WIDTH - 1)}…` : text;
}

function shownSource(source: ConfigSource, entry: ConfigEntry): string {
  switch (source.kind) {
    case 'file':
      return `${source.file}:${source.line}:${source.col}`;
    case 'env':
      return source.dotEnv ? `.env ${source.variable}` : `env ${source.variable}`;
    case 'flag':
      return source.flag;
    case 'unset':
      return entry.variables.length ? `unset (${entry.variables.join(', ')})` : 'unset';
    default:
      return 'default';
  }
}
