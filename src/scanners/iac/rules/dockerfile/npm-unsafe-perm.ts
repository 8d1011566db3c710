import type { DockerfileRule } from './rule.js';
import { base, posIn, runCommands } from './shell.js';

export const npmUnsafePerm: DockerfileRule = {
  id: 'iac/dockerfile/npm-unsafe-perm',
  title: 'npm lifecycle scripts run as root (--unsafe-perm)',
  severity: 'low',
  cwe: [250],
  description: '`--unsafe-perm` (or `npm config set unsafe-perm true`) makes npm run every dependency\'s install scripts as root instead of dropping privileges, so a malicious package gets root in the build.',
  remediation: 'Install as an unprivileged user (`USER node` before `npm ci`) and drop --unsafe-perm.',
  check(m, report) {
    for (const { ins, cmd, eff } of runCommands(m)) {
      const t = base(eff[0]);
      if (t !== 'npm' && t !== 'yarn' && t !== 'pnpm') continue;
      const i = cmd.words.findIndex((w, k) => w === '--unsafe-perm' || w === '--unsafe-perm=true' || (w === 'unsafe-perm' && /^(true|1)$/.test(cmd.words[k + 1] ?? '')) || w === 'unsafe-perm=true');
      if (i < 0) continue;
      report(ins, `${t} runs package scripts as root (${cmd.words[i]})`, { at: posIn(ins, cmd.offsets[i]), key: 'unsafe-perm' });
    }
    for (const ins of m.instructions) {
      if (ins.keyword !== 'ENV') continue;
      for (const kv of ins.pairs) {
        if (/^npm_config_unsafe_perm$/i.test(kv.key) && /^(true|1)$/i.test(kv.value ?? '')) report(ins, `ENV ${kv.key}=${kv.value} runs npm package scripts as root`, { at: kv, key: kv.key });
      }
    }
  },
};
