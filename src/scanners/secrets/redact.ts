/** A few leading characters and the length: enough to recognise, never enough to use. */
export function redact(secret: string): string {
  const keep = secret.length >= 24 ? 4 : secret.length >= 12 ? 2 : 0;
  return `${secret.slice(0, keep)}…(${secret.length})`;
}
