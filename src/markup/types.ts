/**
 * Atlassian Document Format, loosely typed: enough structure to build and walk documents while
 * tolerating node and mark types we do not know (Jira sends many; unknown ones must degrade, not
 * crash). The authoritative shape is `adf-schema.json` (draft-04) in the shared specs.
 */
export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: AdfMark[];
  text?: string;
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}
