export interface CiDiagnosis {
  rootCause: string;
  category: string;
  confidence: string;
  suspectFiles: { path: string; reason: string }[];
  suspectCommits: { sha: string; reason: string }[];
  suggestedFix: string;
  /** Read from the log without a model (`log-findings.ts`): shown as code, so nothing in them renders or pings. */
  failingTests?: string[];
  errorLines?: string[];
}

/** A comment or Slack-ready Markdown body for a diagnosed build; fields are already sanitized. */
export function renderCiFailure(diagnosis: CiDiagnosis, job: { name?: string; status?: string; url?: string }, tail?: string, model?: string): string {
  const title = `### Build ${job.name ? `\`${job.name.replace(/`/g, "'")}\` ` : ''}${(job.status ?? 'failed').toLowerCase()}`;
  const out = [title, '', `**Root cause** (${diagnosis.category}, ${diagnosis.confidence} confidence): ${diagnosis.rootCause}`];
  if (diagnosis.failingTests?.length) out.push('', '**Failing tests**', ...diagnosis.failingTests.map((name) => `- \`${name.replace(/`/g, "'")}\``));
  if (diagnosis.errorLines?.length) out.push('', '**Error lines**', '', '```', ...diagnosis.errorLines.map((line) => line.replace(/```/g, "'''")), '```');
  if (diagnosis.suspectFiles.length) out.push('', '**Suspect files**', ...diagnosis.suspectFiles.map((f) => `- \`${f.path.replace(/`/g, "'")}\`: ${f.reason}`));
  if (diagnosis.suspectCommits.length) out.push('', '**Suspect commits**', ...diagnosis.suspectCommits.map((c) => `- ${c.sha.slice(0, 12)}: ${c.reason}`));
  if (diagnosis.suggestedFix) out.push('', `**Suggested fix**: ${diagnosis.suggestedFix}`);
  if (tail) out.push('', '<details><summary>Log tail</summary>', '', '```', tail.slice(-6000).replace(/```/g, "'''"), '```', '', '</details>');
  if (job.url && /^https?:\/\//.test(job.url)) out.push('', `[Build log](${job.url})`);
  if (model) out.push('', `<sub>Diagnosis by ${model}.</sub>`);
  return out.join('\n');
}
