import type { DockerfileRule } from './rule.js';
import { base, posIn, runCommands, wordOffset } from './shell.js';

export const curlInsecure: DockerfileRule = {
  id: 'iac/dockerfile/curl-insecure',
  title: 'curl with TLS verification disabled',
  severity: 'high',
  cwe: [295],
  description: '`curl -k` / `--insecure` accepts any certificate, so anyone on the network path can substitute what is downloaded into the image.',
  remediation: 'Remove -k/--insecure; if a private CA is needed, install it into the trust store or pass `--cacert`.',
  check(m, report) {
    for (const { ins, cmd, eff } of runCommands(m)) {
      if (base(eff[0]) !== 'curl') continue;
      // `[a-jl-zA-Z]*`: the first `k` ends the first run, so the two runs never compete (linear).
      const off = wordOffset(cmd, (w) => w === '--insecure' || /^-[a-jl-zA-Z]*k[a-zA-Z]*$/.test(w));
      if (off === undefined) continue;
      report(ins, 'curl runs with TLS certificate verification disabled (-k/--insecure)', { at: posIn(ins, off), key: 'curl-k' });
    }
  },
};
