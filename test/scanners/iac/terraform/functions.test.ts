/**
 * Terraform built-in functions. Expected values come from the examples in Terraform's function
 * documentation (developer.hashicorp.com/terraform/language/functions), or are worked out by hand
 * from the semantics described there.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FUNCTIONS, FunctionError, callFunction, callLazyFunction } from '../../../../src/scanners/iac/formats/terraform/functions.js';
import { Unknown, type Value } from '../../../../src/scanners/iac/model/value.js';

type Case = [name: string, args: Value[], expected: Value];

const u = (reason = 'var.x has no value', refs: string[] = []): Unknown => new Unknown(reason, undefined, refs);

const KNOWN: Case[] = [
  // string
  ['format', ['Hello, %s!', 'Ander'], 'Hello, Ander!'],
  ['format', ['There are %d lights', 4], 'There are 4 lights'],
  ['format', ['%#v', { a: 1 }], '{"a":1}'],
  ['format', ['%5.2f|%-5d|%05d|%x|%X|%o|%b|%t|%q', 3.14159, 12, -42, 255, 255, 8, 5, true, 'hi'], ' 3.14|12   |-0042|ff|FF|10|101|true|"hi"'],
  ['format', ['%e %E %g', 1000000, 1000000, 1.5], '1.000000e+06 1.000000E+06 1.5'],
  ['format', ['%[2]d %[1]s 100%%', 'a', 1], '1 a 100%'],
  ['format', ['%.3g|%.3g|%g|%g', 1234567, 3.14159, 0.00001, 1e21], '1.23e+06|3.14|1e-05|1e+21'],
  ['format', ['%v and %v', 'text', 3], 'text and 3'],
  ['formatlist', ['Hello, %s!', ['Valentina', 'Ander', 'Olivia', 'Sam']], ['Hello, Valentina!', 'Hello, Ander!', 'Hello, Olivia!', 'Hello, Sam!']],
  ['formatlist', ['%s, %s!', 'Salutations', ['Valentina', 'Ander']], ['Salutations, Valentina!', 'Salutations, Ander!']],
  ['join', ['-', ['foo', 'bar', 'baz']], 'foo-bar-baz'],
  ['join', [', ', ['foo']], 'foo'],
  ['join', [',', ['a'], ['b', 'c']], 'a,b,c'],
  ['split', [',', 'foo,bar,baz'], ['foo', 'bar', 'baz']],
  ['split', [',', 'foo'], ['foo']],
  ['split', [',', ''], ['']],
  ['lower', ['HELLO'], 'hello'],
  ['lower', ['АЛЛО!'], 'алло!'],
  ['upper', ['hello'], 'HELLO'],
  ['upper', ['алло!'], 'АЛЛО!'],
  ['title', ['hello world'], 'Hello World'],
  ['title', ['web-server_one'], 'Web-Server_one'],
  ['trim', ['?!hello?!', '!?'], 'hello'],
  ['trim', ['foobar', 'far'], 'oob'],
  ['trim', ['   hello! world.!  ', '! '], 'hello! world.'],
  ['trimspace', ['  hello\n\n'], 'hello'],
  ['trimprefix', ['helloworld', 'hello'], 'world'],
  ['trimprefix', ['helloworld', 'cat'], 'helloworld'],
  ['trimsuffix', ['helloworld', 'world'], 'hello'],
  ['replace', ['1 + 2 + 3', '+', '-'], '1 - 2 - 3'],
  ['replace', ['hello world', '/w.*d/', 'everybody'], 'hello everybody'],
  ['replace', ['2019-02-01', '/(\\d+)-(\\d+)-(\\d+)/', '$3.$2.$1'], '01.02.2019'],
  ['replace', ['x-y', '/(?P<a>\\w)-(?P<b>\\w)/', '${b}$$${a}'], 'y$x'],
  ['regex', ['[a-z]+', '53453453.345345aaabbbccc23454'], 'aaabbbccc'],
  ['regex', ['(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)', '2019-02-01'], ['2019', '02', '01']],
  ['regex', ['^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?', 'https://terraform.io/docs/'], { scheme: 'https', authority: 'terraform.io' }],
  ['regexall', ['[a-z]+', '1234abcd5678efgh9'], ['abcd', 'efgh']],
  ['regexall', ['[a-z]+', '123456789'], []],
  // Go's rule: an empty match right after the previous match is dropped.
  ['regexall', ['x*', 'axbxx'], ['', 'x', 'xx']],
  ['replace', ['abc', '/x*/', '-'], '-a-b-c-'],
  ['regex', ['🤔(.)', 'a🤔b'], ['b']],
  ['regex', ['(?i)HELLO', 'say hello'], 'hello'],
  ['substr', ['hello world', 1, 4], 'ello'],
  ['substr', ['🤔🤷', 0, 1], '🤔'],
  ['substr', ['hello world', -5, -1], 'world'],
  ['substr', ['hello world', 7, 100], 'orld'],
  ['strrev', ['hello'], 'olleh'],
  ['strrev', ['a ☃'], '☃ a'],
  ['strrev', ['ae\u0301'], 'e\u0301a'],
  ['substr', ['🕹️🕹️x', 1, 2], '🕹️x'],
  ['chomp', ['hello\n'], 'hello'],
  ['chomp', ['hello\r\n'], 'hello'],
  ['chomp', ['hello\n\n'], 'hello'],
  ['indent', [2, '[\n  foo,\n  bar,\n]'], '[\n    foo,\n    bar,\n  ]'],
  ['startswith', ['hello world', 'hello'], true],
  ['startswith', ['hello world', 'world'], false],
  ['endswith', ['hello world', 'world'], true],
  ['endswith', ['hello world', 'hello'], false],
  ['strcontains', ['hello world', 'wor'], true],
  ['strcontains', ['hello world', 'wod'], false],
  // collection
  ['length', [[]], 0],
  ['length', [['a', 'b']], 2],
  ['length', [{ a: 'b' }], 1],
  ['length', ['hello'], 5],
  ['length', ['👾🕹️'], 2],
  ['length', ['e\u0301'], 1],
  ['element', [['a', 'b', 'c'], 1], 'b'],
  ['element', [['a', 'b', 'c'], 3], 'a'],
  ['index', [['a', 'b', 'c'], 'b'], 1],
  ['concat', [['a', ''], ['b', 'c']], ['a', '', 'b', 'c']],
  ['contains', [['a', 'b', 'c'], 'a'], true],
  ['contains', [['a', 'b', 'c'], 'd'], false],
  ['distinct', [['a', 'b', 'a', 'c', 'd', 'b']], ['a', 'b', 'c', 'd']],
  ['flatten', [[['a', 'b'], [], ['c']]], ['a', 'b', 'c']],
  ['flatten', [[[['a', 'b'], []], ['c']]], ['a', 'b', 'c']],
  ['keys', [{ a: 1, c: 2, d: 3 }], ['a', 'c', 'd']],
  ['keys', [{ d: 3, a: 1 }], ['a', 'd']],
  ['values', [{ a: 3, c: 2, d: 1 }], [3, 2, 1]],
  ['values', [{ z: 'last', a: 'first' }], ['first', 'last']],
  ['lookup', [{ a: 'ay', b: 'bee' }, 'a', 'what?'], 'ay'],
  ['lookup', [{ a: 'ay', b: 'bee' }, 'c', 'what?'], 'what?'],
  ['merge', [{ a: 'b', c: 'd' }, { e: 'f', c: 'z' }], { a: 'b', c: 'z', e: 'f' }],
  ['merge', [{ a: 'b' }, { a: [1, 2], c: 'z' }, { d: 3 }], { a: [1, 2], c: 'z', d: 3 }],
  ['merge', [null, { a: 1 }], { a: 1 }],
  ['range', [3], [0, 1, 2]],
  ['range', [1, 4], [1, 2, 3]],
  ['range', [1, 8, 2], [1, 3, 5, 7]],
  ['range', [1, 4, 0.5], [1, 1.5, 2, 2.5, 3, 3.5]],
  ['range', [4, 1], [4, 3, 2]],
  ['range', [10, 5, -2], [10, 8, 6]],
  ['range', [0], []],
  ['reverse', [[1, 2, 3]], [3, 2, 1]],
  ['setproduct', [['development', 'staging', 'production'], ['app1', 'app2']], [
    ['development', 'app1'], ['development', 'app2'], ['staging', 'app1'], ['staging', 'app2'], ['production', 'app1'], ['production', 'app2'],
  ]],
  ['setproduct', [['a', 'b'], []], []],
  ['setunion', [['a', 'b'], ['b', 'c'], ['d']], ['a', 'b', 'c', 'd']],
  ['setintersection', [['a', 'b'], ['b', 'c'], ['b', 'd']], ['b']],
  ['setsubtract', [['a', 'b', 'c'], ['a', 'c']], ['b']],
  ['slice', [['a', 'b', 'c', 'd'], 1, 3], ['b', 'c']],
  ['sort', [['e', 'd', 'a', 'x']], ['a', 'd', 'e', 'x']],
  ['sort', [[10, 9, 1]], ['1', '10', '9']],
  ['zipmap', [['a', 'b'], [1, 2]], { a: 1, b: 2 }],
  ['coalesce', ['a', 'b'], 'a'],
  ['coalesce', ['', 'b'], 'b'],
  ['coalesce', [null, 1, 2], 1],
  ['coalesce', [1, 'hello'], '1'],
  ['matchkeys', [['i-123', 'i-abc', 'i-def'], ['us-west', 'eu-west', 'us-east'], ['us-east']], ['i-def']],
  ['matchkeys', [['a', 'b', 'c'], ['x', 'y', 'x'], ['x', 'z']], ['a', 'c']],
  ['coalescelist', [['a', 'b'], ['c', 'd']], ['a', 'b']],
  ['coalescelist', [[], ['c', 'd']], ['c', 'd']],
  ['compact', [['a', '', 'b', null, 'c']], ['a', 'b', 'c']],
  ['chunklist', [['a', 'b', 'c', 'd', 'e'], 2], [['a', 'b'], ['c', 'd'], ['e']]],
  ['chunklist', [['a', 'b', 'c', 'd', 'e'], 1], [['a'], ['b'], ['c'], ['d'], ['e']]],
  ['one', [[]], null],
  ['one', [['hello']], 'hello'],
  ['sum', [[10, 13, 6, 4.5]], 33.5],
  ['alltrue', [['true', true]], true],
  ['alltrue', [[true, false]], false],
  ['alltrue', [[]], true],
  ['anytrue', [['true']], true],
  ['anytrue', [[true, false]], true],
  ['anytrue', [[]], false],
  ['transpose', [{ a: ['1', '2'], b: ['2', '3'] }], { '1': ['a'], '2': ['a', 'b'], '3': ['b'] }],
  // type conversion
  ['tolist', [['a', 'b', 'c']], ['a', 'b', 'c']],
  ['toset', [['a', 'b', 'c']], ['a', 'b', 'c']],
  ['toset', [['c', 'b', 'b']], ['b', 'c']],
  ['tomap', [{ a: 1, b: 2 }], { a: 1, b: 2 }],
  ['tomap', [{ a: 'foo', b: true }], { a: 'foo', b: 'true' }],
  ['tostring', ['hello'], 'hello'],
  ['tostring', [1], '1'],
  ['tostring', [true], 'true'],
  ['tostring', [null], null],
  ['tonumber', [1], 1],
  ['tonumber', ['1'], 1],
  ['tonumber', [null], null],
  ['tobool', [true], true],
  ['tobool', ['true'], true],
  ['tobool', [null], null],
  ['try', ['first', 'second'], 'first'],
  ['can', ['anything'], true],
  ['sensitive', ['secret'], 'secret'],
  ['nonsensitive', ['secret'], 'secret'],
  ['issensitive', ['secret'], false],
  ['ephemeralasnull', ['value'], 'value'],
  ['templatestring', ['Hello, ${name}!', { name: 'Jane' }], 'Hello, Jane!'],
  // numeric
  ['abs', [23], 23],
  ['abs', [0], 0],
  ['abs', [-12.4], 12.4],
  ['ceil', [5], 5],
  ['ceil', [5.1], 6],
  ['floor', [5], 5],
  ['floor', [4.9], 4],
  ['max', [12, 54, 3], 54],
  ['min', [12, 54, 3], 3],
  ['pow', [3, 2], 9],
  ['pow', [4, 0], 1],
  ['log', [50, 10], 1.6989700043360185],
  ['log', [16, 2], 4],
  ['log', [1, 10], 0],
  ['signum', [-13], -1],
  ['signum', [0], 0],
  ['signum', [344], 1],
  ['parseint', ['100', 10], 100],
  ['parseint', ['FF', 16], 255],
  ['parseint', ['-10', 16], -16],
  ['parseint', ['1011111011101111', 2], 48879],
  ['parseint', ['aA', 62], 656],
  // encoding
  ['jsonencode', [{ hello: 'world' }], '{"hello":"world"}'],
  ['jsonencode', [{ b: [1, true, null], a: '<&>' }], '{"a":"\\u003c\\u0026\\u003e","b":[1,true,null]}'],
  ['jsondecode', ['{"hello": "world"}'], { hello: 'world' }],
  ['jsondecode', ['true'], true],
  ['yamlencode', [{ a: 'b', c: 'd' }], '"a": "b"\n"c": "d"\n'],
  ['yamlencode', [{ foo: [1, 2, 3], bar: 'baz' }], '"bar": "baz"\n"foo":\n- 1\n- 2\n- 3\n'],
  ['yamlencode', [{ foo: [1, { a: 'b', c: 'd' }, 3], bar: 'baz' }], '"bar": "baz"\n"foo":\n- 1\n- "a": "b"\n  "c": "d"\n- 3\n'],
  ['yamldecode', ['hello: world'], { hello: 'world' }],
  ['yamldecode', ['true'], true],
  ['yamldecode', ['{a: &foo [1, 2, 3], b: *foo}'], { a: [1, 2, 3], b: [1, 2, 3] }],
  ['yamldecode', ['- a\n- b\n- c'], ['a', 'b', 'c']],
  ['yamldecode', [''], null],
  ['yamldecode', ['a: yes\nb: 2024-01-01\nc: 0x10'], { a: 'yes', b: '2024-01-01', c: 16 }],
  ['base64encode', ['Hello World'], 'SGVsbG8gV29ybGQ='],
  ['base64decode', ['SGVsbG8gV29ybGQ='], 'Hello World'],
  ['urlencode', ['Hello World!'], 'Hello+World%21'],
  ['urlencode', ['☃'], '%E2%98%83'],
  ['urlencode', ['foo:bar@localhost?foo=bar&bar=baz'], 'foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz'],
  ['csvdecode', ['a,b,c\n1,2,3\n4,5,6'], [{ a: '1', b: '2', c: '3' }, { a: '4', b: '5', c: '6' }]],
  ['csvdecode', ['name,note\n"Smith, J","said ""hi"""\n'], [{ name: 'Smith, J', note: 'said "hi"' }]],
  ['textencodebase64', ['Hello World', 'UTF-16LE'], 'SABlAGwAbABvACAAVwBvAHIAbABkAA=='],
  ['textdecodebase64', ['SABlAGwAbABvACAAVwBvAHIAbABkAA==', 'UTF-16LE'], 'Hello World'],
  // hash
  ['md5', ['hello world'], '5eb63bbbe01eeed093cb22bb8f5acdc3'],
  ['sha1', ['hello world'], '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed'],
  ['sha256', ['hello world'], 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9'],
  ['sha512', ['hello world'], '309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f'],
  ['base64sha256', ['hello world'], 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek='],
  ['base64sha512', ['hello world'], 'MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=='],
  ['uuidv5', ['dns', 'www.terraform.io'], 'a5008fae-b28c-5ba5-96cd-82b4c53552d6'],
  ['uuidv5', ['url', 'https://www.terraform.io/'], '9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5'],
  ['uuidv5', ['oid', '1.3.6.1.4'], 'af9d40a5-7a36-5c07-b23a-851cd99fbfa5'],
  // cidr
  ['cidrhost', ['10.12.112.0/20', 16], '10.12.112.16'],
  ['cidrhost', ['10.12.112.0/20', 268], '10.12.113.12'],
  ['cidrhost', ['10.12.112.0/20', -1], '10.12.127.255'],
  ['cidrhost', ['fd00:fd12:3456:7890:00a2::/72', 34], 'fd00:fd12:3456:7890::22'],
  ['cidrnetmask', ['172.16.0.0/12'], '255.240.0.0'],
  ['cidrnetmask', ['10.0.0.0/32'], '255.255.255.255'],
  ['cidrsubnet', ['172.16.0.0/12', 4, 2], '172.18.0.0/16'],
  ['cidrsubnet', ['10.1.2.0/24', 4, 15], '10.1.2.240/28'],
  ['cidrsubnet', ['fd00:fd12:3456:7890::/56', 16, 162], 'fd00:fd12:3456:7800:a200::/72'],
  ['cidrsubnet', ['10.1.2.7/24', 0, 0], '10.1.2.0/24'],
  ['cidrsubnets', ['10.1.0.0/16', 4, 4, 8, 4], ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']],
  ['cidrsubnets', ['fd00:fd12:3456:7890::/56', 16, 16, 16, 32], ['fd00:fd12:3456:7800::/72', 'fd00:fd12:3456:7800:100::/72', 'fd00:fd12:3456:7800:200::/72', 'fd00:fd12:3456:7800:300::/88']],
  // path
  ['basename', ['foo/bar/baz.txt'], 'baz.txt'],
  ['dirname', ['foo/bar/baz.txt'], 'foo/bar'],
  ['pathexpand', ['/etc/resolv.conf'], '/etc/resolv.conf'],
  // time
  ['timeadd', ['2017-11-22T00:00:00Z', '10m'], '2017-11-22T00:10:00Z'],
  ['timeadd', ['2017-11-22T00:00:00Z', '-1h30m'], '2017-11-21T22:30:00Z'],
  ['timeadd', ['2017-11-22T00:00:00+01:00', '36h'], '2017-11-23T12:00:00+01:00'],
  ['timecmp', ['2017-11-22T00:00:00Z', '2017-11-22T00:00:00Z'], 0],
  ['timecmp', ['2017-11-22T00:00:00Z', '2017-11-22T01:00:00Z'], -1],
  ['timecmp', ['2017-11-22T01:00:00Z', '2017-11-22T00:00:00Z'], 1],
  ['timecmp', ['2017-11-22T01:00:00Z', '2017-11-22T00:00:00-01:00'], 0],
  ['formatdate', ['DD MMM YYYY hh:mm ZZZ', '2018-01-02T23:12:01Z'], '02 Jan 2018 23:12 UTC'],
  ['formatdate', ['EEEE, DD-MMM-YY hh:mm:ss ZZZ', '2018-01-02T23:12:01Z'], 'Tuesday, 02-Jan-18 23:12:01 UTC'],
  ['formatdate', ['EEE, DD MMM YYYY hh:mm:ss ZZZ', '2018-01-02T23:12:01-08:00'], 'Tue, 02 Jan 2018 23:12:01 -0800'],
  ['formatdate', ['MMM DD, YYYY', '2018-01-02T23:12:01Z'], 'Jan 02, 2018'],
  ['formatdate', ['HH:mmaa', '2018-01-02T23:12:01Z'], '11:12pm'],
  ['formatdate', ['h:mm', '2018-01-01T07:00:00+10:00'], '7:00'],
  ['formatdate', ["'Date:' YYYY-MM-DD''", '2018-01-01T07:00:00Z'], "Date: 2018-01-01'"],
];

/** Functions whose result is Unknown by nature or that need files; tested in their own blocks. */
const ELSEWHERE = new Set([
  'uuid', 'bcrypt', 'base64gzip', 'fileset', 'timestamp', 'plantimestamp', 'abspath',
  'file', 'fileexists', 'filebase64', 'filemd5', 'filesha1', 'filesha256', 'filesha512', 'filebase64sha256', 'filebase64sha512', 'templatefile',
]);

describe('known values', () => {
  test.each(KNOWN.map((c) => [c[0], JSON.stringify(c[1]), c] as const))('%s(%s)', (_n, _a, [name, args, expected]) => {
    expect(callFunction(name, args)).toEqual(expected);
  });

  test('every function has a known-value example', () => {
    const covered = new Set([...KNOWN.map((c) => c[0]), ...ELSEWHERE]);
    expect([...FUNCTIONS].filter((f) => !covered.has(f))).toEqual([]);
    expect(FUNCTIONS.size).toBeGreaterThanOrEqual(70);
  });

  test('core:: names the built-in explicitly', () => {
    expect(callFunction('core::upper', ['a'])).toBe('A');
  });
});

describe('Unknown propagation', () => {
  test('an Unknown argument makes the result Unknown, with the refs of all unknowns', () => {
    const r = callFunction('join', [',', ['a', u('x', ['aws_vpc.a'])], [u('y', ['aws_vpc.b'])]]);
    expect(r).toBeInstanceOf(Unknown);
    expect((r as Unknown).refs).toEqual(['aws_vpc.a', 'aws_vpc.b']);
    expect((r as Unknown).reason).toBe('x');
  });

  test.each([
    ['upper', [u()]],
    ['cidrsubnet', ['10.0.0.0/16', 8, u()]],
    ['jsonencode', [{ a: { b: u() } }]],
    ['format', ['%s-%s', 'a', u()]],
    ['keys', [u()]],
    ['toset', [['a', u()]]],
    ['tostring', [u()]],
  ] as [string, Value[]][])('%s with an Unknown inside', (name, args) => {
    expect(callFunction(name, args)).toBeInstanceOf(Unknown);
  });

  test('length of a list with unknown elements is known; of an unknown list it is not', () => {
    expect(callFunction('length', [[u(), u()]])).toBe(2);
    expect(callFunction('length', [{ a: u() }])).toBe(1);
    expect(callFunction('length', [u()])).toBeInstanceOf(Unknown);
  });

  test('coalesce returns the first usable value before any Unknown, else Unknown', () => {
    expect(callFunction('coalesce', [null, '', 'x', u()])).toBe('x');
    expect(callFunction('coalesce', [null, u('var.a'), 'x'])).toEqual(u('var.a'));
  });

  test('merge keeps known keys when only values are unknown', () => {
    const v = u('var.v', ['aws_s3_bucket.b']);
    const r = callFunction('merge', [{ a: 1, b: 2 }, { b: v }]);
    expect(r).toEqual({ a: 1, b: v });
    expect(callFunction('merge', [{ a: 1 }, u()])).toBeInstanceOf(Unknown);
  });

  test('lookup of a known key gives its value even when other values are unknown', () => {
    expect(callFunction('lookup', [{ a: 'x', b: u() }, 'a'])).toBe('x');
    expect(callFunction('lookup', [{ a: 'x' }, u()])).toBeInstanceOf(Unknown);
    expect(callFunction('lookup', [u(), 'a', 'd'])).toBeInstanceOf(Unknown);
  });

  test('element and concat keep unknown elements in place', () => {
    const v = u();
    expect(callFunction('element', [['a', v], 1])).toBe(v);
    expect(callFunction('element', [['a', v], 0])).toBe('a');
    expect(callFunction('concat', [['a'], [v]])).toEqual(['a', v]);
    expect(callFunction('concat', [['a'], u()])).toBeInstanceOf(Unknown);
  });

  test('functions that only move elements keep unknown elements and values in place', () => {
    const v = u('x', ['aws_kms_key.k']);
    expect(callFunction('keys', [{ b: v, a: 1 }])).toEqual(['a', 'b']);
    expect(callFunction('values', [{ b: v, a: 1 }])).toEqual([1, v]);
    expect(callFunction('reverse', [[1, v]])).toEqual([v, 1]);
    expect(callFunction('slice', [['a', v, 'c'], 1, 2])).toEqual([v]);
    expect(callFunction('zipmap', [['k'], [v]])).toEqual({ k: v });
    expect(callFunction('tolist', [[v]])).toEqual([v]);
    expect(callFunction('one', [[v]])).toBe(v);
    // The shape itself, or an index, must be known.
    expect(callFunction('keys', [u()])).toBeInstanceOf(Unknown);
    expect(callFunction('slice', [['a', 'b'], u(), 1])).toBeInstanceOf(Unknown);
    expect(callFunction('zipmap', [[u()], [1]])).toBeInstanceOf(Unknown);
  });

  test('contains is decided by a known match, otherwise unknown elements make it Unknown', () => {
    expect(callFunction('contains', [['a', u()], 'a'])).toBe(true);
    expect(callFunction('contains', [['a', u()], 'b'])).toBeInstanceOf(Unknown);
    expect(callFunction('contains', [['a', 'c'], 'b'])).toBe(false);
    expect(callFunction('contains', [['a'], u()])).toBeInstanceOf(Unknown);
  });

  test('random and time-dependent functions are Unknown', () => {
    for (const name of ['uuid', 'timestamp', 'plantimestamp']) expect(callFunction(name, [])).toBeInstanceOf(Unknown);
    expect(callFunction('bcrypt', ['pw'])).toBeInstanceOf(Unknown);
    expect(callFunction('base64gzip', ['test'])).toBeInstanceOf(Unknown);
    expect(callFunction('abspath', ['x'])).toBeInstanceOf(Unknown);
    expect(callFunction('pathexpand', ['~/.ssh/id_rsa'])).toBeInstanceOf(Unknown);
  });

  test('provider-defined functions are Unknown and carry the refs of their arguments', () => {
    const r = callFunction('provider::aws::arn_parse', [u('x', ['aws_iam_role.r'])]);
    expect(r).toBeInstanceOf(Unknown);
    expect((r as Unknown).refs).toEqual(['aws_iam_role.r']);
  });
});

describe('try and can', () => {
  const fail = (): Value => {
    throw new Error('Unsupported attribute');
  };

  test('try returns the first argument that evaluates', () => {
    expect(callLazyFunction('try', [fail, () => 'fallback'])).toBe('fallback');
    expect(callLazyFunction('try', [() => 'first', fail])).toBe('first');
  });

  test('try with an unknown argument is Unknown: failure is only decided later', () => {
    expect(callLazyFunction('try', [() => u(), () => 'fallback'])).toBeInstanceOf(Unknown);
    expect(callLazyFunction('try', [() => ['a', u()], () => 'fallback'])).toBeInstanceOf(Unknown);
  });

  test('try with no argument that evaluates is an error', () => {
    expect(() => callLazyFunction('try', [fail, fail])).toThrow(FunctionError);
  });

  test('can tells whether the argument evaluates', () => {
    expect(callLazyFunction('can', [fail])).toBe(false);
    expect(callLazyFunction('can', [() => 'x'])).toBe(true);
    expect(callLazyFunction('can', [() => u()])).toBeInstanceOf(Unknown);
  });

  test('a function error inside try is caught', () => {
    expect(callLazyFunction('try', [() => callFunction('regex', ['^x', 'abc']), () => 'no match'])).toBe('no match');
  });

  test('other functions called lazily just evaluate their arguments', () => {
    expect(callLazyFunction('upper', [() => 'a'])).toBe('A');
  });
});

describe('errors', () => {
  test.each([
    ['nosuchfn', []],
    ['upper', []],
    ['upper', [['a']]],
    ['element', [[], 0]],
    ['element', [['a'], -1]],
    ['index', [['a'], 'b']],
    ['lookup', [{ a: 1 }, 'b']],
    ['slice', [['a', 'b'], 1, 3]],
    ['zipmap', [['a'], [1, 2]]],
    ['one', [['a', 'b']]],
    ['sum', [[]]],
    ['range', [0, 10, 0]],
    ['range', [0, 2000]],
    ['coalesce', [null, '']],
    ['coalescelist', [[], []]],
    ['format', ['%d', 1.5]],
    ['format', ['%s %s', 'a']],
    ['format', ['%s', 'a', 'b']],
    ['format', ['%d', 'x']],
    ['formatlist', ['%s %s', ['a'], ['b', 'c']]],
    ['regex', ['[', 'x']],
    ['regex', ['z', 'abc']],
    ['regex', ['(?P<a>x)(y)', 'xy']],
    ['jsondecode', ['{']],
    ['yamldecode', ['a: [']],
    ['yamldecode', ['{a: &foo [1, *foo, 3]}']],
    ['yamldecode', ['a: 1\n---\nb: 2']],
    ['yamldecode', ['{a: !not-supported foo}']],
    ['base64decode', ['not base64!']],
    ['base64decode', ['/w==']],
    ['csvdecode', ['a,b\n1']],
    ['tonumber', ['hello']],
    ['tobool', ['yes']],
    ['tostring', [['a']]],
    ['parseint', ['12', 2]],
    ['parseint', ['1', 1]],
    ['log', [-1, 10]],
    ['cidrhost', ['10.0.0.0/24', 256]],
    ['cidrhost', ['10.0.0.0/33', 1]],
    ['cidrnetmask', ['fd00::/8']],
    ['cidrsubnet', ['10.0.0.0/24', 4, 16]],
    ['cidrsubnet', ['10.0.0.0/24', 9, 0]],
    ['cidrsubnets', ['10.0.0.0/24', 1, 1, 1]],
    ['cidrsubnet', ['300.0.0.0/8', 1, 0]],
    ['cidrsubnet', ['fd00:::1/64', 1, 0]],
    ['uuidv5', ['nope', 'x']],
    ['timeadd', ['yesterday', '1h']],
    ['timeadd', ['2017-11-22T00:00:00Z', '10 minutes']],
    ['timeadd', ['2017-02-30T00:00:00Z', '1h']],
    ['formatdate', ['YYYYY', '2017-11-22T00:00:00Z']],
    ['substr', ['abc', 5, 1]],
    ['indent', [-1, 'x']],
    ['chunklist', [['a'], -1]],
    ['transpose', [{ a: 'b' }]],
    ['tomap', [{ a: 'x', b: ['y'] }]],
    ['alltrue', [['maybe']]],
  ] as [string, Value[]][])('%s(%j) throws FunctionError', (name, args) => {
    expect(() => callFunction(name, args)).toThrow(FunctionError);
  });
});

describe('filesystem functions', () => {
  const root = mkdtempSync(join(tmpdir(), 'rampart-tf-fn-'));
  const outside = mkdtempSync(join(tmpdir(), 'rampart-tf-out-'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  mkdirSync(join(root, 'env', 'files'), { recursive: true });
  writeFileSync(join(root, 'env', 'files', 'hello.txt'), 'Hello World');
  writeFileSync(join(root, 'env', 'files', 'bin'), Buffer.from([0xff, 0x00]));
  writeFileSync(join(root, 'env', 'files', 'tpl.tftpl'), 'name=${name}, port=${cfg.port} $${literal}');
  writeFileSync(join(root, 'env', 'files', 'loop.tftpl'), '%{ for x in xs }${x}%{ endfor }');
  writeFileSync(join(outside, 'secret.txt'), 'nope');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'env', 'files', 'link.txt'));
  const ctx = { baseDir: join(root, 'env'), root };

  test('file, filebase64 and the file hashes read relative to the base directory', () => {
    expect(callFunction('file', ['files/hello.txt'], ctx)).toBe('Hello World');
    expect(callFunction('filebase64', ['files/hello.txt'], ctx)).toBe('SGVsbG8gV29ybGQ=');
    expect(callFunction('filebase64', ['files/bin'], ctx)).toBe('/wA=');
    expect(callFunction('filemd5', ['files/hello.txt'], ctx)).toBe('b10a8db164e0754105b7a99be72e3fe5');
    expect(callFunction('filesha1', ['files/hello.txt'], ctx)).toBe('0a4d55a8d778e5022fab701977c5d840bbc486d0');
    expect(callFunction('filesha256', ['files/hello.txt'], ctx)).toBe('a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e');
    expect(callFunction('filesha512', ['files/hello.txt'], ctx)).toBe(callFunction('sha512', ['Hello World']));
    expect(callFunction('filebase64sha256', ['files/hello.txt'], ctx)).toBe(callFunction('base64sha256', ['Hello World']));
    expect(callFunction('filebase64sha512', ['files/hello.txt'], ctx)).toBe(callFunction('base64sha512', ['Hello World']));
  });

  test('fileexists', () => {
    expect(callFunction('fileexists', ['files/hello.txt'], ctx)).toBe(true);
    expect(callFunction('fileexists', ['files/missing.txt'], ctx)).toBe(false);
    expect(() => callFunction('fileexists', ['files'], ctx)).toThrow(FunctionError);
  });

  test('a missing file and non-UTF-8 text are errors', () => {
    expect(() => callFunction('file', ['files/missing.txt'], ctx)).toThrow(FunctionError);
    expect(() => callFunction('file', ['files/bin'], ctx)).toThrow(FunctionError);
  });

  test('paths outside the scan root, symlinks out of it, and calls without a context are Unknown', () => {
    expect(callFunction('file', ['../../' + outside.split('/').pop() + '/secret.txt'], ctx)).toBeInstanceOf(Unknown);
    expect(callFunction('file', [join(outside, 'secret.txt')], ctx)).toBeInstanceOf(Unknown);
    expect(callFunction('file', ['files/link.txt'], ctx)).toBeInstanceOf(Unknown);
    expect(callFunction('fileexists', ['/etc/passwd'], ctx)).toBeInstanceOf(Unknown);
    expect(callFunction('file', ['files/hello.txt'])).toBeInstanceOf(Unknown);
  });

  test('fileset lists matching files relative to the path, sorted; a missing directory gives an empty set', () => {
    mkdirSync(join(root, 'env', 'policies', 'nested'), { recursive: true });
    writeFileSync(join(root, 'env', 'policies', 'b.json'), '{}');
    writeFileSync(join(root, 'env', 'policies', 'a.json'), '{}');
    writeFileSync(join(root, 'env', 'policies', 'readme.md'), '');
    writeFileSync(join(root, 'env', 'policies', 'nested', 'c.json'), '{}');
    expect(callFunction('fileset', ['policies', '*.json'], ctx)).toEqual(['a.json', 'b.json']);
    expect(callFunction('fileset', ['policies', '**/*.json'], ctx)).toEqual(['a.json', 'b.json', 'nested/c.json']);
    expect(callFunction('fileset', ['policies', '{readme.md,a.json}'], ctx)).toEqual(['a.json', 'readme.md']);
    expect(callFunction('fileset', ['nowhere', '*'], ctx)).toEqual([]);
    expect(callFunction('fileset', ['/etc', '*'], ctx)).toBeInstanceOf(Unknown);
  });

  test('templatefile renders simple interpolations and escapes', () => {
    expect(callFunction('templatefile', ['files/tpl.tftpl', { name: 'web', cfg: { port: 8080 } }], ctx)).toBe('name=web, port=8080 ${literal}');
  });

  test('templatefile with directives is Unknown without the evaluator, rendered with it', () => {
    expect(callFunction('templatefile', ['files/loop.tftpl', { xs: ['a'] }], ctx)).toBeInstanceOf(Unknown);
    const renderTemplate = (text: string, vars: Record<string, Value>): Value => `${text.length}:${JSON.stringify(vars)}`;
    expect(callFunction('templatefile', ['files/loop.tftpl', { xs: ['a'] }], { ...ctx, renderTemplate })).toBe('31:{"xs":["a"]}');
  });

  test('templatefile with a missing variable is an error; with an unknown one it is Unknown', () => {
    expect(() => callFunction('templatefile', ['files/tpl.tftpl', { name: 'web' }], ctx)).toThrow(FunctionError);
    expect(callFunction('templatefile', ['files/tpl.tftpl', { name: u(), cfg: { port: 1 } }], ctx)).toBeInstanceOf(Unknown);
  });
});

describe('linear-time patterns', () => {
  test('a pathological regex on a long input finishes quickly (RE2, no backtracking)', () => {
    const start = Date.now();
    expect(callFunction('regexall', ['(a+)+$', 'a'.repeat(50_000) + 'b'])).toEqual([]);
    expect(callFunction('trimspace', [' '.repeat(50_000) + 'x' + ' '.repeat(50_000)])).toBe('x');
    expect(Date.now() - start).toBeLessThan(2000);
  });
});
