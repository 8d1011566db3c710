import type { Resource } from './resource.js';

/** `module.a["x"].aws_vpc.main[0]` → `module.a["x"].aws_vpc.main`: refs name resources without their own instance key. */
export function baseAddress(address: string): string {
  return address.endsWith(']') ? address.slice(0, address.lastIndexOf('[')) : address;
}

/**
 * Connections between resources, from the references their attributes make (Resource.refs).
 * Graph rules ask: what does this attribute point at, and who points at this resource.
 */
export class ResourceGraph {
  private readonly byBase = new Map<string, Resource[]>();
  private readonly byType = new Map<string, Resource[]>();
  private readonly incoming = new Map<Resource, Resource[]>();

  constructor(readonly resources: readonly Resource[]) {
    for (const r of resources) {
      push(this.byBase, baseAddress(r.address), r);
      push(this.byType, r.type, r);
    }
    for (const r of resources) {
      const seen = new Set<Resource>();
      for (const addrs of r.refs.values()) {
        for (const a of addrs) for (const t of this.byBase.get(a) ?? []) if (t !== r && !seen.has(t)) {
          seen.add(t);
          push(this.incoming, t, r);
        }
      }
    }
  }

  ofType(type: string): Resource[] {
    return this.byType.get(type) ?? [];
  }

  /** Resources that r's attribute `attr` (any attribute when omitted) refers to, optionally of some types. */
  targets(r: Resource, attr?: string, types?: readonly string[]): Resource[] {
    const addrs = attr === undefined ? [...r.refs.values()].flat() : r.refs.get(attr) ?? [];
    const out: Resource[] = [];
    for (const a of new Set(addrs)) {
      for (const t of this.byBase.get(a) ?? []) if (!types || types.includes(t.type)) out.push(t);
    }
    return out;
  }

  /** Resources that refer to r, optionally only those of some types. */
  referrers(r: Resource, types?: readonly string[]): Resource[] {
    const all = this.incoming.get(r) ?? [];
    return types ? all.filter((x) => types.includes(x.type)) : all;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
