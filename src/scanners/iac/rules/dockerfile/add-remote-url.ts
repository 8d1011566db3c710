import type { DockerfileRule } from './rule.js';
import { splitWords } from '../../formats/dockerfile/parse.js';

export const addRemoteUrl: DockerfileRule = {
  id: 'iac/dockerfile/add-remote-url',
  title: 'ADD fetches a remote URL without a checksum',
  severity: 'medium',
  cwe: [494],
  description:
    'ADD with an http(s) URL downloads a file at build time with no integrity check; the content can change or be tampered with, and it bypasses the layer cache.',
  remediation: 'Add `--checksum=sha256:<hash>` to the ADD, or download with curl in a RUN and verify the checksum before use.',
  references: ['https://docs.docker.com/reference/dockerfile/#add'],
  check(m, report) {
    for (const ins of m.instructions) {
      if (ins.keyword !== 'ADD' || ins.flags.some((f) => f.name === 'checksum')) continue;
      const srcs = ins.json ? ins.json.slice(0, -1).map((t) => ({ text: t, offset: -1 })) : splitWords(ins.args, m.escape).slice(0, -1);
      for (const w of srcs) {
        if (!/^https?:\/\//i.test(w.text)) continue;
        // A git source (`https://host/repo.git#ref`) is pinned by its ref, not by a checksum.
        if (/\.git(#|$)/i.test(w.text)) continue;
        report(ins, `ADD downloads ${w.text.slice(0, 200)} without --checksum`, { at: w.offset >= 0 ? ins.posOf(w.offset) : undefined, key: w.text });
      }
    }
  },
};
