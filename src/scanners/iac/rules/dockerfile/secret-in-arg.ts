import type { DockerfileRule } from './rule.js';
import { secretPairs } from './secret-names.js';

export const secretInArg: DockerfileRule = {
  id: 'iac/dockerfile/secret-in-arg',
  title: 'Secret hard-coded as ARG default',
  severity: 'high',
  cwe: [798],
  description:
    'Build arguments and their defaults are recorded in the image history (`docker history`) and in the Dockerfile itself; a secret given as an ARG default is published with both.',
  remediation: 'Use a build secret instead: `RUN --mount=type=secret,id=npm_token ...` and `docker build --secret id=npm_token,env=NPM_TOKEN`.',
  references: ['https://docs.docker.com/build/building/secrets/'],
  check(m, report) {
    for (const { ins, kv } of secretPairs(m, 'ARG')) {
      report(ins, `ARG ${kv.key} has a literal secret default`, { at: kv, key: kv.key });
    }
  },
};
