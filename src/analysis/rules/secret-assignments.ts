/**
 * Where a line gives a value to a name: `name = "value"` in any language, `getenv("name", "value")`,
 * `<name>value</name>`, `NAME=value` in config files and inside a JSON string's `\n`-separated lines.
 * Every pattern is linear: a name is tried only from the start of its run, and adjacent runs cannot
 * trade characters.
 */
import { windowedMatches } from '../line-windows.js';
import { isSecretName } from './secret-names.js';

export interface Assignment {
  name: string;
  value: string;
  /** Index of the value in the line. */
  start: number;
}

/** `=`, `:`, `:=`, `=>`, PHP `.=`, Makefile `::=`, `:::=`, `?=`, `+=`, `!=`, JavaScript `??=`, `||=`. */
const OPERATOR = String.raw`(?::{1,3}=|[.?+!]=|\?\?=|\|\|=|=>|[:=])`;
/**
 * `name = "value"`, `"name": 'value'`, `name := \`value\``, `:name => "value"`, with an optional second word
 * or type: Go `var token string = "…"`, Java `String token = "…"`, TypeScript `token: string = "…"`.
 * Values with whitespace are prose, not credentials. A name starts only at the start of a run of name
 * characters (skipping leading digits, dots and dashes, as in `--api-key`): a start inside the run would
 * re-read the whole run, and a long run would cost quadratic time.
 */
const QUOTED = new RegExp(
  String.raw`(?<![\w$.-])[\d.-]*([A-Za-z_$][\w$.-]*)(?:[ \t]+([A-Za-z_][\w.]*)|[ \t]*:[ \t]*[A-Za-z_][\w.]*)?["']?\s*${OPERATOR}\s*(["'\`])([^"'\`\s]+)\3`,
  'g',
);
/** `getenv("api_token", "value")`, `System.setProperty("TOKEN", "value")`, `map.put('password', 'value')`. */
const ARGUMENT = /\(\s*(["'])([A-Za-z_][\w.-]*)\1\s*,\s*(["'`])([^"'`\s]+)\3/g;
/** `<password>value</password>`; a property list's `<key>API_TOKEN</key><string>value</string>`. */
const ELEMENT = /<([A-Za-z_][\w.:-]*)>\s*([^<>\s]+)\s*<\/\1>/g;
const PLIST_ENTRY = /<key>\s*([A-Za-z_][\w.-]*)\s*<\/key>\s*<string>\s*([^<>\s]+)\s*<\/string>/g;
/** `NAME=value` / `name: value` lines of .env, YAML, TOML, INI, properties files and Makefiles. */
const BARE = new RegExp(String.raw`^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*${OPERATOR}\s*([^\s"'\`#]+)\s*(?:#.*)?$`);
/** The same inside a string, between `\n` escapes: an .env or .ini file embedded in JSON or code. */
const ESCAPED_LINE = new RegExp(
  String.raw`(?<=\\n|["'])(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*${OPERATOR}[ \t]*([^\s"'\`#\\]+)(?=\\[nr]|["'])`,
  'g',
);

/** Index of `value` in `text`, searching from the end of the match that holds it. */
function valueAt(match: RegExpExecArray, value: string): number {
  return match.index + match[0].lastIndexOf(value);
}

/** `$apiKey.="…"` reads the `.` of `.=` into the name; it is not part of it. */
const trimName = (name: string): string => name.replace(/[.-]+$/, '');

export function assignmentsIn(line: string, configFile: boolean): Assignment[] {
  const found: Assignment[] = [];
  for (const match of windowedMatches(line, QUOTED)) {
    const [, first, second, , value] = match as unknown as [string, string, string | undefined, string, string];
    // Java's `String token = …` names the secret second; Go's `var token string = …` first.
    const name = second !== undefined && isSecretName(second) ? second : first;
    found.push({ name: trimName(name), value, start: valueAt(match, value) });
  }
  for (const pattern of [ARGUMENT, ELEMENT, PLIST_ENTRY]) {
    for (const match of windowedMatches(line, pattern)) {
      const name = pattern === ARGUMENT ? match[2]! : match[1]!;
      const value = pattern === ARGUMENT ? match[4]! : match[2]!;
      found.push({ name, value, start: valueAt(match, value) });
    }
  }
  if (line.includes('\\n')) {
    for (const match of windowedMatches(line, ESCAPED_LINE)) found.push({ name: match[1]!, value: match[2]!, start: valueAt(match, match[2]!) });
  }
  if (configFile) {
    const match = BARE.exec(line);
    if (match) found.push({ name: match[1]!, value: match[2]!, start: valueAt(match, match[2]!) });
  }
  return found;
}

/** The lines around an added line in the new file, for values that span lines. */
export interface Neighbours {
  before?: string;
  after?: string;
}

const OPEN_TAG = /^\s*<([A-Za-z_][\w.:-]*)>\s*$/;
const PLIST_KEY = /^\s*<key>\s*([A-Za-z_][\w.-]*)\s*<\/key>\s*$/;
const PLIST_VALUE = /^(\s*<string>\s*)([^<>\s]+)\s*<\/string>\s*$/;
const BARE_VALUE = /^(\s*)([^<>\s]+)\s*$/;

/**
 * An XML element whose body has a line of its own (`<password>` / `value` / `</password>`), or a property
 * list value under its key on the line before.
 */
export function multiLineAssignment(line: string, around: Neighbours): Assignment | undefined {
  const { before, after } = around;
  if (before === undefined) return undefined;
  const key = PLIST_KEY.exec(before);
  const plistValue = key ? PLIST_VALUE.exec(line) : null;
  if (key && plistValue) return { name: key[1]!, value: plistValue[2]!, start: plistValue[1]!.length };
  const open = OPEN_TAG.exec(before);
  const value = open ? BARE_VALUE.exec(line) : null;
  if (!open || !value || after?.trim() !== `</${open[1]!}>`) return undefined;
  return { name: open[1]!, value: value[2]!, start: value[1]!.length };
}
