import { describe, expect, it } from 'vitest';
import type { AnalyzerConfig } from '../../src/analysis/config.js';
import { addedFileDiff, analyzeText, located, onlyRule, readPlanted } from './helpers.js';

const leftoversOf = (text: string, config?: AnalyzerConfig) => onlyRule(analyzeText(text, config).findings, 'debug-leftover');

describe('debug-leftover rule', () => {
  const planted = readPlanted('planted-1k-v13.4.4..v13.4.5.diff');

  it('reports a planted console.log in source and not the one planted in a test file', () => {
    const findings = leftoversOf(planted);
    expect(located(findings)).toEqual(['warning debug-leftover src/create-node-middleware.ts:11']);
    expect(findings[0]).toMatchObject({ message: 'Debug leftover: console.log()', category: 'hygiene' });
  });

  it('reports test files too when skipTests is off', () => {
    expect(located(leftoversOf(planted, { rules: { 'debug-leftover': { options: { skipTests: false } } } }))).toEqual([
      'warning debug-leftover src/create-node-middleware.ts:11',
      'warning debug-leftover test/server.test.ts:268',
    ]);
  });

  it.each([
    ['src/app.ts', 'console.debug(state);', 'console.debug()'],
    ['src/app.tsx', 'console.trace();', 'console.trace()'],
    ['src/app.mjs', '  debugger;', 'debugger statement'],
    ['app/models.py', '    print(user)', 'print()'],
    ['app/views.py', '    breakpoint()', 'breakpoint()'],
    ['internal/server.go', '\tfmt.Println("here", req)', 'fmt.Println()'],
    ['app/models/user.rb', '    binding.pry', 'binding.pry'],
    ['app/models/order.rb', '    byebug', 'byebug'],
    ['src/lib.rs', '    dbg!(&config);', 'dbg!()'],
    ['src/main.rs', '    println!("value: {}", x);', 'println!()'],
    ['src/Controller.php', '    var_dump($request);', 'var_dump()'],
    ['src/Helper.php', '    print_r($items);', 'print_r()'],
    ['src/main/java/App.java', '        System.out.println("here");', 'System.out.println()'],
  ])('%s: %s', (file, line, what) => {
    const findings = leftoversOf(addedFileDiff(file, ['', line]));
    expect(findings.map((finding) => [finding.file, finding.line, finding.message])).toEqual([[file, 2, `Debug leftover: ${what}`]]);
  });

  it('chooses the patterns by extension and skips comments', () => {
    expect(
      leftoversOf(
        [
          addedFileDiff('README.md', ['console.log("docs may show this")']),
          addedFileDiff('src/app.py', ['console.log("not Python")', 'pprint(x)', 'self.print(x)', '# print(x)']),
          addedFileDiff('src/app.ts', ['// console.log(state)', ' * console.log(example)', 'logger.debug("ok")', 'const printer = print(x);']),
          addedFileDiff('src/main.rs', ['eprintln!("to stderr");']),
        ].join(''),
      ),
    ).toEqual([]);
  });

  it('skips CLI, script and example directories unless configured otherwise', () => {
    const text = [
      addedFileDiff('src/bin/probot.ts', ['console.log("usage");']),
      addedFileDiff('scripts/release.js', ['console.log("done");']),
      addedFileDiff('example/app.cjs', ['console.log("hi");']),
    ].join('');
    expect(leftoversOf(text)).toEqual([]);
    expect(located(leftoversOf(text, { rules: { 'debug-leftover': { options: { skipPaths: ['example/**'] } } } }))).toEqual([
      'warning debug-leftover scripts/release.js:1',
      'warning debug-leftover src/bin/probot.ts:1',
    ]);
  });
});
