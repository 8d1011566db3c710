import { describe, expect, test } from 'vitest';
import { Unknown } from '../../../../src/scanners/iac/model/value.js';
import { load, loadOne, plain, res } from './helpers.js';

describe('terraform: modules', () => {
  test('inputs and outputs two levels deep; child resources are addressed and located in the child files', async () => {
    const l = await loadOne({
      'main.tf': `module "app" {
  source = "./modules/app"
  env    = "prod"
}
resource "x" "top" {
  bucket = module.app.bucket_name
}
`,
      'modules/app/main.tf': `variable "env" {}
module "store" {
  source = "../store"
  name   = "app-\${var.env}"
}
output "bucket_name" {
  value = module.store.name
}
`,
      'modules/store/main.tf': `variable "name" {}
resource "aws_s3_bucket" "b" {
  bucket = var.name
}
output "name" {
  value = aws_s3_bucket.b.bucket
}
`,
    });
    expect(l.resources.map((r) => r.address).sort()).toEqual(['module.app.module.store.aws_s3_bucket.b', 'x.top']);
    const b = res(l, 'module.app.module.store.aws_s3_bucket.b');
    expect(b).toMatchObject({ file: 'modules/store/main.tf', line: 2, endLine: 4, attrs: { bucket: 'app-prod' } });
    expect(b.lines.get('bucket')).toBe(3);
    expect(res(l, 'x.top').attrs['bucket']).toBe('app-prod');
    expect(res(l, 'x.top').refs.get('bucket')).toEqual(['module.app.module.store.aws_s3_bucket.b']);
    expect([...l.sources.keys()].sort()).toEqual(['main.tf', 'modules/app/main.tf', 'modules/store/main.tf']);
  });

  test('a module called by a scanned root is not a root itself', async () => {
    const loads = await load({
      'envs/prod/main.tf': 'module "net" {\n  source = "../../modules/net"\n}\n',
      'modules/net/main.tf': 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n',
    });
    expect(loads).toHaveLength(1);
    expect(loads[0]!.resources.map((r) => r.address)).toEqual(['module.net.aws_vpc.v']);
  });

  test('count and for_each on modules key their resources; a child parsed once serves every call', async () => {
    const l = await loadOne({
      'main.tf': `module "c" {
  source = "./m"
  count  = 2
  name   = "c\${count.index}"
}
module "e" {
  source   = "./m"
  for_each = { a = "x", b = "y" }
  name     = "\${each.key}-\${each.value}"
}
module "none" {
  source = "./m"
  count  = 0
  name   = "n"
}
resource "x" "use" {
  names = module.c[*].name
  b     = module.e["b"].name
}
`,
      'm/main.tf': 'variable "name" {}\nresource "r" "this" {\n  name = var.name\n}\noutput "name" {\n  value = r.this.name\n}\n',
    });
    expect(l.resources.map((r) => `${r.address}=${String(r.attrs['name'] ?? '')}`).sort()).toEqual([
      'module.c[0].r.this=c0',
      'module.c[1].r.this=c1',
      'module.e["a"].r.this=a-x',
      'module.e["b"].r.this=b-y',
      'x.use=',
    ]);
    expect(res(l, 'x.use').attrs).toEqual({ names: ['c0', 'c1'], b: 'b-y' });
  });

  test('a module output carrying a computed id resolves refs to the real resource across modules', async () => {
    const l = await loadOne({
      'main.tf': `module "sg" {
  source = "./sg"
}
module "vm" {
  source = "./vm"
  sg_id  = module.sg.id
}
`,
      'sg/main.tf': 'resource "aws_security_group" "web" {}\noutput "id" {\n  value = aws_security_group.web.id\n}\n',
      'vm/main.tf': 'variable "sg_id" {}\nresource "aws_instance" "i" {\n  vpc_security_group_ids = [var.sg_id]\n}\n',
    });
    const i = res(l, 'module.vm.aws_instance.i');
    expect(i.refs.get('vpc_security_group_ids')).toEqual(['module.sg.aws_security_group.web']);
    const v = i.attrs['vpc_security_group_ids'];
    expect(Array.isArray(v) && v[0] instanceof Unknown && v[0].refs).toEqual(['module.sg.aws_security_group.web']);
  });

  test('path.module is the module directory relative to the root', async () => {
    const l = await loadOne({
      'main.tf': 'module "m" {\n  source = "./mods/m"\n}\n',
      'mods/m/main.tf': 'resource "x" "r" {\n  p = path.module\n  f = "${path.module}/files/a.json"\n}\n',
    });
    expect(res(l, 'module.m.x.r').attrs).toEqual({ p: 'mods/m', f: 'mods/m/files/a.json' });
  });

  test('registry and git sources: outputs Unknown, a warning naming the file and line, the rest loads', async () => {
    const [l] = await load(`module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
resource "x" "r" {
  vpc = module.vpc.vpc_id
  ok  = 1
}
`);
    expect(l!.issues).toEqual([expect.objectContaining({ path: 'main.tf', line: 1, kind: 'unresolved', scanner: 'iac', message: expect.stringContaining('not a local path') })]);
    expect(res(l!, 'x.r').attrs['vpc']).toBeInstanceOf(Unknown);
    expect(res(l!, 'x.r').attrs['ok']).toBe(1);
  });

  test('missing module directory: warning with file and line; other resources still load', async () => {
    const [l] = await load({ 'main.tf': 'resource "x" "a" {}\n\nmodule "gone" {\n  source = "./nope"\n}\n', 'other.tf': 'resource "x" "b" {\n  v = module.gone.out\n}\n' });
    expect(l!.issues).toEqual([expect.objectContaining({ path: 'main.tf', line: 3, message: expect.stringContaining('does not exist') })]);
    expect(l!.resources.map((r) => r.address).sort()).toEqual(['x.a', 'x.b']);
    expect(plain(res(l!, 'x.b').attrs['v'])).toMatchObject({ unknown: expect.stringContaining('module.gone') });
  });

  test('a module source outside the scan root is never read', async () => {
    const [l] = await load({ 'main.tf': 'module "out" {\n  source = "../../../../../../etc"\n}\nresource "x" "a" {}\n' });
    expect(l!.issues.map((i) => i.message)).toEqual([expect.stringContaining('outside the scan root')]);
    expect(l!.resources.map((r) => r.address)).toEqual(['x.a']);
  });

  test('circular module references: a warning naming file and line, no hang', async () => {
    const loads = await load({
      'main.tf': 'module "a" {\n  source = "./a"\n}\n',
      'a/main.tf': 'resource "x" "in_a" {}\nmodule "b" {\n  source = "../b"\n}\n',
      'b/main.tf': 'resource "x" "in_b" {}\n\nmodule "a" {\n  source = "../a"\n}\n',
    });
    expect(loads).toHaveLength(1);
    const l = loads[0]!;
    expect(l.issues).toEqual([expect.objectContaining({ path: 'b/main.tf', line: 3, message: expect.stringContaining('circular module reference') })]);
    expect(l.resources.map((r) => r.address).sort()).toEqual(['module.a.module.b.x.in_b', 'module.a.x.in_a']);
  });

  test('a module calling itself and two directories only calling each other still load', async () => {
    const loads = await load({
      'self/main.tf': 'resource "x" "s" {}\nmodule "me" {\n  source = "./"\n}\n',
      'p/main.tf': 'resource "x" "p" {}\nmodule "q" {\n  source = "../q"\n}\n',
      'q/main.tf': 'resource "x" "q" {}\nmodule "p" {\n  source = "../p"\n}\n',
    });
    const all = loads.flatMap((l) => l.resources.map((r) => r.address)).sort();
    expect(all).toContain('x.s');
    expect(all).toContain('x.p');
    expect(all).toContain('module.q.x.q');
    expect(loads.flatMap((l) => l.issues.map((i) => i.message)).every((m) => m.includes('circular'))).toBe(true);
  });

  test('refs inside a keyed module instance carry the instance key', async () => {
    const l = await loadOne({
      'main.tf': 'module "net" {\n  source   = "./net"\n  for_each = toset(["a", "b"])\n}\n',
      'net/main.tf': 'resource "aws_security_group" "sg" {}\nresource "aws_instance" "i" {\n  vpc_security_group_ids = [aws_security_group.sg.id]\n}\n',
    });
    expect(res(l, 'module.net["b"].aws_instance.i').refs.get('vpc_security_group_ids')).toEqual(['module.net["b"].aws_security_group.sg']);
  });

  test('well-known registry modules: not fetched (warning, outputs Unknown) but their explicit inputs become resources', async () => {
    const [l] = await load(`variable "public" { default = true }
resource "aws_security_group" "db" {}
module "db" {
  source              = "terraform-aws-modules/rds/aws"
  version             = "6.0.0"
  for_each            = toset(["eu", "us"])
  identifier          = "db-\${each.key}"
  publicly_accessible = var.public
  vpc_security_group_ids = [aws_security_group.db.id]
}
resource "x" "use" {
  endpoint = module.db["eu"].db_instance_endpoint
}
`);
    expect(l!.issues.map((i) => [i.path, i.line])).toEqual([['main.tf', 3]]);
    const eu = res(l!, 'module.db["eu"].aws_db_instance.this');
    expect(eu).toMatchObject({ file: 'main.tf', attrs: { publicly_accessible: true } });
    expect(eu.lines.get('publicly_accessible')).toBe(8);
    expect(eu.refs.get('vpc_security_group_ids')).toEqual(['aws_security_group.db']);
    expect(l!.resources.map((r) => r.address)).toContain('module.db["us"].aws_db_instance.this');
    expect(res(l!, 'x.use').attrs['endpoint']).toBeInstanceOf(Unknown);
  });
});
