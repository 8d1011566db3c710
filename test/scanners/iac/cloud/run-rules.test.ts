import { describe, expect, it } from 'vitest';
import { runCloudRules } from '../../../../src/scanners/iac/cloud.js';
import { ResourceGraph, baseAddress } from '../../../../src/scanners/iac/model/graph.js';
import type { CloudLoad } from '../../../../src/scanners/iac/model/load.js';
import { lineOf } from '../../../../src/scanners/iac/model/resource.js';
import type { CloudRule } from '../../../../src/scanners/iac/rules/cloud/types.js';
import { resource } from '../policies/resource.js';

const rule: CloudRule = {
  id: 'iac/aws/test-acl', title: 'public acl', severity: 'high', cwe: [284], description: 'd', remediation: 'r',
  provider: 'aws', types: ['aws_s3_bucket'],
  check(r, report) {
    if (r.attrs['acl'] === 'public-read') report('acl', 'public');
    if (r.attrs['logging'] === undefined) report(null, 'no logging');
  },
};

const SRC = [
  'resource "aws_s3_bucket" "a" {', //  1
  '  acl = "public-read"', //            2
  '}', //                                3
  '# rampart:ignore iac/aws/test-acl -- public website', // 4
  'resource "aws_s3_bucket" "b" {', //  5
  '  acl = "public-read"', //            6
  '}', //                                7
  'resource "aws_s3_bucket" "c" {', //  8
  '  # rampart:ignore iac/aws/* until 2026-01-01 -- expired', // 9
  '  acl = "public-read"', //           10
  '}', //                               11
].join('\n');

function unit(): CloudLoad {
  const mk = (name: string, line: number, endLine: number) => {
    const r = resource('aws_s3_bucket', name, { acl: 'public-read' }, {}, { acl: line + (name === 'c' ? 2 : 1) });
    return { ...r, line, endLine };
  };
  return { resources: [mk('a', 1, 3), mk('b', 5, 7), mk('c', 8, 11)], issues: [], unresolved: [], sources: new Map([['main.tf', SRC]]) };
}

describe('runCloudRules', () => {
  it('points at the attribute, or the block line when it is missing; a directive in or just above the block suppresses; an expired one does not', () => {
    const r = runCloudRules(unit(), [rule], new Date('2026-11-26T00:00:00Z'));
    expect(r.findings.map((f) => `${f.location.startLine} ${f.message}`)).toEqual(['2 public', '1 no logging', '10 public', '8 no logging']);
    expect(r.suppressed.map((s) => [s.finding.location.startLine, s.reason])).toEqual([[6, 'public website'], [5, 'public website']]);
  });

  it('fingerprints are stable across line moves (address + attribute, not line)', () => {
    const a = runCloudRules(unit(), [rule]).findings[0]!;
    const moved = unit();
    moved.resources[0]!.lines.set('acl', 40);
    const b = runCloudRules(moved, [rule]).findings[0]!;
    expect(b.location.startLine).toBe(40);
    expect(b.fingerprint).toBe(a.fingerprint);
  });
});

describe('a rule that throws', () => {
  it('becomes an issue naming the rule and resource; other rules still report', () => {
    const broken: CloudRule = { ...rule, id: 'iac/aws/test-broken', check() { throw new Error('boom'); } };
    const r = runCloudRules(unit(), [broken, rule]);
    expect(r.issues.map((i) => i.message)).toContain('rule iac/aws/test-broken failed on aws_s3_bucket.a: boom');
    expect(r.findings.length).toBeGreaterThan(0);
  });
});

describe('model helpers', () => {
  it('lineOf falls back to the longest written prefix, then the block', () => {
    const r = resource('aws_security_group', 'web', {}, {}, { ingress: 3, 'ingress.0': 3, 'ingress.0.cidr_blocks': 5 });
    expect(lineOf(r, 'ingress.0.cidr_blocks')).toBe(5);
    expect(lineOf(r, 'ingress.0.from_port')).toBe(3);
    expect(lineOf(r, 'egress.0')).toBe(1);
    expect(lineOf(r, null)).toBe(1);
  });

  it('the graph links references to instances and back', () => {
    expect(baseAddress('module.a["x"].aws_vpc.main[0]')).toBe('module.a["x"].aws_vpc.main');
    const sg = { ...resource('aws_security_group', 'web', {}), address: 'aws_security_group.web[0]' };
    const db = resource('aws_db_instance', 'main', {}, { vpc_security_group_ids: ['aws_security_group.web'] });
    const g = new ResourceGraph([sg, db]);
    expect(g.targets(db, 'vpc_security_group_ids')).toEqual([sg]);
    expect(g.targets(db, 'subnet_ids')).toEqual([]);
    expect(g.referrers(sg, ['aws_db_instance'])).toEqual([db]);
    expect(g.referrers(sg, ['aws_instance'])).toEqual([]);
    expect(g.ofType('aws_db_instance')).toEqual([db]);
  });
});
