import { describe, expect, test } from 'vitest';
import { Unknown } from '../../../../src/scanners/iac/model/value.js';
import { load, loadOne, res } from './helpers.js';

const VARS = `variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" { default = "default" }
variable "g" { default = "default" }
resource "x" "r" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  e = var.e
  f = var.f
  g = var.g
}
`;

describe('terraform: root variables', () => {
  test('precedence: default < TF_VAR_ < terraform.tfvars < terraform.tfvars.json < *.auto.tfvars (lexical) < -var-file (in order)', async () => {
    const l = await loadOne(
      {
        'main.tf': VARS,
        'terraform.tfvars': 'b = "tfvars"\nc = "tfvars"\nd = "tfvars"\ne = "tfvars"\nf = "tfvars"\n',
        'terraform.tfvars.json': '{ "c": "tfvars.json", "d": "tfvars.json" }',
        'a.auto.tfvars': 'd = "a.auto"\ne = "a.auto"\n',
        'b.auto.tfvars.json': '{ "e": "b.auto" }',
        'vars/one.tfvars': 'f = "one"\ng = "one"\n',
        'vars/two.tfvars': 'g = "two"\n',
      },
      { env: { TF_VAR_a: 'env', TF_VAR_b: 'env', TF_VAR_g: 'env' }, varFiles: ['vars/one.tfvars', 'vars/two.tfvars'] },
    );
    expect(res(l, 'x.r').attrs).toEqual({ a: 'env', b: 'tfvars', c: 'tfvars.json', d: 'a.auto', e: 'b.auto', f: 'one', g: 'two' });
  });

  test('default applies when nothing sets the variable', async () => {
    const l = await loadOne(VARS);
    expect(res(l, 'x.r').attrs['a']).toBe('default');
  });

  test('TF_VAR_ values are strings for string variables and HCL for other types', async () => {
    const l = await loadOne(
      `variable "s" { type = string }
variable "n" { type = number }
variable "l" { type = list(string) }
variable "m" { type = map(number) }
variable "untyped" {}
resource "x" "r" {
  s = var.s
  n = var.n + 1
  l = var.l[1]
  m = var.m.k
  untyped = var.untyped
}
`,
      { env: { TF_VAR_s: '[1]', TF_VAR_n: '41', TF_VAR_l: '["a", "b"]', TF_VAR_m: '{ k = 7 }', TF_VAR_untyped: 'plain' } },
    );
    expect(res(l, 'x.r').attrs).toEqual({ s: '[1]', n: 42, l: 'b', m: 7, untyped: 'plain' });
  });

  test('tfvars values are evaluated (collections, functions) and typed by the declaration', async () => {
    const l = await loadOne({
      'main.tf': 'variable "cidrs" {}\nvariable "port" { type = number }\nresource "x" "r" {\n  c = var.cidrs\n  p = var.port\n}\n',
      'terraform.tfvars': 'cidrs = [for s in ["a", "b"] : upper(s)]\nport = "22"\n',
    });
    expect(res(l, 'x.r').attrs).toEqual({ c: ['A', 'B'], p: 22 });
  });

  test('a variable without a value is Unknown, listed as unresolved, never dropped', async () => {
    const l = await loadOne('variable "region" {}\nresource "x" "r" {\n  region = var.region\n  name   = "fixed"\n}\n');
    const r = res(l, 'x.r');
    expect(r.attrs['name']).toBe('fixed');
    expect(r.attrs['region']).toBeInstanceOf(Unknown);
    expect(l.unresolved).toEqual([{ file: 'main.tf', line: 3, what: 'x.r.region', reason: 'var.region has no value' }]);
  });

  test('an invalid variable file is a warning naming the file and line; the rest still loads', async () => {
    const [l] = await load({ 'main.tf': 'variable "a" { default = "d" }\nresource "x" "r" {\n  a = var.a\n}\n', 'terraform.tfvars': 'ok = 1\na = = 2\n' });
    expect(l!.issues).toEqual([expect.objectContaining({ path: 'terraform.tfvars', line: 2, kind: 'unparsable' })]);
    expect(res(l!, 'x.r').attrs['a']).toBe('d');
  });

  test('optional() object attributes take their defaults, also inside lists and maps of objects', async () => {
    const l = await loadOne({
      'main.tf': `module "db" {
  source = "./db"
  settings = { name = "main" }
  replicas = [{ name = "r1" }, { name = "r2", encrypted = false }]
}
`,
      'db/main.tf': `variable "settings" {
  type = object({
    name      = string
    encrypted = optional(bool, true)
    port      = optional(number)
  })
}
variable "replicas" {
  type = list(object({ name = string, encrypted = optional(bool, true) }))
}
resource "aws_db_instance" "d" {
  identifier        = var.settings.name
  storage_encrypted = var.settings.encrypted
  port              = var.settings.port
  replicas          = [for r in var.replicas : r.encrypted]
}
`,
    });
    expect(res(l, 'module.db.aws_db_instance.d').attrs).toEqual({ identifier: 'main', storage_encrypted: true, port: null, replicas: [true, false] });
  });

  test('nullable = false turns a null argument into the default; set types hold each value once', async () => {
    const l = await loadOne({
      'main.tf': 'module "m" {\n  source = "./m"\n  a      = null\n  b      = null\n  ports  = [22, 22, 443]\n}\n',
      'm/main.tf': `variable "a" {
  default  = "dflt"
  nullable = false
}
variable "b" {
  default = "dflt"
}
variable "ports" {
  type = set(number)
}
resource "x" "r" {
  a     = var.a
  b     = var.b
  ports = var.ports
}
`,
    });
    expect(res(l, 'module.m.x.r').attrs).toEqual({ a: 'dflt', b: null, ports: [22, 443] });
  });

  test('a large set-typed default is deduplicated in linear time', async () => {
    const items = Array.from({ length: 60_000 }, (_, i) => `"v${i % 30_000}"`).join(', ');
    const t0 = Date.now();
    const l = await loadOne(`variable "s" {\n  type    = set(string)\n  default = [${items}]\n}\nresource "x" "r" {\n  n = length(var.s)\n}\n`);
    expect(res(l, 'x.r').attrs['n']).toBe(30_000);
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 60_000);
});
