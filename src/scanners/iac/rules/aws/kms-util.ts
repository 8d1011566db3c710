import type { Resource } from '../../model/resource.js';
import type { Value } from '../../model/value.js';
import { isAbsent } from '../cloud/attr.js';

/**
 * An optional key/ARN attribute that configures nothing: absent, null or the empty string
 * (`kms_key_id = ""` is how modules often switch encryption off). Unknown is not unset.
 */
export const isUnset = (v: Value | undefined): boolean => isAbsent(v) || (typeof v === 'string' && v.trim() === '');

/** Where to report an unset attribute: its own line when written (as ""), else the block (null). */
export const whereSet = (r: Resource, attr: string): string | null => (isAbsent(r.attrs[attr]) ? null : attr);

/**
 * True unless the resource comes from a plan and the attribute was not written in its
 * configuration: plans spell out provider defaults (`include_global_resource_types = false`,
 * legacy `versioning { enabled = false }`), which rules that flag only explicit choices must not read.
 */
export const explicitIn = (r: Resource, path: string): boolean => r.source !== 'plan' || r.lines.has(path);
