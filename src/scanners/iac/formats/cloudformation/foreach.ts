import { isWhollyKnown } from '../../model/value.js';
import type { Evaluator } from './evaluate.js';
import type { CEntry, CNode } from './node.js';

/**
 * `Fn::ForEach` (the AWS::LanguageExtensions transform) in Resources: one resource per item of
 * the collection, with the identifier substituted — `${Id}` and `&{Id}` (non-alphanumerics
 * dropped) in keys and strings, `{Ref: Id}` as the item itself. Loops nest.
 */
export interface Expanded {
  id: string;
  entry: CEntry;
}

const PREFIX = 'Fn::ForEach::';
/** Nested loops multiply: past this many expanded resources per template the rest stay unexpanded. */
const MAX_EXPANDED = 10_000;

export function expandResources(
  ev: Evaluator,
  entries: Iterable<[string, CEntry]>,
  onUnknown: (id: string, line: number, reason: string) => void,
  depth = 0,
  budget = { left: MAX_EXPANDED },
): Expanded[] {
  const out: Expanded[] = [];
  for (const [id, entry] of entries) {
    if (!id.startsWith(PREFIX)) {
      out.push({ id, entry });
      continue;
    }
    const loop = entry.value;
    const [ident, coll, tpl] = loop.kind === 'seq' ? loop.items : [];
    if (ident?.kind !== 'scalar' || typeof ident.value !== 'string' || !coll || tpl?.kind !== 'map' || depth > 4) {
      onUnknown(id, entry.keyLine, 'Fn::ForEach is malformed');
      continue;
    }
    const items = ev.eval(coll)?.value;
    if (!Array.isArray(items) || !isWhollyKnown(items)) {
      onUnknown(id, entry.keyLine, 'Fn::ForEach over a collection known at deploy time');
      continue;
    }
    for (const item of items) {
      if (budget.left <= 0) {
        onUnknown(id, entry.keyLine, `Fn::ForEach expands to more than ${MAX_EXPANDED} resources; the rest are not expanded`);
        break;
      }
      budget.left--;
      const s = typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? String(item) : JSON.stringify(item);
      const sub = substitute(ident.value, s);
      const inner: [string, CEntry][] = [...tpl.entries].map(([k, e]) => [sub.text(k), { keyLine: e.keyLine, value: sub.node(e.value) }]);
      out.push(...expandResources(ev, inner, onUnknown, depth + 1, budget));
    }
  }
  return out;
}

function substitute(ident: string, value: string): { text(s: string): string; node(n: CNode): CNode } {
  const dollar = '${' + ident + '}';
  const amp = '&{' + ident + '}';
  const alnum = value.replace(/[^A-Za-z0-9]/g, '');
  const text = (s: string): string => s.split(dollar).join(value).split(amp).join(alnum);
  const node = (n: CNode): CNode => {
    if (n.kind === 'scalar') return typeof n.value === 'string' ? { ...n, value: text(n.value) } : n;
    if (n.kind === 'seq') return { ...n, items: n.items.map(node) };
    const ref = n.entries.size === 1 ? n.entries.get('Ref') : undefined;
    if (ref?.value.kind === 'scalar' && ref.value.value === ident) return { kind: 'scalar', line: n.line, endLine: n.endLine, value };
    return { ...n, entries: new Map([...n.entries].map(([k, e]) => [text(k), { keyLine: e.keyLine, value: node(e.value) }])) };
  };
  return { text, node };
}
