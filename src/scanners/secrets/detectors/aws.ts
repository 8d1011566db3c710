import type { Detector } from '../detector.js';
import { UUID, charClasses, delimited } from '../pattern-parts.js';

const REF = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html';
const ASSIGN = `[A-Za-z0-9_.\\-]{0,30}["'\\]]{0,2}\\s{0,4}(?::=|=>|=|:)\\s{0,4}["'\`]?`;
const KEY_ID = '(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}';

export const detectors: Detector[] = [
  {
    id: 'secrets/aws/access-key-id',
    title: 'AWS access key ID',
    description: 'An AWS access key ID (AKIA long-term, ASIA temporary, ABIA/ACCA service-specific). It is half of a credential pair; where it leaks the secret access key usually does too.',
    remediation: 'Deactivate and delete the access key in IAM (or let the temporary session expire), review CloudTrail for its use, and move to IAM roles or SSO.',
    severity: 'high',
    cwe: [798],
    references: [REF],
    keywords: ['akia', 'asia', 'abia', 'acca'],
    pattern: delimited(KEY_ID, 'A-Za-z0-9'),
    maxLength: 22,
    minEntropy: 3,
  },
  {
    id: 'secrets/aws/secret-access-key',
    title: 'AWS secret access key',
    description: 'An AWS secret access key (40 characters) assigned to an AWS setting or written next to its access key ID. With the key ID it signs any API call the IAM user or role may make.',
    remediation: 'Deactivate and delete the access key in IAM at once, review CloudTrail for its use, and replace long-term keys with roles, SSO or OIDC federation.',
    severity: 'critical',
    cwe: [798],
    references: [REF],
    keywords: ['aws', 'amazon', 'secret_access', 'secretaccess', 'secret-access', 'akia', 'asia'],
    pattern:
      `(?:(?i:(?:aws|amazon)[a-z0-9_.\\-]{0,20}secret|secret[_.\\-]?access[_.\\-]?key)${ASSIGN}` +
      `|${KEY_ID}["']?\\s{0,4}[,;|:\\s]\\s{0,4}["']?)` +
      `([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`,
    maxLength: 120,
    minEntropy: 4,
    check: (s) => charClasses(s) >= 3,
  },
  {
    id: 'secrets/aws/session-token',
    title: 'AWS session token',
    description: 'An AWS STS session token; with its temporary key pair it acts as the assumed role until it expires (up to 36 hours).',
    remediation: 'Revoke active sessions of the role (IAM > Roles > Revoke sessions), review CloudTrail, and stop writing temporary credentials to files.',
    severity: 'high',
    cwe: [798],
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_disable-perms.html'],
    keywords: ['b3jpz2lux2vj', 'gzxivyxdz'],
    pattern: delimited('(?:[A-Za-z0-9]{2}oJb3JpZ2luX2Vj|F[QwA]oGZXIvYXdz)[A-Za-z0-9/+]{100,}={0,2}', 'A-Za-z0-9/+='),
    maxLength: 2500,
    minEntropy: 4.5,
  },
  {
    id: 'secrets/aws/mws-auth-token',
    title: 'Amazon MWS auth token',
    description: 'An Amazon Marketplace Web Service auth token (amzn.mws.) authorises a developer to call MWS for a seller account.',
    remediation: 'Revoke the developer\'s access in Seller Central (User permissions > Third-party developer and apps) and re-authorise.',
    severity: 'high',
    cwe: [798],
    references: ['https://developer-docs.amazon.com/sp-api/docs/migrating-from-mws'],
    keywords: ['amzn.mws.'],
    pattern: delimited(`amzn\\.mws\\.${UUID}`, 'A-Za-z0-9\\-'),
    maxLength: 48,
  },
  {
    id: 'secrets/aws/bedrock-api-key',
    title: 'Amazon Bedrock long-term API key',
    description: 'A long-term Amazon Bedrock API key (ABSK) is a service-specific credential of an IAM user that calls Bedrock models.',
    remediation: 'Delete the service-specific credential of the IAM user (IAM > Users > Security credentials) and switch to short-term keys or roles.',
    severity: 'high',
    cwe: [798],
    references: ['https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html'],
    keywords: ['absk'],
    pattern: delimited('ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{60,300}={0,2}', 'A-Za-z0-9+/='),
    maxLength: 330,
    minEntropy: 4.5,
  },
];
