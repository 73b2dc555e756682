/**
 * The forms a secret takes once it has been escaped or encoded on its way into text, as the GitHub Actions
 * runner masks them for a registered secret: a secret printed inside JSON, a URL, HTML or a base64 blob
 * (an `Authorization: Basic` header) must be masked there too.
 */
export function secretEncodings(secret: string, minLength: number): Set<string> {
  const forms = new Set<string>();
  const add = (form: string) => {
    if (form.length >= minLength) forms.add(form);
  };
  // A multi-line secret (a PEM key, a token file with its trailing newline) is also masked line by line.
  const pieces = secret.includes('\n') ? [secret, ...secret.split(/\r?\n/)] : [secret];
  for (const piece of pieces) {
    if (piece.length < minLength) continue;
    const json = JSON.stringify(piece).slice(1, -1);
    add(piece);
    add(json);
    add(JSON.stringify(json).slice(1, -1)); // JSON inside JSON: toJSON(toJSON(secrets)), a JSON log line's message
    add(encodeURIComponent(piece));
    add(new URLSearchParams([['', piece]]).toString().slice(1)); // form encoding: spaces as +
    add(escapeHtml(piece));
    for (const form of base64Forms(piece)) add(form);
  }
  return forms;
}

/**
 * A regular expression source matching `form` also when some of its ASCII punctuation is backslash-escaped,
 * as Markdown, shell and JSON escapers do (`pa"ss\word` as `pa\"ss\\word`). Each optional backslash is one
 * character, so matching stays linear.
 */
export function backslashTolerantSource(form: string): string {
  let source = '';
  for (const char of form) source += PUNCTUATION.test(char) ? `\\\\?${escapeRegExp(char)}` : escapeRegExp(char);
  return source;
}

const PUNCTUATION = /^[!-/:-@[-`{-~]$/;

/**
 * Where the secret starts inside a longer base64-encoded text decides how its bytes fall into 3-byte groups,
 * so there are three encodings; each keeps only the characters the secret alone determines. Fewer than six
 * bytes give too short a pattern to mask without hitting unrelated text.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [bytes.toString('base64'), bytes.toString('base64url')];
  for (let shift = 0; shift < 3; shift++) {
    const aligned = bytes.subarray(shift, shift + Math.floor((bytes.length - shift) / 3) * 3);
    if (aligned.length >= 6) forms.push(aligned.toString('base64'), aligned.toString('base64url'));
  }
  return forms;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
