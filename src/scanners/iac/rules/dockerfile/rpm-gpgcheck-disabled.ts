import type { DockerfileRule } from './rule.js';
import { posIn, runs, runText } from './shell.js';

const RE = /--nogpgcheck\b|--no-gpg-checks\b|--nosignature\b|--nodigest\b|gpgcheck\s*=\s*(?:0|false|no)\b/i;

export const rpmGpgcheckDisabled: DockerfileRule = {
  id: 'iac/dockerfile/rpm-gpgcheck-disabled',
  title: 'yum/dnf/zypper/rpm signature checks disabled',
  severity: 'high',
  cwe: [347],
  description: 'RPM package signatures are not verified (`--nogpgcheck`, `gpgcheck=0`, `rpm --nosignature`), so tampered packages install silently.',
  remediation: 'Keep gpgcheck on and import the repository key with `rpm --import <key>`.',
  check(m, report) {
    for (const ins of runs(m)) {
      const hit = RE.exec(runText(ins));
      if (hit) report(ins, `package signature verification disabled (${hit[0]})`, { at: posIn(ins, hit.index), key: hit[0] });
    }
  },
};
