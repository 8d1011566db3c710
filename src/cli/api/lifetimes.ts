// Shared with the server's --user-token-ttl (core/lifetime.ts).
export { parseLifetime } from '../../core/lifetime.js';

/** Under this much time left, `rampart whoami` and `rampart login` warn that a token runs out. */
export const EXPIRY_WARNING_MS = 7 * 86_400_000;

/**
 * A token's expiry for people: `expires in 29 d (2026-12-28)`, `expires in 5 h (…)`, `expired 2 d
 * ago (…)` or `never expires`; `warn` when it has run out or runs out within EXPIRY_WARNING_MS.
 */
export function describeExpiry(expiresAt: string | null | undefined, now: number): { text: string; warn: boolean } {
  if (!expiresAt) return { text: 'never expires', warn: false };
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return { text: 'expiry unknown', warn: false };
  const day = new Date(at).toISOString().slice(0, 10);
  const left = at - now;
  const span = (ms: number) => (ms >= 86_400_000 ? `${Math.floor(ms / 86_400_000)} d` : ms >= 3_600_000 ? `${Math.floor(ms / 3_600_000)} h` : `${Math.max(1, Math.floor(ms / 60_000))} min`);
  if (left <= 0) return { text: `expired ${span(-left)} ago (${day})`, warn: true };
  return { text: `expires in ${span(left)} (${day})`, warn: left < EXPIRY_WARNING_MS };
}
