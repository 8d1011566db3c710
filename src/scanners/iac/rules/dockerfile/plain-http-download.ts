import type { DockerfileRule } from './rule.js';
import { splitWords } from '../../formats/dockerfile/parse.js';
import { base, posIn, runCommands } from './shell.js';

const LOCAL = /^http:\/\/(localhost|127\.|0\.0\.0\.0|\[::1\]|host\.docker\.internal|\$)/i;

export const plainHttpDownload: DockerfileRule = {
  id: 'iac/dockerfile/plain-http-download',
  title: 'Download over plain HTTP',
  severity: 'medium',
  cwe: [319],
  description: 'curl, wget, ADD or a pip/npm index fetch content over http://, which anyone on the network path can read and replace.',
  remediation: 'Use https:// URLs (and verify checksums for downloaded files).',
  check(m, report) {
    for (const { ins, cmd, eff } of runCommands(m)) {
      const t = base(eff[0]);
      const isPip = /^pip[\d.]*$/.test(t) || (/^python[\d.]*$/.test(t) && eff[1] === '-m');
      if (t !== 'curl' && t !== 'wget' && !isPip && t !== 'npm' && t !== 'yarn') continue;
      const i = cmd.words.findIndex((w) => /^(--(index-url|extra-index-url|registry)=)?http:\/\//i.test(w) && !LOCAL.test(w.replace(/^--[a-z-]+=/, '')));
      if (i < 0) continue;
      report(ins, `${t} fetches ${cmd.words[i]?.slice(0, 200)} over plain HTTP`, { at: posIn(ins, cmd.offsets[i]), key: cmd.words[i] });
    }
    for (const ins of m.instructions) {
      if (ins.keyword !== 'ADD' || ins.json) continue;
      for (const w of splitWords(ins.args, m.escape).slice(0, -1)) {
        if (/^http:\/\//i.test(w.text) && !LOCAL.test(w.text)) report(ins, `ADD fetches ${w.text.slice(0, 200)} over plain HTTP`, { at: ins.posOf(w.offset), key: w.text });
      }
    }
  },
};
