import { describe, expect, it } from 'vitest';
import { parseRepoRef } from '../../src/chatops/repo-ref.js';

describe('repository references typed into a chat', () => {
  it.each([
    ['acme/api#42', { repo: 'acme/api', number: 42 }],
    ['acme/api', { repo: 'acme/api' }],
    ['Acme-Corp/api.v2_x', { repo: 'Acme-Corp/api.v2_x' }],
    ['https://github.com/acme/api/pull/42', { repo: 'acme/api', number: 42 }],
    ['https://github.com/acme/api/issues/7', { repo: 'acme/api', number: 7 }],
    ['https://github.com/acme/api', { repo: 'acme/api' }],
    ['<https://github.com/acme/api/pull/42>', { repo: 'acme/api', number: 42 }],
    ['<https://github.com/acme/api/pull/42|acme/api#42>', { repo: 'acme/api', number: 42 }],
    ['  acme/api#42 ', { repo: 'acme/api', number: 42 }],
  ])('%s is a reference', (text, ref) => {
    expect(parseRepoRef(text)).toEqual(ref);
  });

  it.each([
    'acme',
    'acme/api#x',
    'acme/api#0',
    'acme/api#-1',
    'acme/api#99999999999',
    'acme/api/extra',
    'acme/..',
    '-acme/api',
    'javascript:alert(1)',
    '<javascript:alert(1)|acme/api#42>',
    'http://github.com/acme/api/pull/42',
    'https://github.com.evil.example/acme/api/pull/42',
    'https://evil.example/github.com/acme/api/pull/42',
    'https://github.com/acme/api/pull/42/../../other',
    '<https://github.com/acme/api/pull/42',
    '',
  ])('%j is not a reference', (text) => {
    expect(parseRepoRef(text)).toBeUndefined();
  });

  it('the label of a Slack link is not trusted: the link target decides', () => {
    expect(parseRepoRef('<https://github.com/acme/api/pull/42|other/repo#1>')).toEqual({ repo: 'acme/api', number: 42 });
  });

  it('a 100k-character input is rejected in linear time', () => {
    for (const hostile of ['a'.repeat(100_000), `acme/${'a'.repeat(100_000)}#1`, `<https://github.com/${'a/'.repeat(50_000)}>`]) {
      const started = performance.now();
      expect(parseRepoRef(hostile)).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(50);
    }
  });
});
