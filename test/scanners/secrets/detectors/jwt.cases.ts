import { createHmac } from 'node:crypto';
import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x1a7);
const seg = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const key = g.tok(CS.alnum, 32);
const jwt = (header: Record<string, unknown>, payload: Record<string, unknown>) => {
  const data = `${seg(header)}.${seg(payload)}`;
  return `${data}.${createHmac('sha256', key).update(data).digest('base64url')}`;
};
const token = jwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'u-48121', iat: 1716200000, exp: 1716203600, role: 'admin' });
const docsSample = (() => {
  const data = `${seg({ alg: 'HS256', typ: 'JWT' })}.${seg({ some: 'payload' })}`;
  return `${data}.${createHmac('sha256', 'secret').update(data).digest('base64url')}`;
})();
const rs = jwt({ alg: 'RS256', kid: g.tok(CS.hex, 16) }, { iss: 'https://login.corp', aud: 'api', sub: g.uuid() });

export const cases: FamilyCases = {
  'secrets/jwt/token': {
    flagged: [`Authorization: Bearer ${token}`, `{"id_token": "${rs}"}`, `SESSION=${token}`],
    clean: [
      `${seg({ alg: 'none' })}.${seg({ sub: 'x' })}.${g.tok(CS.b64url, 43)}`,
      `${seg({ typ: 'JWT' })}.${seg({ sub: 'x' })}.${g.tok(CS.b64url, 43)}`,
      `eyJ${g.tok(CS.b64url, 30)}.eyJ${g.tok(CS.b64url, 30)}.${g.tok(CS.b64url, 43)}`,
      `${seg({ alg: 'HS256' })}.${seg({ sub: 'x' })}`,
      'eyJhbGciOiJIUzI1NiJ9.<payload>.<signature>',
      // Signed with a tutorial secret ('secret').
      `>>> jwt.decode("${docsSample}", "secret", algorithms=["HS256"])`,
      // The jwt.io documentation sample.
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ],
  },
  'secrets/jwt/signing-secret': {
    flagged: [`JWT_SECRET=${g.tok(CS.alnum, 32)}`, `const t = jwt.sign({ sub: user.id }, '${g.tok(CS.b64, 24)}', { expiresIn: '1h' });`, `jwt:\n  jwt_signing_key: "${g.tok(CS.alnum, 40)}"`],
    clean: [
      'JWT_SECRET=${JWT_SECRET}',
      'const t = jwt.sign(payload, process.env.JWT_SECRET);',
      'JWT_SECRET=my-super-secret-jwt-key',
      'JWT_SECRET=<generate-a-random-string>',
      'const t = jwt.sign(payload, config.auth.secret, { expiresIn: 60 });',
    ],
  },
};
