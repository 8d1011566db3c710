import { expand, finalStage, lineage, variableAt } from '../../formats/dockerfile/parse.js';
import type { DockerfileRule } from './rule.js';

export const userRoot: DockerfileRule = {
  id: 'iac/dockerfile/user-root',
  title: 'Final USER is root',
  severity: 'medium',
  cwe: [250],
  description: 'The last USER instruction of the final stage is root (or UID 0), so the container runs with root privileges.',
  remediation: 'Switch to an unprivileged user after the steps that need root: `USER 10001:10001`.',
  references: ['https://docs.docker.com/reference/dockerfile/#user'],
  check(m, report) {
    const s = finalStage(m);
    if (!s) return;
    for (const st of lineage(m, s)) {
      const users = st.instructions.filter((i) => i.keyword === 'USER');
      const last = users.at(-1);
      if (!last) continue;
      const r = expand(last.args, (n) => variableAt(m, last, n), m.escape);
      if (r.unresolved.length) return; // unknown user: not root as far as we can tell
      const user = (r.value.split(':')[0] ?? '').trim().replace(/^["']|["']$/g, '');
      if (user === 'root' || user === '0' || /^containeradministrator$/i.test(user)) report(last, `USER ${last.args} makes the container run as root`, { at: last.argsPos, key: 'user' });
      return;
    }
  },
};
