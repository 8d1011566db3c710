import { createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { FetchImplementation, JWTPayload, RemoteJWKSet } from 'jose';
import { checkLiteralHost, getText, PrivateAddressError } from './issuer-address.js';
import type { Selectable } from 'kysely';
import { RampartError } from '../../core/errors.js';
import type { OidcTrustPoliciesTable } from '../../store/schema.js';

/**
 * CI OIDC federation: a CI job presents the id token its platform signed (GitHub Actions, GitLab,
 * any OIDC issuer with a JWKS); if a project's trust policy accepts it, the server issues a
 * short-lived Rampart token of the policy's role. This module only decides; routes issue tokens.
 *
 * Order matters for safety: the issuer is matched against configured policies BEFORE anything is
 * fetched (a token never makes the server contact a URL it names), the algorithm is pinned before
 * any key is looked up, and the replay store is written only after the signature, claims and a
 * policy all passed (so unauthenticated garbage cannot fill it).
 */

export const KNOWN_ISSUERS = {
  github: 'https://token.actions.githubusercontent.com',
  gitlab: 'https://gitlab.com',
} as const;

/** Asymmetric only: HS* would let anyone holding the (public) JWKS forge tokens; `none` is unsigned. */
export const ALLOWED_ALGORITHMS = ['RS256', 'ES256'] as const;

export const DEFAULT_TTL_SECONDS = 600;
export const MAX_TTL_SECONDS = 900;
export const MIN_TTL_SECONDS = 60;
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;
/** Skew above this would make exp/nbf meaningless. */
export const MAX_CLOCK_SKEW_SECONDS = 300;
/**
 * GitLab id tokens may live for the job timeout plus a margin, so a job can log in well after it
 * started; an hour covers normal jobs while bounding how long a leaked token stays usable.
 */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 3600;
const MAX_TOKEN_CHARS = 16 * 1024;
const MAX_DOCUMENT_BYTES = 256 * 1024;

/** Claims whose constraint pins a subject or repository; a policy needs at least one. */
const SUBJECT_KEYS = ['sub'];
const REPOSITORY_KEYS = ['repository', 'project_path'];
const ID_KEYS = ['repository_id', 'project_id'];
const CLAIM_NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const MAX_CONDITION_VALUES = 50;

export type Condition = string | number | boolean | readonly string[];

export interface TrustPolicy {
  id: string;
  name?: string;
  project: string;
  /** Exact issuer URL, e.g. KNOWN_ISSUERS.github or a self-hosted GitLab's URL. */
  issuer: string;
  audience: string;
  /**
   * Claim name -> required value. Strings may use `*` / `?` globs (see globMatch); numbers and
   * booleans compare as their string form (GitLab sends `ref_protected: "true"`); an array means
   * any one of its strings.
   */
  conditions: Record<string, Condition>;
  role: string;
  /** Lifetime of issued Rampart tokens; default 600, at most 900. */
  maxTtlSeconds?: number;
  disabled?: boolean;
}

/** Replay defence; the store keeps (issuer, jti) until expiresAt. */
export interface JtiStore {
  /** Records the jti; resolves true when it had already been seen (a replay). */
  seen(issuer: string, jti: string, expiresAt: Date): Promise<boolean>;
}

export interface VerifyOptions {
  jtiStore: JtiStore;
  /** Shared across requests so JWKS stay cached; one is made per call when absent. */
  keys?: IssuerKeys;
  clockSkewSeconds?: number;
  maxTokenAgeSeconds?: number;
  /** For tests. */
  now?: () => Date;
  /** Accept http:// issuers and JWKS on loopback hosts (tests only). */
  allowInsecureLoopback?: boolean;
}

export interface VerifiedCiToken {
  policy: TrustPolicy;
  claims: JWTPayload;
  /** Lifetime for the Rampart token to issue. */
  ttlSeconds: number;
}

export type OidcErrorCode =
  | 'E_OIDC_MALFORMED'
  | 'E_OIDC_ALGORITHM'
  | 'E_OIDC_UNTRUSTED_ISSUER'
  | 'E_OIDC_DISCOVERY'
  | 'E_OIDC_UNKNOWN_KEY'
  | 'E_OIDC_SIGNATURE'
  | 'E_OIDC_EXPIRED'
  | 'E_OIDC_NOT_YET_VALID'
  | 'E_OIDC_ISSUED_AT'
  | 'E_OIDC_AUDIENCE'
  | 'E_OIDC_CLAIMS'
  | 'E_OIDC_REPLAY'
  | 'E_OIDC_POLICY'
  | 'E_OIDC_POLICY_DISABLED';

/**
 * A refused token. `message` is safe to return to the caller; `detail` (which policies failed on
 * which claims) belongs in the audit log, not the response, so callers cannot probe policies.
 */
export class OidcError extends RampartError {
  readonly status: number;
  constructor(
    code: OidcErrorCode,
    message: string,
    readonly detail: string[] = [],
  ) {
    super(code, message);
    this.name = 'OidcError';
    this.status = code === 'E_OIDC_DISCOVERY' ? 503 : 401;
  }
}

// ---------------------------------------------------------------------------------------------
// Globs

const MAX_GLOB_PATTERN = 512;
const MAX_GLOB_VALUE = 4096;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

function literalPrefix(pattern: string): string {
  let i = 0;
  while (i < pattern.length && pattern[i] !== '*' && pattern[i] !== '?') i++;
  return pattern.slice(0, i);
}

/**
 * `*` matches any run of characters (including `/` and `:`), `?` exactly one, the rest is
 * literal; the whole value must match, case-sensitively. No regex is built from the pattern:
 * this iterative matcher keeps one resume point (the last `*`) and costs O(pattern × value) at
 * worst, bounded by the length caps, so no pattern can make it hang.
 */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern.length > MAX_GLOB_PATTERN || value.length > MAX_GLOB_VALUE) return false;
  let p = 0;
  let v = 0;
  let starP = -1; // pattern index just after the last `*`
  let starV = 0; // how far into the value that `*` currently reaches
  while (v < value.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = ++p;
      starV = v;
    } else if (pc !== undefined && (pc === '?' || pc === value[v])) {
      p++;
      v++;
    } else if (starP >= 0) {
      p = starP;
      v = ++starV;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

// ---------------------------------------------------------------------------------------------
// Trust policies

function issuerProblem(issuer: unknown, allowInsecureLoopback: boolean, allowPrivateAddresses: boolean): string | null {
  if (typeof issuer !== 'string' || issuer.length === 0 || issuer.length > 512) return 'issuer: an https URL';
  let u: URL;
  try {
    u = new URL(issuer);
  } catch {
    return `issuer: "${issuer}" is not a URL`;
  }
  if (u.username || u.password || u.search || u.hash) return 'issuer: no credentials, query or fragment';
  if (u.protocol === 'http:' && allowInsecureLoopback && isLoopback(u.hostname)) return null;
  if (u.protocol === 'https:') {
    // A literal private IP is refused when the policy is made, not first at an exchange (a name is
    // checked after DNS resolution at each fetch: issuer-address.ts).
    if (!allowPrivateAddresses && !allowInsecureLoopback) {
      try {
        checkLiteralHost(u.hostname);
      } catch (e) {
        if (e instanceof PrivateAddressError) return `issuer: ${e.message}`;
        throw e;
      }
    }
    return null;
  }
  return `issuer: "${issuer}" must use https`;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '[::1]' || host === 'localhost';
}

/**
 * A wildcard subject/repository pattern only counts as a constraint when an owner is spelled
 * out before the first wildcard (`repo:my-org/*`, `my-group/*`); `*`, `repo:*` or
 * `*:ref:refs/heads/main` would trust every repository on a shared issuer like GitHub's.
 */
function pinsOwner(pattern: string): boolean {
  if (!hasWildcard(pattern)) return pattern.length > 0;
  const prefix = literalPrefix(pattern);
  const slash = prefix.indexOf('/');
  if (slash <= 0) return false;
  const owner = prefix.slice(prefix.lastIndexOf(':', slash) + 1, slash);
  return owner.length > 0;
}

function conditionValues(c: Condition): string[] | null {
  if (typeof c === 'string') return [c];
  if (typeof c === 'number' && Number.isFinite(c)) return [String(c)];
  if (typeof c === 'boolean') return [String(c)];
  if (Array.isArray(c) && c.length > 0 && c.length <= MAX_CONDITION_VALUES && c.every((x) => typeof x === 'string')) return [...c];
  return null;
}

/**
 * Things about a valid trust policy its author should know (returned with the created policy).
 * The audience is compared exactly as configured, never normalised (it is a security boundary:
 * "https://x/" and "https://x" are different audiences to every verifier), so an audience with a
 * trailing slash only admits jobs that request it with that slash, which `rampart login --oidc`
 * (the server URL, no trailing slash) and most CI setups do not.
 */
export function trustPolicyWarnings(p: Pick<TrustPolicy, 'audience'>): string[] {
  const w: string[] = [];
  if (typeof p.audience === 'string' && p.audience.endsWith('/')) {
    let bare = p.audience;
    while (bare.endsWith('/')) bare = bare.slice(0, -1);
    w.push(
      `audience "${p.audience}" ends with a slash and is matched exactly: only id tokens whose aud is exactly that are accepted; rampart login --oidc asks for the server URL without a trailing slash ("${bare}") unless given --audience`,
    );
  }
  return w;
}

/**
 * Problems with a trust policy (empty = valid). Refuses, among others, a policy that does not
 * constrain the subject or repository: audience alone would let any job on a shared issuer in.
 */
export function validateTrustPolicy(p: TrustPolicy, opts: { allowInsecureLoopback?: boolean; allowPrivateAddresses?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (p === null || typeof p !== 'object') return ['policy: an object'];
  if (typeof p.id !== 'string' || p.id.length === 0) problems.push('id: required');
  if (typeof p.project !== 'string' || p.project.length === 0) problems.push('project: required');
  if (typeof p.role !== 'string' || p.role.length === 0) problems.push('role: required');
  const ip = issuerProblem(p.issuer, opts.allowInsecureLoopback ?? false, opts.allowPrivateAddresses ?? false);
  if (ip) problems.push(ip);
  // GitHub's and gitlab.com's tokens name their issuer without a trailing slash and the match is
  // exact: with one, the policy would trust no job, and each would hear "untrusted issuer".
  if (!ip && typeof p.issuer === 'string' && p.issuer.endsWith('/')) {
    let bare = p.issuer;
    while (bare.endsWith('/')) bare = bare.slice(0, -1);
    if ((Object.values(KNOWN_ISSUERS) as string[]).includes(bare)) problems.push(`issuer: its tokens name "${bare}", without a trailing slash, and the issuer must match exactly`);
  }
  if (typeof p.audience !== 'string' || p.audience.length === 0 || p.audience.length > 512 || hasWildcard(p.audience)) {
    problems.push('audience: a literal value (no wildcards)');
  }
  if (p.maxTtlSeconds !== undefined) {
    const t = p.maxTtlSeconds;
    if (!Number.isInteger(t) || t < MIN_TTL_SECONDS || t > MAX_TTL_SECONDS) {
      problems.push(`maxTtlSeconds: an integer from ${MIN_TTL_SECONDS} to ${MAX_TTL_SECONDS}`);
    }
  }
  const conditions = p.conditions;
  if (conditions === null || typeof conditions !== 'object' || Array.isArray(conditions)) {
    problems.push('conditions: an object of claim -> value');
    return problems;
  }
  let pinned = false;
  for (const [claim, c] of Object.entries(conditions)) {
    if (!CLAIM_NAME_RE.test(claim)) {
      problems.push(`conditions.${claim}: not a claim name`);
      continue;
    }
    const values = conditionValues(c);
    if (values === null) {
      problems.push(`conditions.${claim}: a string, number, boolean or non-empty list of strings`);
      continue;
    }
    if (values.some((v) => v.length === 0 || v.length > MAX_GLOB_PATTERN)) {
      problems.push(`conditions.${claim}: values must be 1 to ${MAX_GLOB_PATTERN} characters`);
      continue;
    }
    if (SUBJECT_KEYS.includes(claim) || REPOSITORY_KEYS.includes(claim)) {
      if (values.every(pinsOwner)) pinned = true;
      else problems.push(`conditions.${claim}: a wildcard must come after a literal owner (e.g. "${claim === 'sub' ? 'repo:my-org/*' : 'my-org/*'}")`);
    } else if (ID_KEYS.includes(claim)) {
      if (values.every((v) => !hasWildcard(v))) pinned = true;
      else problems.push(`conditions.${claim}: ids must match exactly (no wildcards)`);
    }
  }
  if (!pinned) {
    problems.push(`conditions: must constrain the subject or repository (one of ${[...SUBJECT_KEYS, ...REPOSITORY_KEYS, ...ID_KEYS].join(', ')})`);
  }
  return problems;
}

/**
 * A stored oidc_trust_policies row as a TrustPolicy. Unparsable conditions become an invalid
 * (non-object) value, so validateTrustPolicy refuses the policy instead of trusting it.
 */
export function trustPolicyFromRow(row: Selectable<OidcTrustPoliciesTable>): TrustPolicy {
  let conditions: TrustPolicy['conditions'];
  try {
    conditions = JSON.parse(row.conditions) as TrustPolicy['conditions'];
  } catch {
    conditions = null as unknown as TrustPolicy['conditions'];
  }
  return {
    id: row.id,
    name: row.name,
    project: row.project_id,
    issuer: row.issuer,
    audience: row.audience,
    conditions,
    role: row.role_id,
    maxTtlSeconds: row.max_ttl_s,
    disabled: row.disabled_at !== null,
  };
}

/** Which conditions of a policy the claims fail (empty = all hold). */
export function failedConditions(policy: TrustPolicy, claims: JWTPayload): string[] {
  const failed: string[] = [];
  for (const [claim, c] of Object.entries(policy.conditions)) {
    const want = conditionValues(c);
    const raw = claims[claim];
    const have = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : null;
    if (want === null || have === null || !want.some((w) => globMatch(w, have))) failed.push(claim);
  }
  return failed;
}

/** Lifetime of the Rampart token issued under a policy: default 10 min, never above 15. */
export function ttlFor(policy: TrustPolicy): number {
  const t = policy.maxTtlSeconds ?? DEFAULT_TTL_SECONDS;
  return Math.max(MIN_TTL_SECONDS, Math.min(MAX_TTL_SECONDS, Math.floor(t)));
}

// ---------------------------------------------------------------------------------------------
// Keys: discovery document -> jwks_uri -> jose remote JWKS (cached, refetch cooldown)

export interface IssuerKeysOptions {
  /** Minimum time between JWKS refetches triggered by an unknown kid. Default 30 s. */
  cooldownMs?: number;
  /** Keys older than this are refetched. Default 10 min. */
  cacheMaxAgeMs?: number;
  /** How long a discovery document (jwks_uri) is reused. Default 1 h. */
  discoveryMaxAgeMs?: number;
  /** Per-request timeout for discovery and JWKS fetches. Default 5 s. */
  timeoutMs?: number;
  allowInsecureLoopback?: boolean;
  /**
   * Fetch from issuers on loopback, link-local and private addresses too (`rampart server
   * --oidc-allow-private-issuers`; implied by allowInsecureLoopback). Off: refused after DNS
   * resolution, at connect time (issuer-address.ts, review L2).
   */
  allowPrivateAddresses?: boolean;
}

interface IssuerEntry {
  jwks: RemoteJWKSet;
  discoveredAt: number;
}

/** Per-issuer key resolvers, shared by all requests of a server. */
export class IssuerKeys {
  private readonly entries = new Map<string, IssuerEntry>();
  private readonly pending = new Map<string, Promise<IssuerEntry>>();
  /** Last discovery failure per issuer: repeated within the cooldown without refetching. */
  private readonly failures = new Map<string, { error: OidcError; at: number }>();
  readonly opts: Required<IssuerKeysOptions>;

  constructor(opts: IssuerKeysOptions = {}) {
    this.opts = {
      cooldownMs: opts.cooldownMs ?? 30_000,
      cacheMaxAgeMs: opts.cacheMaxAgeMs ?? 600_000,
      discoveryMaxAgeMs: opts.discoveryMaxAgeMs ?? 3_600_000,
      timeoutMs: opts.timeoutMs ?? 5_000,
      allowInsecureLoopback: opts.allowInsecureLoopback ?? false,
      allowPrivateAddresses: opts.allowPrivateAddresses ?? false,
    };
  }

  /** Whether issuers on private addresses may be fetched (tests on loopback imply it). */
  private get allowPrivate(): boolean {
    return this.opts.allowPrivateAddresses || this.opts.allowInsecureLoopback;
  }

  /** The key resolver for an issuer a policy names (never one a token merely claims). */
  async resolver(issuer: string): Promise<RemoteJWKSet> {
    const e = this.entries.get(issuer);
    if (e && Date.now() - e.discoveredAt < this.opts.discoveryMaxAgeMs) return e.jwks;
    // A broken or unreachable issuer is not asked again on every login attempt.
    const failed = this.failures.get(issuer);
    if (failed && Date.now() - failed.at < this.opts.cooldownMs) throw failed.error;
    let p = this.pending.get(issuer);
    if (!p) {
      p = this.discover(issuer)
        .then(
          (entry) => {
            this.failures.delete(issuer);
            this.entries.set(issuer, entry);
            return entry;
          },
          (err: unknown) => {
            const error = err instanceof OidcError ? err : new OidcError('E_OIDC_DISCOVERY', 'could not read the issuer\'s OpenID configuration');
            this.failures.set(issuer, { error, at: Date.now() });
            throw error;
          },
        )
        .finally(() => this.pending.delete(issuer));
      this.pending.set(issuer, p);
    }
    return (await p).jwks;
  }

  private async discover(issuer: string): Promise<IssuerEntry> {
    let base = issuer;
    while (base.endsWith('/')) base = base.slice(0, -1);
    const url = `${base}/.well-known/openid-configuration`;
    let doc: unknown;
    try {
      doc = JSON.parse(await fetchCapped(url, this.opts.timeoutMs, 'application/json', this.allowPrivate));
    } catch (err) {
      throw new OidcError('E_OIDC_DISCOVERY', 'could not read the issuer\'s OpenID configuration', [`${url}: ${(err as Error).message}`]);
    }
    const d = doc as { issuer?: unknown; jwks_uri?: unknown } | null;
    // OpenID Connect Discovery 1.0 §4.3: the document's issuer must equal the one it was fetched for.
    if (d === null || typeof d !== 'object' || d.issuer !== issuer) {
      throw new OidcError('E_OIDC_DISCOVERY', 'the issuer\'s OpenID configuration names another issuer', [url]);
    }
    const problem = issuerProblem(d.jwks_uri, this.opts.allowInsecureLoopback, this.allowPrivate);
    if (typeof d.jwks_uri !== 'string' || problem) {
      throw new OidcError('E_OIDC_DISCOVERY', 'the issuer\'s OpenID configuration has no usable jwks_uri', [url]);
    }
    const jwks = createRemoteJWKSet(new URL(d.jwks_uri), {
      cooldownDuration: this.opts.cooldownMs,
      cacheMaxAge: this.opts.cacheMaxAgeMs,
      timeoutDuration: this.opts.timeoutMs,
      [customFetch]: cappedFetch(this.allowPrivate),
    });
    return { jwks, discoveredAt: Date.now() };
  }
}

/** GET with a timeout, no redirects, a body size cap and the address check (issuer-address.ts); returns the body text. */
async function fetchCapped(url: string, timeoutMs: number, accept: string, allowPrivate: boolean): Promise<string> {
  const r = await getText(url, { timeoutMs, maxBytes: MAX_DOCUMENT_BYTES, allowPrivate, headers: { accept } });
  if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
  return r.text;
}

/** jose's fetch hook: the same GET, size-capped before jose parses it, and only to addresses the server may reach. */
function cappedFetch(allowPrivate: boolean): FetchImplementation {
  return async (url, options) => {
    const headers: Record<string, string> = {};
    new Headers(options.headers).forEach((v, k) => (headers[k] = v));
    const r = await getText(url, { timeoutMs: 60_000, maxBytes: MAX_DOCUMENT_BYTES, allowPrivate, headers, signal: options.signal });
    return new Response(r.text, { status: r.status, headers: { 'content-type': 'application/json' } });
  };
}

// ---------------------------------------------------------------------------------------------
// Verification

/**
 * Verifies a CI id token against the trust policies that could apply (typically every enabled
 * policy of the project the job names) and returns the first policy it satisfies. Throws
 * OidcError on any failure.
 */
export async function verifyCiToken(token: string, policyCandidates: readonly TrustPolicy[], opts: VerifyOptions): Promise<VerifiedCiToken> {
  const now = opts.now ?? (() => new Date());
  const skew = Math.min(Math.max(opts.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS, 0), MAX_CLOCK_SKEW_SECONDS);
  const maxAge = opts.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS;
  const insecure = opts.allowInsecureLoopback ?? false;
  const keys = opts.keys ?? new IssuerKeys({ allowInsecureLoopback: insecure });

  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_CHARS || token.split('.').length !== 3) {
    throw new OidcError('E_OIDC_MALFORMED', 'not a signed JWT');
  }
  let alg: unknown;
  let unverified: JWTPayload;
  try {
    alg = decodeProtectedHeader(token).alg;
    unverified = decodeJwt(token);
  } catch {
    throw new OidcError('E_OIDC_MALFORMED', 'not a signed JWT');
  }
  if (typeof alg !== 'string' || !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) {
    throw new OidcError('E_OIDC_ALGORITHM', `algorithm not allowed (use ${ALLOWED_ALGORITHMS.join(' or ')})`, [`alg=${String(alg)}`]);
  }

  // Exact issuer match against valid policies, before any network access. Disabled ones stay
  // candidates (enabled ones first), so a job that only a disabled policy matches is told so,
  // and only once its token has verified: an unverified caller learns nothing about policies.
  const iss = unverified.iss;
  const skipped: string[] = [];
  const candidates = policyCandidates.filter((p) => {
    if (p.issuer !== iss) return false;
    // Private addresses are refused by the fetch itself (issuer-address.ts), with the server's setting.
    const problems = validateTrustPolicy(p, { allowInsecureLoopback: insecure, allowPrivateAddresses: true });
    if (problems.length > 0) skipped.push(`policy ${p.id} is invalid: ${problems.join('; ')}`);
    return problems.length === 0;
  });
  candidates.sort((a, b) => Number(a.disabled === true) - Number(b.disabled === true));
  if (typeof iss !== 'string' || candidates.length === 0) {
    // Candidates are the asked project's policies for the asked role: say so, or a job that named
    // the wrong role is told its (trusted) issuer is the problem.
    throw new OidcError('E_OIDC_UNTRUSTED_ISSUER', 'no trust policy of this project for this role accepts tokens from this issuer', skipped);
  }

  const jwks = await keys.resolver(iss);
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, jwks, {
      algorithms: [...ALLOWED_ALGORITHMS],
      issuer: iss,
      audience: [...new Set(candidates.map((p) => p.audience))],
      clockTolerance: skew,
      maxTokenAge: maxAge,
      currentDate: now(),
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
    }));
  } catch (err) {
    throw mapJoseError(err);
  }

  const failures: string[] = [...skipped];
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  let chosen: TrustPolicy | undefined;
  for (const p of candidates) {
    if (!aud.includes(p.audience)) {
      failures.push(`policy ${p.id}: audience`);
      continue;
    }
    const failed = failedConditions(p, claims);
    if (failed.length === 0) {
      chosen = p;
      break;
    }
    failures.push(`policy ${p.id}: ${failed.join(', ')}`);
  }
  if (!chosen) throw new OidcError('E_OIDC_CLAIMS', 'the token\'s claims satisfy no trust policy', failures);
  // Enabled policies sort first: reaching a disabled one means no enabled policy matched. The
  // jti is not recorded, so the same job can retry once the policy is enabled again.
  if (chosen.disabled) {
    throw new OidcError('E_OIDC_POLICY_DISABLED', `the trust policy that matches this token (${chosen.name ?? chosen.id}) is disabled`, [...failures, `policy ${chosen.id}: disabled`]);
  }

  const jti = claims.jti;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) throw new OidcError('E_OIDC_MALFORMED', 'token has no usable jti');
  // Keep the jti until the token could no longer pass the exp or max-age check, whichever is first.
  const expiresAt = new Date((Math.min(claims.exp!, claims.iat! + maxAge) + skew) * 1000);
  if (await opts.jtiStore.seen(iss, jti, expiresAt)) {
    throw new OidcError('E_OIDC_REPLAY', 'token was already used', [`jti ${jti}`]);
  }
  return { policy: chosen, claims, ttlSeconds: ttlFor(chosen) };
}

function mapJoseError(err: unknown): OidcError {
  if (err instanceof OidcError) return err;
  if (err instanceof joseErrors.JWTExpired) {
    return new OidcError('E_OIDC_EXPIRED', err.claim === 'iat' ? 'token is older than the maximum token age' : 'token has expired');
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    const claim = err.claim;
    if (claim === 'nbf') return new OidcError('E_OIDC_NOT_YET_VALID', 'token is not valid yet');
    if (claim === 'iat') return new OidcError('E_OIDC_ISSUED_AT', 'token was issued in the future', [err.message]);
    if (claim === 'aud') return new OidcError('E_OIDC_AUDIENCE', 'token is for another audience');
    if (claim === 'iss') return new OidcError('E_OIDC_UNTRUSTED_ISSUER', 'token is from another issuer');
    return new OidcError('E_OIDC_MALFORMED', 'token lacks a required claim', [err.message]);
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return new OidcError('E_OIDC_ALGORITHM', 'algorithm not allowed');
  if (err instanceof joseErrors.JWKSNoMatchingKey) return new OidcError('E_OIDC_UNKNOWN_KEY', 'token is signed with an unknown key');
  if (err instanceof joseErrors.JWKSMultipleMatchingKeys) return new OidcError('E_OIDC_UNKNOWN_KEY', 'token names no unique key (kid)');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new OidcError('E_OIDC_SIGNATURE', 'signature verification failed');
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) {
    return new OidcError('E_OIDC_DISCOVERY', 'could not fetch the issuer\'s keys', [(err as Error).message]);
  }
  if (err instanceof joseErrors.JOSEError) return new OidcError('E_OIDC_MALFORMED', 'token could not be verified', [err.message]);
  // Network errors from fetching the JWKS.
  return new OidcError('E_OIDC_DISCOVERY', 'could not fetch the issuer\'s keys', [(err as Error)?.message ?? String(err)]);
}

/** An in-process JtiStore (single server, tests); the store-backed one lives with the routes. */
export class MemoryJtiStore implements JtiStore {
  private readonly seenUntil = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}

  private lastPrune = -Infinity;

  async seen(issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
    const t = this.now();
    if (t - this.lastPrune >= 1000) {
      this.lastPrune = t;
      for (const [k, until] of this.seenUntil) if (until <= t) this.seenUntil.delete(k);
    }
    // JSON keeps (issuer, jti) pairs distinct whatever characters they contain.
    const key = JSON.stringify([issuer, jti]);
    const until = this.seenUntil.get(key);
    if (until !== undefined && until > t) return true;
    this.seenUntil.set(key, expiresAt.getTime());
    return false;
  }

  get size(): number {
    return this.seenUntil.size;
  }
}
