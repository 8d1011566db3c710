import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layerText, stepText, vulnerabilityFinding, vulnerabilityFindings } from '../../../src/scanners/image/findings.js';
import { runImageScan, type ImageParts } from '../../../src/scanners/image/index.js';
import type { ImageMatch } from '../../../src/scanners/image/match.js';
import type { Analyzer, ImagePackage, LayerEntry, LayerRef, OpenedImage } from '../../../src/scanners/image/types.js';
import { ImageError } from '../../../src/scanners/image/types.js';
import { Readable } from 'node:stream';
import { importOsv } from '../../../src/vulndb/import.js';
import { openDbForBuild } from '../../../src/vulndb/store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const LAYER: LayerRef = {
  index: 2,
  digest: 'sha256:' + 'c'.repeat(64),
  diffId: 'sha256:abcdef0123456789' + '0'.repeat(48),
  createdBy: '/bin/sh -c apt-get install -y curl',
};

const CURL: ImagePackage = {
  ecosystem: 'Debian',
  name: 'libcurl4',
  version: '7.88.1-10',
  sourceName: 'curl',
  sourceVersion: '7.88.1-10',
  purl: 'pkg:deb/debian/libcurl4@7.88.1-10?arch=amd64&distro=debian-12',
  direct: false,
  dev: false,
  pinned: true,
  source: 'var/lib/dpkg/status',
  line: 40,
  layer: LAYER,
  release: '12',
};

function match(extra: Partial<ImageMatch> = {}): ImageMatch {
  return {
    package: CURL,
    matchedAs: { name: 'curl', version: '7.88.1-10' },
    id: 'DSA-5000-1',
    aliases: ['CVE-2099-0001'],
    records: ['DSA-5000-1'],
    summary: 'curl: heap overflow',
    severity: { score: 8.1, bucket: 'high', source: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    affectedRanges: '<7.88.1-10+deb12u5',
    fixedVersions: ['7.88.1-10+deb12u5'],
    smallestFix: '7.88.1-10+deb12u5',
    ...extra,
  };
}

describe('layer and step text', () => {
  it('reads Dockerfile steps the way a user wrote them', () => {
    expect(stepText('/bin/sh -c apt-get install -y curl')).toBe('RUN apt-get install -y curl');
    expect(stepText('/bin/sh -c #(nop)  CMD ["bash"]')).toBe('CMD ["bash"]');
    expect(stepText('RUN /bin/sh -c npm ci # buildkit')).toBe('RUN npm ci');
    expect(stepText('COPY app /app # buildkit')).toBe('COPY app /app');
    expect(stepText(`/bin/sh -c ${'x'.repeat(300)}`)).toHaveLength(120);
  });

  it('names the layer 1-based with a short digest and its step', () => {
    expect(layerText(LAYER)).toBe('layer 3 sha256:abcdef012345… RUN apt-get install -y curl');
    expect(layerText({ index: 0 })).toBe('layer 1');
  });
});

describe('vulnerabilityFinding', () => {
  it('locates the finding at the package db, names package, version, fix, source package and layer', () => {
    const f = vulnerabilityFinding(match());
    expect(f).toMatchObject({
      ruleId: 'image/DSA-5000-1',
      scanner: 'image',
      severity: 'high',
      location: { path: 'var/lib/dpkg/status', startLine: 40 },
      package: { ecosystem: 'Debian', name: 'libcurl4', version: '7.88.1-10', purl: CURL.purl, fixedVersions: ['7.88.1-10+deb12u5'], aliases: ['CVE-2099-0001'] },
      evidence: { layer: { index: 2, digest: LAYER.digest, diffId: LAYER.diffId, createdBy: LAYER.createdBy }, matchedAs: { name: 'curl', version: '7.88.1-10' }, release: '12', unfixed: false },
    });
    expect(f.message).toBe(
      'libcurl4 7.88.1-10 (source package curl 7.88.1-10) is affected by DSA-5000-1 (CVE-2099-0001): curl: heap overflow — fixed in 7.88.1-10+deb12u5; installed by layer 3 sha256:abcdef012345… RUN apt-get install -y curl',
    );
  });

  it('a --rootfs package (a layer without digest or step) gets no layer text', () => {
    const f = vulnerabilityFinding(match({ package: { ...CURL, layer: { index: 0 } } }));
    expect(f.message).toMatch(/fixed in 7\.88\.1-10\+deb12u5$/);
    expect(f.evidence?.layer).toEqual({ index: 0 });
  });

  it('fingerprint: stable for the same path, purl and advisory; different when any changes', () => {
    const a = vulnerabilityFinding(match()).fingerprint;
    expect(vulnerabilityFinding(match({ summary: 'other text' })).fingerprint).toBe(a);
    expect(vulnerabilityFinding(match({ package: { ...CURL, layer: { index: 5 } } })).fingerprint).toBe(a);
    expect(vulnerabilityFinding(match({ id: 'DSA-5000-2' })).fingerprint).not.toBe(a);
    expect(vulnerabilityFinding(match({ package: { ...CURL, purl: 'pkg:deb/debian/libcurl4@7.88.1-11' } })).fingerprint).not.toBe(a);
    expect(vulnerabilityFinding(match({ package: { ...CURL, source: 'var/lib/dpkg/status.d/curl' } })).fingerprint).not.toBe(a);
  });

  it('severity defaults to medium without one; unfixed matches only with includeUnfixed; one rule per advisory', () => {
    const unfixed = match({ id: 'DEB-X', severity: undefined, fixedVersions: [], smallestFix: undefined });
    expect(vulnerabilityFinding(unfixed)).toMatchObject({ severity: 'medium', evidence: { unfixed: true } });
    expect(vulnerabilityFinding(unfixed).message).toContain('no fixed version yet');
    const two = [match(), match({ package: { ...CURL, name: 'curl', purl: 'pkg:deb/debian/curl@7.88.1-10' } }), unfixed];
    const off = vulnerabilityFindings(two);
    expect(off.findings).toHaveLength(2);
    expect(off.rules.map((r) => r.id)).toEqual(['image/DSA-5000-1']);
    const on = vulnerabilityFindings(two, { includeUnfixed: true });
    expect(on.findings).toHaveLength(3);
    expect(on.rules.map((r) => r.id)).toEqual(['image/DEB-X', 'image/DSA-5000-1']);
    expect(on.rules[1]).toMatchObject({ severity: 'high', references: ['https://osv.dev/vulnerability/DSA-5000-1'] });
  });
});

// ---------------------------------------------------------------------------------------------
// The pipeline over fake parts

function fileEntry(path: string, content: string, extra: Partial<LayerEntry> = {}): LayerEntry {
  const buf = Buffer.from(content);
  return { path, type: 'file', mode: 0o644, size: buf.length, uid: 0, gid: 0, read: async (max) => (buf.length > max ? undefined : buf), ...extra };
}

async function* entries(list: LayerEntry[]): AsyncIterable<LayerEntry> {
  for (const e of list) yield e;
}

/** npm packages from `name@version` lines in `app/pkgs`. */
const FAKE_ANALYZER: Analyzer = {
  id: 'fake/npm',
  maxBytes: 1024,
  wants: (e) => e.path === 'app/pkgs',
  analyze: ({ path, content }) => ({
    packages: content
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [name, version] = l.split('@') as [string, string];
        return { ecosystem: 'npm' as const, name, version, purl: `pkg:npm/${name}@${version}`, direct: false, dev: false, pinned: true, source: path };
      }),
  }),
};

function fakeParts(layers: LayerEntry[][], state: { closed: number }, fail?: Error): ImageParts {
  const refs: LayerRef[] = layers.map((_, index) => ({ index, diffId: `sha256:${String(index).repeat(64)}` }));
  const image: OpenedImage = {
    meta: { input: 'fake.tar', kind: 'docker-archive' },
    config: { env: ['A=1'], exposedPorts: [], labels: {}, history: [], diffIds: [] },
    layers: refs,
    async *layerStreams() {
      for (const layer of refs) {
        if (fail && layer.index === 1) throw fail;
        yield { layer, tar: Readable.from([]) };
      }
    },
    async close() {
      state.closed++;
    },
  };
  return {
    openImage: async () => image,
    layerEntries: (_tar, layer) => entries(layers[layer.index]!),
    walkRootfs: () => entries([]),
    analyzers: () => [FAKE_ANALYZER],
    configFindings: () => [
      { ruleId: 'image/run-as-root', scanner: 'image', severity: 'medium', title: 'root', message: 'runs as root', cwe: [250], fingerprint: 'root-fp', location: { path: 'image-config', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } },
    ],
    configSecretFindings: () => [],
    setuidFindings: () => [],
    rules: [{ id: 'image/run-as-root', title: 'root', severity: 'medium', cwe: [250], description: 'd', remediation: 'r' }],
    secretRules: [{ id: 'secrets/never-fired', title: 'x', severity: 'high', cwe: [798], description: 'd', remediation: 'r' }],
  };
}

describe('runImageScan', () => {
  it('inventories across layers, applies whiteouts, lists rules, and closes the image', async () => {
    const state = { closed: 0 };
    const dir = mkdtempSync(join(tmpdir(), 'rampart-image-pipe-'));
    dirs.push(dir);
    const r = await runImageScan(
      'fake.tar',
      { failOn: 'high', now: new Date('2026-01-01') },
      fakeParts([[fileEntry('app/pkgs', 'a@1.0.0\n')], [fileEntry('app/pkgs', 'a@1.0.0\nb@2.0.0\n')], [fileEntry('app', '', { whiteout: 'file' })]], state),
    );
    expect(state.closed).toBe(1);
    // The whiteout of app/ in layer 2 removes both packages.
    expect(r.packages).toEqual([]);
    expect(r).toMatchObject({ root: 'fake.tar', scanners: ['image'], failOn: 'high' });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['image/run-as-root']);
    expect(r.rules.map((x) => x.id)).toEqual(['image/run-as-root']);
    expect(r.stats.filesScanned).toBe(2);
  });

  it('packages carry their layer; no DB at an explicit --db path is an input error, and the image is closed', async () => {
    const state = { closed: 0 };
    const dir = mkdtempSync(join(tmpdir(), 'rampart-image-pipe-'));
    dirs.push(dir);
    const parts = fakeParts([[fileEntry('app/pkgs', 'a@1.0.0\n')], [fileEntry('app/pkgs', 'a@1.0.0\nb@2.0.0\n')]], state);
    let opened = 0;
    await expect(runImageScan('fake.tar', { db: join(dir, 'missing.sqlite') }, { ...parts, openImage: (i, o) => (opened++, parts.openImage(i, o)) })).rejects.toThrow(
      /missing\.sqlite: no vulnerability database/,
    );
    // Checked before the image is opened (a pull can be long).
    expect(opened).toBe(0);
    const baseline = join(dir, 'baseline.json');
    writeFileSync(baseline, JSON.stringify({ version: 1, createdAt: '2026-01-01', findings: [{ fingerprint: 'root-fp', ruleId: 'image/run-as-root', path: 'image-config' }] }));
    // The default DB lives in the user cache: point that at an empty dir.
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = dir;
    let r;
    try {
      r = await runImageScan('fake.tar', { baseline }, parts);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
    expect(r.packages!.map((p) => [p.name, (p as ImagePackage).layer!.index])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(r.findings).toEqual([]);
    expect(r.suppressed.map((s) => [s.kind, s.finding.ruleId])).toEqual([['baseline', 'image/run-as-root']]);
    expect(r.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^no vulnerability database, so the image's 2 package\(s\) were NOT checked/)]);
    expect(state.closed).toBe(1);
  });

  it('matches the inventory against the DB, and warns when the DB is old for the ecosystems in use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-image-pipe-'));
    dirs.push(dir);
    const recs = join(dir, 'osv');
    mkdirSync(recs);
    const rec = { id: 'GHSA-b-1', modified: '2026-01-01T00:00:00Z', summary: 'b bug', affected: [{ package: { ecosystem: 'npm', name: 'b' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.1' }] }] }] };
    writeFileSync(join(recs, 'GHSA-b-1.json'), JSON.stringify(rec));
    const dbPath = join(dir, 'db.sqlite');
    const db = openDbForBuild(dbPath);
    await importOsv(db, recs);
    db.close();
    const state = { closed: 0 };
    const parts = fakeParts([[fileEntry('app/pkgs', 'a@1.0.0\nb@2.0.0\n')]], state);
    const later = new Date(Date.now() + 30 * 86_400_000);
    const r = await runImageScan('fake.tar', { db: dbPath, now: later }, parts);
    expect(r.findings.map((f) => `${f.ruleId} ${f.package?.name ?? ''}`).sort()).toEqual(['image/GHSA-b-1 b', 'image/run-as-root ']);
    expect(r.rules.map((x) => x.id)).toEqual(['image/run-as-root', 'image/GHSA-b-1']);
    expect(r.issues.map((i) => i.message)).toEqual([expect.stringMatching(/npm \(30 days\)/)]);
  });

  it('a layer that fails (truncated blob) rejects with the source\'s error, after closing the image', async () => {
    const state = { closed: 0 };
    const err = new ImageError('fake.tar', 'blobs/sha256/1111: unexpected end of file (truncated layer)');
    const parts = fakeParts([[fileEntry('app/pkgs', 'a@1.0.0\n')], []], state, err);
    await expect(runImageScan('fake.tar', {}, parts)).rejects.toBe(err);
    expect(state.closed).toBe(1);
  });
});
