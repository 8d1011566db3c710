import type { FamilyCases } from '../detector-cases.js';
import { B64URL, DIGITS, ctx, gen } from '../token-gen.js';

const g = gen('telegram');
const token = `${7}${g.str(DIGITS, 9)}:AA${g.str(B64URL, 33)}`;

export const cases: FamilyCases = {
  'secrets/telegram/bot-token': {
    flagged: [ctx.env('TELEGRAM_BOT_TOKEN', token), `https://api.telegram.org/bot${token}/getMe`],
    clean: [`${g.str(DIGITS, 9)}:AA${g.str(B64URL, 32)}`, `${g.str(DIGITS, 9)}:BB${g.str(B64URL, 33)}`, ctx.env('TELEGRAM_BOT_TOKEN', '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11'), `mac 00:aa:bb:cc:dd:ee`],
  },
};
