import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x26b7b2);
const uuid = g.uuid;
const b32 = CS.base32;
const keyId = () => `AKIA${g.tok(b32, 16)}`;
const awsSecret = () => g.tok(CS.b64, 40);

export const cases: FamilyCases = {
  'secrets/aws/access-key-id': {
    flagged: [`AWS_ACCESS_KEY_ID=${keyId()}`, `aws_access_key_id = ASIA${g.tok(b32, 16)}`, `{"AccessKeyId": "${keyId()}"}`],
    clean: ['AKIAIOSFODNN7EXAMPLE', `AKIA${g.tok(b32, 15)}`, `AKIA${g.tok(b32, 17)}`, `AKIA${g.tok(CS.alnum, 16).toLowerCase()}`, `AIDA${g.tok(b32, 16)}`],
  },
  'secrets/aws/secret-access-key': {
    flagged: [
      `aws_secret_access_key = ${awsSecret()}`,
      `AWS_SECRET_ACCESS_KEY="${awsSecret()}"`,
      `{"awsSecretKey": "${awsSecret()}"}`,
      `${keyId()},${awsSecret()}`,
      `provider "aws" {\n  secret_key = "${awsSecret()}"\n}`.replace('secret_key', 'secret_access_key'),
    ],
    clean: [
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      `aws_secret_access_key = ${awsSecret().slice(0, 39)}`,
      `aws_secret_access_key = ${g.tok(CS.hex, 40)}`,
      `aws_secret_access_key = \${AWS_SECRET_ACCESS_KEY}`,
      `some_other_value = ${awsSecret()}`,
    ],
  },
  'secrets/aws/session-token': {
    flagged: [`aws_session_token = IQoJb3JpZ2luX2Vj${g.tok(CS.b64, 300)}`, `"SessionToken": "FwoGZXIvYXdzE${g.tok(CS.b64, 200)}="`],
    clean: [`IQoJb3JpZ2luX2Vj${g.tok(CS.b64, 50)}`, `aws_session_token = \${AWS_SESSION_TOKEN}`, `IQoJb3JpZ2luX2Vj${'A'.repeat(200)}`],
  },
  'secrets/aws/mws-auth-token': {
    flagged: [`MWS_AUTH_TOKEN=amzn.mws.${uuid()}`, `"mwsAuthToken": "amzn.mws.${uuid()}"`],
    clean: [`amzn.mws.${uuid().slice(0, 30)}`, `amzn.mws.<auth-token>`, `amzn.sws.${uuid()}`],
  },
  'secrets/aws/bedrock-api-key': {
    flagged: [`AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS${g.tok(CS.b64, 110)}`, `api_key: "ABSKQmVkcm9ja0FQSUtleS${g.tok(CS.b64, 90)}="`],
    clean: [`ABSKQmVkcm9ja0FQSUtleS${g.tok(CS.b64, 20)}`, `ABSKQmVkcm9ja0FQSUtleS<key>`, `ABSKQmVkcm9ja0FQSUtleX${g.tok(CS.b64, 110)}`],
  },
};
