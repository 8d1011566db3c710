import type { DockerfileRule } from './rule.js';

export const duplicateStageName: DockerfileRule = {
  id: 'iac/dockerfile/duplicate-stage-name',
  title: 'Two stages share a name',
  severity: 'low',
  cwe: [710],
  description: 'Two FROM ... AS instructions use the same stage name, so `COPY --from=<name>` and `--target` silently pick one of them; the build may ship a different stage than the reader expects.',
  remediation: 'Give every stage a unique name.',
  check(m, report) {
    const seen = new Map<string, number>();
    for (const s of m.stages) {
      if (!s.name) continue;
      const first = seen.get(s.name);
      if (first !== undefined) report(s.from, `stage name '${s.name}' is already used by the stage on line ${first}`, { key: s.name });
      else seen.set(s.name, s.from.line);
    }
  },
};
