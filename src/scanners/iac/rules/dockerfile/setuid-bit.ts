import type { DockerfileRule } from './rule.js';
import { base, posIn, runCommands } from './shell.js';

/** Octal mode with setuid/setgid, or symbolic `u+s` / `g+s` / `+s`. */
function setsId(mode: string): boolean {
  if (/^[0-7]{4}$/.test(mode)) return (Number(mode[0]) & 6) !== 0;
  return /^[ugoa]*\+[rwxXt]*s/.test(mode) && !/^o\+/.test(mode);
}

export const setuidBit: DockerfileRule = {
  id: 'iac/dockerfile/setuid-bit',
  title: 'setuid/setgid bit set on a file',
  severity: 'medium',
  cwe: [250],
  description:
    'chmod u+s / g+s (or modes 4xxx/2xxx) makes a program run with its owner\'s privileges, usually root. Any flaw in it becomes a privilege escalation for whoever runs in the container.',
  remediation: 'Avoid setuid programs in images; grant the specific capability the program needs (setcap / securityContext.capabilities) or run it as the right user.',
  check(m, report) {
    for (const { ins, cmd, eff } of runCommands(m)) {
      if (base(eff[0]) !== 'chmod') continue;
      const i = cmd.words.findIndex((w, k) => k > 0 && !w.startsWith('-') && setsId(w));
      if (i < 0) continue;
      report(ins, `chmod ${cmd.words[i]} sets the setuid/setgid bit`, { at: posIn(ins, cmd.offsets[i]), key: cmd.words[i] });
    }
    for (const ins of m.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const f = ins.flags.find((x) => x.name === 'chmod');
      if (f?.value && setsId(f.value)) report(ins, `${ins.keyword} --chmod=${f.value} sets the setuid/setgid bit`, { at: f, key: f.value });
    }
  },
};
