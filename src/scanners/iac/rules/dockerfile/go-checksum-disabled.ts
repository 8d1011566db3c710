import type { DockerfileRule } from './rule.js';
import { posIn, runs, runText } from './shell.js';

/** Go module settings that skip the checksum database or allow plain HTTP / unverified TLS. */
function bad(key: string, value: string): string | undefined {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (key === 'GOSUMDB' && v === 'off') return 'GOSUMDB=off';
  if (key === 'GOINSECURE' && v !== '') return `GOINSECURE=${v}`;
  if (key === 'GONOSUMCHECK' && /^(1|true)$/i.test(v)) return 'GONOSUMCHECK=1';
  if (key === 'GONOSUMDB' && (v === '*' || v === '')) return v === '*' ? 'GONOSUMDB=*' : undefined;
  if (key === 'GOFLAGS' && /(^|\s)-insecure\b/.test(v)) return 'GOFLAGS=-insecure';
  return undefined;
}

export const goChecksumDisabled: DockerfileRule = {
  id: 'iac/dockerfile/go-checksum-disabled',
  title: 'Go module checksum or TLS verification disabled',
  severity: 'high',
  cwe: [494],
  description:
    'GOSUMDB=off, GONOSUMDB=*, GOINSECURE or -insecure make `go` download modules without checking them against the checksum database (or over plain HTTP), so a tampered module goes unnoticed.',
  remediation: 'Keep the checksum database on; list private modules in GOPRIVATE (which skips only those) instead of turning verification off.',
  check(m, report) {
    for (const ins of m.instructions) {
      if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
      for (const kv of ins.pairs) {
        const what = kv.value === undefined ? undefined : bad(kv.key, kv.value);
        if (what) report(ins, `${ins.keyword} ${what} disables Go module verification`, { at: kv, key: kv.key });
      }
    }
    for (const ins of runs(m)) {
      const text = runText(ins);
      const hit = /\b(GOSUMDB|GOINSECURE|GONOSUMCHECK|GONOSUMDB|GOFLAGS)=("[^"\n]*"|'[^'\n]*'|\S*)/.exec(text) ?? /\bgo\s+env\s+-w\s+(GOSUMDB|GOINSECURE|GONOSUMDB|GOFLAGS)=("[^"\n]*"|'[^'\n]*'|\S*)/.exec(text);
      const what = hit ? bad(hit[1] ?? '', hit[2] ?? '') : undefined;
      if (hit && what) report(ins, `RUN sets ${what}, disabling Go module verification`, { at: posIn(ins, hit.index), key: what });
    }
  },
};
