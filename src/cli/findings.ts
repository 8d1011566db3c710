import type { Command } from 'commander';
import { RampartError, UsageError } from '../core/errors.js';
import { SEVERITIES } from '../core/severity.js';
import { api, getIfReadable, projectOption, seg, serverOptions, type ServerFlags } from './api/client.js';
import { cut, emit, note, table, when } from './api/output.js';

export interface TrackedFinding {
  fingerprint: string;
  ruleId: string;
  scanner: string;
  severity: string;
  state: 'open' | 'fixed' | 'reintroduced';
  firstSeen: string;
  lastSeen: string;
  fixedAt: string | null;
  reintroducedAt: string | null;
  title?: string;
  message?: string;
  location?: { path?: unknown; startLine?: unknown };
  /** Servers since issue 7's waived field: an active waiver covers it (and which, till when). */
  waived?: boolean;
  waiver?: { id: string; expiresAt: string };
}

/** What of a waiver decides whether it covers a finding. */
export interface ActiveWaiver {
  fingerprint: string | null;
  ruleId: string | null;
}

interface ListFlags extends ServerFlags {
  project: string;
  state?: string;
  scanner?: string;
  severity?: string;
  severityMin?: string;
  limit?: string;
  offset?: string;
  waived?: boolean;
}

const STATES = ['open', 'fixed', 'reintroduced'];

/**
 * `rampart findings list --project P`: the project's findings as the server tracks them across
 * uploaded scans (first seen, fixed, reintroduced), with whether an active waiver covers each
 * (the server's `waived`, with the waiver's expiry). Needs findings:read. Against an older server
 * without that field the WAIVED column comes from the waivers list (waivers:read; `?` without it),
 * and --waived/--no-waived are refused (exit 2): that server ignores the filter.
 */
export function registerFindings(program: Command, setCode: (c: number) => void): void {
  const findings = program.command('findings').description("the server's tracked findings of a project (from rampart scan --upload)");

  serverOptions(projectOption(findings.command('list').description("the project's findings, most recently seen first")))
    .option('--state <state>', `only ${STATES.join(', ')} (reintroduced: fixed once, open again)`)
    .option('--scanner <name>', 'only this scanner (secrets, deps, iac, pipelines, sast, image)')
    .option('--severity <level>', `only this severity (${SEVERITIES.join(', ')})`)
    .option('--severity-min <level>', 'this severity and the ones above it')
    .option('--limit <n>', 'at most this many (1-1000)', '100')
    .option('--offset <n>', 'skip this many (the next page: what the previous one said)', '0')
    .option('--waived', 'only findings an active waiver covers')
    .option('--no-waived', 'only findings no active waiver covers')
    .action(async (o: ListFlags) => {
      if (o.state !== undefined && !STATES.includes(o.state)) throw new UsageError(`--state: one of ${STATES.join(', ')}`);
      for (const [flag, v] of [['--severity', o.severity], ['--severity-min', o.severityMin]] as const) {
        if (v !== undefined && !(SEVERITIES as readonly string[]).includes(v)) throw new UsageError(`${flag}: one of ${SEVERITIES.join(', ')}`);
      }
      const limit = count(o.limit ?? '100', '--limit', 1, 1000);
      const offset = count(o.offset ?? '0', '--offset', 0, 10_000_000);
      const q = new URLSearchParams();
      if (o.state) q.set('state', o.state);
      if (o.scanner) q.set('scanner', o.scanner);
      if (o.severity) q.set('severity', o.severity);
      if (o.severityMin) q.set('severityMin', o.severityMin);
      if (o.waived !== undefined) q.set('waived', String(o.waived));
      q.set('limit', String(limit));
      if (offset > 0) q.set('offset', String(offset));
      const c = await api(o);
      const base = `/api/v1/projects/${seg(o.project)}`;
      const page = (await c.call('GET', `${base}/findings?${q}`)) as { findings: TrackedFinding[]; nextOffset: number | null };
      // Older servers send no `waived`: then the active waivers, as far as the caller may read them.
      const fromServer = page.findings.every((f) => typeof f.waived === 'boolean');
      // Such a server also drops the unknown waived= filter and answers every finding: refuse rather
      // than show them as if filtered (the page and its offsets are the server's, so no client filter).
      if (o.waived !== undefined && !fromServer) {
        throw new RampartError('E_SERVER_TOO_OLD', `--${o.waived ? '' : 'no-'}waived: the server at ${c.server} does not report waivers on findings; upgrade it, or list without --waived/--no-waived`);
      }
      const waivers = fromServer ? [] : await getIfReadable(c, `${base}/waivers?status=active`);
      emit(o, page, () => findingsTable(page.findings, waivers === undefined ? undefined : (waivers as { waivers: ActiveWaiver[] }).waivers));
      if (page.nextOffset !== null) note(o, `more findings: add --offset ${page.nextOffset}`);
      setCode(0);
    });
}

/** A whole number flag within bounds. */
function count(v: string, flag: string, min: number, max: number): number {
  const n = /^[0-9]{1,9}$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${flag}: a whole number from ${min} to ${max}`);
  return n;
}

/** The findings table; `waivers` undefined when the caller may not read them (WAIVED shows `?`). */
export function findingsTable(list: readonly TrackedFinding[], waivers: readonly ActiveWaiver[] | undefined): string {
  const waived = (f: TrackedFinding) =>
    typeof f.waived === 'boolean'
      ? f.waived ? `until ${when(f.waiver?.expiresAt).slice(0, 10)}` : '-'
      : waivers === undefined ? '?' : waivers.some((w) => w.fingerprint === f.fingerprint || w.ruleId === f.ruleId) ? 'yes' : '-';
  return table(
    ['SEVERITY', 'STATE', 'SCANNER', 'RULE', 'FIRST SEEN', 'FIXED', 'REINTRODUCED', 'WAIVED', 'FINGERPRINT', 'WHERE / WHAT'],
    list.map((f) => [f.severity, f.state, f.scanner, f.ruleId, when(f.firstSeen), when(f.fixedAt), when(f.reintroducedAt), waived(f), f.fingerprint, cut(whereWhat(f))]),
    'no findings',
  );
}

/** `path:line title` from what the scan stored (either part may be missing). */
function whereWhat(f: TrackedFinding): string {
  const l = f.location;
  const where = l && typeof l.path === 'string' ? (typeof l.startLine === 'number' && l.startLine > 0 ? `${l.path}:${l.startLine}` : l.path) : '';
  const what = f.title ?? f.message ?? '';
  return [where, what].filter(Boolean).join(' ') || '-';
}
