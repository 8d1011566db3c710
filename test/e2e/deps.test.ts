import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, REPO_ROOT } from '../helpers/cli.js';
import { tmpTrees } from '../helpers/tmp.js';
import { assertCycloneDx, assertSpdx } from '../helpers/sbom-schemas.js';
import { MirrorServer } from '../vulndb/helpers/server.js';
import { makeZip } from '../vulndb/helpers/zip.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const DEMO = join(REPO_ROOT, 'examples/demo');
const ADVISORIES = join(DEMO, 'advisories');

interface Report {
  findings: { ruleId: string; severity: string; message: string; location: { path: string; startLine: number }; package?: { name: string; fixedVersions?: string[]; aliases?: string[] }; evidence?: { chain?: string[]; smallestFix?: string } }[];
  suppressed: { kind: string; reason: string; finding: { ruleId: string } }[];
  issues: { path: string; kind: string; message: string }[];
}
const depsFindings = (r: Report) => r.findings.filter((f) => f.ruleId.startsWith('deps/'));

async function demoDb(): Promise<string> {
  const dir = trees.make({});
  const db = join(dir, 'vulndb.sqlite');
  const r = await runCli(['db', 'import', ADVISORIES, '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  return db;
}

describe('dependency scanning end to end', () => {
  it('finds the demo lockfile vulnerabilities once per advisory, with fix, chain and line', async () => {
    const db = await demoDb();
    const r = await runCli(['scan', DEMO, '--db', db, '--format', 'json']);
    expect(r.code).toBe(1);
    const found = depsFindings(JSON.parse(r.stdout) as Report);
    // lodash: GHSA and its CVE alias are one finding; express: the withdrawn advisory is not reported.
    expect(found.map((f) => f.ruleId).sort()).toEqual(['deps/GHSA-35jh-r3h4-6jhm', 'deps/GHSA-hrpp-h998-j3pp']);
    const lodash = found.find((f) => f.package?.name === 'lodash')!;
    expect(lodash).toMatchObject({ severity: 'high', location: { path: 'package-lock.json', startLine: 26 } });
    expect(lodash.package?.aliases).toContain('CVE-2021-23337');
    expect(lodash.evidence?.smallestFix).toBe('4.17.21');
    const qs = found.find((f) => f.package?.name === 'qs')!;
    expect(qs.evidence?.chain).toEqual(['express@4.17.1', 'qs@6.7.0']);
    expect(qs.message).toMatch(/upgrade to 6\.7\.3/);
  });

  it('db status shows the ecosystems and record counts', async () => {
    const db = await demoDb();
    const r = await runCli(['db', 'status', '--db', db, '--format', 'json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { records: number; ecosystems: { ecosystem: string; records: number }[] };
    expect(s.ecosystems.map((e) => [e.ecosystem, e.records])).toEqual([['npm', 4]]);
    expect((await runCli(['db', 'status', '--db', db])).stdout).toMatch(/npm\s+4/);
  });

  it('db update downloads the ecosystems the project uses from a mirror, conditionally, and a failed update keeps the old DB', async () => {
    const server = new MirrorServer();
    server.files.set('/npm/all.zip', {
      body: makeZip(readdirSync(ADVISORIES).map((f) => ({ name: f, data: readFileSync(join(ADVISORIES, f)) }))),
    });
    await server.start();
    try {
      const db = join(trees.make({}), 'v.sqlite');
      let r = await runCli(['db', 'update', DEMO, '--source', server.url, '--db', db]);
      expect(r.code, r.stderr).toBe(0);
      expect(server.requests.map((q) => q.url)).toEqual(['/npm/all.zip']);
      r = await runCli(['db', 'update', DEMO, '--source', server.url, '--db', db]);
      expect(r.stderr).toMatch(/npm: already up to date/);
      expect(server.requests[1]!.ifNoneMatch).toBeDefined();
      server.files.set('/npm/all.zip', { body: Buffer.alloc(0), status: 500 });
      r = await runCli(['db', 'update', DEMO, '--source', server.url, '--db', db, '--ecosystems', 'npm']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/500/);
      const scan = await runCli(['scan', DEMO, '--db', db, '--format', 'json']);
      expect(depsFindings(JSON.parse(scan.stdout) as Report)).toHaveLength(2);
    } finally {
      await server.stop();
    }
    const refused = await runCli(['db', 'update', DEMO, '--source', 'http://127.0.0.1:9', '--db', join(trees.make({}), 'x.sqlite')]);
    expect(refused.code).toBe(2);
  });

  it('without a database the scan says how to get one and goes on; a corrupt database is named, not fatal', async () => {
    const missing = JSON.parse((await runCli(['scan', DEMO, '--db', '/nonexistent/v.sqlite', '--format', 'json'])).stdout) as Report;
    expect(missing.issues.map((i) => i.message).join('\n')).toMatch(/rampart db update/);
    expect(missing.findings.some((f) => f.ruleId.startsWith('secrets/'))).toBe(true);
    const dir = trees.make({ 'bad.sqlite': 'this is not a database, just text padding '.repeat(200) });
    const r = await runCli(['scan', DEMO, '--db', join(dir, 'bad.sqlite'), '--format', 'json']);
    const j = JSON.parse(r.stdout) as Report;
    expect(j.issues).toContainEqual(expect.objectContaining({ path: join(dir, 'bad.sqlite'), message: expect.stringMatching(/corrupt|not a database/) }));
    expect(readFileSync(join(dir, 'bad.sqlite'), 'utf8')).toMatch(/^this is not a database/);
  });

  it('a VEX not_affected statement suppresses the finding, and the report says so', async () => {
    const db = await demoDb();
    const vex = join(trees.make({}), 'vex.json');
    writeFileSync(
      vex,
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'https://example.com/vex/demo-1',
        author: 'Demo team',
        timestamp: '2026-11-01T00:00:00Z',
        version: 1,
        statements: [
          {
            vulnerability: { name: 'CVE-2021-23337' },
            products: [{ '@id': 'pkg:npm/lodash@4.17.20' }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
        ],
      }),
    );
    const j = JSON.parse((await runCli(['scan', DEMO, '--db', db, '--vex', vex, '--format', 'json'])).stdout) as Report;
    expect(depsFindings(j).map((f) => f.package?.name)).toEqual(['qs']);
    expect(j.suppressed).toContainEqual(expect.objectContaining({ kind: 'vex', finding: expect.objectContaining({ ruleId: 'deps/GHSA-35jh-r3h4-6jhm' }) }));
  });

  it('licence policy: a denied licence is a finding', async () => {
    const dir = trees.make({ 'rampart.yaml': 'licenses:\n  deny: [BSD-3-Clause]\n' });
    cpSync(join(DEMO, 'package-lock.json'), join(dir, 'package-lock.json'));
    const j = JSON.parse((await runCli(['scan', dir, '--scanners', 'deps', '--db', '/nonexistent.sqlite', '--format', 'json'])).stdout) as Report;
    expect(j.findings.filter((f) => f.ruleId === 'deps/license/denied').map((f) => f.package?.name ?? f.message)).toHaveLength(1);
  });

  it('a requirements range is reported as unpinned, never matched as a version', async () => {
    const dir = trees.make({ 'requirements.txt': 'requests>=2.0\nflask==2.2.5\n' });
    const j = JSON.parse((await runCli(['scan', dir, '--scanners', 'deps', '--db', '/nonexistent.sqlite', '--format', 'json'])).stdout) as Report;
    expect(j.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['deps/unpinned-requirement', 1]]);
  });

  it('rampart sbom writes CycloneDX 1.6 and SPDX 2.3 that validate against the official schemas', async () => {
    const out = trees.make({});
    const db = await demoDb();
    let r = await runCli(['sbom', DEMO, '--format', 'cyclonedx', '--output', join(out, 'bom.json'), '--with-vulnerabilities', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const bom = assertCycloneDx(JSON.parse(readFileSync(join(out, 'bom.json'), 'utf8')) as { components: { name: string; scope?: string }[]; vulnerabilities?: { id: string }[]; dependencies: unknown[] });
    expect(bom.components.map((c) => c.name).sort()).toEqual(['express', 'lodash', 'minimist', 'qs']);
    expect(bom.components.find((c) => c.name === 'minimist')?.scope).toBe('excluded');
    expect(bom.vulnerabilities?.map((v) => v.id).sort()).toEqual(['GHSA-35jh-r3h4-6jhm', 'GHSA-hrpp-h998-j3pp']);
    expect(bom.dependencies.length).toBeGreaterThan(0);
    r = await runCli(['sbom', DEMO, '--format', 'spdx']);
    expect(r.code).toBe(0);
    const spdx = assertSpdx(JSON.parse(r.stdout) as { spdxVersion: string; packages: { name: string }[] });
    expect(spdx.spdxVersion).toBe('SPDX-2.3');
    expect(spdx.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['express', 'lodash', 'qs', 'minimist']));
    // scan --format cyclonedx gives the same inventory.
    const s = await runCli(['scan', DEMO, '--scanners', 'deps', '--db', db, '--format', 'cyclonedx']);
    assertCycloneDx(JSON.parse(s.stdout));
    expect((await runCli(['sbom', DEMO, '--format', 'xml'])).code).toBe(2);
  });
});

describe('dependency scanning: bad input and binaries', () => {
  it('a corrupt lockfile is an issue naming the file; the other lockfiles are still scanned', async () => {
    const dir = trees.make({ 'web/package-lock.json': '{"lockfileVersion": 3, "packages": {', 'api/requirements.txt': 'flask>=2\n' });
    const r = await runCli(['scan', dir, '--scanners', 'deps', '--db', '/nonexistent.sqlite', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Report;
    expect(j.issues).toContainEqual(expect.objectContaining({ path: 'web/package-lock.json', kind: 'unparsable' }));
    expect(j.findings.map((f) => f.location.path)).toEqual(['api/requirements.txt']);
  });

  it('db import of a zip that is not an OSV export fails naming it and leaves the database as it was', async () => {
    const db = await demoDb();
    const dir = trees.make({});
    const zip = join(dir, 'photos.zip');
    writeFileSync(zip, makeZip([{ name: 'cat.txt', data: 'meow' }, { name: '../escape.json', data: '{}' }]));
    const r = await runCli(['db', 'import', zip, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('photos.zip');
    const s = JSON.parse((await runCli(['db', 'status', '--db', db, '--format', 'json'])).stdout) as { records: number };
    expect(s.records).toBe(4);
  });

  it('reads the module list embedded in a Go binary', async () => {
    const dir = trees.make({});
    cpSync(join(REPO_ROOT, 'test/scanners/deps/go/fixtures/gobin-linux-amd64'), join(dir, 'server'));
    const r = await runCli(['sbom', dir, '--format', 'cyclonedx']);
    expect(r.code).toBe(0);
    const bom = assertCycloneDx(JSON.parse(r.stdout) as { components: { name: string; purl?: string }[] });
    expect(bom.components.some((c) => c.name === 'stdlib')).toBe(true);
    expect(bom.components.length).toBeGreaterThan(1);
  });
});
