/**
 * One defect, one finding: an AST rule that flags an unsafe API wherever it is called
 * (node-serialize's unserialize, libxmljs with noent) and a taint rule that reports untrusted data
 * reaching the same call describe one defect. The taint finding carries the source-to-sink path,
 * so it is kept and the AST hit on that call is dropped; without a flow the AST hit stands alone.
 */

/** AST rule id → the taint rule ids whose finding on the same call supersedes it. */
export const COVERED_BY_FLOW: ReadonlyMap<string, readonly string[]> = new Map([
  ['sast/js/insecure-deserialization-api', ['sast/js/insecure-deserialization', 'sast/js/code-injection']],
  ['sast/js/xml-entity-expansion', ['sast/js/xxe']],
]);

export interface FlowSink {
  /** The taint rule's id. */
  ruleId: string;
  /** The sink step's file (relative to the scan root) and line. */
  path: string;
  line: number;
}

export interface HitSpan {
  ruleId: string;
  path: string;
  /** First and last line of the AST hit's node (the whole call for these rules). */
  line: number;
  endLine: number;
}

/** Indexes flow sinks by file and line, so each AST hit is one lookup. */
export class FlowSinks {
  private readonly byPlace = new Map<string, Set<string>>();

  constructor(sinks: Iterable<FlowSink>) {
    for (const s of sinks) {
      const key = `${s.path}\0${s.line}`;
      let ids = this.byPlace.get(key);
      if (!ids) this.byPlace.set(key, (ids = new Set()));
      ids.add(s.ruleId);
    }
  }

  /** Does a flow finding on a line of this AST hit already report its defect? */
  covers(hit: HitSpan): boolean {
    const by = COVERED_BY_FLOW.get(hit.ruleId);
    if (!by) return false;
    // A call spread over a few lines: any of its lines may hold the sink step (capped: a hit is one call).
    const last = Math.min(hit.endLine, hit.line + 20);
    for (let line = hit.line; line <= last; line++) {
      const ids = this.byPlace.get(`${hit.path}\0${line}`);
      if (ids && by.some((id) => ids.has(id))) return true;
    }
    return false;
  }
}
