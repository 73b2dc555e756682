import { describe, expect, it } from 'vitest';
import { SecretMasker } from '../../src/engine/secret-masker.js';

const SECRET = 'pa"ss\\word<&>-Zq81';
const masker = new SecretMasker([SECRET, 'abc', 'line-one-key\nline-two-key\n']);
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('SecretMasker.mask', () => {
  it.each([
    ['as is', `token=${SECRET};`],
    ['JSON-escaped', `{"token":${JSON.stringify(SECRET)}}`],
    ['JSON-escaped twice', JSON.stringify(JSON.stringify({ token: SECRET }))],
    ['Markdown-escaped', `token: ${SECRET.replace(/[!-/:-@[-`{-~]/g, '\\$&')}`],
    ['with only its quote escaped, as a shell does', `token="${SECRET.replace('"', '\\"')}"`],
    ['URL-encoded', `https://example.test/?token=${encodeURIComponent(SECRET)}&x=1`],
    ['form-encoded', `a=1&${new URLSearchParams({ token: `${SECRET} ` }).toString()}`],
    ['HTML-escaped', `<code>${SECRET.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</code>`],
    ['base64-encoded', `secret: ${base64(SECRET)}`],
  ])('masks a secret %s', (_form, text) => {
    const masked = masker.mask(text);
    expect(masked).toContain('***');
    expect(masked).not.toMatch(/pa.{0,4}ss|word|Zq81/);
  });

  it('masks a secret inside a longer base64 text at any byte offset, as in an Authorization: Basic header', () => {
    for (const user of ['bot', 'bots', 'botsy']) {
      const header = `Basic ${base64(`${user}:${SECRET}`)}`;
      const masked = masker.mask(header);
      expect(masked).toContain('***');
      // What is left besides the mask decodes to at most the user name and two bytes of the secret.
      expect(masked.replace('***', '').length).toBeLessThan(`Basic ${base64(`${user}:`)}`.length + 5);
    }
  });

  it('masks each line of a multi-line secret on its own', () => {
    expect(masker.mask('first line-one-key then line-two-key')).toBe('first *** then ***');
  });

  it('leaves values shorter than four characters unmasked, and text without secrets unchanged', () => {
    expect(masker.mask('abc abcd')).toBe('abc abcd');
    expect(new SecretMasker(['abc']).active).toBe(false);
  });

  it('finds a secret after a near miss that overlaps it', () => {
    expect(new SecretMasker(['abcabd']).mask('abcabcabd!')).toBe('abc***!');
  });
});

describe('SecretMasker.maskDeep', () => {
  it('masks object keys as well as values, in nested objects and arrays', () => {
    expect(masker.maskDeep({ [SECRET]: { list: [SECRET, 1, null, true] } })).toEqual({ '***': { list: ['***', 1, null, true] } });
  });

  it('keeps a key named __proto__ as data and never changes a prototype', () => {
    const input = JSON.parse(`{"__proto__": {"polluted": "${SECRET.replace(/["\\]/g, '\\$&')}"}, "plain": 1}`) as Record<string, unknown>;
    const out = masker.maskDeep(input);

    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'plain']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: '***' });
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(out))).toEqual(JSON.parse('{"__proto__": {"polluted": "***"}, "plain": 1}'));
  });
});
