import { child, type CMap, type CNode } from './node.js';

/**
 * SAM `Globals`: settings shared by every AWS::Serverless::<Kind> resource. SAM merges them into
 * each resource's Properties: the resource's own scalar wins, maps merge key by key, lists are
 * the global items followed by the resource's. Merging happens on the positioned tree, so an
 * inherited setting keeps the line it has under Globals.
 */
const SECTIONS: Record<string, string> = {
  'AWS::Serverless::Function': 'Function',
  'AWS::Serverless::Api': 'Api',
  'AWS::Serverless::HttpApi': 'HttpApi',
  'AWS::Serverless::SimpleTable': 'SimpleTable',
  'AWS::Serverless::StateMachine': 'StateMachine',
  'AWS::Serverless::LayerVersion': 'LayerVersion',
};

export function withGlobals(root: CMap, type: string, props: CNode | undefined): CNode | undefined {
  const section = SECTIONS[type];
  const g = section ? child(child(root, 'Globals'), section) : undefined;
  if (g?.kind !== 'map') return props;
  return props ? merge(g, props) : g;
}

/** An intrinsic (`{Ref: x}`, `{Fn::If: ...}`) is a value, not a map to merge into. */
const isIntrinsic = (n: CMap): boolean => n.entries.size === 1 && [...n.entries.keys()].some((k) => k === 'Ref' || k.startsWith('Fn::'));

function merge(global: CNode, local: CNode): CNode {
  if (global.kind === 'seq' && local.kind === 'seq') return { ...local, items: [...global.items, ...local.items] };
  if (global.kind !== 'map' || local.kind !== 'map' || isIntrinsic(global) || isIntrinsic(local)) return local;
  const entries = new Map(global.entries);
  for (const [k, e] of local.entries) {
    const ge = entries.get(k);
    entries.set(k, ge ? { keyLine: e.keyLine, value: merge(ge.value, e.value) } : e);
  }
  return { ...local, entries };
}
