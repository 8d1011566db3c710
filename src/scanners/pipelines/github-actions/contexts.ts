import type { Job, Step, Str, Workflow } from './parse.js';

/**
 * Expression contexts whose value an outside contributor controls (by opening an issue, a pull
 * request from a fork, a comment, a review, a branch name or a commit message). Patterns match a
 * normalised context path: lowercase, `[...]` and `.*` indexes written as `*`.
 *
 * Decisions:
 * - `inputs.*` of `workflow_dispatch` are not listed: only users with write access can dispatch.
 * - `inputs.*` of `workflow_call` and of composite actions depend on the caller; they are a
 *   separate, lower-severity rule (input-interpolation), not part of this table.
 * - `github.event.pull_request.head.sha`, numbers and ids are not listed: an attacker picks a
 *   branch name, not a hash or an id. User and repository names are not listed either: GitHub
 *   restricts them to letters, digits, `-`, `_` and `.`, so they cannot break out of a string.
 * - Release fields are not listed: only users with write access create releases.
 */
export const ATTACKER_CONTROLLED: RegExp[] = [
  /^github\.event\.issue\.(title|body)$/,
  /^github\.event\.pull_request\.(title|body)$/,
  /^github\.event\.pull_request\.head\.(ref|label)$/,
  /^github\.event\.pull_request\.head\.repo\.(default_branch|description|homepage)$/,
  /^github\.event\.comment\.body$/,
  /^github\.event\.review\.body$/,
  /^github\.event\.review_comment\.body$/,
  /^github\.event\.pages\.\*\.page_name$/,
  /^github\.event\.commits\.\*\.(message|author\.(email|name)|committer\.(email|name))$/,
  /^github\.event\.head_commit\.(message|author\.(email|name)|committer\.(email|name))$/,
  /^github\.head_ref$/,
  /^github\.event\.workflow_run\.(head_branch|display_title)$/,
  /^github\.event\.workflow_run\.head_commit\.(message|author\.(email|name)|committer\.(email|name))$/,
  /^github\.event\.workflow_run\.head_repository\.description$/,
  /^github\.event\.workflow_run\.pull_requests\.\*\.head\.ref$/,
  /^github\.event\.discussion\.(title|body)$/,
  /^github\.event\.discussion_comment\.body$/,
  /^github\.event\.check_suite\.head_branch$/,
  /^github\.event\.check_run\.check_suite\.head_branch$/,
];

/** A whole object that contains attacker-controlled fields (e.g. `toJSON(github.event.issue)`). */
const TAINTED_OBJECTS = [
  /^github\.event$/,
  /^github\.event\.(issue|pull_request|comment|review|review_comment|discussion|discussion_comment|head_commit|workflow_run)$/,
  /^github\.event\.(commits|pages)$/,
];

export interface Expr {
  /** Text between `${{` and `}}`, trimmed. */
  body: string;
  /** Full `${{ ... }}` text as written. */
  raw: string;
}

/** Every `${{ ... }}` in a string. */
export function expressions(s: string): Expr[] {
  const out: Expr[] = [];
  let from = 0;
  for (;;) {
    const a = s.indexOf('${{', from);
    if (a < 0) break;
    const b = s.indexOf('}}', a + 3);
    if (b < 0) break;
    out.push({ body: s.slice(a + 3, b).trim(), raw: s.slice(a, b + 2) });
    from = b + 2;
  }
  return out;
}

/** Context references in an expression body, normalised (`a['b']` → `a.b`, `a[0]` → `a.*`). */
export function contextRefs(body: string): string[] {
  const src = body
    .replace(/\[\s*'([^']*)'\s*\]/g, '.$1')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/\[[^[\]]*\]/g, '.*')
    .toLowerCase();
  const out: string[] = [];
  const re = /(?<![\w.'-])([a-z_][\w-]*(?:\.(?:\*|[\w-]+))*)(?![\w*-]|\.[\w*]|\s*\()/g;
  for (const m of src.matchAll(re)) {
    const ref = m[1]!;
    if (/^(true|false|null)$/.test(ref)) continue;
    out.push(ref);
  }
  return out;
}

/**
 * A whole event object (`github.event.issue`) counts only when serialised (`toJSON(...)`): as a
 * bare operand (`github.event.pull_request && 'pr' || 'push'`) it yields no attacker text.
 */
export function isAttackerControlled(ref: string, serialised = false): boolean {
  return ATTACKER_CONTROLLED.some((re) => re.test(ref)) || (serialised && TAINTED_OBJECTS.some((re) => re.test(ref)));
}

/** Default variables the runner sets from attacker-controlled data (matter when re-written to GITHUB_ENV). */
const RUNNER_ENV: [string, Taint][] = [['GITHUB_HEAD_REF', { source: 'github.head_ref', via: ['$GITHUB_HEAD_REF'] }]];

/** Why a value is tainted: the attacker-controlled context at the root of the flow. */
export interface Taint {
  source: string;
  /** Steps of the flow, e.g. `env.TITLE` then `steps.meta.outputs.title`. */
  via: string[];
}

/**
 * Taint state for one job: env vars (workflow, job, step level) and step outputs that carry
 * attacker-controlled data.
 */
export class TaintTracker {
  private readonly wfEnv = new Map<string, Taint>();
  private readonly jobEnv = new Map<string, Taint>();
  private readonly outputs = new Map<string, Taint>();
  /** Set by an earlier step writing `NAME=...` to $GITHUB_ENV. */
  private readonly dynEnv = new Map<string, Taint>();

  /** `job.output` → taint, shared across the jobs of a workflow (`needs.<job>.outputs.<name>`). */
  private readonly needs: Map<string, Taint>;

  constructor(wf: Workflow, job: Job, needs: Map<string, Taint> = new Map()) {
    this.needs = needs;
    for (const [k, v] of wf.env) this.record(this.wfEnv, k, v.value, new Map());
    for (const [k, v] of job.env) this.record(this.jobEnv, k, v.value, this.wfEnv);
  }

  private record(into: Map<string, Taint>, name: string, value: string, outer: Map<string, Taint>): void {
    const t = this.taintOf(value, outer);
    if (t) into.set(name, { source: t.source, via: [...t.via, `env.${name}`] });
  }

  /** Taint of an expression body, looking env vars up in `env` (step scope). */
  exprTaint(body: string, env: Map<string, Taint> = this.stepScope(new Map())): Taint | undefined {
    const serialised = /\btojson\s*\(/i.test(body);
    for (const ref of contextRefs(body)) {
      if (isAttackerControlled(ref, serialised)) return { source: ref, via: [] };
      const e = /^env\.([\w-]+)$/.exec(ref);
      if (e) {
        const t = env.get(e[1]!) ?? env.get(e[1]!.toUpperCase());
        if (t) return t;
      }
      const o = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(ref);
      if (o) {
        const t = this.outputs.get(`${o[1]}.${o[2]}`);
        if (t) return t;
      }
      const n = /^needs\.([\w-]+)\.outputs\.([\w-]+)$/.exec(ref);
      if (n) {
        const t = this.needs.get(`${n[1]}.${n[2]}`);
        if (t) return t;
      }
    }
    return undefined;
  }

  /** Taint of a string holding expressions, in job scope. */
  valueTaint(value: string): Taint | undefined {
    return this.taintOf(value, this.stepScope(new Map()));
  }

  private taintOf(value: string, env: Map<string, Taint>): Taint | undefined {
    for (const e of expressions(value)) {
      const t = this.exprTaint(e.body, env);
      if (t) return t;
    }
    return undefined;
  }

  /** Env visible to a step: workflow < job < GITHUB_ENV writes < step. */
  stepScope(step: Map<string, Str>): Map<string, Taint> {
    const scope = new Map<string, Taint>([...RUNNER_ENV, ...this.wfEnv, ...this.jobEnv, ...this.dynEnv]);
    const own = new Map<string, Taint>();
    for (const [k, v] of step) this.record(own, k, v.value, scope);
    for (const [k, t] of own) scope.set(k, t);
    // A step env var set from a clean value hides a tainted outer one.
    for (const k of step.keys()) if (!own.has(k)) scope.delete(k);
    return scope;
  }

  /** Shell variables in `run` that are tainted env vars: `$X` / `${X}`. */
  shellVarTaint(line: string, scope: Map<string, Taint>): Taint | undefined {
    for (const m of line.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)) {
      const t = scope.get(m[1]!);
      if (t) return t;
    }
    return undefined;
  }

  /** After a step runs: outputs and GITHUB_ENV writes made from tainted data. */
  afterStep(step: Step, scope: Map<string, Taint>): void {
    if (!step.run) return;
    for (const line of step.run.value.split('\n')) {
      // The value is what `=(.*?)["']?\s*>>` would capture, matched without that pattern's quadratic
      // backtracking over blanks (`.*?` and `\s*` competing for them): it ends at a non-blank (group 2),
      // or runs on over blanks (group 3, no line breaks) up to a closing quote.
      const w = /(?:echo|printf)\s+(?:-\w+\s+)?["']?([A-Za-z_][\w-]*)=((?:.*?\S)??)(?:([^\S\n\r\u2028\u2029]*)["']|)\s*>>\s*"?\$\{?(GITHUB_OUTPUT|GITHUB_ENV)\}?"?/.exec(line);
      if (!w) continue;
      const value = w[2]! + (w[3] ?? '');
      const t = this.taintOf(value, scope) ?? this.shellVarTaint(value, scope);
      if (!t) continue;
      if (w[4] === 'GITHUB_OUTPUT' && step.id) this.outputs.set(`${step.id}.${w[1]}`.toLowerCase(), { source: t.source, via: [...t.via, `steps.${step.id}.outputs.${w[1]}`] });
      if (w[4] === 'GITHUB_ENV') this.dynEnv.set(w[1]!, { source: t.source, via: [...t.via, `env.${w[1]}`] });
    }
    // Multi-line values: `echo "name<<EOF"` ... `} >> "$GITHUB_OUTPUT"`. Any tainted line in a
    // script that writes such a block taints the names it declares.
    const heredocs = [...step.run.value.matchAll(/(?<![\w-])["']?([A-Za-z_][\w-]{0,127})<<[-~]?["']?([A-Za-z_]\w*)/g)];
    if (heredocs.length && /GITHUB_(OUTPUT|ENV)/.test(step.run.value)) {
      const lines = step.run.value.split('\n');
      const t = lines.map((l) => this.taintOf(l, scope) ?? this.shellVarTaint(l.replace(/\$\{?GITHUB_\w+\}?/g, ''), scope)).find((x) => x);
      if (t)
        for (const h of heredocs) {
          const name = h[1]!;
          if (/GITHUB_OUTPUT/.test(step.run.value) && step.id) this.outputs.set(`${step.id}.${name}`.toLowerCase(), { source: t.source, via: [...t.via, `steps.${step.id}.outputs.${name}`] });
          if (/GITHUB_ENV/.test(step.run.value)) this.dynEnv.set(name, { source: t.source, via: [...t.via, `env.${name}`] });
        }
    }
    // Actions known to echo attacker-controlled data as outputs are not modelled (unknown is not tainted).
  }
}

/**
 * One tracker per job, in declaration order (jobs usually follow their `needs`). When the caller
 * has walked a job's steps (calling afterStep), the job's tainted `outputs:` become visible to
 * later jobs as `needs.<job>.outputs.<name>`.
 */
export function* jobTrackers(wf: Workflow): Generator<[Job, TaintTracker]> {
  const needs = new Map<string, Taint>();
  for (const job of wf.jobs) {
    const tt = new TaintTracker(wf, job, needs);
    yield [job, tt];
    for (const [name, v] of job.outputs) {
      const t = tt.valueTaint(v.value);
      if (t) needs.set(`${job.id}.${name}`.toLowerCase(), { source: t.source, via: [...t.via, `needs.${job.id}.outputs.${name}`] });
    }
  }
}
