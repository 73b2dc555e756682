/**
 * Path handling for `git diff` headers: C-style quoted names (`"a/caf\303\251.txt"`), the `a/` and `b/`
 * prefixes, `/dev/null`, and the trailing tab (or timestamp) git and GNU diff put after some names.
 */

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  t: 0x09,
  n: 0x0a,
  v: 0x0b,
  f: 0x0c,
  r: 0x0d,
  '"': 0x22,
  '\\': 0x5c,
};

const utf8 = new TextDecoder('utf-8');

/**
 * Reads a C-style quoted string starting at `text[start] === '"'`. Octal escapes are bytes, so the result is
 * decoded as UTF-8. Returns undefined when the string is not closed.
 */
export function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) return { value: utf8.decode(Uint8Array.from(bytes)), end: i + 1 };
    if (ch === 0x5c /* \ */) {
      const next = text[i + 1];
      if (next === undefined) return undefined;
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        bytes.push(simple);
        i += 2;
        continue;
      }
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
      if (octal) {
        bytes.push(parseInt(octal[0], 8) & 0xff);
        i += 1 + octal[0].length;
        continue;
      }
      // Unknown escape: keep it literally, as git would have printed it.
      bytes.push(0x5c);
      i += 1;
      continue;
    }
    // Unescaped characters inside quotes are already text; re-encode them so multi-byte octal runs and
    // literal characters end up in one UTF-8 byte sequence.
    const cp = text.codePointAt(i)!;
    for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(b);
    i += cp > 0xffff ? 2 : 1;
  }
  return undefined;
}

/** A name as printed on a `---`, `+++`, `rename from` or `copy to` line: quoted, or bare up to a tab. */
export function readName(field: string): string {
  if (field.startsWith('"')) {
    const quoted = readQuoted(field, 0);
    if (quoted) return quoted.value;
  }
  const tab = field.indexOf('\t');
  return tab === -1 ? field : field.slice(0, tab);
}

/** `a/src/x.ts` → `src/x.ts`; `/dev/null` → null. */
export function stripPrefix(name: string, prefix: 'a/' | 'b/'): string | null {
  if (name === '/dev/null') return null;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/**
 * Splits what follows `diff --git ` into the two names (prefixes still on). Bare names may contain spaces,
 * which makes the line ambiguous; git resolves it by requiring both names to be equal, and so does this.
 * When the names differ (renames, copies) the `rename from`/`---` lines that follow are authoritative, so a
 * best guess is enough here.
 */
export function splitGitHeader(rest: string): { a: string; b: string } | undefined {
  if (rest.startsWith('"')) {
    const first = readQuoted(rest, 0);
    if (!first || rest[first.end] !== ' ') return undefined;
    const tail = rest.slice(first.end + 1);
    return { a: first.value, b: readName(tail) };
  }
  if (rest.endsWith('"')) {
    // Bare first name, quoted second name: try each ` "` from the left until the rest is one quoted string.
    for (let i = rest.indexOf(' "'); i !== -1; i = rest.indexOf(' "', i + 1)) {
      const second = readQuoted(rest, i + 1);
      if (second && second.end === rest.length) return { a: rest.slice(0, i), b: second.value };
    }
  }
  // Both bare. Same name on both sides (the usual case): the separating space is in the middle.
  if (rest.length % 2 === 1) {
    const half = (rest.length - 1) / 2;
    const a = rest.slice(0, half);
    const b = rest.slice(half + 1);
    if (rest[half] === ' ' && a.slice(a.indexOf('/') + 1) === b.slice(b.indexOf('/') + 1)) return { a, b };
  }
  const split = rest.indexOf(' b/');
  if (split !== -1) return { a: rest.slice(0, split), b: rest.slice(split + 1) };
  const space = rest.indexOf(' ');
  if (space === -1) return undefined;
  return { a: rest.slice(0, space), b: rest.slice(space + 1) };
}
