import { isObject, isUnknown, Unknown, type Value } from '../../../model/value.js';
import { toBool, toNum } from '../pv.js';

/**
 * Container definitions (ECS) and container properties (Batch): Terraform takes the service
 * API's JSON (camelCase keys); CloudFormation writes the same structure in PascalCase. String
 * maps (log driver options, Docker labels) keep their keys as written.
 */
const STRING_MAPS = new Set(['Options', 'DockerLabels']);
const BOOLEANS = new Set(['privileged', 'readonlyRootFilesystem', 'essential', 'disableNetworking', 'interactive', 'pseudoTerminal', 'initProcessEnabled', 'readOnly']);
const NUMBERS = new Set(['cpu', 'memory', 'memoryReservation', 'containerPort', 'hostPort', 'startTimeout', 'stopTimeout', 'sharedMemorySize']);
/**
 * An unknown value here decides a finding either way (absent `user` means root, absent
 * `readonlyRootFilesystem` means writable), so the whole document becomes Unknown. Any other
 * unknown value is left out of the JSON.
 */
const DECISIVE = new Set(['privileged', 'user', 'readonlyRootFilesystem']);
const DROP = Symbol('drop');

function ecsJson(v: Value, keepKeys: boolean, decisive: { hit: boolean }): unknown {
  if (isUnknown(v)) return DROP;
  if (Array.isArray(v)) return v.map((x) => ecsJson(x, false, decisive)).filter((x) => x !== DROP);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const key = keepKeys ? k : k.charAt(0).toLowerCase() + k.slice(1);
    if (isUnknown(x)) {
      if (DECISIVE.has(key)) decisive.hit = true;
      continue;
    }
    let c = ecsJson(x, !keepKeys && STRING_MAPS.has(k), decisive);
    if (c === DROP) continue;
    if (!keepKeys && BOOLEANS.has(key)) c = toBool(c as Value);
    if (!keepKeys && NUMBERS.has(key)) c = toNum(c as Value);
    out[key] = c;
  }
  return out;
}

/** The JSON string Terraform holds, or an Unknown when a decisive value is unknown. */
export function containerJson(v: Value, what: string): Value {
  const decisive = { hit: false };
  const json = isUnknown(v) ? DROP : ecsJson(v, false, decisive);
  if (json === DROP || decisive.hit) return new Unknown(`${what} depend on values known at deploy time`);
  return JSON.stringify(json);
}
