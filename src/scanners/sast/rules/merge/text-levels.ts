/**
 * A parsed name picking the level written into, in one expression: `result[section][key] = value`
 * with `section` cut out of the input (an INI `[section]` line) and `result` a plain `{}` of the
 * function. For the section '__proto__', `result[section]` is Object.prototype (it is defined, so
 * `if (result[section] === undefined) result[section] = {}` never replaces it), and the write gives
 * every object the property `key` (conf-cfg-ini's decode). The caller has checked that `key` is a
 * parsed name too and that no guard or membership test vets them.
 */
import type { AstHit } from '../types.js';
import { unwrap } from '../../ir/api-names.js';
import { isTextPiece, text, type Assignment, type N, type Unit } from './facts.js';

/** `X[piece]` with X a plain object literal of this function (not a parameter, not Object.create(null)): its text. */
export function nestedTextLevel(u: Unit, obj: N, source: string): string | undefined {
  const o = unwrap(obj);
  if (o.type !== 'MemberExpression' || !o.computed || !isTextPiece(u, o.property)) return undefined;
  const root = unwrap(o.object);
  if (root.type !== 'Identifier' || u.params.has(root.name) || u.nullProto.has(root.name)) return undefined;
  const binds = u.bindings.filter((b) => b.name === root.name).map((b) => unwrap(b.value));
  if (binds.length === 0 || !binds.every((b) => b.type === 'ObjectExpression' && b.properties.length === 0)) return undefined;
  return text(source, o);
}

export function nestedTextLevelHit(u: Unit, a: Assignment, level: string, source: string): AstHit {
  const fn = u.names[0] ? `\`${u.names[0]}\`` : 'This function';
  const member = `${level}[${text(source, unwrap(a.key))}]`;
  return {
    start: a.node.start,
    end: a.node.end,
    message: `${fn} writes \`${member}\` with both names cut out of its input: for the first name '__proto__', \`${level}\` is Object.prototype, so the second becomes a property of every object (prototype pollution). Skip '__proto__', 'constructor' and 'prototype', or build the levels with Object.create(null) or a Map`,
  };
}
