import type { Resource } from '../../model/resource.js';
import { isObject, Unknown, type ObjectValue } from '../../model/value.js';
import { analytics } from './services/analytics.js';
import { app } from './services/app.js';
import { compute } from './services/compute.js';
import { data } from './services/data.js';
import { ec2 } from './services/ec2.js';
import { edge } from './services/edge.js';
import { iam } from './services/iam.js';
import { messaging } from './services/messaging.js';
import { security } from './services/security.js';
import { s3 } from './services/s3.js';
import { Block, refsIn, type PV } from './pv.js';
import type { CfnResource, Translation, Translator } from './translation.js';

export type { CfnResource, Translation, Translator } from './translation.js';

/**
 * CloudFormation resources → the Terraform AWS provider schema, so one rule covers both. Each
 * service file maps its types; a type without a mapping stays raw (`AWS::X::Y`, Properties as
 * evaluated). Where Terraform models a part of a CloudFormation resource as a separate resource
 * (S3 public access block, inline user policies), the translation emits that resource too, with
 * address `<LogicalId>.<Part>`.
 */

const TRANSLATORS: ReadonlyMap<string, Translator> = new Map(
  [s3, ec2, iam, data, compute, edge, security, messaging, app, analytics].flatMap((m) => Object.entries(m)),
);

export const translatedTypes = (): string[] => [...TRANSLATORS.keys()];

export function translate(src: CfnResource): Resource[] {
  const fn = TRANSLATORS.get(src.type);
  if (!fn) return [raw(src)];
  const out: { type: string; address: string; block: Block; line: number }[] = [];
  const t: Translation = {
    id: src.id,
    props: src.props,
    line: src.line,
    main(type) {
      const block = new Block({}, '', new Map());
      out.unshift({ type, address: src.id, block, line: src.line });
      return block;
    },
    extra(suffix, type, line) {
      const block = new Block({}, '', new Map());
      out.push({ type, address: `${src.id}.${suffix}`, block, line });
      return block;
    },
    self() {
      return new Unknown(`${src.id} is known at deploy time`, { file: src.file, line: src.line }, [src.id]);
    },
  };
  fn(t);
  return out.map((o) => resource(src, o.type, o.address, o.block.obj, o.block.lines, o.line, o.block.hiddenRefs));
}

function resource(src: CfnResource, type: string, address: string, attrs: ObjectValue, lines: Map<string, number>, line: number, hidden = new Map<string, Set<string>>()): Resource {
  const refs = new Map<string, string[]>();
  for (const [k, v] of Object.entries(attrs)) {
    const r = refsIn(v, new Set(hidden.get(k)));
    if (r.size > 0) refs.set(k, [...r]);
  }
  return {
    type,
    name: src.id,
    address,
    source: 'cloudformation',
    file: src.file,
    line,
    endLine: src.endLine,
    attrs,
    lines,
    refs,
    originalType: src.type,
  };
}

/** Untranslated: Properties as evaluated, lines by CloudFormation property path. */
function raw(src: CfnResource): Resource {
  const lines = new Map<string, number>();
  const walk = (pv: PV, path: string): void => {
    if (path) lines.set(path, pv.line);
    if (pv.fields) for (const [k, c] of pv.fields) walk(c, path ? `${path}.${k}` : k);
    else if (pv.items) pv.items.forEach((c, i) => walk(c, `${path}.${i}`));
  };
  walk(src.props, '');
  const attrs = isObject(src.props.value) ? src.props.value : {};
  const r = resource(src, src.type, src.id, attrs, lines, src.line);
  delete r.originalType;
  return r;
}
