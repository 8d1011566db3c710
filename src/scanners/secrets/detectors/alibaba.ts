import type { Detector } from '../detector.js';
import { assigned, delimited } from '../pattern-parts.js';

const common = {
  cwe: [798],
  remediation: 'Disable and delete the AccessKey pair in the RAM console, review ActionTrail, and use RAM roles or STS tokens instead.',
  references: ['https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/alibaba/access-key-id',
    title: 'Alibaba Cloud AccessKey ID',
    description: 'An Alibaba Cloud AccessKey ID (LTAI); half of a credential pair whose secret usually leaks alongside it.',
    severity: 'high',
    keywords: ['ltai'],
    pattern: delimited('LTAI[A-Za-z0-9]{12,20}', 'A-Za-z0-9'),
    maxLength: 26,
    minEntropy: 3.3,
  },
  {
    ...common,
    id: 'secrets/alibaba/access-key-secret',
    title: 'Alibaba Cloud AccessKey secret',
    description: 'An Alibaba Cloud AccessKey secret (30 characters) assigned to an Alibaba/Aliyun setting; with its ID it signs API calls as the RAM user.',
    severity: 'critical',
    keywords: ['alibaba', 'aliyun', 'alicloud'],
    pattern: assigned('(?:alibaba|aliyun|alicloud)[a-z0-9_.\\-]{0,24}secret', '[A-Za-z0-9]{30}', 'A-Za-z0-9'),
    maxLength: 110,
    minEntropy: 3.5,
  },
];
