import type { DockerfileRule } from './rule.js';
import { splitWords } from '../../formats/dockerfile/parse.js';
import { base, finalLineage } from './shell.js';
import { trimEndChars } from '../../../../core/trim.js';

const SENSITIVE = /^(id_rsa|id_dsa|id_ecdsa|id_ed25519|\.npmrc|\.pypirc|\.netrc|\.env|\.env\.[\w.-]+|\.git-credentials|\.dockercfg|kubeconfig|\.htpasswd|[^/]*\.(key|p12|pfx|jks|keystore|ppk))$/i;
// `*key*.pem`, `*secret*.pem`, ...: tested in two steps, since `^[^/]*(key|…)[^/]*\.pem$` as one
// regex tries every split of a long name around the word (quadratic).
const PEM_WORD = /key|priv|secret|id_/i;
const isSensitivePem = (name: string): boolean => !name.includes('/') && /\.pem$/i.test(name) && PEM_WORD.test(name.slice(0, -4));
const PATHS = /(^|\/)\.ssh(\/|$)|(^|\/)\.git(\/|$)|(^|\/)\.aws\/credentials$|(^|\/)\.docker\/config\.json$|(^|\/)\.kube\/config$/;
const NOT = /\.(pub|example|sample|template|dist)$|^\.env\.(example|sample|template|dist)$|(^|\/)(public|pubkey|ca[-_.]?cert|cacert|ca-certificates|ca|chain|fullchain|cert|server[-_.]?cert)[^/]*\.pem$/i;

export const copySensitiveFile: DockerfileRule = {
  id: 'iac/dockerfile/copy-sensitive-file',
  title: 'Secret file copied into the image',
  severity: 'high',
  cwe: [538],
  description:
    'A private key, .npmrc/.pypirc/.netrc, .env or credentials file is copied into a stage that ends up in the final image; anyone who pulls the image can read it from its layers, even if a later step deletes it.',
  remediation: 'Mount it only for the step that needs it: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`, or copy it in a builder stage that the final stage does not build on.',
  references: ['https://docs.docker.com/build/building/secrets/'],
  check(m, report) {
    const stages = finalLineage(m);
    for (const ins of m.instructions) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || !stages.includes(ins.stage) || ins.heredocs.length) continue;
      if (ins.flags.some((f) => f.name === 'from')) continue; // copied from another stage/image: not from the build context
      const words = ins.json ? ins.json.map((t) => ({ text: t, offset: -1 })) : splitWords(ins.args, m.escape);
      for (const w of words.slice(0, -1)) {
        const src = trimEndChars(w.text, '/');
        const name = base(src);
        if (NOT.test(src) || NOT.test(name)) continue;
        if (!SENSITIVE.test(name) && !isSensitivePem(name) && !PATHS.test(src)) continue;
        report(ins, `${ins.keyword} ${src} puts a secret file into the image`, { at: w.offset >= 0 ? ins.posOf(w.offset) : undefined, key: src });
      }
    }
  },
};
