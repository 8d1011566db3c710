import { EXIT_USAGE, RampartError } from '../../core/errors.js';

/**
 * The CLI side of the findings and gate APIs: `rampart scan --upload` and `rampart deploy check`.
 * Credentials come from `rampart login` (cli/login.ts loginFor) or RAMPART_TOKEN; the token is
 * sent only in the Authorization header and never appears in an error message.
 */

export const CLIENT_TIMEOUT_MS = 60_000;
const MAX_RESPONSE_CHARS = 4 * 1024 * 1024;

/** TLS failures that mean "this certificate's issuer is not trusted here" (a private CA, usually). */
const UNTRUSTED_CERT = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT']);

/**
 * Why a fetch to the server failed, for "cannot reach URL: <why>". fetch only says "fetch failed";
 * the reason is its cause (ECONNREFUSED, a certificate error). A certificate from a CA Node does not
 * know gets the way to trust it, since the CLI has no CA flag of its own.
 */
export function unreachableReason(e: unknown, timeoutMs = CLIENT_TIMEOUT_MS): string {
  if (!(e instanceof Error)) return String(e);
  if (e.name === 'TimeoutError') return `no answer in ${timeoutMs / 1000} s`;
  const cause = e.cause instanceof Error ? (e.cause as NodeJS.ErrnoException) : undefined;
  const why = cause ? cause.message || cause.code || e.message : e.message;
  if (cause?.code && UNTRUSTED_CERT.has(cause.code)) return `${why} (a private CA? point NODE_EXTRA_CA_CERTS at its PEM certificate)`;
  return why;
}

/**
 * The server answered with an error, or could not be reached: exit 2 with its message, whatever
 * the status. This is the one place the CLI maps server failures to an exit code (DESIGN's
 * contract: 2 = the input cannot be used): a refused (401/403) or missing (404) resource, a bad
 * request (400/409), a 5xx or no answer are all 2. Exit 1 stays for verdicts the command was asked
 * for (deploy check deny, audit verify tampering), so a pipeline can tell "the gate said no"
 * from "this token may not ask" (README "Exit codes").
 */
export class ServerError extends RampartError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message, EXIT_USAGE);
    this.name = 'ServerError';
  }
}

export interface ServerLogin {
  server: string;
  token: string;
}

/**
 * The server and token to use: the stored login for `server` (or the current one), else
 * `--server` with RAMPART_TOKEN. Expired CI logins are refused with the fix in the message.
 */
export async function resolveLogin(server?: string, opts: { configDir?: string; env?: NodeJS.ProcessEnv; now?: () => number } = {}): Promise<ServerLogin> {
  const { loginFor, normaliseServerUrl } = await import('../../cli/login.js');
  const env = opts.env ?? process.env;
  const saved = await loginFor(server, opts.configDir);
  if (saved) {
    if (saved.expiresAt && Date.parse(saved.expiresAt) <= (opts.now ?? Date.now)()) {
      // A CI job exchanges its id token again; a person's or a service account's lapsed token cannot
      // be renewed (the server refuses it), so logging in again with it would not help.
      if (saved.kind === 'ci') throw new RampartError('E_LOGIN_EXPIRED', `the login for ${saved.server} expired at ${saved.expiresAt}; run rampart login again`);
      throw new RampartError(
        'E_LOGIN_EXPIRED',
        `the token of the login for ${saved.server} expired at ${saved.expiresAt} and cannot be renewed: ask an admin for a new token (rampart tokens create), then rampart login --server ${saved.server} --token -`,
      );
    }
    return { server: saved.server, token: saved.token };
  }
  const token = env.RAMPART_TOKEN?.trim();
  if (server && token) return { server: normaliseServerUrl(server), token };
  throw new RampartError('E_NOT_LOGGED_IN', server ? `not logged in to ${normaliseServerUrl(server)}: run rampart login --server ${normaliseServerUrl(server)}, or set RAMPART_TOKEN` : 'not logged in: run rampart login --server URL, or pass --server with RAMPART_TOKEN set');
}

/** One JSON request; a non-2xx answer becomes a ServerError carrying the server's message. */
export async function callServer(serverUrl: string, token: string, method: string, path: string, body?: unknown): Promise<unknown> {
  let r: Response;
  try {
    r = await fetch(serverUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'error', // a redirect would carry the token somewhere we did not choose
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
  } catch (e) {
    throw new ServerError(0, 'E_SERVER_UNREACHABLE', `cannot reach ${serverUrl}: ${unreachableReason(e)}`);
  }
  const text = await r.text();
  if (text.length > MAX_RESPONSE_CHARS) throw new ServerError(r.status, 'E_SERVER_RESPONSE', `${serverUrl} sent an oversized response`);
  let json: unknown;
  try {
    json = text.length ? JSON.parse(text) : undefined;
  } catch {
    throw new ServerError(r.status, 'E_SERVER_RESPONSE', `${serverUrl} answered HTTP ${r.status} with a body that is not JSON`);
  }
  if (!r.ok) {
    const err = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const msg = typeof err?.message === 'string' ? err.message.slice(0, 1000) : `HTTP ${r.status}`;
    throw new ServerError(r.status, typeof err?.code === 'string' ? err.code : 'E_SERVER', `server: ${msg}`);
  }
  return json;
}

export interface UploadSummary {
  scanId: string;
  format: string;
  scanners: string[];
  findings: number;
  new: number;
  reintroduced: number;
  unchanged: number;
  fixed: number;
}

export interface UploadOptions {
  imageDigest?: string;
  /** Scanners that ran, when the report cannot say (foreign SARIF). */
  scanners?: string[];
}

/**
 * Uploads a scan for `rampart scan --upload`. `result` is a ScanResult (turned into the JSON
 * report), a Rampart JSON report or a SARIF log.
 */
export async function uploadScan(serverUrl: string, token: string, project: string, commit: string, result: unknown, opts: UploadOptions = {}): Promise<UploadSummary> {
  let report = result;
  const r = result as { schemaVersion?: unknown; version?: unknown } | null;
  if (r && typeof r === 'object' && r.schemaVersion === undefined && r.version !== '2.1.0') {
    const { toJsonReport } = await import('../../report/json.js');
    report = toJsonReport(result as Parameters<typeof toJsonReport>[0]);
  }
  const body = { commit, report, ...(opts.imageDigest ? { imageDigest: opts.imageDigest } : {}), ...(opts.scanners ? { scanners: opts.scanners } : {}) };
  return (await callServer(serverUrl, token, 'POST', `/api/v1/projects/${encodeURIComponent(project)}/scans`, body)) as UploadSummary;
}

export interface DeployCheck {
  id: string;
  decision: 'allow' | 'deny';
  reasons: { code: string; message: string }[];
}

export async function checkDeployment(serverUrl: string, token: string, q: { project: string; env: string; imageDigest: string; commit?: string }): Promise<DeployCheck> {
  const body = { project: q.project, env: q.env, imageDigest: q.imageDigest, ...(q.commit ? { commit: q.commit } : {}) };
  const r = (await callServer(serverUrl, token, 'POST', '/api/v1/deployments/check', body)) as DeployCheck;
  if (r?.decision !== 'allow' && r?.decision !== 'deny') throw new ServerError(200, 'E_SERVER_RESPONSE', 'the server answered without a decision');
  return r;
}
