import type { DockerfileRule } from './rule.js';
import { base, finalLineage, posIn, runCommands } from './shell.js';

export const pipNoCacheDir: DockerfileRule = {
  id: 'iac/dockerfile/pip-no-cache-dir',
  title: 'pip install without --no-cache-dir',
  severity: 'info',
  cwe: [1104],
  description: "pip keeps downloaded wheels in its cache, which stays in the image layer and only adds size.",
  remediation: 'Use `pip install --no-cache-dir ...`, set PIP_NO_CACHE_DIR=1, or use a cache mount.',
  check(m, report) {
    const noCacheEnv = m.instructions.some((i) => i.keyword === 'ENV' && i.pairs.some((p) => p.key === 'PIP_NO_CACHE_DIR'));
    if (noCacheEnv) return;
    for (const { ins, cmd, eff } of runCommands(m, finalLineage(m))) {
      let k = 0;
      if (/^python[\d.]*$/.test(base(eff[0])) && eff[1] === '-m') k = 2;
      if (!/^pip[\d.]*$/.test(base(eff[k])) || eff[k + 1] !== 'install') continue;
      if (eff.includes('--no-cache-dir') || ins.flags.some((f) => f.name === 'mount' && /type=cache/.test(f.value ?? ''))) continue;
      report(ins, `${base(eff[k])} install without --no-cache-dir`, { at: posIn(ins, cmd.offsets[cmd.words.indexOf(eff[k] ?? '')]), key: 'pip' });
    }
  },
};
