import { describe, expect, test } from 'vitest';
import { Unknown } from '../../../../src/scanners/iac/model/value.js';
import { load, loadOne, plain, res } from './helpers.js';

describe('terraform: locals and references', () => {
  test('locals in any order, across files, chained', async () => {
    const l = await loadOne({
      'a.tf': 'resource "x" "r" {\n  name = local.full\n}\nlocals {\n  full = "${local.prefix}-${local.env}"\n}\n',
      'b.tf': 'locals {\n  env    = upper(local.raw)\n  raw    = "prod"\n  prefix = "app"\n}\n',
    });
    expect(res(l, 'x.r').attrs['name']).toBe('app-PROD');
  });

  test('circular locals: Unknown and a warning, no hang', async () => {
    const [l] = await load('locals {\n  a = local.b\n  b = local.a\n}\nresource "x" "r" {\n  v = local.a\n  w = 1\n}\n');
    expect(res(l!, 'x.r').attrs['v']).toBeInstanceOf(Unknown);
    expect(res(l!, 'x.r').attrs['w']).toBe(1);
    expect(l!.issues.map((i) => i.message)).toEqual([expect.stringContaining('circular locals')]);
    expect(l!.issues[0]).toMatchObject({ path: 'main.tf', kind: 'other', scanner: 'iac' });
  });

  test('written attributes of other resources are their values; computed ones are Unknown with the address as ref', async () => {
    const l = await loadOne(`resource "aws_s3_bucket" "b" {
  bucket = "logs"
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.bucket
  arn    = aws_s3_bucket.b.arn
}
`);
    const p = res(l, 'aws_s3_bucket_policy.p');
    expect(p.attrs['bucket']).toBe('logs');
    expect(plain(p.attrs['arn'])).toEqual({ unknown: 'aws_s3_bucket.b.arn is known after apply', refs: ['aws_s3_bucket.b'] });
    expect(p.refs.get('bucket')).toEqual(['aws_s3_bucket.b']);
    expect(p.refs.get('arn')).toEqual(['aws_s3_bucket.b']);
  });

  test('refs follow locals and nested blocks, and are recorded under the top-level attribute', async () => {
    const l = await loadOne(`locals {
  sgs = [aws_security_group.a.id, aws_security_group.b.id]
}
resource "aws_security_group" "a" {}
resource "aws_security_group" "b" {}
resource "aws_security_group" "c" {}
resource "aws_instance" "i" {
  vpc_security_group_ids = local.sgs
  network_interface {
    security_groups = [aws_security_group.c.id]
  }
  ami = "ami-1"
}
`);
    const i = res(l, 'aws_instance.i');
    expect(i.refs.get('vpc_security_group_ids')?.sort()).toEqual(['aws_security_group.a', 'aws_security_group.b']);
    expect(i.refs.get('network_interface')).toEqual(['aws_security_group.c']);
    expect(i.refs.has('ami')).toBe(false);
  });

  test('computed attributes of nested blocks are Unknown too, so try() does not fall back to a made-up value', async () => {
    const l = await loadOne(`resource "aws_instance" "i" {
  root_block_device {
    volume_size = 8
  }
}
resource "x" "r" {
  size = aws_instance.i.root_block_device[0].volume_size
  vol  = try(aws_instance.i.root_block_device[0].volume_id, "none")
}
`);
    const r = res(l, 'x.r');
    expect(r.attrs['size']).toBe(8);
    expect(plain(r.attrs['vol'])).toEqual({ unknown: 'aws_instance.i.volume_id is known after apply', refs: ['aws_instance.i'] });
  });

  test('data sources are Unknown at plan time', async () => {
    const l = await loadOne('data "aws_ami" "u" {\n  most_recent = true\n}\nresource "aws_instance" "i" {\n  ami = data.aws_ami.u.id\n}\n');
    expect(plain(res(l, 'aws_instance.i').attrs['ami'])).toEqual({ unknown: 'data.aws_ami.u.id is known after apply', refs: [] });
  });
});

describe('terraform: refs through for_each and iterators', () => {
  test('an unknown each.value or iterator value still says which resource it came from', async () => {
    const l = await loadOne(`resource "aws_security_group" "a" {}
resource "aws_instance" "i" {
  for_each               = { one = aws_security_group.a.id }
  vpc_security_group_ids = [each.value]
  dynamic "network_interface" {
    for_each = [aws_security_group.a.id]
    content {
      security_groups = [network_interface.value]
    }
  }
}
`);
    const i = res(l, 'aws_instance.i["one"]');
    expect(i.refs.get('vpc_security_group_ids')).toEqual(['aws_security_group.a']);
    expect(i.refs.get('network_interface')).toEqual(['aws_security_group.a']);
  });

  test('each.* refers to what for_each iterated over, even when the values are known', async () => {
    const l = await loadOne(`resource "aws_s3_bucket" "b" {
  for_each = toset(["logs", "data"])
  bucket   = each.key
}
resource "aws_s3_bucket_versioning" "v" {
  for_each = { for k, b in aws_s3_bucket.b : k => b.bucket }
  bucket   = each.value
  other    = "fixed"
}
`);
    const v = res(l, 'aws_s3_bucket_versioning.v["data"]');
    expect(v.attrs['bucket']).toBe('data');
    expect(v.refs.get('bucket')).toEqual(['aws_s3_bucket.b']);
    expect(v.refs.has('other')).toBe(false);
  });
});

describe('terraform: count and for_each on resources', () => {
  test('count makes indexed instances; count = 0 makes none', async () => {
    const l = await loadOne(`variable "n" { default = 2 }
resource "x" "r" {
  count = var.n
  name  = "r-\${count.index}"
}
resource "x" "none" {
  count = 0
}
resource "y" "use" {
  first = x.r[0].name
  all   = x.r[*].name
}
`);
    expect(l.resources.map((r) => r.address).sort()).toEqual(['x.r[0]', 'x.r[1]', 'y.use']);
    expect(res(l, 'x.r[1]').attrs['name']).toBe('r-1');
    expect(res(l, 'y.use').attrs).toEqual({ first: 'r-0', all: ['r-0', 'r-1'] });
    expect(res(l, 'y.use').refs.get('all')).toEqual(['x.r']);
  });

  test('for_each over a map and over a set of strings', async () => {
    const l = await loadOne(`resource "x" "m" {
  for_each = { b = 2, a = 1 }
  name     = each.key
  size     = each.value
}
resource "x" "s" {
  for_each = toset(["p", "q"])
  name     = each.value
}
resource "y" "use" {
  size = x.m["b"].size
}
`);
    expect(res(l, 'x.m["a"]').attrs).toEqual({ name: 'a', size: 1 });
    expect(res(l, 'x.m["b"]').attrs).toEqual({ name: 'b', size: 2 });
    expect(res(l, 'x.s["q"]').attrs).toEqual({ name: 'q' });
    expect(res(l, 'y.use').attrs['size']).toBe(2);
  });

  test('for_each over a large set expands in linear time', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => `"k${i}"`).join(', ');
    const t0 = Date.now();
    const l = await loadOne(`resource "x" "many" {\n  for_each = toset([${items}])\n  name     = each.key\n}\n`);
    expect(l.resources).toHaveLength(20_000);
    expect(res(l, 'x.many["k19999"]').attrs['name']).toBe('k19999');
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 60_000);

  test('unknown count or for_each: one instance, Unknown where it depends on the key, never dropped', async () => {
    const l = await loadOne(`variable "n" {}
variable "names" {}
resource "x" "c" {
  count = var.n
  name  = "c-\${count.index}"
  fixed = "0.0.0.0/0"
}
resource "x" "e" {
  for_each = var.names
  name     = each.key
}
`);
    const c = res(l, 'x.c');
    expect(c.attrs['name']).toBeInstanceOf(Unknown);
    expect(c.attrs['fixed']).toBe('0.0.0.0/0');
    expect(res(l, 'x.e').attrs['name']).toBeInstanceOf(Unknown);
  });
});

describe('terraform: dynamic blocks', () => {
  test('for_each, default and custom iterator, nested dynamic, mixed with static blocks', async () => {
    const l = await loadOne(`locals {
  rules = [{ port = 22, cidrs = ["10.0.0.0/8"] }, { port = 443, cidrs = ["0.0.0.0/0", "::/0"] }]
}
resource "aws_security_group" "sg" {
  ingress {
    from_port = 80
  }
  dynamic "ingress" {
    for_each = local.rules
    iterator = rule
    content {
      from_port   = rule.value.port
      description = "rule \${rule.key}"
      dynamic "cidr" {
        for_each = rule.value.cidrs
        content {
          block = cidr.value
        }
      }
    }
  }
}
`);
    const r = res(l, 'aws_security_group.sg');
    expect(r.attrs['ingress']).toEqual([
      { from_port: 80 },
      { from_port: 22, description: 'rule 0', cidr: [{ block: '10.0.0.0/8' }] },
      { from_port: 443, description: 'rule 1', cidr: [{ block: '0.0.0.0/0' }, { block: '::/0' }] },
    ]);
    expect(r.lines.get('ingress.2.from_port')).toBe(12);
    expect(r.lines.get('ingress.2.cidr.1.block')).toBe(17);
  });

  test('an empty for_each leaves the block absent', async () => {
    const l = await loadOne('resource "aws_s3_bucket" "b" {\n  dynamic "logging" {\n    for_each = []\n    content {\n      target_bucket = "x"\n    }\n  }\n}\n');
    expect(res(l, 'aws_s3_bucket.b').attrs).toEqual({});
  });

  test('unknown for_each: one block stands in, iterator-dependent values Unknown', async () => {
    const l = await loadOne(`variable "ports" {}
resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port   = ingress.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
`);
    const ing = res(l, 'aws_security_group.sg').attrs['ingress'];
    expect(Array.isArray(ing) && ing.length).toBe(1);
    expect(plain(ing)).toEqual([{ from_port: { unknown: 'var.ports has no value', refs: [] }, cidr_blocks: ['0.0.0.0/0'] }]);
  });
});

describe('terraform: override files', () => {
  test('override.tf and *_override.tf merge into the declared resource instead of adding one', async () => {
    const l = await loadOne({
      'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "base"\n  acl    = "private"\n  versioning {\n    enabled = true\n  }\n}\n',
      'override.tf': 'resource "aws_s3_bucket" "b" {\n  acl = "public-read"\n}\n',
      'z_override.tf': 'resource "aws_s3_bucket" "b" {\n  versioning {\n    enabled = false\n  }\n}\n',
    });
    expect(l.resources).toHaveLength(1);
    const b = res(l, 'aws_s3_bucket.b');
    expect(b.attrs).toEqual({ bucket: 'base', acl: 'public-read', versioning: [{ enabled: false }] });
    // The resource lives in main.tf: overridden values point at its block there, not at override.tf lines.
    expect(b).toMatchObject({ file: 'main.tf', line: 1 });
    expect([b.lines.get('bucket'), b.lines.get('acl'), b.lines.get('versioning.0.enabled')]).toEqual([2, 1, 1]);
  });
});
