import { createHash } from 'node:crypto';

/**
 * Stable identity of a finding: rule id + path + normalised content. For secrets the content is
 * a hash of the secret itself, so the fingerprint survives lines moving but changes with the value.
 */
export function fingerprint(ruleId: string, path: string, content: string): string {
  return createHash('sha256').update(ruleId).update('\0').update(path).update('\0').update(content).digest('hex').slice(0, 32);
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
