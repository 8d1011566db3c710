/**
 * A process-wide counter of identity changes (tokens, users, service accounts, roles, role
 * bindings, projects, trust policies). Caches of what those tables say (auth.ts, app.ts) remember
 * the epoch they read at and throw away anything read before the latest change, so a revocation
 * made through this process takes effect on the very next request. Changes made elsewhere (another
 * process on the same database) are bounded by the caches' short TTL instead.
 */
let epoch = 0;

export function identityEpoch(): number {
  return epoch;
}

/** Call after an identity change has committed. */
export function identityChanged(): void {
  epoch++;
}
