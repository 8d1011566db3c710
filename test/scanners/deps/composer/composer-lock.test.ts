import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyManifest,
  composerLicense,
  extractor,
  normaliseComposerVersion,
} from '../../../../src/scanners/deps/ecosystems/composer/composer-lock.js';
import { composerExtractors as extractors } from '../../../../src/scanners/deps/ecosystems/composer/index.js';

const fixture = (name: string) => ({
  path: `web/${name}`,
  content: readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'),
});
type Row = [name: string, version: string, direct: boolean, dev: boolean, pinned: boolean, line: number, dependsOn: string[]];
const rowsOf = (r: ReturnType<typeof extractor.extract>) =>
  r.packages.map((p): Row => [p.name, p.version, p.direct, p.dev, p.pinned, p.line ?? -1, p.dependsOn ?? []]);
const issuesOf = (r: ReturnType<typeof extractor.extract>) => r.issues.map((i) => [i.path, i.line, i.message]);

describe('composer/composer-lock', () => {
  it('accepts composer.lock only', () => {
    expect(extractor.accepts('composer.lock')).toBe(true);
    expect(extractor.accepts('apps/site/composer.lock')).toBe(true);
    expect(extractor.accepts('composer.json')).toBe(false);
    expect(extractors).toContain(extractor);
  });

  const lock = () => extractor.extract(fixture('app.composer.lock'));

  it('reads packages and packages-dev; without composer.json, direct = required by nothing else', () => {
    const r = lock();
    expect(issuesOf(r)).toEqual([]);
    expect(rowsOf(r)).toEqual<Row[]>([
      // required by acme/legacy-bridge through `provide: psr/log-implementation`
      ['monolog/monolog', '3.5.0', false, false, true, 10, ['psr/log@3.0.0']],
      ['psr/log', '3.0.0', false, false, true, 54, []],
      ['symfony/console', '6.4.1', true, false, true, 77, ['symfony/deprecation-contracts@3.4.0', 'symfony/polyfill-mbstring@1.28.0', 'symfony/string@6.4.0']],
      ['symfony/deprecation-contracts', '3.4.0', false, false, true, 100, []],
      ['symfony/polyfill-mbstring', '1.28.0', false, false, true, 108, []],
      // polyfill-ctype and polyfill-intl-grapheme are replaced by acme/legacy-bridge
      ['symfony/string', '6.4.0', false, false, true, 122, ['acme/legacy-bridge@dev-main', 'symfony/polyfill-mbstring@1.28.0']],
      ['acme/legacy-bridge', 'dev-main', false, false, false, 136, ['monolog/monolog@3.5.0']],
      ['phpunit/php-timer', '6.0.0', false, true, true, 161, []],
      ['phpunit/phpunit', '10.5.5', true, true, true, 169, ['phpunit/php-timer@6.0.0']],
      ['squizlabs/php_codesniffer', '3.8.x-dev', true, true, false, 182, []],
    ]);
  });

  it('licences, purls, ecosystem', () => {
    const r = lock();
    expect(r.packages.map((p) => [p.purl, p.license])).toEqual([
      ['pkg:composer/monolog/monolog@3.5.0', 'MIT'],
      ['pkg:composer/psr/log@3.0.0', 'MIT'],
      ['pkg:composer/symfony/console@6.4.1', 'MIT'],
      ['pkg:composer/symfony/deprecation-contracts@3.4.0', 'MIT'],
      ['pkg:composer/symfony/polyfill-mbstring@1.28.0', 'MIT'],
      ['pkg:composer/symfony/string@6.4.0', 'MIT'],
      ['pkg:composer/acme/legacy-bridge@dev-main', 'LGPL-2.1-only OR GPL-3.0-or-later'],
      ['pkg:composer/phpunit/php-timer@6.0.0', 'BSD-3-Clause'],
      ['pkg:composer/phpunit/phpunit@10.5.5', 'BSD-3-Clause'],
      ['pkg:composer/squizlabs/php_codesniffer@3.8.x-dev', undefined],
    ]);
    for (const p of r.packages) expect(p).toMatchObject({ ecosystem: 'Packagist', source: 'web/app.composer.lock' });
  });

  it('applyManifest: direct = named in composer.json require or require-dev (case-insensitive)', () => {
    const r = applyManifest(lock(), fixture('app.composer.json').content);
    expect(applyManifest(lock(), JSON.parse(fixture('app.composer.json').content) as Record<string, unknown>)).toEqual(r);
    expect(r.issues).toEqual([]);
    expect(r.packages.filter((p) => p.direct).map((p) => p.name)).toEqual([
      'monolog/monolog',
      'symfony/console',
      'acme/legacy-bridge',
      'phpunit/phpunit',
      'squizlabs/php_codesniffer',
    ]);
  });

  it('applyManifest: an unreadable composer.json is an issue naming it; the lock result stands', () => {
    const before = lock();
    const r = applyManifest(before, '{"require": {');
    expect(r.packages).toEqual(before.packages);
    expect(r.issues).toEqual([
      {
        path: 'web/composer.json',
        line: 1,
        kind: 'unparsable',
        scanner: 'deps',
        message: expect.stringMatching(/^composer\.json is not valid JSON: /),
      },
    ]);
    expect(applyManifest(before, '[]', { path: 'x/composer.json' }).issues.at(-1)).toMatchObject({
      path: 'x/composer.json',
      message: 'composer.json is not a JSON object',
    });
  });

  it.each([
    ['v1.2.3', '1.2.3', true],
    ['V2.0.0-beta1', '2.0.0-beta1', true],
    ['1.0.0-RC2', '1.0.0-RC2', true],
    ['dev-main', 'dev-main', false],
    ['2.x-dev', '2.x-dev', false],
    ['1.0.x-dev', '1.0.x-dev', false],
    ['vendor-tag', 'vendor-tag', true],
  ])('version %s → %s (pinned %s)', (raw, version, pinned) => {
    expect(normaliseComposerVersion(raw)).toEqual({ version, pinned });
  });

  it.each<[unknown, string | undefined]>([
    [['MIT'], 'MIT'],
    [['MIT', 'Apache-2.0'], 'MIT OR Apache-2.0'],
    [['(LGPL-2.1-only or GPL-3.0-or-later)', 'MIT'], '(LGPL-2.1-only OR GPL-3.0-or-later) OR MIT'],
    [['Apache-2.0 and MIT', 'GPL-2.0-only'], '(Apache-2.0 AND MIT) OR GPL-2.0-only'],
    ['BSD-2-Clause', 'BSD-2-Clause'],
    [[], undefined],
    [undefined, undefined],
    [[42], undefined],
  ])('licence %j → %s', (raw, expected) => {
    expect(composerLicense(raw)).toBe(expected);
  });

  it.each<[string, Row[], [number | undefined, string | RegExp][]]>([
    ['empty.composer.lock', [], [[undefined, 'composer.lock is empty']]],
    ['not-json.composer.lock', [], [[undefined, /^composer\.lock is not valid JSON: Unexpected token/]]],
    ['composer-json-not-lock.composer.lock', [], [[1, 'not a composer.lock: no "packages" or "packages-dev" array']]],
    [
      'truncated.composer.lock',
      // the complete first entry is kept; direct is not claimed from a partial graph
      [['monolog/monolog', '3.5.0', false, false, true, 10, []]],
      [[60, /^composer\.lock is not valid JSON: .*position 2158/]],
    ],
    [
      'missing-fields.composer.lock',
      [['guzzlehttp/guzzle', '7.8.1', true, false, true, 4, []]],
      [
        [undefined, 'composer.lock: packages[1] has no name'],
        [15, 'composer.lock: guzzlehttp/psr7 has no version'],
        [undefined, 'composer.lock: packages[3] is not an object'],
        [19, 'composer.lock: "packages-dev" is not an array'],
      ],
    ],
  ])('bad input %s', (name, expected, expectedIssues) => {
    const r = extractor.extract(fixture(name));
    expect(rowsOf(r)).toEqual(expected);
    expect(r.issues).toEqual(
      expectedIssues.map(([line, message]) => ({
        path: `web/${name}`,
        line,
        kind: 'unparsable',
        scanner: 'deps',
        message: typeof message === 'string' ? message : expect.stringMatching(message),
      })),
    );
  });

  it('finds lines when slashes are escaped (\\/) as older tools wrote them', () => {
    const content = '{\n  "packages": [\n    {\n      "name": "doctrine\\/dbal",\n      "version": "2.13.9"\n    }\n  ]\n}\n';
    const r = extractor.extract({ path: 'composer.lock', content });
    expect(rowsOf(r)).toEqual([['doctrine/dbal', '2.13.9', true, false, true, 4, []]]);
  });
});

describe('composerLicense operators', () => {
  it('capitalises or/and exactly as the whitespace-run regexes did', () => {
    const parts = ['MIT', 'or', 'OR', 'And', 'and', 'x', ' ', '  ', '\t'];
    let seed = 7;
    for (let n = 0; n < 2000; n++) {
      let s = 'A';
      for (let i = 0; i < n % 7; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        s += parts[seed % parts.length];
      }
      const want = s.trim().replace(/\s+or\s+/gi, ' OR ').replace(/\s+and\s+/gi, ' AND ');
      expect(composerLicense([s]), JSON.stringify(s)).toBe(want);
    }
  });

  it('a replaced word takes its trailing whitespace: `a or or b` keeps the second `or`', () => {
    expect(composerLicense(['a or or b'])).toBe('a OR or b');
    expect(composerLicense([`MIT${' '.repeat(30_000)}x`])).toBe(`MIT${' '.repeat(30_000)}x`);
  });
});
