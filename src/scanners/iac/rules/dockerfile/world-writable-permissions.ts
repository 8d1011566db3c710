import type { DockerfileRule } from './rule.js';
import { base, posIn, runCommands } from './shell.js';

/** Octal mode that lets others write, without the sticky bit (1777 on /tmp is fine). */
function worldWritable(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const d = mode.padStart(4, '0');
    const others = Number(d[3]);
    const special = Number(d[0]);
    return (others & 2) !== 0 && (special & 1) === 0;
  }
  // Who: u/g/o letters with one `a`, or with an `o` and no `a` (`[ugo]*[ao][ugo]*`), written so
  // the first `a`/`o` ends the first run (no quadratic backtracking).
  return /^[ug]*(?:a[ugo]*|o[ugo]*(?:a[ugo]*)?)\+[rwxXst]*w/.test(mode);
}

export const worldWritablePermissions: DockerfileRule = {
  id: 'iac/dockerfile/world-writable-permissions',
  title: 'World-writable file permissions',
  severity: 'medium',
  cwe: [732],
  description: 'chmod 777 (or COPY --chmod=777) lets any user in the container replace the files, including programs that a privileged process later runs.',
  remediation: 'Grant only what is needed (e.g. 755 for programs, 644 for data) and give ownership to the runtime user with chown.',
  check(m, report) {
    for (const { ins, cmd, eff } of runCommands(m)) {
      if (base(eff[0]) !== 'chmod') continue;
      const i = cmd.words.findIndex((w, k) => k > 0 && !w.startsWith('-') && worldWritable(w));
      if (i < 0) continue;
      report(ins, `chmod ${cmd.words[i]} makes files world-writable`, { at: posIn(ins, cmd.offsets[i]), key: cmd.words[i] });
    }
    for (const ins of m.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const f = ins.flags.find((x) => x.name === 'chmod');
      if (f?.value && worldWritable(f.value)) report(ins, `${ins.keyword} --chmod=${f.value} makes files world-writable`, { at: f, key: f.value });
    }
  },
};
