/** The subset of the Atlassian Document Format (ADF) that `markdownToAdf` produces. */

export type AdfMark = { type: 'strong' | 'em' | 'strike' | 'code' } | { type: 'link'; attrs: { href: string } };

export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: AdfMark[];
}

export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}
