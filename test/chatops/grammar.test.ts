import { describe, expect, it } from 'vitest';
import { parseCommandText, parseCommentCommand, tokenize } from '../../src/chatops/grammar.js';

describe('chat command grammar', () => {
  it('splits on any whitespace and keeps double- and single-quoted parts together, without the quotes', () => {
    expect(tokenize('  run  pr-review\tfocus="security only" note=\'a b\'  ')).toEqual(['run', 'pr-review', 'focus=security only', 'note=a b']);
    expect(tokenize('ask "why is this slow?" \'\' "it\'s"')).toEqual(['ask', 'why is this slow?', '', "it's"]);
  });

  it('an unclosed quote is an ordinary word', () => {
    expect(tokenize('ask "why not')).toEqual(['ask', '"why', 'not']);
  });

  it('the first word is the command, lower-cased; the rest are its arguments as typed', () => {
    expect(parseCommandText('review acme/api#42')).toEqual({ name: 'review', args: ['acme/api#42'] });
    expect(parseCommandText('REVIEW Acme/API#42')).toEqual({ name: 'review', args: ['Acme/API#42'] });
  });

  it('empty or blank text asks for help', () => {
    expect(parseCommandText('')).toEqual({ name: 'help', args: [] });
    expect(parseCommandText('   \n ')).toEqual({ name: 'help', args: [] });
  });

  it('a comment command counts only on a line that starts with the prefix', () => {
    expect(parseCommentCommand('Thanks!\n  /sdlc Run pr-review focus="a b"\r\nmore')).toEqual({ name: 'run', args: ['pr-review', 'focus=a b'] });
    expect(parseCommentCommand('/sdlc')).toEqual({ name: 'help', args: [] });
    expect(parseCommentCommand('> /sdlc review')).toBeUndefined();
    expect(parseCommentCommand('please /sdlc review')).toBeUndefined();
    expect(parseCommentCommand('/sdlcreview')).toBeUndefined();
    expect(parseCommentCommand(null)).toBeUndefined();
    expect(parseCommentCommand('!bot review', '!bot')).toEqual({ name: 'review', args: [] });
  });

  it('a 100k-character line of quotes and words is tokenized in linear time', () => {
    // Many short quoted parts, each scanned once, then an unclosed quote of each kind.
    const hostile = `${'x "a b" \'c\' '.repeat(9_000)}"'`;
    expect(hostile.length).toBeGreaterThan(100_000);
    const started = performance.now();
    const words = tokenize(hostile);
    expect(performance.now() - started).toBeLessThan(200);
    expect(words.length).toBeGreaterThan(10_000);
  });
});
