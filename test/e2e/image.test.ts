/**
 * `rampart image` end to end: the built CLI on a docker-save tar made here (Debian-like, three
 * layers) against a vulnerability DB imported from OSV records written here.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { assertCycloneDx, assertSpdx } from '../helpers/sbom-schemas.js';
import { tmpTrees } from '../helpers/tmp.js';
import { makeTar, sha256, type TarItem } from '../scanners/image/helpers/tarball.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const ajv = new Ajv({ strict: false, allErrors: true });
addFormatsModule.default(ajv);
const validSarif = ajv.compile(JSON.parse(readFileSync(new URL('../report/fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object);
const ajv2020 = new Ajv2020({ allErrors: true, strict: true });
addFormatsModule.default(ajv2020);
const validReport = ajv2020.compile(JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as object);

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n';

function stanza(pkg: string, version: string, source?: string): string {
  return [
    `Package: ${pkg}`,
    'Status: install ok installed',
    'Architecture: amd64',
    ...(source ? [`Source: ${source}`] : []),
    `Version: ${version}`,
    `Description: ${pkg}`,
    '',
  ].join('\n');
}

const LIBSSL = stanza('libssl3', '3.0.11-1~deb12u2', 'openssl');
const CURL = stanza('curl', '7.88.1-10');
const pkgJson = (name: string, version: string) => JSON.stringify({ name, version });

// Layer 1: the base system. Layer 2: `RUN apt-get install -y curl`. Layer 3: the app, and a
// whiteout deleting the legacy node_modules of layer 1.
const LAYERS: TarItem[][] = [
  [
    { name: 'etc/', type: 'directory' },
    { name: 'etc/os-release', content: OS_RELEASE },
    { name: 'var/lib/dpkg/status', content: LIBSSL },
    { name: 'opt/legacy/node_modules/minimist/package.json', content: pkgJson('minimist', '1.2.5') },
  ],
  [
    { name: 'var/lib/dpkg/status', content: `${LIBSSL}\n${CURL}` },
    // setuid and owned by no package: the setuid check sees it through the metadata-only analyzer.
    { name: 'usr/local/bin/helper', content: '#!/bin/sh\n', mode: 0o4755 },
  ],
  [
    { name: 'opt/.wh.legacy', content: '' },
    { name: 'app/node_modules/lodash/package.json', content: pkgJson('lodash', '4.17.20') },
  ],
];

const HISTORY = [
  { created_by: '/bin/sh -c #(nop) ADD file:0123 in / ' },
  { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
  { created_by: '/bin/sh -c apt-get update && apt-get install -y curl' },
  { created_by: 'COPY app /app # buildkit' },
  { created_by: '/bin/sh -c #(nop)  USER app', empty_layer: true },
];

/** A `docker save` archive: manifest.json, the config, one directory per layer. */
async function dockerSave(layers: TarItem[][]): Promise<Buffer> {
  const tars = await Promise.all(layers.map((l) => makeTar(l)));
  const diffIds = tars.map((t) => sha256(t));
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { User: 'app', Env: ['PATH=/usr/local/bin:/usr/bin:/bin'], Cmd: ['node', '/app/index.js'] },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: HISTORY,
  });
  const configName = `${sha256(config).slice('sha256:'.length)}.json`;
  const layerNames = diffIds.map((d) => `${d.slice('sha256:'.length)}/layer.tar`);
  const manifest = JSON.stringify([{ Config: configName, RepoTags: ['demo/app:1.0'], Layers: layerNames }]);
  return makeTar([
    { name: 'manifest.json', content: manifest },
    { name: configName, content: config },
    ...tars.map((t, i) => ({ name: layerNames[i]!, content: t })),
  ]);
}

function osv(id: string, ecosystem: string, name: string, fixed: string, score: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    modified: '2026-01-01T00:00:00Z',
    summary: `${name} vulnerability`,
    severity: [{ type: 'CVSS_V3', score }],
    affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }],
    ...extra,
  };
}

const HIGH = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N'; // 9.1 critical
const MEDIUM = 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N'; // 4.2 medium

const RECORDS = [
  osv('DSA-9001-1', 'Debian:12', 'openssl', '3.0.13-1~deb12u1', HIGH, { aliases: ['CVE-2099-9001'] }),
  // Another release: must never match a Debian 12 image.
  osv('DSA-9002-1', 'Debian:11', 'openssl', '9.9.9-1', HIGH),
  osv('DSA-9003-1', 'Debian:12', 'curl', '7.88.1-10+deb12u5', MEDIUM),
  osv('GHSA-lodash-0001', 'npm', 'lodash', '4.17.21', MEDIUM),
  // No fix yet: reported only with --include-unfixed.
  { ...osv('DEB-UNFIXED-1', 'Debian:12', 'curl', '1', MEDIUM), affected: [{ package: { ecosystem: 'Debian:12', name: 'curl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }] },
  // minimist was deleted by the whiteout in layer 3: no finding.
  osv('GHSA-minimist-0001', 'npm', 'minimist', '1.2.6', HIGH),
];

let work: string;
let image: string;
let db: string;

beforeAll(async () => {
  work = trees.track(mkdtempSync(join(tmpdir(), 'rampart-e2e-image-')));
  image = join(work, 'demo.tar');
  writeFileSync(image, await dockerSave(LAYERS));
  const recs = join(work, 'osv');
  mkdirSync(recs);
  for (const r of RECORDS) writeFileSync(join(recs, `${r.id}.json`), JSON.stringify(r));
  db = join(work, 'vulndb.sqlite');
  const imp = await runCli(['db', 'import', recs, '--db', db]);
  expect(imp.code, imp.stderr).toBe(0);
}, 60_000);

/** Runs `rampart image` with a TMPDIR of its own, which must be empty afterwards (temp files removed). */
async function scan(args: string[]): Promise<CliResult> {
  const cliTmp = mkdtempSync(join(work, 'cli-tmp-'));
  const r = await runCli(['image', ...args], { env: { TMPDIR: cliTmp, XDG_CACHE_HOME: join(work, 'cache') } });
  expect(readdirSync(cliTmp)).toEqual([]);
  return r;
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  location: { path: string; startLine: number };
  package?: { name: string; version: string; purl?: string; fixedVersions?: string[] };
  evidence?: { layer?: { index: number; diffId?: string; createdBy?: string }; matchedAs?: { name: string } };
}

describe('rampart image', () => {
  it.concurrent('finds the OS and npm vulnerabilities with the layers that brought them in, honouring releases and whiteouts', async () => {
    const r = await scan([image, '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    expect(validReport(report), ajv2020.errorsText(validReport.errors)).toBe(true);
    const vulns = report.findings.filter((f) => /^image\/(DSA|GHSA)-/.test(f.ruleId));
    expect(vulns.map((f) => `${f.ruleId} ${f.package?.name}`).sort()).toEqual([
      'image/DSA-9001-1 libssl3',
      'image/DSA-9003-1 curl',
      'image/GHSA-lodash-0001 lodash',
    ]);
    const ssl = vulns.find((f) => f.package?.name === 'libssl3')!;
    expect(ssl).toMatchObject({ severity: 'critical', location: { path: 'var/lib/dpkg/status' }, evidence: { layer: { index: 0 }, matchedAs: { name: 'openssl' } } });
    expect(ssl.package?.purl).toBe('pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12');
    const curl = vulns.find((f) => f.package?.name === 'curl')!;
    expect(curl.evidence?.layer).toMatchObject({ index: 1, createdBy: 'RUN apt-get update && apt-get install -y curl' });
    expect(curl.message).toMatch(/fixed in 7\.88\.1-10\+deb12u5; installed by layer 2 sha256:[0-9a-f]{12}… RUN apt-get update && apt-get install -y curl/);
    const lodash = vulns.find((f) => f.package?.name === 'lodash')!;
    expect(lodash).toMatchObject({ location: { path: 'app/node_modules/lodash/package.json' }, evidence: { layer: { index: 2 } } });
    expect(report.findings.filter((f) => f.ruleId === 'image/setuid-unowned').map((f) => f.location.path)).toEqual(['usr/local/bin/helper']);
  });

  it.concurrent('writes valid SARIF with a rule per advisory (unfixed ones with --include-unfixed)', async () => {
    const r = await scan([image, '--db', db, '--format', 'sarif', '--fail-on', 'none', '--include-unfixed']);
    expect(r.code, r.stderr).toBe(0);
    const log = JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[] };
    expect(validSarif(log), ajv.errorsText(validSarif.errors)).toBe(true);
    const rules = log.runs[0]!.tool.driver.rules.map((x) => x.id);
    expect(rules).toEqual(expect.arrayContaining(['image/DSA-9001-1', 'image/DSA-9003-1', 'image/GHSA-lodash-0001', 'image/DEB-UNFIXED-1']));
    expect(log.runs[0]!.results.map((x) => x.ruleId)).toContain('image/DSA-9001-1');
  });

  it.concurrent('writes CycloneDX and SPDX of the image inventory in one run (format/output pairs)', async () => {
    const cdxPath = join(work, 'image.cdx.json');
    const spdxPath = join(work, 'image.spdx.json');
    const r = await scan([image, '--db', db, '--format', 'cyclonedx', '--output', cdxPath, '--format', 'spdx', '--output', spdxPath, '--fail-on', 'none']);
    expect(r.code, r.stderr).toBe(0);
    const bom = assertCycloneDx(JSON.parse(readFileSync(cdxPath, 'utf8'))) as {
      metadata: { component: { type: string; name: string } };
      components: { type: string; name: string; version?: string; purl?: string; properties?: { name: string; value: string }[] }[];
      vulnerabilities?: { id: string }[];
    };
    expect(bom.metadata.component).toMatchObject({ type: 'container', name: 'demo.tar' });
    expect(bom.components.find((c) => c.type === 'operating-system')).toMatchObject({ name: 'debian', version: '12' });
    const curl = bom.components.find((c) => c.name === 'curl')!;
    expect(curl.purl).toBe('pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12');
    expect(curl.properties).toEqual(expect.arrayContaining([{ name: 'rampart:layer', value: '2' }, { name: 'rampart:layer:createdBy', value: 'RUN apt-get update && apt-get install -y curl' }]));
    expect(bom.components.map((c) => c.name)).not.toContain('minimist');
    expect(bom.vulnerabilities?.map((v) => v.id).sort()).toEqual(['DSA-9001-1', 'DSA-9003-1', 'GHSA-lodash-0001']);

    const doc = assertSpdx(JSON.parse(readFileSync(spdxPath, 'utf8'))) as {
      packages: { SPDXID: string; name: string; primaryPackagePurpose: string; annotations?: { comment: string }[] }[];
      relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
    };
    const root = doc.packages.find((p) => p.primaryPackagePurpose === 'CONTAINER')!;
    expect(doc.relationships).toContainEqual({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: root.SPDXID });
    const lodash = doc.packages.find((p) => p.name === 'lodash')!;
    expect(lodash.annotations?.[0]?.comment).toMatch(/^rampart:layer=3 digest=sha256:[0-9a-f]{64} createdBy=COPY app \/app$/);
    expect(doc.relationships).toContainEqual({ spdxElementId: root.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: lodash.SPDXID });
  });

  it.concurrent('exit codes: 0 under the threshold, 1 at it, 2 for a truncated tar (naming the file) and for bad flags', async () => {
    // Only the critical openssl advisory is at or above critical; accept it in a baseline.
    const base = join(work, 'baseline.json');
    const first = await scan([image, '--db', db, '--format', 'json', '--fail-on', 'critical']);
    expect(first.code).toBe(1);
    const crit = (JSON.parse(first.stdout) as { findings: (JsonFinding & { fingerprint: string })[] }).findings.filter((f) => f.severity === 'critical');
    expect(crit.map((f) => f.ruleId)).toEqual(['image/DSA-9001-1']);
    writeFileSync(base, JSON.stringify({ version: 1, createdAt: '2026-01-01', findings: crit.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.location.path })) }));
    const clean = await scan([image, '--db', db, '--fail-on', 'critical', '--baseline', base, '--format', 'json']);
    expect(clean.code, clean.stderr).toBe(0);
    expect((JSON.parse(clean.stdout) as { suppressed: unknown[] }).suppressed).toHaveLength(crit.length);

    const whole = readFileSync(image);
    const cut = join(work, 'truncated.tar');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const bad = await scan([cut, '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('truncated.tar');
    expect(bad.stderr).not.toMatch(/internal error/);

    expect((await scan([join(work, 'missing.tar'), '--db', db])).code).toBe(2);
    expect((await scan([image, '--fail-on', 'sometimes'])).code).toBe(2);
    expect((await scan([image, '--platform', 'linux'])).code).toBe(2);
  });

  it.concurrent('--rootfs scans an unpacked root filesystem the same way', async () => {
    const root = trees.make({
      'etc/os-release': OS_RELEASE,
      'var/lib/dpkg/status': `${LIBSSL}\n${CURL}`,
      'app/node_modules/lodash/package.json': pkgJson('lodash', '4.17.20'),
    });
    const r = await scan(['--rootfs', root, '--db', db, '--format', 'json', '--fail-on', 'none']);
    expect(r.code, r.stderr).toBe(0);
    const found = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter((f) => /^image\/(DSA|GHSA)-/.test(f.ruleId));
    expect(found.map((f) => `${f.ruleId} ${f.package?.name}`).sort()).toEqual(['image/DSA-9001-1 libssl3', 'image/DSA-9003-1 curl', 'image/GHSA-lodash-0001 lodash']);
    // One pseudo-layer without digest or step: the message does not invent one.
    expect(found.every((f) => !f.message.includes('installed by'))).toBe(true);
  });

  it.concurrent('reports a secret in the image\'s own files, not in files an OS package installed', async () => {
    // A Slack bot token shape (xoxb-): the same value in a dpkg-owned file and in the app's file.
    const token = ['xoxb', '2048163841', '4096327682', 'Qz7Xv9Lp3Rt6Wn2Ks8Hd5Fj1'].join('-');
    const root = trees.make({
      'etc/os-release': OS_RELEASE,
      'var/lib/dpkg/status': CURL,
      'var/lib/dpkg/info/curl.list': '/.\n/srv\n/srv/vendor\n/srv/vendor/sample.conf\n',
      'srv/vendor/sample.conf': `token = "${token}"\n`,
      'srv/app/settings.conf': `token = "${token}"\n`,
    });
    const r = await scan(['--rootfs', root, '--db', db, '--format', 'json', '--fail-on', 'none']);
    expect(r.code, r.stderr).toBe(0);
    const secretPaths = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.ruleId.startsWith('secrets/')).map((f) => f.location.path);
    expect(secretPaths).toEqual(['srv/app/settings.conf']);
    expect(r.stdout).not.toContain(token);
  });

  it.concurrent('-q leaves stderr empty and --no-color beats FORCE_COLOR, wherever they stand', async () => {
    const root = trees.make({ 'etc/os-release': OS_RELEASE, 'var/lib/dpkg/status': CURL });
    // Before: the root command took -q/--no-color, the image command never saw them.
    const quiet = await scan(['--rootfs', root, '--db', db, '--format', 'json', '--fail-on', 'none', '-q']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    const loud = await scan(['--rootfs', root, '--db', db, '--format', 'json', '--fail-on', 'none']);
    expect(loud.stderr).toMatch(/^rampart: \d+ finding\(s\)/m);
    const colour = (args: string[]) => runCli(['image', '--rootfs', root, '--db', db, '--fail-on', 'none', ...args], { env: { FORCE_COLOR: '1' } });
    expect((await colour([])).stdout).toContain('\u001b[');
    expect((await colour(['--no-color'])).stdout).not.toContain('\u001b[');
  });

  it.concurrent('says so when the DB lacks the distribution\'s release (never a silent clean)', async () => {
    const emptyRecs = join(work, 'npm-only');
    mkdirSync(emptyRecs, { recursive: true });
    writeFileSync(join(emptyRecs, 'GHSA-lodash-0001.json'), JSON.stringify(RECORDS.find((x) => x.id === 'GHSA-lodash-0001')));
    const npmDb = join(work, 'npm-only.sqlite');
    expect((await runCli(['db', 'import', emptyRecs, '--db', npmDb])).code).toBe(0);
    const r = await scan([image, '--db', npmDb, '--format', 'json', '--fail-on', 'none']);
    expect(r.code, r.stderr).toBe(0);
    expect(validReport(JSON.parse(r.stdout)), ajv2020.errorsText(validReport.errors)).toBe(true);
    expect(r.stderr).toMatch(/2 OS package\(s\) of Debian GNU\/Linux 12 \(bookworm\) were NOT checked for vulnerabilities: the database has no Debian:12 advisories/);
  });
});
