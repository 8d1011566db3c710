import type { DockerfileRule } from './rule.js';
import { posIn, runs, runText } from './shell.js';

const PATTERNS: [RegExp, string][] = [
  [/--allow-unauthenticated\b/, '--allow-unauthenticated'],
  [/--allow-insecure-repositories\b/, '--allow-insecure-repositories'],
  [/AllowUnauthenticated["'=\s]+(?:"|')?true/i, 'APT::Get::AllowUnauthenticated true'],
  [/AllowInsecureRepositories["'=\s]+(?:"|')?true/i, 'Acquire::AllowInsecureRepositories true'],
  [/\[[^\]\n]{0,200}trusted=yes[^\]\n]{0,200}\]/, 'a [trusted=yes] apt source'],
  [/--force-yes\b/, '--force-yes'],
];

export const aptUnauthenticated: DockerfileRule = {
  id: 'iac/dockerfile/apt-unauthenticated',
  title: 'apt package signature checks disabled',
  severity: 'high',
  cwe: [347],
  description: 'apt is told to install packages or use repositories whose signatures are missing or invalid, so a tampered mirror or a network attacker can install arbitrary packages.',
  remediation: 'Remove the option; import the repository key with `signed-by=` in the source entry instead.',
  check(m, report) {
    for (const ins of runs(m)) {
      const text = runText(ins);
      for (const [re, what] of PATTERNS) {
        const hit = re.exec(text);
        if (!hit) continue;
        report(ins, `apt signature verification disabled (${what})`, { at: posIn(ins, hit.index), key: what });
        break;
      }
    }
  },
};
