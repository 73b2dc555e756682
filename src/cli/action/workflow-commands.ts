import { randomUUID } from 'node:crypto';
import type { Finding, Severity } from '../../analysis/finding.js';

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), printed to stdout. Values are escaped
 * as @actions/core escapes them, so a message can never end the command early or start another one: a
 * finding's text comes from the pull request, which anyone may have written.
 */

const COMMAND_OF: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** A command's message: `%`, CR and LF are encoded. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: as data, and `:` and `,`, which end a property, as well. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::<name> key=value,…::message`; properties without a value are left out. */
export function workflowCommand(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** One annotation per finding: errors, warnings and notices (info) on the file and lines it names. */
export function findingAnnotation(finding: Finding): string {
  const message = finding.suggestion ? `${finding.message}\n\nSuggestion: ${finding.suggestion}` : finding.message;
  return workflowCommand(
    COMMAND_OF[finding.severity],
    {
      file: finding.file || undefined,
      line: finding.line,
      endLine: finding.endLine,
      title: `agentic-sdlc: ${finding.rule}`,
    },
    message,
  );
}

/**
 * Text printed as it is, in a collapsed group: between `stop-commands` and its one-time token nothing is read
 * as a command, so a report quoting `::` from a pull request cannot set outputs or masks.
 */
export function verbatimGroup(title: string, text: string): string {
  const token = randomUUID();
  return [`::group::${escapeData(title)}`, `::stop-commands::${token}`, text.replace(/\n$/, ''), `::${token}::`, '::endgroup::', ''].join('\n');
}
