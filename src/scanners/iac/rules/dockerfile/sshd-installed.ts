import type { DockerfileRule } from './rule.js';
import { base, posIn, runCommands } from './shell.js';

const MANAGERS = new Set(['apt-get', 'apt', 'yum', 'dnf', 'microdnf', 'apk', 'zypper']);
const PKGS = /^(openssh-server|openssh|dropbear|ssh)(=.*)?$/;

export const sshdInstalled: DockerfileRule = {
  id: 'iac/dockerfile/sshd-installed',
  title: 'SSH server installed',
  severity: 'medium',
  cwe: [284],
  description: 'An SSH server is installed in the image, adding a remote login service with its own credentials and keys to manage.',
  remediation: 'Do not run sshd in containers; use `docker exec` / `kubectl exec` for access.',
  check(m, report) {
    for (const { ins, cmd, eff } of runCommands(m)) {
      if (!MANAGERS.has(base(eff[0])) || !eff.some((w) => w === 'install' || w === 'add')) continue;
      const i = cmd.words.findIndex((w) => PKGS.test(w));
      if (i < 0) continue;
      report(ins, `RUN installs the SSH server package '${cmd.words[i]}'`, { at: posIn(ins, cmd.offsets[i]), key: cmd.words[i] });
    }
  },
};
