import { describe, expect, test } from 'vitest';
import { hclParser, parseHcl } from '../../../../src/scanners/iac/formats/terraform/hcl.js';
import { loadOne, res } from './helpers.js';

describe('terraform: positions', () => {
  test('resource lines, attribute and nested block paths', async () => {
    const l = await loadOne(`# leading comment

resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    cidr_blocks = [
      "10.0.0.0/8",
      "0.0.0.0/0",
    ]
  }
  ingress {
    from_port = 443
  }
  tags = {
    env  = "prod"
    "team" = "sec"
  }
}
`);
    const r = res(l, 'aws_security_group.web');
    expect(r).toMatchObject({ type: 'aws_security_group', name: 'web', source: 'terraform', file: 'main.tf', line: 3, endLine: 19 });
    expect(Object.fromEntries(r.lines)).toMatchObject({
      name: 4,
      ingress: 5,
      'ingress.0': 5,
      'ingress.0.from_port': 6,
      'ingress.0.cidr_blocks': 7,
      'ingress.0.cidr_blocks.1': 9,
      'ingress.1': 12,
      'ingress.1.from_port': 13,
      tags: 15,
      'tags.env': 16,
      'tags.team': 17,
    });
    expect(r.attrs).toEqual({
      name: 'web',
      ingress: [{ from_port: 22, cidr_blocks: ['10.0.0.0/8', '0.0.0.0/0'] }, { from_port: 443 }],
      tags: { env: 'prod', team: 'sec' },
    });
    expect(l.sources.get('main.tf')).toContain('resource "aws_security_group" "web"');
  });

  test('keys of object literals inside merge() keep their lines', async () => {
    const l = await loadOne('locals {\n  tags = { team = "a" }\n}\nresource "x" "r" {\n  tags = merge(local.tags, {\n    Name = "n"\n  })\n}\n');
    const r = res(l, 'x.r');
    expect(r.attrs['tags']).toEqual({ team: 'a', Name: 'n' });
    expect([r.lines.get('tags'), r.lines.get('tags.Name'), r.lines.get('tags.team')]).toEqual([5, 6, undefined]);
  });

  test('several files, each resource keeps its own file', async () => {
    const l = await loadOne({ 'a.tf': 'resource "x" "a" {\n  v = 1\n}\n', 'b.tf': '\n\nresource "x" "b" {\n  v = 2\n}\n' });
    expect(res(l, 'x.a')).toMatchObject({ file: 'a.tf', line: 1, endLine: 3 });
    expect(res(l, 'x.b')).toMatchObject({ file: 'b.tf', line: 3, endLine: 5 });
    expect([...l.sources.keys()].sort()).toEqual(['a.tf', 'b.tf']);
  });

  test('meta-arguments and lifecycle/provisioner blocks are not attributes; provider/terraform blocks are ignored', async () => {
    const l = await loadOne(`terraform {
  required_version = ">= 1.5"
}
provider "aws" {
  region = "eu-west-1"
}
moved {
  from = x.old
  to   = x.new
}
resource "x" "new" {
  provider   = aws.west
  depends_on = [x.other]
  lifecycle {
    prevent_destroy = true
  }
  provisioner "local-exec" {
    command = "echo"
  }
  timeouts {
    create = "5m"
  }
  v = 1
}
resource "x" "other" {}
`);
    expect(l.resources.map((r) => r.address).sort()).toEqual(['x.new', 'x.other']);
    expect(res(l, 'x.new').attrs).toEqual({ timeouts: [{ create: '5m' }], v: 1 });
    expect(res(l, 'x.other').attrs).toEqual({});
  });

  test('string escapes, $${ and %%{ in quoted strings; non-ASCII keeps columns and lines', async () => {
    const l = await loadOne(`resource "x" "s" {
  a = "tab\\tnl\\nquote\\"back\\\\ \\u00e9"
  b = "$\${literal} %%{literal}"
  c = "é€😀"
  d = 1.5e3
  e = 0x1F
}
`);
    expect(res(l, 'x.s').attrs).toEqual({ a: 'tab\tnl\nquote"back\\ é', b: '${literal} %{literal}', c: 'é€😀', d: 1500, e: 31 });
    expect(res(l, 'x.s').lines.get('c')).toBe(4);
  });

  test('heredocs: plain and indented (<<-), with interpolation', async () => {
    const l = await loadOne(`locals {
  who = "world"
}
resource "x" "h" {
  plain = <<EOT
  {
    "a": "\${local.who}"
  }
EOT
  indented = <<-EOT
    line one
      line two \${local.who}
    EOT
  after = 1
}
`);
    const r = res(l, 'x.h');
    expect(r.attrs['plain']).toBe('  {\n    "a": "world"\n  }\n');
    expect(r.attrs['indented']).toBe('line one\n  line two world\n');
    expect(r.lines.get('after')).toBe(14);
  });

  test('.tf.json: blocks, lines, templates', async () => {
    const json = `{
  "variable": { "env": { "default": "prod" } },
  "resource": {
    "aws_s3_bucket": {
      "logs": {
        "bucket": "logs-\${var.env}",
        "count": 2,
        "tags": { "Name": "x" },
        "rule": [ { "id": "a" } ],
        "dynamic": { "grant": { "for_each": ["r", "w"], "content": { "permission": "\${grant.value}" } } }
      }
    }
  }
}
`;
    const l = await loadOne({ 'main.tf.json': json });
    const r = res(l, 'aws_s3_bucket.logs[1]');
    expect(r).toMatchObject({ file: 'main.tf.json', line: 5, endLine: 11 });
    expect(r.attrs).toEqual({ bucket: 'logs-prod', tags: { Name: 'x' }, rule: [{ id: 'a' }], grant: [{ permission: 'r' }, { permission: 'w' }] });
    expect(r.lines.get('bucket')).toBe(6);
    expect(r.lines.get('tags.Name')).toBe(8);
    // An object may be a block written once: rules' block paths find its keys too.
    expect(r.lines.get('tags.0.Name')).toBe(8);
    expect(r.lines.get('rule.0.id')).toBe(9);
  });

  test('the AST keeps the first error line and every block that parsed', async () => {
    const p = await hclParser();
    const r = parseHcl(p, 'resource "a" "b" {\n  x = 1\n}\nresource "c" "d" {\n  y = = 2\n}\nresource "e" "f" {\n  z = 3\n}\n');
    expect(r.errorLine).toBe(5);
    const labels = r.body.blocks.map((b) => b.labels.join('.'));
    expect(labels).toContain('a.b');
    expect(labels).toContain('e.f');
  });

  test('a parse over its time budget is cancelled, and the parser works normally afterwards', async () => {
    const p = await hclParser();
    const text = Array.from({ length: 2000 }, (_, i) => `resource "x" "r${i}" {\n  v = ${i}\n}\n`).join('');
    const r = parseHcl(p, text, -1);
    expect(r.cancelled).toBe(true);
    expect(r.errorMessage).toContain('parsing took longer than');
    const again = parseHcl(p, text);
    expect(again.errorLine).toBeUndefined();
    expect(again.body.blocks).toHaveLength(2000);
  });
});
