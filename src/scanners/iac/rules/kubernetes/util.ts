import {
  getEntry,
  getMap,
  getScalar,
  getSeq,
  getString,
  type KContainer,
  type KMap,
  type KNode,
  type KObject,
  type KPodSpec,
  type Pos,
} from '../../formats/kubernetes/parse.js';

export { getEntry, getMap, getScalar, getSeq, getString };

/** A field's value and where its key sits. */
export interface Field {
  value: unknown;
  pos: Pos;
  node: KNode;
}

export function field(n: KNode | undefined, path: string): Field | undefined {
  let cur: KNode | undefined = n;
  let pos: Pos | undefined;
  for (const k of path.split('.')) {
    const e = getEntry(cur, k);
    if (!e) return undefined;
    cur = e.value;
    pos = e.keyPos;
  }
  if (!cur || !pos) return undefined;
  const value = cur.type === 'scalar' ? cur.value : cur;
  if (value === null || value === undefined) return undefined; // null means undefined/nil
  return { value, pos, node: cur };
}

export function podSc(p: KPodSpec): KMap | undefined {
  return getMap(p.node, 'securityContext');
}
export function containerSc(c: KContainer): KMap | undefined {
  return getMap(c.node, 'securityContext');
}

/**
 * Where a missing securityContext field is reported: the container's `securityContext:` key
 * when it has one (the block the field belongs in), else the container itself.
 */
export function missingScPos(c: KContainer): Pos {
  return getEntry(c.node, 'securityContext')?.keyPos ?? c.node.pos;
}

/** Pod Security Standards exempt `spec.os.name: windows` pods from some restricted controls. */
export function isWindows(p: KPodSpec): boolean {
  return getString(getMap(p.node, 'os'), 'name') === 'windows';
}

export function scalars(n: KNode | undefined): { value: string; pos: Pos }[] {
  if (!n || n.type !== 'seq') return [];
  const out: { value: string; pos: Pos }[] = [];
  for (const i of n.items) if (i.type === 'scalar' && i.value != null) out.push({ value: String(i.value), pos: i.pos });
  return out;
}

export function objectLabel(o: KObject): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

export function containerLabel(c: KContainer): string {
  const g = c.group === 'containers' ? 'container' : c.group === 'initContainers' ? 'init container' : 'ephemeral container';
  return `${g} "${c.name}"`;
}

/** Iterates each container with its pod spec; no-op for objects without one. */
export function eachContainer(o: KObject, fn: (c: KContainer, p: KPodSpec) => void, groups?: KContainer['group'][]): void {
  const p = o.podSpec;
  if (!p) return;
  for (const c of p.containers) if (!groups || groups.includes(c.group)) fn(c, p);
}

/** Applies `fn` to the pod-level securityContext field and each container's field. */
export function eachScField(
  o: KObject,
  path: string,
  fn: (f: Field, fieldPath: string, where: string) => void,
): void {
  const p = o.podSpec;
  if (!p) return;
  const pf = field(podSc(p), path);
  if (pf) fn(pf, `${p.path}.securityContext.${path}`, 'the pod');
  for (const c of p.containers) {
    const cf = field(containerSc(c), path);
    if (cf) fn(cf, `${c.path}.securityContext.${path}`, containerLabel(c));
  }
}

/**
 * Kubernetes decodes YAML as 1.1 (sigs.k8s.io/yaml), where yes/on/y are true and no/off/n are
 * false; the `yaml` package reads 1.2 and leaves those as strings.
 */
export function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(true|yes|y|on)$/i.test(v));
}
export function isFalse(v: unknown): boolean {
  return v === false || (typeof v === 'string' && /^(false|no|n|off)$/i.test(v));
}

/** RBAC: each policy rule of a Role / ClusterRole. */
export interface PolicyRule {
  node: KMap;
  index: number;
  verbs: { value: string; pos: Pos }[];
  resources: { value: string; pos: Pos }[];
  apiGroups: { value: string; pos: Pos }[];
  nonResourceURLs: { value: string; pos: Pos }[];
}

export function policyRules(o: KObject): PolicyRule[] {
  if (o.kind !== 'Role' && o.kind !== 'ClusterRole') return [];
  if (!/^rbac\.authorization\.k8s\.io\//.test(o.apiVersion)) return [];
  const seq = getSeq(o.node, 'rules');
  if (!seq) return [];
  const out: PolicyRule[] = [];
  seq.items.forEach((r, index) => {
    if (r.type !== 'map') return;
    out.push({
      node: r,
      index,
      verbs: scalars(getEntry(r, 'verbs')?.value),
      resources: scalars(getEntry(r, 'resources')?.value),
      apiGroups: scalars(getEntry(r, 'apiGroups')?.value),
      nonResourceURLs: scalars(getEntry(r, 'nonResourceURLs')?.value),
    });
  });
  return out;
}

/** True when the rule covers the core API group ("" or "*"). */
export function coversCoreGroup(r: PolicyRule): boolean {
  return r.apiGroups.some((g) => g.value === '' || g.value === '*');
}

export function hasVerb(r: PolicyRule, ...verbs: string[]): { value: string; pos: Pos } | undefined {
  return r.verbs.find((v) => v.value === '*' || verbs.includes(v.value));
}

/** Bindings: subjects and roleRef of a RoleBinding / ClusterRoleBinding. */
export function isBinding(o: KObject): boolean {
  return (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') && /^rbac\.authorization\.k8s\.io\//.test(o.apiVersion);
}

export function subjects(o: KObject): { kind: string; name: string; pos: Pos; index: number }[] {
  const seq = getSeq(o.node, 'subjects');
  if (!seq) return [];
  const out: { kind: string; name: string; pos: Pos; index: number }[] = [];
  seq.items.forEach((s, index) => {
    const kind = getString(s, 'kind');
    const name = getString(s, 'name');
    const e = getEntry(s, 'name');
    if (kind && name && e) out.push({ kind, name, pos: e.keyPos, index });
  });
  return out;
}

/** Image reference pieces: tag (undefined when none) and digest. */
export function parseImage(image: string): { tag?: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const out: { tag?: string; digest?: string } = {};
  if (colon > slash) out.tag = rest.slice(colon + 1);
  if (digest) out.digest = digest;
  return out;
}

export function isDigest(d: string | undefined): boolean {
  return !!d && /^sha256:[a-f0-9]{64}$/.test(d);
}

/**
 * A container without `image` is a fragment (a kustomize strategic-merge patch, an overlay):
 * its missing fields come from the base, so "field missing" rules skip it. Explicit values are
 * still checked.
 */
export function isComplete(c: KContainer): boolean {
  return typeof getScalar(c.node, 'image') === 'string';
}
export function isCompletePod(p: KPodSpec): boolean {
  return p.containers.length > 0 && p.containers.every(isComplete);
}
