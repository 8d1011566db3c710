import type { DockerfileRule } from './rule.js';
import { splitWords } from '../../formats/dockerfile/parse.js';

export const exposeSsh: DockerfileRule = {
  id: 'iac/dockerfile/expose-ssh',
  title: 'SSH port 22 exposed',
  severity: 'medium',
  cwe: [284],
  description: 'EXPOSE 22 advertises an SSH server in the container. Remote shells in containers widen the attack surface and are rarely needed (use `docker exec` / `kubectl exec`).',
  remediation: 'Remove EXPOSE 22 and the SSH server; debug with exec into the container.',
  check(m, report) {
    for (const ins of m.instructions) {
      if (ins.keyword !== 'EXPOSE') continue;
      for (const w of splitWords(ins.args, m.escape)) {
        if (/^22(\/tcp)?$/i.test(w.text)) report(ins, 'EXPOSE 22 exposes SSH', { at: ins.posOf(w.offset), key: '22' });
      }
    }
  },
};
