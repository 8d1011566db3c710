import type { DockerfileRule } from './rule.js';

export const envPathOverwrite: DockerfileRule = {
  id: 'iac/dockerfile/env-path-overwrite',
  title: 'ENV PATH replaces the existing PATH',
  severity: 'low',
  cwe: [426],
  description: 'Setting PATH without including $PATH drops the directories the base image put there, so commands may resolve to unexpected binaries or not at all.',
  remediation: 'Extend it: `ENV PATH="/opt/app/bin:$PATH"`.',
  check(m, report) {
    for (const ins of m.instructions) {
      if (ins.keyword !== 'ENV') continue;
      for (const kv of ins.pairs) {
        if (kv.key !== 'PATH' || kv.value === undefined) continue;
        if (/\$\{?PATH\b/.test(kv.value)) continue;
        // A full standard PATH is a deliberate reset, not an accident.
        if (/(^|:)\/usr\/bin(:|$)/.test(kv.value) && /(^|:)\/bin(:|$)/.test(kv.value)) continue;
        report(ins, `ENV PATH=${kv.value.slice(0, 100)} drops the existing PATH`, { at: kv, key: 'PATH' });
      }
    }
  },
};
