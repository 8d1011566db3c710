import type { DockerfileRule } from './rule.js';
import { base, posIn, runCommands, wordOffset } from './shell.js';

export const wgetNoCheckCertificate: DockerfileRule = {
  id: 'iac/dockerfile/wget-no-check-certificate',
  title: 'wget with TLS verification disabled',
  severity: 'high',
  cwe: [295],
  description: '`wget --no-check-certificate` accepts any certificate, so anyone on the network path can substitute what is downloaded into the image.',
  remediation: 'Remove --no-check-certificate; install the needed CA certificate or pass `--ca-certificate`.',
  check(m, report) {
    for (const { ins, cmd, eff } of runCommands(m)) {
      if (base(eff[0]) !== 'wget') continue;
      const off = wordOffset(cmd, (w) => w === '--no-check-certificate');
      if (off === undefined) continue;
      report(ins, 'wget runs with --no-check-certificate', { at: posIn(ins, off), key: 'wget' });
    }
  },
};
