import type { Resource } from '../../model/resource.js';

/**
 * Whether the author wrote an attribute. Plans carry every provider default as a value, so a
 * rule that only reports explicitly chosen values (`monitoring = false`, `mfa_configuration =
 * "OFF"`) asks the configuration lines instead; a plan without its configuration has none and
 * stays silent.
 */
export function written(r: Resource, path: string): boolean {
  if (r.source !== 'plan') return true;
  for (const key of r.lines.keys()) if (key === path || key.startsWith(`${path}.`)) return true;
  return false;
}
