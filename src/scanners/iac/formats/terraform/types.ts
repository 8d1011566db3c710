import { isObject, Unknown, type ObjectValue, type Value } from '../../model/value.js';
import type { Expr } from './ast.js';
import { findUnknown, toBool, toNum, toStr } from './values.js';

/**
 * Applies a variable's type constraint to its value the way Terraform does where it changes
 * what rules see: primitive conversions ("22" for a number, 1 for a string) and the defaults
 * of `optional(type, default)` object attributes (Terraform 1.3+), which modules often use for
 * security settings (`encrypted = optional(bool, true)`). Anything else passes through.
 */
export function convertType(v: Value, type: Expr | undefined, evalConst: (e: Expr) => Value, depth = 0): Value {
  if (!type || v instanceof Unknown || v === null || depth > 32) return v;
  if (type.k === 'var') {
    switch (type.name) {
      case 'string':
        return typeof v === 'number' || typeof v === 'boolean' ? (toStr(v) ?? v) : v;
      case 'number':
        return toNum(v) ?? v;
      case 'bool':
        return toBool(v) ?? v;
      default:
        return v;
    }
  }
  if (type.k !== 'call') return v;
  const [a0] = type.args;
  switch (type.name) {
    case 'list':
      return Array.isArray(v) ? v.map((x) => convertType(x, a0, evalConst, depth + 1)) : v;
    case 'set': {
      if (!Array.isArray(v)) return v;
      // A set holds each value once (keyed by its JSON form: linear, unlike pairwise comparison).
      const out: Value[] = [];
      const seen = new Set<string>();
      for (const x of v.map((y) => convertType(y, a0, evalConst, depth + 1))) {
        if (findUnknown(x)) {
          out.push(x);
          continue;
        }
        const key = JSON.stringify(x);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(x);
      }
      return out;
    }
    case 'map': {
      if (!isObject(v)) return v;
      const out: ObjectValue = {};
      for (const [k, x] of Object.entries(v)) out[k] = convertType(x, a0, evalConst, depth + 1);
      return out;
    }
    case 'tuple':
      return Array.isArray(v) && a0?.k === 'tuple' ? v.map((x, i) => convertType(x, a0.items[i], evalConst, depth + 1)) : v;
    case 'object': {
      if (!isObject(v) || a0?.k !== 'object') return v;
      const out: ObjectValue = { ...v };
      for (const it of a0.items) {
        const name = it.key.k === 'var' ? it.key.name : it.key.k === 'lit' && typeof it.key.v === 'string' ? it.key.v : undefined;
        if (name === undefined) continue;
        const optional = it.val.k === 'call' && it.val.name === 'optional' ? it.val : undefined;
        const attrType = optional ? optional.args[0] : it.val;
        const cur = out[name];
        if (cur === undefined || cur === null) {
          // An omitted (or null) optional attribute takes its default, else null.
          if (!optional) continue;
          const def = optional.args[1];
          out[name] = def ? convertType(evalConst(def), attrType, evalConst, depth + 1) : null;
        } else out[name] = convertType(cur, attrType, evalConst, depth + 1);
      }
      return out;
    }
    default:
      return v;
  }
}
