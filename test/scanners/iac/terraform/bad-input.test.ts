import { describe, expect, test } from 'vitest';
import { isWhollyKnown, Unknown } from '../../../../src/scanners/iac/model/value.js';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { loadTerraform } from '../../../../src/scanners/iac/formats/terraform/load.js';
import { load, res, writeTree } from './helpers.js';

describe('terraform: bad input', () => {
  test('invalid HCL: a warning naming the file and first error line; other files and blocks still load', async () => {
    const [l] = await load({
      'bad.tf': 'resource "x" "before" {\n  v = 1\n}\n\nresource "x" "broken" {\n  v = = 2\n}\n\nresource "x" "after" {\n  v = 3\n}\n',
      'good.tf': 'resource "x" "good" {\n  v = 4\n}\n',
    });
    expect(l!.issues).toEqual([{ path: 'bad.tf', line: 6, kind: 'unparsable', scanner: 'iac', message: expect.stringContaining('bad.tf at line 6 (syntax error near "= 2")') }]);
    const have = l!.resources.map((r) => r.address);
    expect(have).toEqual(expect.arrayContaining(['x.before', 'x.after', 'x.good']));
    expect(res(l!, 'x.after')).toMatchObject({ line: 9, attrs: { v: 3 } });
    expect(res(l!, 'x.after').lines.get('v')).toBe(10);
  });

  test('unterminated block at the end of a file', async () => {
    const [l] = await load({ 'main.tf': 'resource "x" "ok" {\n  v = 1\n}\nresource "x" "open" {\n  v = 2\n' });
    expect(l!.issues).toHaveLength(1);
    expect(l!.issues[0]).toMatchObject({ path: 'main.tf', kind: 'unparsable', message: expect.stringContaining('missing "}"') });
    expect(res(l!, 'x.ok').attrs['v']).toBe(1);
  });

  test('invalid .tf.json: a warning with the line, other files load', async () => {
    const [l] = await load({ 'a.tf.json': '{\n  "resource": {\n    "x": { "y": { "v": 1, } }\n  }\n}\n', 'b.tf': 'resource "x" "b" {}\n' });
    expect(l!.issues).toEqual([expect.objectContaining({ path: 'a.tf.json', line: 3, kind: 'unparsable' })]);
    expect(l!.resources.map((r) => r.address)).toEqual(['x.b']);
  });

  test('binary junk and an empty file do not throw', async () => {
    const [l] = await load({ 'junk.tf': '\u0000\u0001\u0002 {{{ ]]] "unterminated', 'empty.tf': '', 'ok.tf': 'resource "x" "ok" {}\n' });
    expect(l!.resources.map((r) => r.address)).toEqual(['x.ok']);
    expect(l!.issues.map((i) => i.path)).toEqual(['junk.tf']);
  });

  test('references to undeclared names, wrong types and failing functions become Unknown, not exceptions', async () => {
    const [l] = await load(`resource "x" "r" {
  a = var.nope
  b = local.nope
  c = "s" + 1
  d = nosuchfunction(1)
  e = aws_nothing.here.id
  f = [1, 2][5]
  ok = 1
}
`);
    const r = res(l!, 'x.r');
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) expect(r.attrs[k], k).toBeInstanceOf(Unknown);
    expect(r.attrs['ok']).toBe(1);
    // Undeclared names are a mistake terraform validate would reject: a warning with the line.
    const warned = l!.issues.map((i) => `${i.line} ${i.message}`);
    expect(warned).toEqual(expect.arrayContaining([expect.stringMatching(/^2 var\.nope is not declared/), expect.stringMatching(/^3 local\.nope is not declared/), expect.stringMatching(/^6 resource aws_nothing\.here is not declared/)]));
  });

  test('a 5 MB .tf file loads in reasonable time', async () => {
    const block = (i: number) => `resource "aws_security_group" "sg${i}" {
  name        = "sg-${i}"
  description = "generated group number ${i} with some padding text to make it longer"
  ingress {
    from_port   = ${i % 65535}
    to_port     = ${i % 65535}
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"]
  }
  tags = {
    Name = "sg-${i}"
    Env  = "prod"
  }
}
`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const b = block(i);
      parts.push(b);
      size += b.length;
    }
    const t0 = Date.now();
    const [l] = await load({ 'big.tf': parts.join('') });
    const ms = Date.now() - t0;
    expect(l!.issues).toEqual([]);
    expect(l!.resources).toHaveLength(parts.length);
    expect(res(l!, 'aws_security_group.sg100').attrs['name']).toBe('sg-100');
    // ~4 s on an idle machine (tree-sitter's parse is most of it); the bound catches quadratic work, not load spikes.
    expect(ms).toBeLessThan(45_000);
  }, 120_000);

  test('deeply nested expressions do not blow the stack', async () => {
    const depth = 5000;
    const text = `resource "x" "deep" {\n  v = ${'['.repeat(depth)}1${']'.repeat(depth)}\n  p = ${'('.repeat(depth)}1${')'.repeat(depth)}\n  ok = 1\n}\n`;
    const [l] = await load({ 'deep.tf': text });
    const r = res(l!, 'x.deep');
    expect(r.attrs['ok']).toBe(1);
    // The part beyond the depth limit is Unknown; the rest of the value is kept.
    expect(isWhollyKnown(r.attrs['v'])).toBe(false);
    expect(isWhollyKnown(r.attrs['p'])).toBe(false);
  });

  test('deeply nested JSON does not blow the stack', async () => {
    const depth = 20000;
    const [l] = await load({ 'deep.tf.json': `{"resource": {"x": {"y": {"v": ${'['.repeat(depth)}${']'.repeat(depth)}}}}}`, 'ok.tf': 'resource "x" "ok" {}\n' });
    expect(l!.resources.map((r) => r.address)).toEqual(['x.ok']);
    expect(l!.issues.map((i) => i.path)).toEqual(['deep.tf.json']);
  });

  test('a huge count is not expanded: one stand-in instance and a warning, no hang', async () => {
    const [l] = await load('resource "x" "many" {\n  count = 1000000000\n  name  = "n-${count.index}"\n  fixed = 1\n}\nresource "x" "few" {\n  count = 2\n}\n');
    expect(l!.issues).toEqual([expect.objectContaining({ path: 'main.tf', line: 1, message: expect.stringContaining('not expanded') })]);
    expect(l!.resources.map((r) => r.address)).toEqual(['x.many', 'x.few[0]', 'x.few[1]']);
    expect(res(l!, 'x.many').attrs['name']).toBeInstanceOf(Unknown);
    expect(res(l!, 'x.many').attrs['fixed']).toBe(1);
  });

  test('a very long chain of locals does not blow the stack', async () => {
    const n = 5000;
    const locals = Array.from({ length: n }, (_, i) => `  l${i} = ${i === n - 1 ? '1' : `local.l${i + 1} + 1`}`).join('\n');
    const [l] = await load(`locals {\n${locals}\n}\nresource "x" "r" {\n  v = local.l0\n  w = local.l${n - 100}\n  ok = 1\n}\n`);
    const r = res(l!, 'x.r');
    expect(r.attrs['ok']).toBe(1);
    expect(r.attrs['v']).toBeInstanceOf(Unknown);
    expect(r.attrs['w']).toBe(100);
  });

  test('randomly damaged files never throw, hang, or stop other files from loading', async () => {
    const src = `locals {
  m = { a = 1, "b" = [for x in ["p", "q"] : upper(x)] }
  t = "x-\${local.m.a}-%{ if true }y%{ endif }"
}
resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = local.m.b
    content {
      cidr_blocks = ["0.0.0.0/0"]
      description = <<-EOT
        rule \${ingress.key}
      EOT
    }
  }
  tags = merge({ Name = local.t }, { n = length(local.m.b) > 1 ? "many" : "one" })
}
`;
    // Deterministic pseudo-random edits: deletions and inserted delimiters.
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const bits = ['{', '}', '[', ']', '"', '\${', '%{', '~', '<<', '\n', '=', '(', ')', '#', '/*', '\\', ':', '?', '...'];
    for (let i = 0; i < 60; i++) {
      let s = src;
      for (let j = 0; j < 1 + (i % 3); j++) {
        const at = Math.floor(rnd() * s.length);
        s = rnd() < 0.5 ? s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 5)) : s.slice(0, at) + bits[Math.floor(rnd() * bits.length)]! + s.slice(at);
      }
      const loads = await load({ 'main.tf': s, 'ok.tf': 'resource "x" "ok" {}\n' });
      expect(loads.flatMap((l) => l.resources.map((r) => r.address)), s).toContain('x.ok');
    }
  }, 120_000);

  test('modules that each call the next one many times do not fan out without bound', async () => {
    const files: Record<string, string> = { 'main.tf': 'module "m" {\n  source = "./m1"\n}\n' };
    for (let d = 1; d <= 8; d++) {
      const calls = Array.from({ length: 10 }, (_, i) => `module "c${i}" {\n  source = "../m${d + 1}"\n}\n`).join('');
      files[`m${d}/main.tf`] = `resource "x" "r" {}\n${d < 8 ? calls : ''}`;
    }
    const t0 = Date.now();
    const [l] = await load(files, { scanned: ['main.tf'] });
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(l!.resources.length).toBeGreaterThan(1000);
    expect(l!.resources.length).toBeLessThanOrEqual(100_001);
    expect(l!.issues.map((i) => i.message)).toContain('more than 100000 resource/module instances: the rest are not expanded (count/for_each treated as unknown)');
  }, 120_000);

  test('values that double at every step (strings and shared lists) stay bounded', async () => {
    const n = 40;
    const strs = Array.from({ length: n }, (_, i) => `  s${i + 1} = "\${local.s${i}}\${local.s${i}}"`).join('\n');
    const lists = Array.from({ length: n }, (_, i) => `  l${i + 1} = [local.l${i}, local.l${i}]`).join('\n');
    const t0 = Date.now();
    const [l] = await load(`locals {\n  s0 = "ab"\n  l0 = ["x"]\n${strs}\n${lists}\n}\nresource "x" "r" {\n  s  = local.s${n}\n  eq = local.l${n} == local.l${n - 1}\n  j  = jsonencode(local.l${n})\n  ok = 1\n}\n`);
    expect(Date.now() - t0).toBeLessThan(30_000);
    const r = res(l!, 'x.r');
    expect(r.attrs['ok']).toBe(1);
    expect(r.attrs['s']).toBeInstanceOf(Unknown);
    expect(r.attrs['eq']).toBeInstanceOf(Unknown);
  }, 60_000);

  test('deeply nested blocks: a warning, the deep part dropped, everything else loaded', async () => {
    for (const n of [200, 20_000]) {
      const text = 'resource "x" "deep" {\n  v = 1\n' + '  a {\n'.repeat(n) + '  }\n'.repeat(n) + '}\nresource "x" "after" {}\n';
      const [l] = await load({ 'deep.tf': text, 'ok.tf': 'resource "x" "ok" {}\n' });
      expect(l!.resources.map((r) => r.address).sort(), `n=${n}`).toEqual(['x.after', 'x.deep', 'x.ok']);
      expect(l!.issues.map((i) => i.path)).toEqual(['deep.tf']);
    }
  }, 120_000);

  test('.tf.json with odd shapes (wrong types where blocks belong) loads what makes sense', async () => {
    const odd = JSON.stringify({
      resource: { x: 7, y: { ok: { v: 1 }, list: [{ v: 2 }, 3] } },
      variable: 'nope',
      locals: [1, { a: 1 }],
      module: { m: { source: 5 } },
      output: { o: null },
      terraform: { backend: 'x' },
    });
    const [l] = await load({ 'odd.tf.json': odd, 'b.tf': 'resource "x" "b" {\n  a = local.a\n}\n' });
    expect(l!.resources.map((r) => r.address).sort()).toEqual(['x.b', 'y.list', 'y.ok']);
    expect(res(l!, 'x.b').attrs['a']).toBe(1);
    expect(l!.issues.map((i) => i.message)).toEqual([expect.stringContaining('module "m": source is not a literal string')]);
  });

  test('symlinked module files and var files that lead outside the root are not read; a FIFO never blocks', async () => {
    const outside = writeTree({ 'evil.tf': 'resource "x" "evil" {}\n', 'x.tfvars': 'v = "outside"\n' });
    const root = writeTree({ 'main.tf': 'variable "v" {\n  default = "inside"\n}\nmodule "m" {\n  source = "./mod"\n}\nresource "x" "r" {\n  v = var.v\n}\n', 'mod/keep.txt': '' });
    symlinkSync(join(outside, 'evil.tf'), join(root, 'mod/main.tf'));
    symlinkSync(join(outside, 'x.tfvars'), join(root, 'x.auto.tfvars'));
    execFileSync('mkfifo', [join(root, 'y.auto.tfvars')]);
    const [l] = await loadTerraform([{ path: 'main.tf', absPath: join(root, 'main.tf') }], { root, varFiles: [], env: {} });
    expect(l!.resources.map((r) => r.address)).toEqual(['x.r']);
    expect(res(l!, 'x.r').attrs['v']).toBe('inside');
    expect(l!.issues.some((i) => /module "m"/.test(i.message))).toBe(true);
  });

  test('nested dynamic blocks draw on the instance budget instead of exhausting memory', async () => {
    const started = Date.now();
    const [l] = await load(`resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = range(1000)
    content {
      dynamic "x" {
        for_each = range(1000)
        content {
          dynamic "y" {
            for_each = range(1000)
            content { a = 1 }
          }
        }
      }
    }
  }
}
`);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(l!.resources).toHaveLength(1);
    expect(l!.issues.some((i) => /instances/.test(i.message))).toBe(true);
  });

  test('a template that renders itself is refused, not recursed into', async () => {
    const started = Date.now();
    const [l] = await load({ 'a.tpl': '${templatefile("a.tpl", {})}\nbody\n', 'main.tf': 'resource "x" "r" {\n  t = templatefile("${path.module}/a.tpl", {})\n}\n' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(res(l!, 'x.r').attrs['t']).toBeInstanceOf(Unknown);
  });
});
