import type { FamilyCases } from '../detector-cases.js';
import { B64URL, HEX, ctx, gen } from '../token-gen.js';

const g = gen('teams');
const hook = `https://contoso.webhook.office.com/webhookb2/${g.uuid()}@${g.uuid()}/IncomingWebhook/${g.str(HEX, 32)}/${g.uuid()}/V2${g.str(B64URL, 40)}`;
const old = `https://outlook.office.com/webhook/${g.uuid()}@${g.uuid()}/IncomingWebhook/${g.str(HEX, 32)}/${g.uuid()}`;

export const cases: FamilyCases = {
  'secrets/microsoft-teams/incoming-webhook': {
    flagged: [ctx.env('TEAMS_WEBHOOK_URL', hook), ctx.yaml('webhook', old)],
    clean: [
      `https://contoso.webhook.office.com/webhookb2/${g.uuid()}@${g.uuid()}/IncomingWebhook/${g.str(HEX, 20)}/${g.uuid()}`,
      'https://contoso.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<id>/<owner>',
      'https://outlook.office.com/webhook/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx@xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/IncomingWebhook/xxx/xxx',
    ],
  },
};
