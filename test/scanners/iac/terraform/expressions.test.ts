import { describe, expect, test } from 'vitest';
import { Unknown } from '../../../../src/scanners/iac/model/value.js';
import { loadOne, plain, res, value } from './helpers.js';

const LOCALS = `locals {
  names = ["a", "b", "c"]
  m     = { x = 1, y = 2, z = 3 }
  objs  = [{ id = "i1", n = 1 }, { id = "i2", n = 2 }]
  flag  = true
}
variable "unset" {}
`;

describe('terraform: expressions', () => {
  test.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 / 4', 2.5],
    ['7 % 3', 1],
    ['-5 + 2', -3],
    ['!local.flag', false],
    ['3 > 2 && 2 >= 2', true],
    ['1 < 0 || 1 <= 0', false],
    ['"a" == "a"', true],
    ['[1, 2] != [1, 2]', false],
    ['1 == "1"', false],
    ['local.flag ? "yes" : "no"', 'yes'],
    ['!local.flag ? "yes" : "no"', 'no'],
    ['"${1 + 1} items"', '2 items'],
    ['"x-${local.names[1]}-${local.m.z}"', 'x-b-3'],
    ['local.names[0]', 'a'],
    ['local.m["y"]', 2],
    ['local.objs.1.id', 'i2'],
  ])('%s', async (expr, want) => {
    expect(await value(expr, LOCALS)).toEqual(want);
  });

  test('for expressions: list, object, with if, grouping, over a map', async () => {
    expect(await value('[for s in local.names : upper(s)]', LOCALS)).toEqual(['A', 'B', 'C']);
    expect(await value('[for i, s in local.names : "${i}=${s}" if s != "b"]', LOCALS)).toEqual(['0=a', '2=c']);
    expect(await value('{for o in local.objs : o.id => o.n}', LOCALS)).toEqual({ i1: 1, i2: 2 });
    expect(await value('{for k, v in local.m : k => v * 10 if v > 1}', LOCALS)).toEqual({ y: 20, z: 30 });
    expect(await value('{for s in ["a", "b", "a"] : s => 1...}', LOCALS)).toEqual({ a: [1, 1], b: [1] });
  });

  test('splats: [*] and .* over lists, a single object and null', async () => {
    expect(await value('local.objs[*].id', LOCALS)).toEqual(['i1', 'i2']);
    expect(await value('local.objs.*.n', LOCALS)).toEqual([1, 2]);
    expect(await value('local.m[*]', LOCALS)).toEqual([{ x: 1, y: 2, z: 3 }]);
    expect(await value('null[*]', LOCALS)).toEqual([]);
  });

  test('template directives: if/else and for, with strip markers', async () => {
    expect(await value('"%{ if local.flag }on%{ else }off%{ endif }"', LOCALS)).toBe('on');
    expect(await value('"%{ for n in local.names }${n},%{ endfor }"', LOCALS)).toBe('a,b,c,');
    expect(await value('"<%{ for n in local.names ~} ${n} %{~ endfor }>"', LOCALS)).toBe('<abc>');
    expect(await value('"a ${~ "b" ~} c"', LOCALS)).toBe('abc');
  });

  test('a lone interpolation keeps its value type', async () => {
    expect(await value('"${local.names}"', LOCALS)).toEqual(['a', 'b', 'c']);
  });

  test('function calls go to the built-ins, with ... expansion', async () => {
    expect(await value('join("-", local.names)', LOCALS)).toBe('a-b-c');
    expect(await value('max(local.objs[*].n...)', LOCALS)).toBe(2);
    expect(await value('jsonencode({ a = local.m.x })', LOCALS)).toBe('{"a":1}');
  });

  test('try and can see evaluation errors, not just unknowns', async () => {
    expect(await value('try(local.m.nope, "fallback")', LOCALS)).toBe('fallback');
    expect(await value('can(local.names[10])', LOCALS)).toBe(false);
    expect(await value('can(local.names[1])', LOCALS)).toBe(true);
    expect(plain(await value('try(var.unset, "fallback")', LOCALS))).toEqual({ unknown: 'var.unset has no value', refs: [] });
  });

  test('unknown operands make unknown results, except where the other side decides', async () => {
    const u = await value('var.unset + 1', LOCALS);
    expect(u).toBeInstanceOf(Unknown);
    expect((u as Unknown).reason).toBe('var.unset has no value');
    expect(await value('var.unset == "x" ? 1 : 2', LOCALS)).toBeInstanceOf(Unknown);
    expect(await value('false && var.unset', LOCALS)).toBe(false);
    expect(await value('true || var.unset', LOCALS)).toBe(true);
    expect(await value('"pre-${var.unset}"', LOCALS)).toBeInstanceOf(Unknown);
    expect(await value('[for x in var.unset : x]', LOCALS)).toBeInstanceOf(Unknown);
    // A list with one unknown element stays a list.
    const l = await value('["a", var.unset]', LOCALS);
    expect(Array.isArray(l) && l[0] === 'a' && l[1] instanceof Unknown).toBe(true);
  });

  test('path and terraform values', async () => {
    expect(await value('[path.module, path.root, terraform.workspace]')).toEqual(['.', '.', 'default']);
  });

  test('templatefile renders with full template syntax and only its own variables', async () => {
    const l = await loadOne({
      'main.tf': 'resource "x" "r" {\n  v = templatefile("${path.module}/t.tpl", { names = ["a", "b"], port = 22 })\n}\n',
      't.tpl': '%{ for n in names ~}\nallow ${n}:${port + 1}\n%{ endfor ~}\n',
    });
    expect(res(l, 'x.r').attrs['v']).toBe('allow a:23\nallow b:23\n');
  });

  test('try sees failures inside locals from other files, also when they were evaluated before', async () => {
    const l = await loadOne({
      'locals.tf': 'locals {\n  broken = { a = 1 }.b\n  fine   = try(local.m.nope, "x")\n  m      = { k = 1 }\n}\n',
      'main.tf': 'resource "x" "first" {\n  v = local.broken\n}\nresource "x" "r" {\n  v = try(local.broken, "fallback")\n  w = local.fine\n  c = can(local.broken)\n}\n',
    });
    expect(res(l, 'x.first').attrs['v']).toBeInstanceOf(Unknown);
    expect(res(l, 'x.r').attrs).toEqual({ v: 'fallback', w: 'x', c: false });
  });
});
