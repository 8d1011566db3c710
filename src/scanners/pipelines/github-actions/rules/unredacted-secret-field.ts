import { expressions } from '../contexts.js';
import { posIn } from '../parse.js';
import { defineRule } from '../rule.js';

const FIELD = /\bfromjson\s*\(\s*secrets\.[\w-]+\s*\)/i;

export const unredactedSecretField = defineRule({
  id: 'pipelines/github-actions/unredacted-secret-field',
  title: 'Field of a JSON secret is not masked in logs',
  severity: 'medium',
  cwe: [532, 200],
  description:
    'The runner masks a secret\'s whole value in logs. `fromJSON(secrets.X).field` extracts part of it, and that part is not registered as a secret, so it appears in clear text wherever it is printed.',
  remediation: 'Store each sensitive field as its own secret, or mask the extracted value with `echo "::add-mask::$VALUE"` before any other use.',
  check(wf, report) {
    let n = 0;
    for (const s of wf.scalars)
      for (const e of expressions(s.value))
        if (FIELD.test(e.body)) report(posIn(wf.text, s, e.raw), `${e.raw} extracts part of a secret, which log masking does not cover`, `${e.body}#${n++}`);
  },
});
