import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCloudRules } from '../../../../src/scanners/iac/cloud.js';
import { ResourceGraph } from '../../../../src/scanners/iac/model/graph.js';
import type { Resource } from '../../../../src/scanners/iac/model/resource.js';
import { Unknown, type Value } from '../../../../src/scanners/iac/model/value.js';
import { loadTerraformPlan } from '../../../../src/scanners/iac/formats/terraform/plan.js';
import { awsNetworkComputeRules } from '../../../../src/scanners/iac/rules/aws/network-compute.js';
import { isOutdatedElbPolicy, isWeakCipherName } from '../../../../src/scanners/iac/rules/aws/elb.js';
import { isLiteralSecretValue, isSecretName, knownToken, secretInText, userDataText } from '../../../../src/scanners/iac/rules/aws/ec2-secrets.js';
import { coversAllPorts, exposedPorts, type Permission } from '../../../../src/scanners/iac/rules/aws/security-group-util.js';
import { computeCases } from './aws-network-compute-compute.cases.js';
import { edgeCases } from './aws-network-compute-edge.cases.js';
import { networkCases } from './aws-network-compute-network.cases.js';
import { describeCloudCases } from './harness.js';

const cases = [...networkCases, ...computeCases, ...edgeCases];

describe('AWS network/compute rule set', () => {
  test('every rule has metadata and a case; ids are unique', () => {
    const ids = awsNetworkComputeRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(55);
    const covered = new Set(cases.map((c) => `iac/${c.rule}`));
    for (const r of awsNetworkComputeRules) {
      expect(r.id).toMatch(/^iac\/aws\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(covered.has(r.id), `${r.id} has no case`).toBe(true);
      expect(r.cwe.length).toBeGreaterThan(0);
      expect(r.references?.length ?? 0).toBeGreaterThan(0);
      expect(r.types.length).toBeGreaterThan(0);
      expect(r.provider).toBe('aws');
    }
  });
});

describe('unknown values', () => {
  // Rules whose finding is the resource's existence or a missing neighbour, not an attribute value.
  const aboutExistence = new Set(['iac/aws/vpc-flow-logs-disabled', 'iac/aws/vpc-default-vpc-used']);
  test('no rule reports on a resource whose every attribute is unknown', () => {
    const everythingUnknown = new Proxy({} as { [k: string]: Value }, {
      get: (_t, key) => (typeof key === 'string' ? new Unknown(`${key} is unknown`) : undefined),
      has: () => true,
    });
    const reported: string[] = [];
    for (const rule of awsNetworkComputeRules) {
      if (aboutExistence.has(rule.id)) continue;
      for (const type of rule.types) {
        const r: Resource = {
          type, name: 'x', address: `${type}.x`, source: 'terraform', file: 'main.tf', line: 1, endLine: 1,
          attrs: everythingUnknown, lines: new Map(), refs: new Map(),
        };
        rule.check(r, (path) => reported.push(`${rule.id} ${type} ${path ?? ''}`), { graph: new ResourceGraph([r]) });
      }
    }
    expect(reported).toEqual([]);
  });
});

describe('port ranges', () => {
  const perm = (protocol: Permission['protocol'], from?: number, to?: number): Permission => ({ protocol, from, to, openPaths: ['cidr_blocks'] });
  test('full range and protocol -1 count as all ports, and are left to the all-ports rule', () => {
    expect(coversAllPorts(perm('all', 0, 0))).toBe(true);
    expect(coversAllPorts(perm('tcp', 0, 65535))).toBe(true);
    expect(coversAllPorts(perm('tcp', 1024, 65535))).toBe(false);
    expect(exposedPorts(perm('tcp', 0, 65535), [22])).toEqual([]);
  });
  test('ranges expose the ports inside them; unknown bounds and ICMP expose nothing', () => {
    expect(exposedPorts(perm('tcp', 1024, 65535), [22, 3306, 27017])).toEqual([3306, 27017]);
    expect(exposedPorts(perm('tcp', 22), [22])).toEqual([]);
    expect(exposedPorts(perm('other', 0, 65535), [22])).toEqual([]);
  });
});

describe('secret detection', () => {
  test('secret names exclude pointers to secrets', () => {
    expect(isSecretName('DB_PASSWORD')).toBe(true);
    expect(isSecretName('githubToken')).toBe(true);
    expect(isSecretName('DB_PASSWORD_SECRET_ARN')).toBe(false);
    expect(isSecretName('TOKEN_TTL')).toBe(false);
    expect(isSecretName('LOG_LEVEL')).toBe(false);
    expect(isSecretName('TOKEN_AUDIENCE')).toBe(false);
    expect(isSecretName('SECRET_NAME')).toBe(false);
    expect(isSecretName('api-key')).toBe(true);
    expect(isSecretName('AWS_SECRET_ACCESS_KEY')).toBe(true);
    expect(isSecretName('S3_KEY')).toBe(false);
    expect(isSecretName('SECRET_KEY_BASE')).toBe(true);
  });
  test('literal values exclude references, flags and numbers', () => {
    expect(isLiteralSecretValue('"Pr0d-Passw0rd!"')).toBe(true);
    expect(isLiteralSecretValue('$DB_PASSWORD')).toBe(false);
    expect(isLiteralSecretValue('{{resolve:ssm:/db}}')).toBe(false);
    expect(isLiteralSecretValue('arn:aws:secretsmanager:us-east-1:1:secret:x')).toBe(false);
    expect(isLiteralSecretValue('3600')).toBe(false);
    expect(isLiteralSecretValue('true')).toBe(false);
  });
  test('text scanning finds keys, private keys, assignments and password flags', () => {
    expect(secretInText('aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE')).toBe('an AWS access key ID');
    expect(secretInText('-----BEGIN RSA PRIVATE KEY-----\nMIIE...')).toBe('a private key');
    expect(secretInText('#!/bin/sh\nexport API_TOKEN=abcd1234efgh')).toBe('a literal value for API_TOKEN');
    expect(secretInText('mysql --password=S3cretPass -u root')).toBe('a password on a command line');
    expect(secretInText('docker run -e API_TOKEN=tok_81af0c2 app')).toBe('a literal value for API_TOKEN');
    expect(secretInText('echo "DB_PASSWORD=$DB_PASSWORD" >> .env')).toBeUndefined();
    expect(secretInText("echo 'ubuntu:Welcome123' | sudo chpasswd")).toBe('a password piped to chpasswd');
    expect(secretInText('echo "ubuntu:$PW" | chpasswd')).toBeUndefined();
    expect(secretInText('PGPASSWORD=pg-s3cret psql -h db')).toBe('a literal value for PGPASSWORD');
    expect(secretInText('BYPASS=1 make')).toBeUndefined();
    expect(secretInText('#cloud-config\nchpasswd: { expire: false }\nssh_pwauth: false')).toBeUndefined();
    expect(secretInText('#cloud-config\npassword: Ubuntu-2024!\nchpasswd: { expire: false }')).toBe('a literal value for password');
    expect(secretInText('#!/bin/sh\nexport PASSWORD=$(cat /run/secrets/pw)\nyum install -y nginx')).toBeUndefined();
  });
  test('well-known token formats are recognised whatever the variable is called', () => {
    expect(knownToken('ghp_' + 'a1B2'.repeat(9))).toBe('a GitHub token');
    expect(knownToken('https://hooks.slack.com/services/T0123ABCD/B0456EFGH/' + 'x'.repeat(24))).toBe('a Slack webhook URL');
    expect(knownToken('xoxb-123456789012-abcdefABCDEF')).toBe('a Slack token');
    expect(knownToken('https://api.example.com/v1')).toBeUndefined();
    expect(knownToken('ghp_short')).toBeUndefined();
  });
  test('base64 user data is decoded; binary payloads are skipped', () => {
    const text = 'export DB_PASSWORD=hunter2-prod\n';
    expect(userDataText(Buffer.from(text).toString('base64'), true)).toBe(text);
    expect(userDataText(Buffer.from([0x1f, 0x8b, 0x08, 0xff, 0xfe, 0x00]).toString('base64'), true)).toBeUndefined();
    expect(userDataText('plain text', false)).toBe('plain text');
  });
});

describe('ELB security policies', () => {
  test('broken cipher suites are weak in OpenSSL and IANA spellings; strong suites and policy switches are not', () => {
    for (const weak of ['RC4-SHA', 'ECDHE-RSA-RC4-SHA', 'TLS_RSA_WITH_RC4_128_MD5', 'TLS_RSA_ARCFOUR_128_SHA1', 'DES-CBC3-SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'EXP-RC2-CBC-MD5', 'ADH-AES256-SHA', 'NULL-SHA256']) {
      expect(isWeakCipherName(weak), weak).toBe(true);
    }
    for (const ok of ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-SHA384', 'AES128-SHA', 'Protocol-TLSv1.2', 'Server-Defined-Cipher-Order', 'Reference-Security-Policy']) {
      expect(isWeakCipherName(ok), ok).toBe(false);
    }
  });
  test('TLS 1.0/1.1 policies are outdated, TLS 1.2+ ones and custom names are not', () => {
    expect(isOutdatedElbPolicy('ELBSecurityPolicy-2016-08')).toBe(true);
    expect(isOutdatedElbPolicy('ELBSecurityPolicy-TLS-1-1-2017-01')).toBe(true);
    expect(isOutdatedElbPolicy('ELBSecurityPolicy-TLS13-1-0-2021-06')).toBe(true);
    expect(isOutdatedElbPolicy('ELBSecurityPolicy-FS-2018-06')).toBe(true);
    expect(isOutdatedElbPolicy('ELBSecurityPolicy-TLS13-1-2-2021-06')).toBe(false);
    expect(isOutdatedElbPolicy('ELBSecurityPolicy-TLS-1-2-Ext-2018-06')).toBe(false);
    expect(isOutdatedElbPolicy('ELBSecurityPolicy-FS-1-2-Res-2020-10')).toBe(false);
    expect(isOutdatedElbPolicy('my-custom-policy')).toBe(false);
  });
});

describe('plans', () => {
  // A plan shows every default; explicit-only rules must fire only where the author wrote the value.
  test('explicit-only rules ignore defaults a plan fills in, and still see written values', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rampart-nc-plan-'));
    try {
      const tf = [
        'resource "aws_instance" "quiet" {',
        '  ami = "ami-1"',
        '}',
        '',
        'resource "aws_instance" "loud" {',
        '  ami        = "ami-1"',
        '  monitoring = false',
        '}',
        '',
      ].join('\n');
      writeFileSync(join(root, 'main.tf'), tf);
      const instance = (name: string) => ({
        address: `aws_instance.${name}`,
        mode: 'managed',
        type: 'aws_instance',
        name,
        change: {
          actions: ['create'],
          after: { ami: 'ami-1', monitoring: false, metadata_options: [{ http_tokens: 'required', http_endpoint: 'enabled' }] },
          after_unknown: {},
        },
      });
      const plan = JSON.stringify({ format_version: '1.2', resource_changes: [instance('quiet'), instance('loud')] });
      writeFileSync(join(root, 'plan.json'), plan);
      const load = await loadTerraformPlan('plan.json', plan, { root });
      const rule = awsNetworkComputeRules.filter((r) => r.id === 'iac/aws/ec2-detailed-monitoring-disabled');
      const found = runCloudRules(load, rule).findings.map((f) => `${f.location.path}:${f.location.startLine}`);
      expect(found).toEqual(['main.tf:7']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describeCloudCases(cases, awsNetworkComputeRules);
