import type { Unresolved } from '../../model/load.js';
import { lineOf, type Resource } from '../../model/resource.js';
import { isObject, Unknown, type Value } from '../../model/value.js';

const MAX_PER_RESOURCE = 50;

/** Every resource attribute path whose value is (or holds) an Unknown, for --show-unresolved. */
export function unresolvedOf(resources: readonly Resource[]): Unresolved[] {
  const out: Unresolved[] = [];
  for (const r of resources) {
    let n = 0;
    const walk = (v: Value, path: string, depth: number) => {
      if (n >= MAX_PER_RESOURCE || depth > 16) return;
      if (v instanceof Unknown) {
        n++;
        out.push({ file: r.file, line: lineOf(r, path), what: `${r.address}.${path}`, reason: v.reason });
      } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}.${i}`, depth + 1));
      else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, depth + 1);
    };
    for (const [k, v] of Object.entries(r.attrs)) walk(v, k, 0);
  }
  return out;
}
