import type { DockerfileRule } from './rule.js';
import { base, posIn, runCommands, wordOffset } from './shell.js';

export const apkAllowUntrusted: DockerfileRule = {
  id: 'iac/dockerfile/apk-allow-untrusted',
  title: 'apk installs untrusted packages',
  severity: 'high',
  cwe: [347],
  description: '`apk --allow-untrusted` installs packages whose signatures are missing or not trusted.',
  remediation: 'Drop --allow-untrusted and add the repository signing key under /etc/apk/keys.',
  check(m, report) {
    for (const { ins, cmd, eff } of runCommands(m)) {
      if (base(eff[0]) !== 'apk') continue;
      const off = wordOffset(cmd, (w) => w === '--allow-untrusted');
      if (off !== undefined) report(ins, 'apk runs with --allow-untrusted', { at: posIn(ins, off), key: 'apk' });
    }
  },
};
