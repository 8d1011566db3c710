/**
 * The fields of a record as an object literal given to a store call (create / insert / update /
 * new Model) spells them: at its top level, or in the record it nests under Prisma's `data`,
 * MongoDB's `$set` or `values` (mass-assignment, cleartext-password).
 */
import { unwrap } from '../ir/api-names.js';
import { type N, keyName } from './ast-facts.js';

/** Keys under which a store call's argument nests the record itself. */
export const RECORD_KEYS: readonly string[] = ['data', '$set', 'values'];

/**
 * The first property of the literal `arg` (or of a record it nests under one of `nested`, at most
 * two levels down) for which `test` holds; `test` gets the property, its key and the literal it is in.
 */
export function recordField(
  arg: N | undefined,
  test: (p: N, key: string | undefined, obj: N) => boolean,
  nested: readonly string[] = RECORD_KEYS,
  depth = 0,
): N | undefined {
  const n = arg ? unwrap(arg) : undefined;
  if (!n || n.type !== 'ObjectExpression' || depth > 2) return undefined;
  for (const p of n.properties as N[]) {
    if (p.type !== 'Property') continue;
    const k = keyName(p);
    if (test(p, k, n)) return p;
    if (k !== undefined && nested.includes(k)) {
      const inner = recordField(p.value as N, test, nested, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}
