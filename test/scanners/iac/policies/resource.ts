import type { Resource } from '../../../../src/scanners/iac/model/resource.js';
import type { Value } from '../../../../src/scanners/iac/model/value.js';

/** A model resource built by hand, for tests of code that reads the model. */
export function resource(type: string, name: string, attrs: { [k: string]: Value }, refs: Record<string, string[]> = {}, lines: Record<string, number> = {}): Resource {
  return {
    type,
    name,
    address: `${type}.${name}`,
    source: 'terraform',
    file: 'main.tf',
    line: 1,
    endLine: 20,
    attrs,
    lines: new Map(Object.entries(lines)),
    refs: new Map(Object.entries(refs)),
  };
}
