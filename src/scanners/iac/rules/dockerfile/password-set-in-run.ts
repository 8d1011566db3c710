import type { DockerfileRule } from './rule.js';
import { base, posIn, runs, runCommandsOf } from './shell.js';

export const passwordSetInRun: DockerfileRule = {
  id: 'iac/dockerfile/password-set-in-run',
  title: 'Account password set or removed in the image',
  severity: 'medium',
  cwe: [259],
  description:
    'chpasswd, `passwd -d` or `useradd -p` set a fixed (or empty) password for an account at build time; the password is in the Dockerfile and the image history, and is the same in every container.',
  remediation: 'Do not give container accounts passwords; run as an unprivileged user without a login password and use secrets for real credentials.',
  check(m, report) {
    for (const ins of runs(m)) {
      const cmds = runCommandsOf(ins);
      for (const c of cmds) {
        const w = c.words.filter((x) => x !== 'sudo');
        const t = base(w[0]);
        const hit =
          t === 'chpasswd' ||
          (t === 'passwd' && w.some((x) => x === '-d' || x === '--delete' || x === '--stdin')) ||
          ((t === 'useradd' || t === 'usermod' || t === 'adduser') && w.some((x, i) => (x === '-p' || x === '--password') && (w[i + 1] ?? '') !== '' && !/^\$\{?[A-Za-z_]\w*\}?$/.test(w[i + 1] ?? ''))) ||
          (t === 'openssl' && w[1] === 'passwd');
        if (!hit) continue;
        report(ins, `RUN sets an account password with '${w.slice(0, 2).join(' ')}'`, { at: posIn(ins, c.offsets[0]), key: t });
        break;
      }
    }
  },
};
