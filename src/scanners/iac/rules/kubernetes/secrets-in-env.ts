import { PREFIX, type KubeRule } from './types.js';
import { containerLabel, eachContainer, getEntry, getSeq, getString } from './util.js';

/** Environment variable names that hold credentials. */
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SECRET_?KEY|CREDENTIALS?)$/i;
/** Values that are clearly not credentials: empty, references, placeholders, booleans, file paths. */
const NOT_SECRET = /^(\$\(.*\)|\$\{.*\}|<.*>|\/.*|true|false|yes|no|none|null|-)?$/i;

export const secretsInEnv: KubeRule = {
  id: `${PREFIX}secrets-in-env`,
  title: 'Credential in a plain environment variable',
  severity: 'high',
  cwe: [798],
  description: 'A literal value for a variable such as DB_PASSWORD or API_TOKEN puts the credential in the manifest, in git and in the object readable by anyone who can get the workload. valueFrom (secretKeyRef) is fine.',
  remediation: 'Store the value in a Secret and reference it with `valueFrom.secretKeyRef` (or `envFrom.secretRef`), and rotate the exposed credential.',
  references: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables'],
  check(o, report) {
    eachContainer(o, (c) => {
      getSeq(c.node, 'env')?.items.forEach((e) => {
        const name = getString(e, 'name');
        const v = getEntry(e, 'value');
        if (!name || !v || v.value.type !== 'scalar' || !SECRET_NAME.test(name)) return;
        const value = v.value.value;
        if (typeof value !== 'string' || NOT_SECRET.test(value.trim())) return;
        report(v.keyPos, `${containerLabel(c)} sets ${name} to a literal value`, `${c.path}.env[${name}]`);
      });
    });
  },
};
