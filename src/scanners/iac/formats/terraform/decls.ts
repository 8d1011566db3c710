import type { Attribute, Block, Body, ParsedFile } from './ast.js';

/** One module directory's declarations, collected once and evaluated per module call. */
export interface Decls {
  variables: Map<string, Declared<Block>>;
  locals: Map<string, Declared<Attribute>>;
  /** `type.name` → block. */
  resources: Map<string, Declared<Block>>;
  /** `type.name` → data block. */
  data: Map<string, Declared<Block>>;
  modules: Map<string, Declared<Block>>;
  outputs: Map<string, Declared<Block>>;
}

export interface Declared<T> {
  node: T;
  file: string;
}

/** Terraform's override files merge into the declarations of the ordinary files instead of adding new ones. */
function isOverrideFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.tf(\.json)?$/, '');
  return base === 'override' || base.endsWith('_override');
}

export function collectDecls(files: readonly ParsedFile[]): Decls {
  const d: Decls = { variables: new Map(), locals: new Map(), resources: new Map(), data: new Map(), modules: new Map(), outputs: new Map() };
  const ordered = [...files.filter((f) => !isOverrideFile(f.path)), ...files.filter((f) => isOverrideFile(f.path))];
  for (const f of ordered) {
    const override = isOverrideFile(f.path);
    for (const b of f.body.blocks) {
      const [l0, l1] = b.labels;
      switch (b.type) {
        case 'resource':
          if (l0 !== undefined && l1 !== undefined) put(d.resources, `${l0}.${l1}`, b, f.path, override);
          break;
        case 'data':
          if (l0 !== undefined && l1 !== undefined) put(d.data, `${l0}.${l1}`, b, f.path, override);
          break;
        case 'variable':
          if (l0 !== undefined) put(d.variables, l0, b, f.path, override);
          break;
        case 'module':
          if (l0 !== undefined) put(d.modules, l0, b, f.path, override);
          break;
        case 'output':
          if (l0 !== undefined) put(d.outputs, l0, b, f.path, override);
          break;
        case 'locals':
          for (const a of b.body.attrs) d.locals.set(a.name, { node: a, file: f.path });
          break;
        default:
          // provider, terraform, moved, import, check, removed: nothing to evaluate.
          break;
      }
    }
  }
  return d;
}

function put(m: Map<string, Declared<Block>>, key: string, b: Block, file: string, override: boolean): void {
  const base = m.get(key);
  // A resource has one file: what an override file adds is reported at the overridden block's line.
  if (override && base) m.set(key, { node: { ...base.node, body: mergeBody(base.node.body, relocate(b.body, base.node.line)) }, file: base.file });
  else m.set(key, { node: b, file });
}

/** Override semantics: an attribute replaces the same-named one; nested blocks of a type replace all blocks of that type. */
function mergeBody(base: Body, over: Body): Body {
  const attrNames = new Set(over.attrs.map((a) => a.name));
  const blockTypes = new Set(over.blocks.map((b) => b.type));
  const keep = (x: Attribute | Block) => ('labels' in x ? !blockTypes.has(x.type) : !attrNames.has(x.name));
  const order = [...base.order.filter(keep), ...over.order];
  return {
    attrs: order.filter((x): x is Attribute => !('labels' in x)),
    blocks: order.filter((x): x is Block => 'labels' in x),
    order,
  };
}

function relocate(body: Body, line: number): Body {
  const order = body.order.map((x): Attribute | Block => ('labels' in x ? { ...x, line, endLine: line, body: relocate(x.body, line) } : { ...x, line }));
  return {
    attrs: order.filter((x): x is Attribute => !('labels' in x)),
    blocks: order.filter((x): x is Block => 'labels' in x),
    order,
  };
}
