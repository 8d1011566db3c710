import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair, type YAMLMap } from 'yaml';

/** 1-based line and column of a node in its file. */
export interface Pos {
  line: number;
  column: number;
}

/** A scalar value with where it sits; `start` is the source offset, used to place expressions. */
export interface Str {
  value: string;
  pos: Pos;
  start: number;
  end: number;
}

export interface Step {
  /** 0-based index in its job. */
  index: number;
  id?: string;
  name?: string;
  pos: Pos;
  uses?: Str;
  run?: Str;
  shell?: Str;
  if?: Str;
  with: Map<string, Str>;
  /** The `with:` key itself when present (for missing-input positions). */
  env: Map<string, Str>;
  continueOnError?: Str;
}

export interface Credentials {
  username?: Str;
  password?: Str;
  pos: Pos;
}

export interface Container {
  /** `container` or the service name. */
  name: string;
  image?: Str;
  credentials?: Credentials;
  pos: Pos;
}

export type Permissions =
  | { kind: 'all'; value: Str }
  | { kind: 'map'; scopes: Map<string, Str>; pos: Pos };

export interface Job {
  id: string;
  pos: Pos;
  name?: string;
  runsOn: Str[];
  permissions?: Permissions;
  container?: Container;
  services: Container[];
  steps: Step[];
  /** Reusable workflow call. */
  uses?: Str;
  with: Map<string, Str>;
  /** `secrets: inherit` (as the scalar) when set that way. */
  secretsInherit?: Str;
  env: Map<string, Str>;
  if?: Str;
  outputs: Map<string, Str>;
  /** `strategy.matrix` values by key (lists and `include:` entries merged); empty when dynamic. */
  matrix: Map<string, Str[]>;
}

export interface Trigger {
  name: string;
  pos: Pos;
  /** `types`, `branches`, `tags`, ... when the trigger is a map. */
  filters: Map<string, Str[]>;
  /** workflow_call / workflow_dispatch inputs: name -> type (or '' when not given). */
  inputs: Map<string, string>;
}

export interface Workflow {
  kind: 'workflow' | 'action';
  path: string;
  text: string;
  /** Workflows: `on:` triggers; actions: none. */
  triggers: Map<string, Trigger>;
  permissions?: Permissions;
  env: Map<string, Str>;
  jobs: Job[];
  /** Docker actions: `runs.image`. */
  actionImage?: Str;
  /** Action inputs (actions only). */
  actionInputs: Map<string, string>;
  /** Every scalar in the file, for whole-file expression checks. */
  scalars: Str[];
  /** Where `on:` (or `runs:` for actions) sits; line 1 when absent. */
  pos: Pos;
}

export interface ParseProblem {
  line?: number;
  message: string;
}

export type ParseResult = { ok: true; workflow: Workflow } | { ok: false; problems: ParseProblem[] };

const WORKFLOW_PATH = /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
const ACTION_PATH = /(?:^|\/)action\.ya?ml$/;

export function isWorkflowPath(p: string): boolean {
  return WORKFLOW_PATH.test(p);
}
export function isActionPath(p: string): boolean {
  return ACTION_PATH.test(p);
}

/** Parses a workflow or action file; YAML errors, duplicate keys and alias bombs come back as problems. */
export function parseGithubActions(path: string, text: string): ParseResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, strict: false });
  const problems: ParseProblem[] = doc.errors.map((e) => ({
    line: e.linePos?.[0]?.line ?? (e.pos ? lc.linePos(e.pos[0]).line : undefined),
    message: e.message.split('\n')[0] ?? e.message,
  }));
  if (problems.length) return { ok: false, problems };
  // Resolving aliases expands them; maxAliasCount stops exponential "billion laughs" documents.
  // Only documents that have an alias pay for the check.
  let hasAlias = false;
  visit(doc, {
    Alias() {
      hasAlias = true;
      return visit.BREAK;
    },
  });
  if (hasAlias) {
    try {
      doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return { ok: false, problems: [{ message: `YAML aliases expand too much (${e instanceof Error ? e.message : String(e)})` }] };
    }
  }
  const root = doc.contents;
  const pos = (n: Node | null | undefined): Pos => {
    const off = n?.range?.[0] ?? 0;
    const p = lc.linePos(off);
    return { line: p.line, column: p.col };
  };
  const scalars: Str[] = [];
  const str = (n: unknown): Str | undefined => {
    const node = resolve(doc, n);
    if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
    const s: Str = { value: String(node.value), pos: pos(node), start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
    return s;
  };
  // Collect every scalar (keys excluded) once.
  const walk = (n: unknown, depth: number): void => {
    const node = resolve(doc, n);
    if (depth > 64 || !node) return;
    if (isScalar(node)) {
      const s = str(node);
      if (s) scalars.push(s);
    } else if (isMap(node)) for (const it of node.items) walk(it.value, depth + 1);
    else if (isSeq(node)) for (const it of node.items) walk(it, depth + 1);
  };
  walk(root, 0);

  const wf: Workflow = {
    kind: isWorkflowPath(path) ? 'workflow' : 'action',
    path,
    text,
    triggers: new Map(),
    env: new Map(),
    jobs: [],
    actionInputs: new Map(),
    scalars,
    pos: { line: 1, column: 1 },
  };
  if (!isMap(root)) {
    if (root === null || (isScalar(root) && root.value === null)) return { ok: true, workflow: wf };
    return { ok: false, problems: [{ line: 1, message: 'expected a mapping at the top level' }] };
  }
  const strMap = (n: unknown): Map<string, Str> => {
    const out = new Map<string, Str>();
    const m = resolve(doc, n);
    if (!isMap(m)) return out;
    for (const it of m.items) {
      const k = keyOf(it);
      const v = str(it.value);
      if (k !== undefined && v) out.set(k, v);
    }
    return out;
  };
  const strList = (n: unknown): Str[] => {
    const node = resolve(doc, n);
    if (isSeq(node)) return node.items.map((i) => str(i)).filter((s): s is Str => !!s);
    const s = str(node);
    return s ? [s] : [];
  };
  const permissions = (n: unknown): Permissions | undefined => {
    const node = resolve(doc, n);
    if (!node) return undefined;
    if (isMap(node)) return { kind: 'map', scopes: strMap(node), pos: pos(node) };
    const s = str(node);
    if (s) return { kind: 'all', value: s };
    // `permissions: {}` is a map; null means the key was written without a value.
    return { kind: 'map', scopes: new Map(), pos: pos(node) };
  };
  const container = (name: string, n: unknown): Container | undefined => {
    const node = resolve(doc, n);
    if (!node) return undefined;
    if (!isMap(node)) {
      const image = str(node);
      return { name, image, pos: pos(node) };
    }
    const c: Container = { name, image: str(node.get('image', true)), pos: pos(node) };
    const cred = resolve(doc, node.get('credentials', true));
    if (isMap(cred)) c.credentials = { username: str(cred.get('username', true)), password: str(cred.get('password', true)), pos: pos(cred) };
    return c;
  };
  const steps = (n: unknown): Step[] => {
    const seq = resolve(doc, n);
    if (!isSeq(seq)) return [];
    const out: Step[] = [];
    seq.items.forEach((item, index) => {
      const m = resolve(doc, item);
      if (!isMap(m)) return;
      const get = (k: string) => str(m.get(k, true));
      out.push({
        index,
        id: get('id')?.value,
        name: get('name')?.value,
        pos: pos(m),
        uses: get('uses'),
        run: get('run'),
        shell: get('shell'),
        if: get('if'),
        with: strMap(m.get('with', true)),
        env: strMap(m.get('env', true)),
        continueOnError: get('continue-on-error'),
      });
    });
    return out;
  };

  wf.env = strMap(root.get('env', true));
  if (wf.kind === 'workflow') {
    const onPair = root.items.find((it) => keyOf(it) === 'on' || (isScalar(it.key) && it.key.value === true));
    if (onPair) {
      wf.pos = pos(onPair.key as Node);
      const on = resolve(doc, onPair.value);
      const add = (name: string, at: Node | null | undefined, body: unknown) => {
        const t: Trigger = { name, pos: pos(at), filters: new Map(), inputs: new Map() };
        const b = resolve(doc, body);
        if (isMap(b)) {
          for (const it of b.items) {
            const k = keyOf(it);
            if (!k) continue;
            if (k === 'inputs') {
              const ins = resolve(doc, it.value);
              if (isMap(ins))
                for (const i of ins.items) {
                  const ik = keyOf(i);
                  const im = resolve(doc, i.value);
                  if (ik) t.inputs.set(ik, isMap(im) ? (str(im.get('type', true))?.value ?? '') : '');
                }
            } else t.filters.set(k, strList(it.value));
          }
        }
        wf.triggers.set(name, t);
      };
      if (isScalar(on)) add(String(on.value), on, null);
      else if (isSeq(on)) for (const i of on.items) { const s = str(i); if (s) add(s.value, resolve(doc, i), null); }
      else if (isMap(on)) for (const it of on.items) { const k = keyOf(it); if (k) add(k, it.key as Node, it.value); }
    }
    const perm = root.get('permissions', true);
    if (root.has('permissions')) wf.permissions = permissions(perm) ?? { kind: 'map', scopes: new Map(), pos: pos(pairOf(root, 'permissions')?.key as Node) };
    const jobs = resolve(doc, root.get('jobs', true));
    if (isMap(jobs)) {
      for (const it of jobs.items) {
        const id = keyOf(it);
        const j = resolve(doc, it.value);
        if (!id || !isMap(j)) continue;
        const job: Job = {
          id,
          pos: pos(it.key as Node),
          name: str(j.get('name', true))?.value,
          runsOn: runsOn(doc, j.get('runs-on', true), strList, str),
          steps: steps(j.get('steps', true)),
          uses: str(j.get('uses', true)),
          with: strMap(j.get('with', true)),
          env: strMap(j.get('env', true)),
          if: str(j.get('if', true)),
          outputs: strMap(j.get('outputs', true)),
          services: [],
          matrix: new Map(),
        };
        const strategy = resolve(doc, j.get('strategy', true));
        const matrix = isMap(strategy) ? resolve(doc, strategy.get('matrix', true)) : undefined;
        if (isMap(matrix))
          for (const it of matrix.items) {
            const k = keyOf(it);
            if (!k || k === 'exclude') continue;
            const add = (key: string, vals: Str[]) => job.matrix.set(key, [...(job.matrix.get(key) ?? []), ...vals]);
            if (k !== 'include') add(k, strList(it.value));
            else {
              const inc = resolve(doc, it.value);
              if (isSeq(inc))
                for (const e of inc.items) {
                  const m = resolve(doc, e);
                  if (isMap(m)) for (const p of m.items) { const ek = keyOf(p); if (ek) add(ek, strList(p.value)); }
                }
            }
          }
        if (j.has('permissions')) job.permissions = permissions(j.get('permissions', true)) ?? { kind: 'map', scopes: new Map(), pos: pos(pairOf(j, 'permissions')?.key as Node) };
        const sec = str(j.get('secrets', true));
        if (sec?.value === 'inherit') job.secretsInherit = sec;
        job.container = container('container', j.get('container', true));
        const svcs = resolve(doc, j.get('services', true));
        if (isMap(svcs)) for (const s of svcs.items) { const k = keyOf(s); const c = k ? container(k, s.value) : undefined; if (c) job.services.push(c); }
        wf.jobs.push(job);
      }
    }
  } else {
    const runs = resolve(doc, root.get('runs', true));
    const ins = resolve(doc, root.get('inputs', true));
    if (isMap(ins)) for (const i of ins.items) { const k = keyOf(i); if (k) wf.actionInputs.set(k, ''); }
    if (isMap(runs)) {
      wf.pos = pos(pairOf(root, 'runs')?.key as Node);
      const using = str(runs.get('using', true))?.value;
      if (using === 'docker') wf.actionImage = str(runs.get('image', true));
      if (using === 'composite')
        wf.jobs.push({ id: 'runs', pos: wf.pos, runsOn: [], steps: steps(runs.get('steps', true)), with: new Map(), env: new Map(), outputs: new Map(), services: [], matrix: new Map() });
    }
  }
  return { ok: true, workflow: wf };
}

function runsOn(doc: ReturnType<typeof parseDocument>, n: unknown, strList: (n: unknown) => Str[], str: (n: unknown) => Str | undefined): Str[] {
  const node = resolve(doc, n);
  if (isMap(node)) {
    const labels = strList(node.get('labels', true));
    const group = str(node.get('group', true));
    return group ? [...labels, group] : labels;
  }
  return strList(node);
}

function resolve(doc: ReturnType<typeof parseDocument>, n: unknown): Node | null | undefined {
  let cur = n as Node | null | undefined;
  for (let i = 0; i < 8 && cur && (cur as { source?: unknown }).source !== undefined && typeof (cur as { resolve?: unknown }).resolve === 'function'; i++) {
    cur = (cur as unknown as { resolve(d: typeof doc): Node | undefined }).resolve(doc);
  }
  return cur;
}

function keyOf(p: Pair): string | undefined {
  return isScalar(p.key) && p.key.value !== null ? String(p.key.value) : undefined;
}

function pairOf(m: YAMLMap, key: string): Pair | undefined {
  return m.items.find((it) => keyOf(it) === key) as Pair | undefined;
}

/** Position of `needle` inside a scalar's source text (falls back to the scalar's start). */
export function posIn(text: string, s: Str, needle: string): Pos {
  const i = text.indexOf(needle, s.start);
  const off = i >= 0 && i < Math.max(s.end, s.start + 1) ? i : s.start;
  return offsetPos(text, off, s);
}

function offsetPos(text: string, off: number, fallback: Str): Pos {
  if (off === fallback.start) return fallback.pos;
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < off; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: off - last };
}
