import { describe, expect, it } from 'vitest';
import { phpAnalyzer } from '../../../src/scanners/image/lang/php.js';

const file = (path: string) => ({ path, type: 'file' as const, size: 2000, mode: 0o644 });
const PATH = 'var/www/html/vendor/composer/installed.json';

const composer2 = {
  packages: [
    {
      name: 'guzzlehttp/guzzle',
      version: '7.4.5',
      version_normalized: '7.4.5.0',
      source: { type: 'git', url: 'https://github.com/guzzle/guzzle.git', reference: '1dd98b0' },
      type: 'library',
      license: ['MIT'],
      'install-path': '../guzzlehttp/guzzle',
    },
    { name: 'Monolog/Monolog', version: 'v2.9.1', version_normalized: '2.9.1.0', license: ['MIT'], type: 'library' },
    { name: 'phpunit/phpunit', version: '9.6.13', version_normalized: '9.6.13.0', license: ['BSD-3-Clause'], type: 'library' },
    { name: 'acme/tool', version: 'dev-main', version_normalized: 'dev-main', license: ['GPL-2.0-only', 'GPL-3.0-only'] },
  ],
  dev: true,
  'dev-package-names': ['phpunit/phpunit'],
};

describe('image/lang/php', () => {
  it('wants vendor/composer/installed.json only', () => {
    expect(phpAnalyzer.wants(file(PATH))).toBe(true);
    expect(phpAnalyzer.wants(file('vendor/composer/installed.json'))).toBe(true);
    expect(phpAnalyzer.wants(file('var/www/html/composer.json'))).toBe(false);
    expect(phpAnalyzer.wants(file('var/www/html/vendor/composer/installed.php'))).toBe(false);
    expect(phpAnalyzer.wants(file('var/www/html/composer/installed.json'))).toBe(false);
  });

  it('reads the Composer 2 format: versions, licences, dev packages', async () => {
    const out = await phpAnalyzer.analyze({ path: PATH, mode: 0o644, content: Buffer.from(JSON.stringify(composer2, null, 4)) });
    expect(out.issues).toBeUndefined();
    expect(out.packages?.[0]).toEqual({
      ecosystem: 'Packagist',
      name: 'guzzlehttp/guzzle',
      version: '7.4.5',
      purl: 'pkg:composer/guzzlehttp/guzzle@7.4.5',
      direct: false,
      dev: false,
      pinned: true,
      source: PATH,
      license: 'MIT',
    });
    expect(out.packages?.map((p) => `${p.name}@${p.version}${p.dev ? ' dev' : ''}${p.pinned ? '' : ' unpinned'} ${p.license}`)).toEqual([
      'guzzlehttp/guzzle@7.4.5 MIT',
      'monolog/monolog@2.9.1 MIT',
      'phpunit/phpunit@9.6.13 dev BSD-3-Clause',
      'acme/tool@dev-main unpinned GPL-2.0-only OR GPL-3.0-only',
    ]);
  });

  it('reads the Composer 1 format (a bare array)', async () => {
    const out = await phpAnalyzer.analyze({ path: PATH, mode: 0o644, content: Buffer.from(JSON.stringify([{ name: 'symfony/http-foundation', version: 'v4.4.1', license: ['MIT'] }])) });
    expect(out.packages?.map((p) => [p.name, p.version, p.purl])).toEqual([['symfony/http-foundation', '4.4.1', 'pkg:composer/symfony/http-foundation@4.4.1']]);
  });

  it('keeps good entries and reports bad ones', async () => {
    const out = await phpAnalyzer.analyze({ path: PATH, mode: 0o644, content: Buffer.from(JSON.stringify({ packages: [{ name: 'a/b', version: '1.0.0' }, { name: 'c/d' }, 'junk'] })) });
    expect(out.packages?.map((p) => p.name)).toEqual(['a/b']);
    expect(out.issues?.map((i) => i.message)).toEqual(['installed.json: package 1 has no name or version', 'installed.json: package 2 has no name or version']);
  });

  it('turns bad JSON and unknown shapes into issues', async () => {
    const bad = await phpAnalyzer.analyze({ path: PATH, mode: 0o644, content: Buffer.from('{"packages": [\n{"name": "a/b",\n') });
    expect(bad.packages).toBeUndefined();
    expect(bad.issues?.[0]).toMatchObject({ path: PATH, kind: 'unparsable', scanner: 'image' });
    expect(bad.issues?.[0]?.message).toMatch(/not valid JSON/);
    const shape = await phpAnalyzer.analyze({ path: PATH, mode: 0o644, content: Buffer.from('{"installed": []}') });
    expect(shape.issues?.[0]?.message).toMatch(/neither a package array/);
  });
});
