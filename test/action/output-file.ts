/**
 * Reads a GITHUB_OUTPUT file as the runner does: `name=value` lines, and `name<<DELIMITER` blocks whose value
 * runs to the line that is exactly the delimiter. A block that never ends is an error, as it is for the runner.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const lines = text.split(/\r?\n/);
  const outputs: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`output ${heredoc[1]}: no closing ${heredoc[2]}`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`GITHUB_OUTPUT line ${i + 1}: neither name=value nor name<<DELIMITER`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}
