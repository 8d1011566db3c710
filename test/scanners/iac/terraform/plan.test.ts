/**
 * `terraform show -json` plans: attributes from `after`, Unknowns from `after_unknown`, refs from
 * the configuration, and the way back to source lines (config present or not). Fixtures in
 * ../fixtures/plan are hand-written in the shape of Terraform's JSON output format.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { loadTerraformPlan, looksLikeTerraformPlan, moduleCallPath } from '../../../../src/scanners/iac/formats/terraform/plan.js';
import type { CloudLoad } from '../../../../src/scanners/iac/model/load.js';
import { lineOf, type Resource } from '../../../../src/scanners/iac/model/resource.js';
import { Unknown } from '../../../../src/scanners/iac/model/value.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'plan');
const read = (rel: string): string => readFileSync(join(FIXTURES, rel), 'utf8');

/** 1-based line of the first line of `file` containing `needle`. */
function lineIn(file: string, needle: string): number {
  const i = read(file).split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

const byAddress = (load: CloudLoad, address: string): Resource => {
  const r = load.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no ${address} in ${load.resources.map((x) => x.address).join(', ')}`);
  return r;
};

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('looksLikeTerraformPlan', () => {
  test('recognises plans by format_version with planned_values or resource_changes', () => {
    expect(looksLikeTerraformPlan(read('basic/plan.json'))).toBe(true);
    expect(looksLikeTerraformPlan(read('planned-only/plan.json'))).toBe(true);
    expect(looksLikeTerraformPlan(read('noconfig/plan.json'))).toBe(true);
  });

  test('rejects other JSON, state files and text that is not a JSON object', () => {
    expect(looksLikeTerraformPlan('{"format_version": "1.0", "values": {}}')).toBe(false);
    expect(looksLikeTerraformPlan('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}')).toBe(false);
    expect(looksLikeTerraformPlan('"format_version" "planned_values"')).toBe(false);
  });

  test('a truncated plan is still taken for a plan, and loading it reports the broken JSON', async () => {
    const broken = '{"format_version": "1.2", "resource_changes": [';
    expect(looksLikeTerraformPlan(broken)).toBe(true);
    const l = await loadTerraformPlan('plan.json', broken, { root: FIXTURES });
    expect(l.resources).toEqual([]);
    expect(l.issues).toEqual([expect.objectContaining({ path: 'plan.json', kind: 'unparsable', message: expect.stringContaining('invalid plan JSON') })]);
  });
});

describe('moduleCallPath', () => {
  test('drops instance keys, keeps call names', () => {
    expect(moduleCallPath('')).toEqual([]);
    expect(moduleCallPath('module.net')).toEqual(['net']);
    expect(moduleCallPath('module.a["x.y"].module.b[0]')).toEqual(['a', 'b']);
  });
});

describe('plan with its configuration next to it', async () => {
  const root = join(FIXTURES, 'basic');
  const load = await loadTerraformPlan('plan.json', read('basic/plan.json'), { root });

  test('managed resources that will exist after apply; deleted ones and data sources are left out', () => {
    expect(load.resources.map((r) => r.address).sort()).toEqual([
      'aws_instance.web[0]',
      'aws_instance.web[1]',
      'aws_security_group.web',
      'module.logs.aws_s3_bucket.logs',
      'module.net.aws_subnet.a',
      'module.net.aws_vpc.this',
    ]);
    expect(load.issues).toEqual([]);
    for (const r of load.resources) expect(r.source).toBe('plan');
  });

  test('attributes are the planned after values, nested blocks as lists', () => {
    const sg = byAddress(load, 'aws_security_group.web');
    expect(sg.type).toBe('aws_security_group');
    expect(sg.name).toBe('web');
    const ingress = sg.attrs.ingress as { cidr_blocks: string[]; from_port: number }[];
    expect(ingress.map((i) => i.from_port)).toEqual([443, 22]);
    expect(ingress[0]!.cidr_blocks).toEqual(['0.0.0.0/0']);
    expect(sg.attrs.tags).toEqual({ env: 'prod', owner: 'web-team' });
  });

  test('after_unknown leaves become Unknown, also for attributes missing from after', () => {
    const sg = byAddress(load, 'aws_security_group.web');
    expect(sg.attrs.vpc_id).toBeInstanceOf(Unknown);
    expect(sg.attrs.arn).toBeInstanceOf(Unknown);
    const ingress = sg.attrs.ingress as Record<string, unknown>[];
    expect(ingress[1]!.security_groups).toBeInstanceOf(Unknown);
    // false in after_unknown: the known value stays.
    expect(ingress[1]!.cidr_blocks).toEqual(['203.0.113.0/24']);
    expect(sg.attrs.description).toBe('Managed by Terraform');
    const web0 = byAddress(load, 'aws_instance.web[0]');
    expect(web0.attrs.metadata_options).toBeInstanceOf(Unknown);
    expect('user_data' in web0.attrs).toBe(false);
  });

  test('refs map attributes to the resources their expressions reference, in the module instance space', () => {
    const web0 = byAddress(load, 'aws_instance.web[0]');
    expect(web0.refs.get('vpc_security_group_ids')).toEqual(['aws_security_group.web']);
    // Module outputs and variables are not resources.
    expect(web0.refs.has('subnet_id')).toBe(false);
    const subnet = byAddress(load, 'module.net.aws_subnet.a');
    expect(subnet.refs.get('vpc_id')).toEqual(['module.net.aws_vpc.this']);
    expect(subnet.refs.has('cidr_block')).toBe(false);
  });

  test('Unknowns carry the refs of their attribute', () => {
    const web0 = byAddress(load, 'aws_instance.web[0]');
    const u = web0.attrs.vpc_security_group_ids as Unknown;
    expect(u.refs).toEqual(['aws_security_group.web']);
    expect(u.reason).toContain('aws_instance.web[0].vpc_security_group_ids');
    expect(u.at).toEqual({ file: 'main.tf', line: lineIn('basic/main.tf', 'vpc_security_group_ids = [aws_security_group.web.id]') });
  });

  test('resources map to their resource block, attributes and nested blocks to their lines', () => {
    const sg = byAddress(load, 'aws_security_group.web');
    expect(sg.file).toBe('main.tf');
    expect(sg.line).toBe(lineIn('basic/main.tf', 'resource "aws_security_group" "web"'));
    expect(sg.endLine).toBe(lineIn('basic/main.tf', 'resource "aws_instance" "web"') - 2);
    const secondIngress = lineIn('basic/main.tf', 'from_port   = 22') - 1;
    expect(lineOf(sg, 'ingress.1')).toBe(secondIngress);
    expect(lineOf(sg, 'ingress.0.cidr_blocks')).toBe(lineIn('basic/main.tf', 'cidr_blocks = ["0.0.0.0/0"]'));
    expect(lineOf(sg, 'ingress.1.cidr_blocks.0')).toBe(lineIn('basic/main.tf', 'cidr_blocks = [var.admin_cidr]'));
    expect(lineOf(sg, 'tags.owner')).toBe(lineIn('basic/main.tf', 'owner = "web-team"'));
    // Not written in the source: the block's first line.
    expect(lineOf(sg, 'revoke_rules_on_delete')).toBe(sg.line);
    for (const i of [0, 1]) expect(byAddress(load, `aws_instance.web[${i}]`).line).toBe(lineIn('basic/main.tf', 'resource "aws_instance" "web"'));
  });

  test('module resources map into the local module source', () => {
    const subnet = byAddress(load, 'module.net.aws_subnet.a');
    expect(subnet.file).toBe('modules/net/main.tf');
    expect(subnet.line).toBe(lineIn('basic/modules/net/main.tf', 'resource "aws_subnet" "a"'));
    expect(lineOf(subnet, 'map_public_ip_on_launch')).toBe(lineIn('basic/modules/net/main.tf', 'map_public_ip_on_launch = true'));
    expect(load.sources.has('modules/net/main.tf')).toBe(true);
    expect(load.sources.has('main.tf')).toBe(true);
    expect(load.sources.has('plan.json')).toBe(true);
  });

  test('a remote module has no config here: the resource points at its object in the plan', () => {
    const logs = byAddress(load, 'module.logs.aws_s3_bucket.logs');
    expect(logs.file).toBe('plan.json');
    expect(logs.line).toBe(lineIn('basic/plan.json', '"address": "module.logs.aws_s3_bucket.logs"') - 1);
    expect(logs.endLine).toBeGreaterThan(logs.line);
    expect(logs.lines.size).toBe(0);
  });

  test('unknown leaves are listed as unresolved at their source line', () => {
    const u = load.unresolved.find((x) => x.what === 'aws_security_group.web.vpc_id');
    expect(u).toEqual({ file: 'main.tf', line: lineIn('basic/main.tf', 'vpc_id = module.net.vpc_id'), what: 'aws_security_group.web.vpc_id', reason: 'known only after apply' });
    expect(load.unresolved.some((x) => x.what === 'aws_security_group.web.ingress.1.security_groups')).toBe(true);
  });
});

describe('plan in a subdirectory, configuration at the scan root', () => {
  test('finds the resource blocks in the scan root', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rampart-plan-'));
    temps.push(root);
    cpSync(join(FIXTURES, 'basic'), root, { recursive: true });
    mkdirSync(join(root, 'plans'));
    renameSync(join(root, 'plan.json'), join(root, 'plans', 'prod.json'));
    const load = await loadTerraformPlan('plans/prod.json', read('basic/plan.json'), { root });
    expect(byAddress(load, 'aws_security_group.web').file).toBe('main.tf');
    expect(byAddress(load, 'module.net.aws_vpc.this').file).toBe('modules/net/main.tf');
    expect(byAddress(load, 'module.logs.aws_s3_bucket.logs').file).toBe('plans/prod.json');
  });

  test('a symlinked .tf pointing out of the scan root is not read', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rampart-plan-'));
    const outside = mkdtempSync(join(tmpdir(), 'rampart-plan-out-'));
    temps.push(root, outside);
    cpSync(join(FIXTURES, 'basic', 'main.tf'), join(outside, 'main.tf'));
    symlinkSync(join(outside, 'main.tf'), join(root, 'main.tf'));
    const load = await loadTerraformPlan('plan.json', read('basic/plan.json'), { root });
    expect(byAddress(load, 'aws_security_group.web').file).toBe('plan.json');
    expect(load.sources.has('main.tf')).toBe(false);
  });

  test('an absolute plan path is reported relative to the root', async () => {
    const root = join(FIXTURES, 'basic');
    const load = await loadTerraformPlan(join(root, 'plan.json'), read('basic/plan.json'), { root });
    expect(byAddress(load, 'module.logs.aws_s3_bucket.logs').file).toBe('plan.json');
  });
});

describe('plan without configuration', async () => {
  const root = join(FIXTURES, 'noconfig');
  const load = await loadTerraformPlan('plan.json', read('noconfig/plan.json'), { root });

  test('single-line plan: every resource points at line 1 of the plan', () => {
    expect(load.resources.map((r) => [r.address, r.file, r.line])).toEqual([
      ['aws_iam_role.r["ci"]', 'plan.json', 1],
      ['module.app["blue"].aws_s3_bucket.b', 'plan.json', 1],
      ['module.app["blue"].aws_s3_bucket_policy.p', 'plan.json', 1],
    ]);
  });

  test('for_each module instances keep their key in refs; data sources are not resources', () => {
    const p = byAddress(load, 'module.app["blue"].aws_s3_bucket_policy.p');
    expect(p.refs.get('bucket')).toEqual(['module.app["blue"].aws_s3_bucket.b']);
    expect(p.refs.has('policy')).toBe(false);
    expect(p.attrs.bucket).toBeInstanceOf(Unknown);
    expect((p.attrs.bucket as Unknown).refs).toEqual(['module.app["blue"].aws_s3_bucket.b']);
  });

  test('known JSON strings stay strings', () => {
    const role = byAddress(load, 'aws_iam_role.r["ci"]');
    expect(JSON.parse(role.attrs.assume_role_policy as string).Statement[0].Action).toBe('sts:AssumeRole');
    expect(role.name).toBe('r');
  });
});

describe('dynamic blocks', () => {
  test('elements of a dynamic-only block type map to the content lines; mixed with static blocks, to the dynamic block', async () => {
    const load = await loadTerraformPlan('plan.json', read('dynamic/plan.json'), { root: join(FIXTURES, 'dynamic') });
    const dyn = byAddress(load, 'aws_security_group.dyn');
    const cidr = (from: number): number => read('dynamic/main.tf').split('\n').findIndex((l, i) => i >= from && l.includes('cidr_blocks')) + 1;
    const dynLine = lineIn('dynamic/main.tf', 'resource "aws_security_group" "dyn"');
    expect(lineOf(dyn, 'ingress.1.cidr_blocks')).toBe(cidr(dynLine));
    expect(lineOf(dyn, 'ingress.0')).toBe(dynLine + 5);
    const mixed = byAddress(load, 'aws_security_group.mixed');
    const mixedLine = lineIn('dynamic/main.tf', 'resource "aws_security_group" "mixed"');
    // Terraform put the dynamic elements around the static one: only the block name is mapped,
    // to the first ingress block in the source.
    const firstIngress = mixedLine + 3;
    expect(lineOf(mixed, 'ingress.0.cidr_blocks')).toBe(firstIngress);
    expect(lineOf(mixed, 'ingress.1.cidr_blocks')).toBe(firstIngress);
  });
});

describe('set-typed nested blocks', () => {
  /** Line of the first `needle` after the line holding `anchor` in dynamic/main.tf. */
  const linesAfter = (anchor: string, needle: string): number => {
    const all = read('dynamic/main.tf').split('\n');
    const from = all.findIndex((l) => l.includes(anchor));
    return all.findIndex((l, i) => i > from && l.includes(needle)) + 1;
  };

  test('planned elements in set order map to the static block that wrote them', async () => {
    const load = await loadTerraformPlan('plan.json', read('dynamic/plan.json'), { root: join(FIXTURES, 'dynamic') });
    const sg = byAddress(load, 'aws_security_group.static');
    // The plan lists port 22 first; in the source it is the second block.
    expect(lineOf(sg, 'ingress.0.cidr_blocks')).toBe(linesAfter('resource "aws_security_group" "static"', 'cidr_blocks = ["10.0.0.0/8"]'));
    expect(lineOf(sg, 'ingress.1.from_port')).toBe(linesAfter('resource "aws_security_group" "static"', 'from_port   = 443'));
  });
});

describe('configuration in the JSON syntax', () => {
  test('resource blocks in .tf.json map lines too', async () => {
    const load = await loadTerraformPlan('plan.json', read('json-config/plan.json'), { root: join(FIXTURES, 'json-config') });
    const b = byAddress(load, 'aws_s3_bucket.data');
    expect(b.file).toBe('main.tf.json');
    expect(lineOf(b, 'bucket')).toBe(lineIn('json-config/main.tf.json', '"bucket": "example-data"'));
    expect(lineOf(b, 'tags.env')).toBe(lineIn('json-config/main.tf.json', '"env": "prod"'));
  });
});

describe('plan with planned_values only', async () => {
  const load = await loadTerraformPlan('plan.json', read('planned-only/plan.json'), { root: join(FIXTURES, 'planned-only') });

  test('reads root and nested child modules, skipping data sources', () => {
    expect(load.resources.map((r) => r.address)).toEqual([
      'aws_db_instance.main',
      'module.cache.aws_elasticache_replication_group.r',
      'module.cache.module.alarms[0].aws_cloudwatch_metric_alarm.cpu',
    ]);
    expect(byAddress(load, 'aws_db_instance.main').attrs).toEqual({ engine: 'postgres', publicly_accessible: true, storage_encrypted: false });
  });

  test('pretty-printed plan: each resource points at its own object', () => {
    const db = byAddress(load, 'aws_db_instance.main');
    expect(db.line).toBe(lineIn('planned-only/plan.json', '"address": "aws_db_instance.main"') - 1);
    const cpu = byAddress(load, 'module.cache.module.alarms[0].aws_cloudwatch_metric_alarm.cpu');
    expect(cpu.line).toBe(lineIn('planned-only/plan.json', '"address": "module.cache.module.alarms[0].aws_cloudwatch_metric_alarm.cpu"') - 1);
  });
});

describe('malformed plans give an issue, never a throw', () => {
  test.each([
    ['truncated JSON', '{"format_version": "1.2", "resource_changes": ['],
    ['not an object', '[1, 2]'],
    ['no format_version', '{"resource_changes": []}'],
    ['nothing planned', '{"format_version": "1.2"}'],
  ])('%s', async (_what, text) => {
    const load = await loadTerraformPlan('bad.json', text, { root: FIXTURES });
    expect(load.resources).toEqual([]);
    expect(load.issues).toHaveLength(1);
    expect(load.issues[0]).toMatchObject({ path: 'bad.json', kind: 'unparsable', scanner: 'iac' });
  });

  test('a change without module_address still lands in its module', async () => {
    const plan = JSON.parse(read('basic/plan.json'));
    for (const rc of plan.resource_changes) delete rc.module_address;
    const root = join(FIXTURES, 'basic');
    const load = await loadTerraformPlan('plan.json', JSON.stringify(plan), { root });
    const subnet = byAddress(load, 'module.net.aws_subnet.a');
    expect(subnet.file).toBe('modules/net/main.tf');
    expect(subnet.refs.get('vpc_id')).toEqual(['module.net.aws_vpc.this']);
  });

  test('odd entries are skipped, good ones kept', async () => {
    const text = JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        null,
        { address: 'aws_vpc.x' },
        { address: 'aws_vpc.y', mode: 'managed', type: 'aws_vpc', name: 'y', change: { after: 'nope' } },
        { address: 'aws_vpc.z', mode: 'managed', type: 'aws_vpc', name: 'z', change: { actions: ['create'], after: { cidr_block: '10.0.0.0/16' }, after_unknown: 'weird' } },
      ],
      configuration: { root_module: { resources: 'not a list', module_calls: [] } },
    });
    const load = await loadTerraformPlan('odd.json', text, { root: FIXTURES });
    expect(load.resources.map((r) => [r.address, r.attrs])).toEqual([['aws_vpc.z', { cidr_block: '10.0.0.0/16' }]]);
    expect(load.issues).toEqual([]);
  });
});
