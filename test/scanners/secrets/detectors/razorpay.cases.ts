import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('razorpay');
const secret = g.str(ALNUM, 24);

export const cases: FamilyCases = {
  'secrets/razorpay/key-secret': {
    flagged: [ctx.env('RAZORPAY_KEY_SECRET', secret), `client = razorpay.Client(auth=("rzp_live_${g.str(ALNUM, 14)}", "${secret}"))\nrazorpay_secret = "${secret}"`],
    clean: [ctx.env('RAZORPAY_KEY_SECRET', g.str(ALNUM, 23)), ctx.env('RAZORPAY_KEY_ID', `rzp_live_${g.str(ALNUM, 14)}`), ctx.env('RAZORPAY_KEY_SECRET', 'YOUR_KEY_SECRET_GOES_HERE'), ctx.env('RAZORPAY_KEY_SECRET', g.str(ALNUM, 30))],
  },
};
