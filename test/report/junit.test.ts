import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { formatJunit, JUNIT_SUMMARY_SUITE, xmlSafe } from '../../src/report/junit.js';
import { emptyResult, makeFinding, makeResult, nastyResult } from './fixtures.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Node = any;

/** xmlbuilder2's object view leaves entities in attribute values; decode them for comparisons. */
function decodeAttrs(n: Node): Node {
  if (Array.isArray(n)) return n.map(decodeAttrs);
  if (n && typeof n === 'object') {
    return Object.fromEntries(
      Object.entries(n).map(([k, v]) => [
        k,
        k.startsWith('@') && typeof v === 'string'
          ? v.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
          : decodeAttrs(v),
      ]),
    );
  }
  return n;
}

/** Parse back (throws on malformed XML) into a plain object. */
function parse(xml: string): Node {
  const doc = create(xml).end({ format: 'object' }) as Node;
  return decodeAttrs(doc.testsuites);
}

const list = <T,>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

describe('junit formatter', () => {
  it('has a testsuite per scanner plus the summary suite, with counts', () => {
    const ts = parse(formatJunit(makeResult(), { color: false }));
    expect(ts['@tests']).toBe('9');
    expect(ts['@failures']).toBe('5');
    expect(ts['@skipped']).toBe('3');
    expect(ts['@time']).toBe('1.234');
    const suites = list(ts.testsuite);
    expect(suites.map((s: Node) => s['@name'])).toEqual(['sast', 'secrets', JUNIT_SUMMARY_SUITE]);
    const sast = suites[0];
    expect(sast).toMatchObject({ '@tests': '4', '@failures': '3', '@skipped': '1', '@errors': '0' });
  });

  it('one failing testcase per (rule, file) listing each finding, type = severity', () => {
    const r = makeResult();
    r.findings.push(
      makeFinding({
        ruleId: 'sast/js/weak-hash',
        severity: 'medium',
        message: "crypto.createHash('sha1') uses a broken hash",
        location: { path: 'src/config.ts', startLine: 30, startColumn: 7, endLine: 30, endColumn: 20 },
      }),
    );
    const suites = list(parse(formatJunit(r, { color: false })).testsuite);
    const cases = list(suites[0].testcase).filter((c: Node) => c.failure);
    const weak = cases.find((c: Node) => c['@name'] === 'sast/js/weak-hash');
    expect(weak['@classname']).toBe('src/config.ts');
    expect(weak.failure['@type']).toBe('medium');
    expect(weak.failure['@message']).toBe('2 findings, worst medium');
    expect(weak.failure['#']).toBe(
      "3:10 low crypto.createHash('md5') uses a broken hash\n30:7 medium crypto.createHash('sha1') uses a broken hash",
    );
    const secrets = list(suites[1].testcase);
    const aws = secrets.find((c: Node) => c['@name'] === 'secrets/aws/access-key');
    expect(aws.failure['@type']).toBe('critical');
    expect(aws.failure['#']).toContain('(commit 9f8e7d6 by Alice Example on 2024-03-14T09:26:53Z)');
  });

  it('suppressed findings are skipped testcases with the reason', () => {
    const suites = list(parse(formatJunit(makeResult(), { color: false })).testsuite);
    const skipped = suites.flatMap((s: Node) => list(s.testcase)).filter((c: Node) => c.skipped);
    expect(skipped.map((c: Node) => c.skipped['@message']).sort()).toEqual([
      'suppressed: ETag only, not security relevant',
      'suppressed: in baseline .rampart-baseline.json',
      'suppressed: test fixture, not a real password',
    ]);
  });

  it('a scanner without findings gets one passing testcase', () => {
    const r = emptyResult();
    const suites = list(parse(formatJunit(r, { color: false })).testsuite);
    expect(suites.map((s: Node) => s['@name'])).toEqual(['sast', 'secrets', JUNIT_SUMMARY_SUITE]);
    expect(suites[0].testcase).toEqual({ '@name': 'no findings', '@classname': 'rampart.sast' });
    expect(suites[0]['@failures']).toBe('0');
  });

  it('summary suite lists suppressed counts, issues, expired waivers and unused directives', () => {
    const suites = list(parse(formatJunit(makeResult(), { color: false })).testsuite);
    const out: string = suites[2]['system-out'];
    expect(out).toContain('Suppressed: 3 (1 inline, 1 waiver, 1 baseline, 0 vex)');
    expect(out).toContain('Policy: 3 findings at or above high: policy failed');
    expect(out).toContain('Expired waivers: 1');
    expect(out).toContain('src/server.ts:27 secrets/aws/access-key');
    expect(out).toContain('unparsable infra/main.tf:14 [sast]: unexpected token "}"');
  });

  it('escapes metacharacters and strips control characters', () => {
    const xml = formatJunit(nastyResult(), { color: false });
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(xml).toContain('&lt;script&gt; &amp;');
    expect(xml).toContain('classname="src/we|ird `name` &lt;&amp;&gt;.ts"');
    const suites = list(parse(xml).testsuite);
    const c = list(suites[0].testcase).find((x: Node) => x.failure);
    expect(c.failure['@message']).toBe('1:1 Use of <script> & "quotes" \'apos\' | pipe `tick` *star* _under_ [x](y) bell[31mred');
    const sk = list(suites[0].testcase).find((x: Node) => x.skipped);
    expect(sk.skipped['@message']).toBe('suppressed: because <b>&"x"</b> | `y`');
    expect(xmlSafe('a\u0000b\uD800c\u{1F600}')).toBe('abc\u{1F600}');
  });

  it('snapshot', () => {
    expect(formatJunit(makeResult(), { color: false })).toMatchSnapshot();
  });
});
