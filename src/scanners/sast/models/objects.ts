/**
 * Deep merge / path set libraries: a tainted key path or a tainted source object can write
 * `__proto__` and change every object in the process.
 */
import type { SinkSpec, TaintModel } from './types.js';

const PATH_DESC = 'is a property path written by a deep setter (`__proto__.x` pollutes Object.prototype)';
const MERGE_DESC = 'is deep-merged into an object (a `__proto__` key pollutes Object.prototype)';

function pp(id: string, call: string, args: number[], description: string): SinkSpec {
  return { id, kind: 'prototype-pollution', call, args, labels: ['http', 'message'], description };
}

const LODASH = ['lodash', 'lodash-es', 'underscore'];

export const objectsModel: TaintModel = {
  framework: 'objects',
  sinks: [
    ...LODASH.flatMap((l) => [
      pp(`${l}.set`, `${l}.{set,setWith,update,updateWith}`, [1], PATH_DESC),
      pp(`${l}.merge`, `${l}.{merge,mergeWith,defaultsDeep}`, [1, 2, 3], MERGE_DESC),
      pp(`${l}.zipObjectDeep`, `${l}.zipObjectDeep`, [0], PATH_DESC),
    ]),
    // lodash per-method packages (`lodash.set`, `lodash/merge` → `lodash.merge` above)
    pp('lodash.setwith', 'lodash.setwith', [1], PATH_DESC),
    pp('lodash.defaultsdeep', 'lodash.defaultsdeep', [1, 2], MERGE_DESC),
    pp('lodash.mergewith', 'lodash.mergewith', [1, 2], MERGE_DESC),
    pp('dot-prop.set', 'dot-prop.{set,setProperty}', [1], PATH_DESC),
    pp('object-path.set', 'object-path.{set,push,insert,ensureExists}', [1], PATH_DESC),
    pp('set-value', 'set-value', [1], PATH_DESC),
    pp('dset', 'dset.dset', [1], PATH_DESC),
    pp('deepmerge', 'deepmerge', [0, 1], MERGE_DESC),
    pp('deepmerge.all', 'deepmerge.all', [0], MERGE_DESC),
    pp('merge', 'merge.{recursive}', [1, 2], MERGE_DESC),
    pp('mixin-deep', 'mixin-deep', [1, 2, 3], MERGE_DESC),
    pp('deep-extend', 'deep-extend', [1, 2, 3], MERGE_DESC),
    pp('merge-deep', 'merge-deep', [1, 2, 3], MERGE_DESC),
    pp('defaults-deep', 'defaults-deep', [1, 2], MERGE_DESC),
    // Deep only as `$.extend(true, target, source…)`: sources from index 2 (a shallow extend's
    // second source is rare).
    pp('jquery.extend', '{$,jQuery,jquery}.extend', [2, 3], 'is deep-merged by jQuery.extend(true, …) (a `__proto__` key pollutes Object.prototype)'),
  ],
  // The merged object carries what was merged in: a plugin's `$.extend({}, DEFAULTS, options)` is
  // its caller's options (the sink above does not end the flow).
  propagators: [{ call: '{$,jQuery,jquery}.extend', from: [0, 1, 2, 3], to: 'return' }],
};
