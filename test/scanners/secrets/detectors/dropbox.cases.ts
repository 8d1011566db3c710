import type { FamilyCases } from '../detector-cases.js';
import { B64URL, ctx, gen } from '../token-gen.js';

const g = gen('dropbox');
const t = `sl.B${g.str(B64URL, 138)}`;
const u = `sl.u.${g.str(B64URL, 400)}`;

export const cases: FamilyCases = {
  'secrets/dropbox/access-token': {
    flagged: [ctx.env('DROPBOX_ACCESS_TOKEN', t), `dbx = dropbox.Dropbox("${u}")`],
    clean: [ctx.env('DROPBOX_ACCESS_TOKEN', `sl.${g.str(B64URL, 60)}`), ctx.env('DROPBOX_ACCESS_TOKEN', 'sl.<token>'), `TOKEN=${t}`, `# dropbox\nopenssl.${g.str(B64URL, 140)}`],
  },
};
