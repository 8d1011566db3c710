import { UsageError } from './errors.js';

/**
 * A lifetime: seconds, or a number with s/m/h/d (`90d`, `12h`); `never` is returned as null.
 * Whole seconds only. The one parser of the CLI's --expires/--bootstrap-ttl and the server's
 * --user-token-ttl; `flag` names the option in the error.
 */
export function parseLifetime(v: string, flag: string): number | null {
  const s = v.trim();
  if (s === 'never') return null;
  const m = /^([1-9][0-9]{0,8})([smhd]?)$/.exec(s);
  if (!m) throw new UsageError(`${flag}: expected a lifetime such as 3600, 30m, 12h or 90d, or never`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!]!;
}
