import { expressions } from '../contexts.js';
import { posIn } from '../parse.js';
import { defineRule } from '../rule.js';

const DUMP = /\btojson\s*\(\s*secrets\s*\)|^secrets$/i;

export const secretsDump = defineRule({
  id: 'pipelines/github-actions/secrets-dump',
  title: 'All secrets serialised with toJSON(secrets)',
  severity: 'high',
  cwe: [200, 532],
  description:
    '`toJSON(secrets)` (or the bare `secrets` object) makes every secret available to the step at once, so a single compromised or logging step leaks all of them, and masking of a JSON blob in logs is unreliable.',
  remediation: 'Pass each secret the step needs by name: `env: TOKEN: ${{ secrets.TOKEN }}`.',
  check(wf, report) {
    let n = 0;
    for (const s of wf.scalars)
      for (const e of expressions(s.value))
        if (DUMP.test(e.body)) report(posIn(wf.text, s, e.raw), `${e.raw} exposes every secret at once`, `${e.body}#${n++}`);
  },
});
