import { isObject, Unknown, type ObjectValue, type Value } from '../../model/value.js';
import { findUnknown, toStr } from './values.js';

/**
 * Renders `data "aws_iam_policy_document"` into the JSON its `json` attribute holds, following
 * the AWS provider's documented mapping (statement → Statement, actions → Action,
 * principals{type,identifiers} → Principal, condition{test,variable,values} → Condition).
 * Most IAM policies in real Terraform are written this way, so the IAM rules need it.
 * With an unknown part the result is an object (not a string) with Unknowns in place: the
 * known statements still reach the rules, which read objects as well as JSON strings.
 */
export function renderPolicyDocument(args: ObjectValue): Value {
  const doc: ObjectValue = { Version: str(args['version']) ?? '2012-10-17' };
  const id = str(args['policy_id']);
  if (id !== undefined) doc['Id'] = id;
  let statements: Value[] = [];
  // source_json / override_json are the deprecated single-document forms of the lists.
  for (const src of [...list(args['source_json']), ...list(args['source_policy_documents'])]) statements = mergeBySid(statements, parsedStatements(src));
  const own: Value[] = list(args['statement']).map((s) => (isObject(s) ? statement(s) : s));
  statements = mergeBySid(statements, own);
  for (const src of [...list(args['override_json']), ...list(args['override_policy_documents'])]) statements = mergeBySid(statements, parsedStatements(src));
  doc['Statement'] = statements;
  return findUnknown(doc) ? doc : JSON.stringify(doc);
}

function statement(s: ObjectValue): Value {
  const out: ObjectValue = {};
  const sid = s['sid'];
  if (sid !== undefined && sid !== null && sid !== '') out['Sid'] = sid;
  out['Effect'] = s['effect'] === undefined || s['effect'] === null ? 'Allow' : s['effect'];
  setList(out, 'Action', s['actions']);
  setList(out, 'NotAction', s['not_actions']);
  setList(out, 'Resource', s['resources']);
  setList(out, 'NotResource', s['not_resources']);
  setPrincipals(out, 'Principal', s['principals']);
  setPrincipals(out, 'NotPrincipal', s['not_principals']);
  const conds = list(s['condition']);
  if (conds.length) {
    const c: ObjectValue = {};
    for (const x of conds) {
      if (x instanceof Unknown) return { ...out, Condition: x };
      if (!isObject(x)) continue;
      const test = str(x['test']);
      const variable = str(x['variable']);
      if (test === undefined || variable === undefined) {
        out['Condition'] = new Unknown('condition test or variable is unknown');
        return out;
      }
      const byVar = isObject(c[test]) ? (c[test] as ObjectValue) : (c[test] = {});
      byVar[variable] = single(x['values']);
    }
    out['Condition'] = c;
  }
  return out;
}

function setList(out: ObjectValue, key: string, v: Value | undefined): void {
  if (v === undefined || v === null) return;
  out[key] = single(v);
}

/** The provider writes a one-element list as a plain string. */
function single(v: Value | undefined): Value {
  if (v === undefined) return null;
  if (Array.isArray(v) && v.length === 1) return v[0]!;
  return v;
}

function setPrincipals(out: ObjectValue, key: string, v: Value | undefined): void {
  const blocks = list(v);
  if (!blocks.length) return;
  const p: ObjectValue = {};
  for (const b of blocks) {
    if (b instanceof Unknown) {
      out[key] = b;
      return;
    }
    if (!isObject(b)) continue;
    const type = b['type'];
    const ids = b['identifiers'];
    if (typeof type !== 'string') {
      out[key] = type instanceof Unknown ? type : new Unknown('principal type is not a string');
      return;
    }
    // `type = "*"` with `identifiers = ["*"]` is the anonymous principal, written as "*".
    if (type === '*' && Array.isArray(ids) && ids.length === 1 && ids[0] === '*' && blocks.length === 1) {
      out[key] = '*';
      return;
    }
    const prev = p[type];
    const add = Array.isArray(ids) ? ids : ids === undefined || ids === null ? [] : [ids];
    p[type] = Array.isArray(prev) ? [...prev, ...add] : add;
  }
  for (const k of Object.keys(p)) p[k] = single(p[k]);
  out[key] = p;
}

function list(v: Value | undefined): Value[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  return [v];
}

function str(v: Value | undefined): string | undefined {
  return v === undefined || v === null || v instanceof Unknown ? undefined : toStr(v);
}

function parsedStatements(src: Value): Value[] {
  if (src instanceof Unknown) return [src];
  if (typeof src === 'string') {
    try {
      const d = JSON.parse(src) as unknown;
      if (typeof d === 'object' && d !== null && !Array.isArray(d)) {
        const st = (d as Record<string, unknown>)['Statement'];
        if (Array.isArray(st)) return st as Value[];
        if (typeof st === 'object' && st !== null) return [st as Value];
      }
    } catch {
      return [new Unknown('source policy document is not JSON')];
    }
  }
  return isObject(src) && Array.isArray(src['Statement']) ? src['Statement'] : [];
}

/** Statements with the same Sid replace earlier ones; statements without a Sid are appended. */
function mergeBySid(base: Value[], add: Value[]): Value[] {
  const out = [...base];
  for (const s of add) {
    const sid = isObject(s) && typeof s['Sid'] === 'string' ? s['Sid'] : undefined;
    const at = sid === undefined ? -1 : out.findIndex((x) => isObject(x) && x['Sid'] === sid);
    if (at >= 0) out[at] = s;
    else out.push(s);
  }
  return out;
}

/**
 * Renders `data "google_iam_policy"` into its `policy_data` JSON: `binding { role, members,
 * condition }` → `bindings`, `audit_config` → `auditConfigs`, the shape the Google provider
 * documents. It is computed locally, so like the AWS document it must not stay unknown: it is
 * how most `*_iam_policy` grants (including public ones) are written.
 */
export function renderGooglePolicyData(args: ObjectValue): Value {
  const bindings: Value[] = list(args['binding']).map((b) => {
    if (!isObject(b)) return b;
    const out: ObjectValue = { role: b['role'] ?? null, members: b['members'] ?? [] };
    const c = list(b['condition'])[0];
    if (isObject(c)) out['condition'] = { expression: c['expression'] ?? null, title: c['title'] ?? null, description: c['description'] ?? null };
    return out;
  });
  const doc: ObjectValue = { bindings };
  const audits = list(args['audit_config']).map((a) =>
    isObject(a)
      ? { service: a['service'] ?? null, auditLogConfigs: list(a['audit_log_configs']).map((c) => (isObject(c) ? { logType: c['log_type'] ?? null, exemptedMembers: c['exempted_members'] ?? [] } : c)) }
      : a,
  );
  if (audits.length) doc['auditConfigs'] = audits;
  return findUnknown(doc) ? doc : JSON.stringify(doc);
}
