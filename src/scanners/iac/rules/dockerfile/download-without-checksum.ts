import type { DockerfileRule } from './rule.js';
import { base, posIn, runs, runCommandsOf, runScript } from './shell.js';

const VERIFY = /\b(sha256sum|sha512sum|sha1sum|shasum|md5sum|gpg|gpgv|cosign|minisign|signify|openssl\s+dgst|--checksum|--hash|b2sum)\b/;

export const downloadWithoutChecksum: DockerfileRule = {
  id: 'iac/dockerfile/download-without-checksum',
  title: 'Downloaded binary executed without checksum verification',
  severity: 'medium',
  cwe: [494],
  description:
    'A RUN downloads a file with curl or wget and makes it executable or runs it, without a checksum or signature check in the same RUN. A compromised server or mirror would put its own program into the image.',
  remediation: 'Verify the download before use: `echo "<sha256>  file" | sha256sum -c -` (or gpg/cosign verification), then chmod/run it.',
  check(m, report) {
    for (const ins of runs(m)) {
      const script = runScript(ins);
      if (VERIFY.test(script)) continue;
      const cmds = runCommandsOf(ins);
      const dl = cmds.findIndex((c) => {
        const t = base(c.words.find((w) => w !== 'sudo'));
        return (t === 'curl' || t === 'wget') && c.next !== '|' && c.words.some((w) => /^https?:\/\//.test(w));
      });
      if (dl < 0) continue;
      const after = cmds.slice(dl + 1);
      // In `-[a-hj-zA-TV-Z]*[iU]…` the first `i`/`U` ends the first run (no quadratic backtracking).
      const exec = after.find((c) => {
        const w = c.words.filter((x) => x !== 'sudo');
        const t = base(w[0]);
        return (t === 'chmod' && w.some((x) => /^(\+x|[ugoa]*\+[rw]*x|0?7[0-7][0-7])$/.test(x))) || t === 'install' || ((t === 'dpkg' || t === 'rpm') && w.some((x) => /^(-[a-hj-zA-TV-Z]*[iU][a-zA-Z]*|--install|--upgrade)$/.test(x))) || /^\.\//.test(w[0] ?? '') || ((t === 'sh' || t === 'bash') && w.length > 1 && !w[1]?.startsWith('-'));
      });
      if (!exec) continue;
      const c = cmds[dl];
      report(ins, `file downloaded by ${base(c?.words.find((w) => w !== 'sudo'))} is executed or installed without a checksum/signature check`, {
        at: posIn(ins, c?.offsets[0]), key: 'download',
      });
    }
  },
};
