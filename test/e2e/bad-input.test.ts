import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { runCli } from '../helpers/cli.js';
import { tmpTrees } from '../helpers/tmp.js';
import { base62 } from '../../src/scanners/secrets/checksum.js';
import { gitRepo, cleanupGitFixtures } from '../helpers/git-fixture.js';

const body = 'Zr4Tq8Wm1Xc5Vb9Nk3Lp7Hd2Gf6Js0';
const PAT = `ghp_${body}${base62(crc32(body), 6)}`;
const trees = tmpTrees();
const tree = trees.make;
afterAll(async () => {
  trees.cleanup();
  await cleanupGitFixtures();
});

describe('bad input gets a clear message and the right exit code', () => {
  it('empty directory: clean scan, exit 0', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rampart-empty-'));
    trees.track(d);
    const r = await runCli(['scan', d, '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no findings/i);
  });

  it('a file instead of a directory is scanned as one file', async () => {
    const d = tree({ 'token.env': `T=${PAT}\n` });
    const r = await runCli(['scan', join(d, 'token.env'), '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.findings.map((f: { location: { path: string } }) => f.location.path)).toEqual(['token.env']);
  });

  it('a path that does not exist: exit 2, names the path', async () => {
    const r = await runCli(['scan', '/no/such/place']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/no/such/place');
    expect(r.stderr).toMatch(/no such file or directory/);
    expect(r.stdout).toBe('');
  });

  it('--history in a directory that is not a git repository: exit 2', async () => {
    const d = tree({ 'a.txt': 'a' });
    const r = await runCli(['scan', d, '--history']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a git repository/);
  });

  it('--history on a shallow clone warns that history is incomplete and still scans', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a.env': `T=${PAT}\n` } }, { files: { 'b.txt': 'b' } }] });
    const clone = mkdtempSync(join(tmpdir(), 'rampart-shallow-'));
    trees.track(clone);
    await repo.git('clone', '--quiet', '--depth', '1', `file://${repo.dir}`, clone);
    const r = await runCli(['scan', clone, '--history', '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.issues.map((i: { message: string }) => i.message).join('\n')).toMatch(/shallow/i);
    expect(r.code).toBe(1); // the tip still holds the secret
  });

  it('a 50 MB single-line minified file is scanned, with the secret found', async () => {
    const filler = 'var a=function(b){return b+1};'.repeat(Math.ceil((50 * 1024 * 1024) / 30));
    const d = tree({ 'app.min.js': `${filler}x="${PAT}";${filler.slice(0, 1000)}` });
    const r = await runCli(['scan', d, '--format', 'json', '--max-file-size', '200MB']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.findings[0].location).toMatchObject({ path: 'app.min.js', startLine: 1, startColumn: filler.length + 4 });
  });

  it('a file over the size cap is skipped and reported, not silent', async () => {
    const d = tree({ 'big.txt': 'x'.repeat(4096), 'ok.txt': 'fine' });
    const r = await runCli(['scan', d, '--max-file-size', '1KB', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.issues).toContainEqual(expect.objectContaining({ path: 'big.txt', kind: 'skipped-size' }));
  });

  it('invalid UTF-8 is scanned, not fatal', async () => {
    const d = tree({ 'bad.txt': Buffer.concat([Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(`\nT=${PAT}\n`)]) });
    const r = await runCli(['scan', d, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0].location.startLine).toBe(2);
  });

  it('NUL bytes mark a binary file: skipped and counted', async () => {
    const d = tree({ 'blob.bin': Buffer.concat([Buffer.from([0, 0, 1]), Buffer.from(PAT)]), 'ok.txt': 'ok' });
    const r = await runCli(['scan', d, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.stats.filesSkippedBinary).toBe(1);
    expect(j.issues).toContainEqual(expect.objectContaining({ kind: 'skipped-binary' }));
  });

  it('a config with a wrong key: exit 2, names the key and line', async () => {
    const d = tree({ 'rampart.yaml': 'version: 1\nfail_on: high\n' });
    const r = await runCli(['scan', d]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rampart\.yaml:2 fail_on: unknown key "fail_on"/);
  });

  it('an unknown --format: exit 2, lists the valid ones', async () => {
    const r = await runCli(['scan', '.', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown --format "yaml".*table, json, sarif, junit, markdown/);
  });

  it('an unknown flag or scanner: exit 2', async () => {
    expect((await runCli(['scan', '--bogus'])).code).toBe(2);
    const r = await runCli(['scan', '.', '--scanners', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown scanner "nope"/);
  });

  it('a bad --fail-on or --threads: exit 2', async () => {
    expect((await runCli(['scan', '.', '--fail-on', 'severe'])).stderr).toMatch(/--fail-on "severe"/);
    expect((await runCli(['scan', '.', '--threads', 'zero'])).code).toBe(2);
  });

  it('an unreadable file among many is a warning; --strict makes it fatal', async () => {
    const d = tree({ 'ok.txt': 'fine' });
    writeFileSync(join(d, 'locked.txt'), `T=${PAT}\n`);
    chmodSync(d, 0o755);
    chmodSync(join(d, 'locked.txt'), 0o000);
    const r = await runCli(['scan', d, '--format', 'json'], { unprivileged: true });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.issues).toContainEqual(expect.objectContaining({ path: 'locked.txt', kind: 'unreadable', message: expect.stringMatching(/permission denied/) }));
    expect(j.stats.filesScanned).toBe(1);
    const strict = await runCli(['scan', d, '--strict', '--format', 'json'], { unprivileged: true });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/--strict/);
  });
});
