/**
 * Fits a model's replacement code to the lines it replaces: the code's common leading indentation becomes
 * the first current line's, relative indentation is kept (converted to tabs or spaces as the file uses),
 * blank lines stay blank. Models often drop or guess indentation; committing it as given would misalign
 * the file.
 */
export function reindentCode(code: readonly string[], current: readonly string[]): string[] {
  const nonBlank = code.filter((line) => line.trim() !== '');
  if (nonBlank.length === 0) return code.map(() => '');
  const common = commonPrefix(nonBlank.map(leading));
  const anchor = current.find((line) => line.trim() !== '');
  const target = anchor === undefined ? '' : leading(anchor);
  const style = fileStyle(target, current);
  const modelUnit = gcdOf(nonBlank.map((line) => leading(line).slice(common.length)).filter((rel) => /^ +$/.test(rel)).map((rel) => rel.length)) ?? 4;
  const fileUnit = Math.min(8, gcdOf(current.map(leading).filter((indent) => /^ +$/.test(indent)).map((indent) => indent.length)) ?? 4);
  const convert = (relative: string): string => {
    if (style === 'tabs') return relative.replace(/ +/g, (run) => '\t'.repeat(Math.floor(run.length / modelUnit)) + ' '.repeat(run.length % modelUnit));
    if (style === 'spaces') return relative.replace(/\t/g, ' '.repeat(fileUnit));
    return relative;
  };
  return code.map((line) => {
    if (line.trim() === '') return '';
    const indent = leading(line);
    return `${target}${convert(indent.slice(common.length))}${line.slice(indent.length)}`;
  });
}

function leading(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

function commonPrefix(values: readonly string[]): string {
  let prefix = values[0] ?? '';
  for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Tabs when the anchor line (or any current line) is indented with a tab; spaces likewise; unknown otherwise. */
function fileStyle(target: string, current: readonly string[]): 'tabs' | 'spaces' | undefined {
  if (target.includes('\t')) return 'tabs';
  if (target.includes(' ')) return 'spaces';
  if (current.some((line) => line.startsWith('\t'))) return 'tabs';
  if (current.some((line) => line.startsWith(' '))) return 'spaces';
  return undefined;
}

function gcdOf(values: readonly number[]): number | undefined {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const positive = values.filter((value) => value > 0);
  return positive.length === 0 ? undefined : positive.reduce(gcd);
}
