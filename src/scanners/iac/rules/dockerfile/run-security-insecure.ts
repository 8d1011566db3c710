import type { DockerfileRule } from './rule.js';

export const runSecurityInsecure: DockerfileRule = {
  id: 'iac/dockerfile/run-security-insecure',
  title: 'RUN --security=insecure',
  severity: 'high',
  cwe: [250],
  description: 'RUN --security=insecure runs the step without the build sandbox (like a privileged container), so it can reach the build host.',
  remediation: 'Remove --security=insecure; do the privileged work outside the image build.',
  references: ['https://docs.docker.com/reference/dockerfile/#run---security'],
  check(m, report) {
    for (const ins of m.instructions) {
      if (ins.keyword !== 'RUN') continue;
      const f = ins.flags.find((x) => x.name === 'security' && x.value === 'insecure');
      if (f) report(ins, 'RUN --security=insecure disables the build sandbox', { at: f, key: 'security' });
    }
  },
};
