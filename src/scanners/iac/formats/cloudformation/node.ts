/**
 * The positioned tree a template parses into (YAML and JSON alike). Short-form tags are already
 * rewritten into their long form (`!Ref X` → `{Ref: X}`), so the evaluator sees one syntax.
 */
export type CNode = CMap | CSeq | CScalar;

export interface CEntry {
  /** 1-based line of the key. */
  keyLine: number;
  value: CNode;
}

export interface CMap {
  kind: 'map';
  line: number;
  endLine: number;
  entries: Map<string, CEntry>;
}
export interface CSeq {
  kind: 'seq';
  line: number;
  endLine: number;
  items: CNode[];
}
export interface CScalar {
  kind: 'scalar';
  line: number;
  endLine: number;
  value: string | number | boolean | null;
}

export const entry = (n: CNode | undefined, key: string): CEntry | undefined => (n?.kind === 'map' ? n.entries.get(key) : undefined);
export const child = (n: CNode | undefined, key: string): CNode | undefined => entry(n, key)?.value;
