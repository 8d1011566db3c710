import type { DockerfileRule } from './rule.js';
import { secretPairs } from './secret-names.js';

export const secretInEnv: DockerfileRule = {
  id: 'iac/dockerfile/secret-in-env',
  title: 'Secret hard-coded in ENV',
  severity: 'high',
  cwe: [798],
  description:
    'An ENV value is stored in the image configuration and visible to anyone who can pull the image (`docker inspect`, `docker history`), in every stage, even when later overwritten.',
  remediation: 'Pass secrets at run time (orchestrator secrets, mounted files) or at build time with `RUN --mount=type=secret,id=...`; never bake them into ENV.',
  references: ['https://docs.docker.com/build/building/secrets/'],
  check(m, report) {
    for (const { ins, kv } of secretPairs(m, 'ENV')) {
      report(ins, `ENV ${kv.key} sets a literal secret value`, { at: kv, key: kv.key });
    }
  },
};
