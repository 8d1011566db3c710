import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nugetExtractors as extractors } from '../../../../src/scanners/deps/ecosystems/nuget/index.js';
import { extractor } from '../../../../src/scanners/deps/ecosystems/nuget/packages-lock.js';

const fixture = (name: string) => ({
  path: `src/Api/${name}`,
  content: readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'),
});
type Row = [name: string, version: string, direct: boolean, line: number, dependsOn: string[]];
const rowsOf = (r: ReturnType<typeof extractor.extract>) =>
  r.packages.map((p): Row => [p.name, p.version, p.direct, p.line ?? -1, p.dependsOn ?? []]);

describe('nuget/packages-lock', () => {
  it.each([
    ['packages.lock.json', true],
    ['src/Api/packages.lock.json', true],
    ['src/Api/packages.Api.lock.json', true],
    ['package-lock.json', false],
    ['packages.config', false],
  ])('accepts %s: %s', (path, ok) => {
    expect(extractor.accepts(path)).toBe(ok);
    expect(extractors).toContain(extractor);
  });

  it('v1, several frameworks and a runtime: deduped, direct in any, dependsOn per framework, projects are roots', () => {
    const r = extractor.extract(fixture('api.packages.lock.json'));
    expect(r.issues).toEqual([]);
    expect(rowsOf(r)).toEqual<Row[]>([
      ['Newtonsoft.Json', '13.0.1', true, 5, []],
      ['Serilog', '2.10.0', true, 11, []],
      // Serilog resolves to 2.10.0 under net6.0 and 3.1.1 under net8.0
      ['Serilog.Sinks.Console', '4.0.1', true, 17, ['Serilog@2.10.0', 'Serilog@3.1.1']],
      ['System.Text.Encodings.Web', '4.7.1', false, 26, []],
      // asks for 4.7.0, gets the locked 4.7.1
      ['System.Text.Json', '4.7.2', false, 31, ['System.Text.Encodings.Web@4.7.1']],
      ['Serilog', '3.1.1', false, 54, []],
      ['runtime.linux-x64.Microsoft.NETCore.DotNetAppHost', '8.0.0', false, 76, []],
    ]);
    expect(r.packages.map((p) => p.name)).not.toContain('Acme.Shared');
    for (const p of r.packages) {
      expect(p).toMatchObject({ ecosystem: 'NuGet', dev: false, pinned: true, source: 'src/Api/api.packages.lock.json' });
      expect(p.license).toBeUndefined();
    }
    expect(r.packages[0]?.purl).toBe('pkg:nuget/Newtonsoft.Json@13.0.1');
  });

  it('v2 (central package management): CentralTransitive pins the transitive version', () => {
    const r = extractor.extract(fixture('central.packages.lock.json'));
    expect(r.issues).toEqual([]);
    expect(rowsOf(r)).toEqual<Row[]>([
      ['Azure.Identity', '1.10.4', true, 5, ['Azure.Core@1.36.0', 'Microsoft.Identity.Client@4.60.3']],
      ['Azure.Core', '1.36.0', false, 15, []],
      ['Microsoft.Identity.Client', '4.60.3', false, 20, []],
    ]);
  });

  it.each<[string, Row[], [number | undefined, string | RegExp][]]>([
    ['empty.packages.lock.json', [], [[undefined, 'packages.lock.json is empty']]],
    ['not-json.packages.lock.json', [], [[undefined, /^packages\.lock\.json is not valid JSON: Unexpected token '<'/]]],
    ['package-lock-not-nuget.packages.lock.json', [], [[1, 'not a NuGet packages.lock.json: no "dependencies" object']]],
    [
      'truncated.packages.lock.json',
      [
        ['Newtonsoft.Json', '13.0.1', true, 5, []],
        ['Serilog', '2.10.0', true, 11, []],
      ],
      [[20, /^packages\.lock\.json is not valid JSON: .*position 650/]],
    ],
    [
      'unknown-version.packages.lock.json',
      [['Polly', '8.2.0', true, 5, []]],
      [[1, 'packages.lock.json version 3 is not one Rampart knows (1, 2); read as version 2, results may be incomplete']],
    ],
    [
      'missing-fields.packages.lock.json',
      [
        ['Humanizer.Core', '2.14.1', false, 9, []],
        ['Weird', '1.0.0', false, 13, []],
      ],
      [
        [5, 'packages.lock.json: net8.0: Dapper has no resolved version; skipped'],
        [13, 'packages.lock.json: net8.0: Weird has unknown type "Floating"; read as a package'],
        [17, 'packages.lock.json: net8.0: "NotAnObject" is not an object'],
        [19, 'packages.lock.json: target "net7.0" is not an object'],
      ],
    ],
  ])('bad input %s', (name, expected, expectedIssues) => {
    const r = extractor.extract(fixture(name));
    expect(rowsOf(r)).toEqual(expected);
    expect(r.issues).toEqual(
      expectedIssues.map(([line, message]) => ({
        path: `src/Api/${name}`,
        line,
        kind: 'unparsable',
        scanner: 'deps',
        message: typeof message === 'string' ? message : expect.stringMatching(message),
      })),
    );
  });

  it('never throws on odd shapes', () => {
    for (const content of ['null', '[]', '{"dependencies": 3}', '{"version": 1, "dependencies": {"x": {"A": {"resolved": 5}}}}', '{"dependencies": {"x": {"A": {"resolved": "1", "dependencies": []}}}}']) {
      expect(() => extractor.extract({ path: 'packages.lock.json', content })).not.toThrow();
    }
  });
});
