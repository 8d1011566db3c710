import { expressions } from '../contexts.js';
import { posIn } from '../parse.js';
import { defineRule } from '../rule.js';

/** `toJSON(secrets)`, the bare object, or `secrets[<computed>]` (which makes the runner receive every secret). */
const DUMP = /\btojson\s*\(\s*secrets\s*\)|^secrets$|(?<![\w.])secrets\s*\[\s*(?!'[^']*'\s*\])/i;

export const secretsDump = defineRule({
  id: 'pipelines/github-actions/secrets-dump',
  title: 'All secrets exposed at once (toJSON(secrets) or a computed secrets[...] index)',
  severity: 'high',
  cwe: [200, 532],
  description:
    '`toJSON(secrets)` (or the bare `secrets` object) makes every secret available to the step at once, so a single compromised or logging step leaks all of them, and masking of a JSON blob in logs is unreliable. A computed index such as `secrets[format(\'{0}_TOKEN\', matrix.env)]` cannot be resolved before the job starts, so every secret is sent to the runner.',
  remediation: 'Pass each secret the step needs by name: `env: TOKEN: ${{ secrets.TOKEN }}`.',
  check(wf, report) {
    let n = 0;
    for (const s of wf.scalars)
      for (const e of expressions(s.value))
        if (DUMP.test(e.body)) report(posIn(wf.text, s, e.raw), `${e.raw} exposes every secret to the job`, `${e.body}#${n++}`);
  },
});
