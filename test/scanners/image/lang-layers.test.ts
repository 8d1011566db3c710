import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScanIssue } from '../../../src/core/scanner.js';
import { collectLayer } from '../../../src/scanners/image/inventory/collect.js';
import { mergeLayers } from '../../../src/scanners/image/inventory/merge.js';
import { LANG_ANALYZERS } from '../../../src/scanners/image/lang/index.js';
import { layerEntries } from '../../../src/scanners/image/oci/entries.js';
import { chunked, makeTar, type TarItem } from './helpers/tarball.js';
import { makeZip } from './helpers/zip.js';

// The language analyzers on real layer tars, through the image scanner's entry reader,
// collector and merge: each file type found once, deleted files gone, paths root-relative.
const goBinary = readFileSync(fileURLToPath(new URL('../deps/go/fixtures/gobin-linux-amd64', import.meta.url)));
const rustBinary = readFileSync(fileURLToPath(new URL('../../fixtures/image/rust/hello-auditable', import.meta.url)));

const jar = makeZip([{ name: 'META-INF/maven/org.yaml/snakeyaml/pom.properties', data: 'groupId=org.yaml\nartifactId=snakeyaml\nversion=1.33\n' }]);

const layer0: TarItem[] = [
  { name: 'usr/', type: 'directory' },
  { name: 'usr/local/bin/gobin', content: goBinary, mode: 0o755 },
  { name: 'usr/local/bin/hello-auditable', content: rustBinary, mode: 0o755 },
  { name: 'usr/local/bin/data.bin', content: rustBinary, mode: 0o644 }, // not executable: not read
  { name: 'usr/lib/node_modules/npm/package.json', content: JSON.stringify({ name: 'npm', version: '10.2.4', license: 'Artistic-2.0' }) },
  { name: 'app/package.json', content: JSON.stringify({ name: 'my-app', version: '1.0.0' }) },
  { name: 'app/node_modules/lodash/package.json', content: JSON.stringify({ name: 'lodash', version: '4.17.20', license: 'MIT' }) },
  { name: 'usr/local/lib/python3.12/site-packages/urllib3-1.26.5.dist-info/METADATA', content: 'Metadata-Version: 2.1\nName: urllib3\nVersion: 1.26.5\nLicense: MIT\n\nbody\n' },
  { name: 'opt/app/lib/snakeyaml-1.33.jar', content: jar },
  { name: 'usr/local/bundle/specifications/rack-2.2.8.gemspec', content: 'Gem::Specification.new do |s|\n  s.name = "rack".freeze\n  s.version = "2.2.8"\nend\n' },
  { name: 'var/www/vendor/composer/installed.json', content: JSON.stringify({ packages: [{ name: 'guzzlehttp/psr7', version: '2.4.4' }] }) },
];
// The next layer removes the jar and upgrades lodash.
const layer1: TarItem[] = [
  { name: 'opt/app/lib/.wh.snakeyaml-1.33.jar', content: '' },
  { name: 'app/node_modules/lodash/package.json', content: JSON.stringify({ name: 'lodash', version: '4.17.21', license: 'MIT' }) },
];

describe('image/lang analyzers on layer tars', () => {
  it('inventories every language through entries, collect and merge', async () => {
    const issues: ScanIssue[] = [];
    const layers = [];
    for (const [index, items] of [layer0, layer1].entries()) {
      const tar = await makeTar(items);
      const ref = { index, digest: `sha256:${String(index).repeat(64)}` };
      layers.push(await collectLayer(ref, layerEntries(chunked(tar, 4096), ref, 'img.tar', (i) => issues.push(i)), LANG_ANALYZERS, (i) => issues.push(i)));
    }
    const inv = mergeLayers(layers);
    const seen = inv.packages.map((p) => `${p.ecosystem} ${p.name}@${p.version} ${p.source} L${p.layer?.index}`).sort();
    expect(seen).toEqual(
      [
        'Go example.com/greet@v1.2.3 usr/local/bin/gobin L0',
        'Go example.com/rampart/gobin@(devel) usr/local/bin/gobin L0',
        'Go example.com/shout-fork@v0.1.1 usr/local/bin/gobin L0',
        'Go stdlib@1.26.8 usr/local/bin/gobin L0',
        'PyPI urllib3@1.26.5 usr/local/lib/python3.12/site-packages/urllib3-1.26.5.dist-info/METADATA L0',
        'Packagist guzzlehttp/psr7@2.4.4 var/www/vendor/composer/installed.json L0',
        'RubyGems rack@2.2.8 usr/local/bundle/specifications/rack-2.2.8.gemspec L0',
        'crates.io cc@1.0.83 usr/local/bin/hello-auditable L0',
        'crates.io libc@0.2.150 usr/local/bin/hello-auditable L0',
        'crates.io smallvec@1.6.0 usr/local/bin/hello-auditable L0',
        'npm lodash@4.17.21 app/node_modules/lodash/package.json L1',
        'npm npm@10.2.4 usr/lib/node_modules/npm/package.json L0',
      ].sort(),
    );
    // Only the skipped git crate is worth an issue; nothing else in these files is wrong.
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['usr/local/bin/hello-auditable: skipped internal-util@0.3.0: source git is not crates.io']);
  });
});
