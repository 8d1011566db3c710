import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { api, projectOption, seg, serverOptions, type ServerFlags } from './api/client.js';
import { parseLifetime } from './api/lifetimes.js';
import { emit, fields, note, table, when } from './api/output.js';
import { principalLabel } from './printable.js';

interface Waiver {
  id: string;
  fingerprint: string | null;
  ruleId: string | null;
  reason: string;
  expiresAt: string;
  status: 'pending' | 'active' | 'expired' | 'revoked';
  requestedBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
  createdAt: string;
  requestedByName?: string | null;
  approvedByName?: string | null;
}

interface WaiverFlags extends ServerFlags {
  project: string;
}

const STATUSES = ['pending', 'active', 'expired', 'revoked'];

/**
 * `rampart waivers request|approve|revoke|list --project P`: accepted risks the deployment gate
 * excuses. A request names one finding (--fingerprint) or a whole rule (--rule), a reason and an
 * expiry (at most 366 days); it applies once a person other than the requester approves it
 * (waivers:approve; the server refuses self-approval and says who may approve instead).
 */
export function registerWaivers(program: Command, setCode: (c: number) => void): void {
  const waivers = program.command('waivers').description('request, approve, revoke and list waivers of findings for the deployment gate');

  serverOptions(projectOption(waivers.command('request').description('ask for a waiver; it applies once someone else approves it')))
    .option('--fingerprint <fp>', 'one finding, by the fingerprint its report shows')
    .option('--rule <id>', 'every finding of one rule, e.g. deps/GHSA-xxxx-xxxx-xxxx')
    .requiredOption('--reason <text>', 'why the risk is accepted (at least 10 characters)')
    .requiredOption('--expires <when>', 'when it stops excusing: a lifetime (30d, 12h) or a date-time (2026-12-31T00:00:00Z); at most 366 days')
    .action(async (o: WaiverFlags & { fingerprint?: string; rule?: string; reason: string; expires: string }) => {
      if ((o.fingerprint === undefined) === (o.rule === undefined)) throw new UsageError('give exactly one of --fingerprint or --rule');
      const expiresAt = expiryOf(o.expires);
      const c = await api(o);
      const body = { reason: o.reason, expiresAt, ...(o.fingerprint !== undefined ? { fingerprint: o.fingerprint } : { ruleId: o.rule }) };
      const w = (await c.call('POST', `/api/v1/projects/${seg(o.project)}/waivers`, body)) as Waiver;
      emit(o, w, () => formatWaiver(w));
      note(o, `waiver ${w.id} is pending: another person with waivers:approve runs rampart waivers approve ${w.id} --project ${o.project}`);
      setCode(0);
    });

  for (const [verb, what] of [
    ['approve', 'approve a pending waiver (not your own; needs waivers:approve)'],
    ['revoke', 'revoke a pending or active waiver; it stops excusing findings at once'],
  ] as const) {
    serverOptions(projectOption(waivers.command(verb).description(what).argument('<id>', 'the waiver id (waivers list)'))).action(async (id: string, o: WaiverFlags) => {
      const c = await api(o);
      const w = (await c.call('POST', `/api/v1/projects/${seg(o.project)}/waivers/${seg(id)}/${verb}`)) as Waiver;
      emit(o, w, () => formatWaiver(w));
      setCode(0);
    });
  }

  serverOptions(projectOption(waivers.command('list').description("the project's waivers, newest first")))
    .option('--status <status>', `only ${STATUSES.join(', ')}`)
    .action(async (o: WaiverFlags & { status?: string }) => {
      if (o.status !== undefined && !STATUSES.includes(o.status)) throw new UsageError(`--status: one of ${STATUSES.join(', ')}`);
      const c = await api(o);
      const q = o.status ? `?status=${o.status}` : '';
      const list = ((await c.call('GET', `/api/v1/projects/${seg(o.project)}/waivers${q}`)) as { waivers: Waiver[] }).waivers;
      emit(o, list, () =>
        table(
          ['ID', 'STATUS', 'COVERS', 'EXPIRES', 'REQUESTED BY', 'APPROVED BY', 'REASON'],
          list.map((w) => [w.id, w.status, covers(w), when(w.expiresAt), principalLabel(w.requestedBy, w.requestedByName), w.approvedBy ? principalLabel(w.approvedBy, w.approvedByName) : '-', w.reason.length > 60 ? `${w.reason.slice(0, 59)}…` : w.reason]),
          'no waivers',
        ),
      );
      setCode(0);
    });
}

/** An ISO expiry from `30d`/`12h`/seconds, or a date-time given as it is. */
function expiryOf(v: string): string {
  if (/^[0-9]+[smhd]?$/.test(v)) {
    const s = parseLifetime(v, '--expires');
    return new Date(Date.now() + s! * 1000).toISOString();
  }
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(t)) throw new UsageError('--expires: expected a lifetime (30d, 12h) or a date-time (2026-12-31T00:00:00Z)');
  return new Date(t).toISOString();
}

const covers = (w: Waiver) => (w.ruleId !== null ? `rule ${w.ruleId}` : `finding ${w.fingerprint ?? '?'}`);

function formatWaiver(w: Waiver): string {
  return fields([
    ['waiver', w.id], ['status', w.status], ['covers', covers(w)], ['reason', w.reason], ['expires', when(w.expiresAt)],
    ['requested by', principalLabel(w.requestedBy, w.requestedByName)], ['approved by', w.approvedBy ? principalLabel(w.approvedBy, w.approvedByName) : '-'],
  ]);
}
