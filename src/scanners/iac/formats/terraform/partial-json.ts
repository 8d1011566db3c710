import { isObject, Unknown, type ObjectValue, type Value } from '../../model/value.js';

/**
 * A JSON document written as a template (`policy = <<EOF { ... "${aws_s3_bucket.b.arn}" } EOF`)
 * with unknown interpolations: parsed with a placeholder in place of each unknown part, and
 * every string that held one becomes that Unknown again. The known parts (actions, effects,
 * principals) stay readable for the policy rules, as with jsonencode(). Undefined when the
 * text is not a JSON object or an unknown part is not inside a string value.
 */
export function partialJson(pieces: readonly (string | Unknown)[]): ObjectValue | undefined {
  const unknowns: Unknown[] = [];
  let text = '';
  for (const p of pieces) {
    if (typeof p === 'string') {
      if (p.includes(OPEN)) return undefined;
      text += p;
    } else {
      text += `${OPEN}${unknowns.length}${CLOSE}`;
      unknowns.push(p);
    }
  }
  if (!text.trimStart().startsWith('{')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const back = restore(doc, unknowns, 0);
  return back !== undefined && isObject(back) ? back : undefined;
}

// Private-use characters: valid inside JSON strings, never in real policies.
const OPEN = '\uE000';
const CLOSE = '\uE001';

function restore(v: unknown, unknowns: readonly Unknown[], depth: number): Value | undefined {
  if (depth > 64) return undefined;
  if (typeof v === 'string') {
    const at = v.indexOf(OPEN);
    if (at < 0) return v;
    const end = v.indexOf(CLOSE, at);
    const u = unknowns[Number(v.slice(at + 1, end))];
    return u ? new Unknown(u.reason, u.at, u.refs) : undefined;
  }
  if (Array.isArray(v)) {
    const out: Value[] = [];
    for (const x of v) {
      const r = restore(x, unknowns, depth + 1);
      if (r === undefined) return undefined;
      out.push(r);
    }
    return out;
  }
  if (typeof v === 'object' && v !== null) {
    const out: ObjectValue = {};
    for (const [k, x] of Object.entries(v)) {
      if (k.includes(OPEN)) return undefined; // an unknown key: the document's shape is unknown
      const r = restore(x, unknowns, depth + 1);
      if (r === undefined) return undefined;
      out[k] = r;
    }
    return out;
  }
  return v as Value;
}
