import type { Store } from '../../store/db.js';
import type { JtiStore } from './oidc.js';

export interface DbJtiStoreOptions {
  now?: () => number;
  /** Expired rows are deleted at most this often (default 60 s), on the back of a seen() call. */
  pruneEveryMs?: number;
}

/**
 * Replay defence over `oidc_seen_jti`, shared by every server process on the same database: the
 * primary key (issuer, jti) makes the insert itself the check, so two servers racing with the same
 * token cannot both win. Rows live until the token could no longer verify (verifyCiToken passes
 * that time), then prune() removes them.
 */
export class DbJtiStore implements JtiStore {
  private readonly now: () => number;
  private readonly pruneEveryMs: number;
  private lastPrune = -Infinity;

  constructor(
    private readonly store: Store,
    opts: DbJtiStoreOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.pruneEveryMs = opts.pruneEveryMs ?? 60_000;
  }

  async seen(issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
    if (typeof issuer !== 'string' || typeof jti !== 'string' || issuer.length === 0 || jti.length === 0) {
      throw new TypeError('issuer and jti must be non-empty strings');
    }
    if (Number.isNaN(expiresAt.getTime())) throw new TypeError('expiresAt is not a valid date');
    const t = this.now();
    if (t - this.lastPrune >= this.pruneEveryMs) {
      this.lastPrune = t;
      await this.prune();
    }
    // A conflicting row that has expired (not yet pruned) belongs to a token that can no longer
    // verify, so treating it as a replay refuses nothing valid.
    const inserted = await this.store.db
      .insertInto('oidc_seen_jti')
      .values({ issuer, jti, expires_at: expiresAt.toISOString() })
      .onConflict((oc) => oc.columns(['issuer', 'jti']).doNothing())
      .returning('jti')
      .execute();
    return inserted.length === 0;
  }

  /** Deletes rows whose token has expired; returns how many. */
  async prune(): Promise<number> {
    const r = await this.store.db.deleteFrom('oidc_seen_jti').where('expires_at', '<=', new Date(this.now()).toISOString()).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
