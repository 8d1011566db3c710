import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.js';
import type { ScanIssue } from '../../../../src/core/scanner.js';
import { detectors as github } from '../../../../src/scanners/secrets/detectors/github.js';
import { SecretEngine } from '../../../../src/scanners/secrets/engine.js';
import { scanHistory, type HistoryScanOptions } from '../../../../src/scanners/secrets/git/history.js';
import { cleanupGitFixtures, cloneRepo, gitRepo, isolateGitConfig } from '../../../helpers/git-fixture.js';
import { ghpToken } from './tokens.js';

isolateGitConfig();
afterAll(cleanupGitFixtures);

// Only the github family: other families are being added concurrently.
const engine = new SecretEngine(github);
const detectors = new Map(github.map((d) => [d.id, d]));

const A = ghpToken('a');
const B = ghpToken('b');
const C = ghpToken('c');

async function scan(root: string, extra: Partial<HistoryScanOptions> = {}) {
  const issues: ScanIssue[] = [];
  const r = await scanHistory({ root, engine, detectors, showSecrets: false, issue: (i) => issues.push(i), ...extra });
  const rows = r.hits.map((h) => ({
    path: h.finding.location.path,
    line: h.finding.location.startLine,
    sha: h.finding.commit?.sha,
    secret: h.match.secret,
  }));
  return { ...r, issues, rows };
}

describe('scanHistory', () => {
  it('finds a secret that was committed and later deleted, with commit, author, date and line', async () => {
    const repo = await gitRepo({
      commits: [
        { files: { 'README.md': '# demo\n' } },
        {
          files: { 'config/.env': `# settings\nDEBUG=1\nGITHUB_TOKEN=${A}\n` },
          author: { name: 'Ada Lovelace', email: 'ada@example.com' },
          date: '2024-03-01T10:00:00+02:00',
          message: 'add config',
        },
        { delete: ['config/.env'], message: 'oops, remove token' },
      ],
    });
    const { hits, stats, issues } = await scan(repo.dir);
    expect(issues).toEqual([]);
    expect(hits).toHaveLength(1);
    const f = hits[0]!.finding;
    expect(f.ruleId).toBe('secrets/github/classic-pat');
    expect(f.location).toEqual({ path: 'config/.env', startLine: 3, startColumn: 14, endLine: 3, endColumn: 54 });
    expect(f.commit).toEqual({
      sha: repo.shas[1],
      author: 'Ada Lovelace',
      email: 'ada@example.com',
      date: '2024-03-01T10:00:00+02:00',
      message: 'add config',
    });
    // Redacted unless showSecrets.
    expect(f.message).not.toContain(A);
    expect(hits[0]!.match.secret).toBe(A);
    expect(hits[0]!.context).toContain('DEBUG=1');
    expect(stats.commitsScanned).toBe(3);
    expect(stats.blobsScanned).toBe(2);
  });

  it('reports a secret kept through later edits once, at the oldest commit, with its line there', async () => {
    const repo = await gitRepo({
      commits: [
        { files: { 'app.cfg': `name=x\ntoken=${A}\n` } },
        { files: { 'app.cfg': `# header\nname=x\ntoken=${A}\n` } },
        { files: { 'app.cfg': `# header\n# more\nname=y\ntoken=${A}\n` } },
        { files: { 'app.cfg': `# header\n# more\nname=z\ntoken=${A}\nend=1\n` } },
      ],
    });
    const { rows, stats } = await scan(repo.dir);
    expect(rows).toEqual([{ path: 'app.cfg', line: 2, sha: repo.shas[0], secret: A }]);
    expect(stats.blobsScanned).toBe(4);
  });

  it('reports a new secret added to an existing file at the commit that added it', async () => {
    const repo = await gitRepo({
      commits: [{ files: { 'a.env': `A=${A}\n` } }, { files: { 'a.env': `A=${A}\nB=${B}\n` } }],
    });
    const { rows } = await scan(repo.dir);
    expect(rows).toEqual([
      { path: 'a.env', line: 1, sha: repo.shas[0], secret: A },
      { path: 'a.env', line: 2, sha: repo.shas[1], secret: B },
    ]);
  });

  it('scans only what each edit changed, yet finds secrets added anywhere in a long file', async () => {
    const body = Array.from({ length: 300 }, (_, i) => `setting_${i} = value ${i}`);
    const v = (edit: (l: string[]) => void) => {
      const l = [...body];
      edit(l);
      return l.join('\n') + '\n';
    };
    const repo = await gitRepo({
      commits: [
        { files: { 'big.cfg': v(() => {}) } },
        { files: { 'big.cfg': v((l) => (l[10] = 'changed = 1')) } },
        { files: { 'big.cfg': v((l) => l.splice(150, 0, `token = ${A}`)) } },
        { files: { 'big.cfg': v((l) => (l.splice(150, 0, `token = ${A}`), (l[299] = 'last = 2'))) } },
        { files: { 'big.cfg': v((l) => (l.splice(150, 0, `token = ${A}`), l.push(`tail = ${B}`))) } },
        { files: { 'big.cfg': v((l) => (l.splice(150, 0, `token = ${C}`), l.push(`tail = ${B}`))) } },
      ],
    });
    const { rows, stats } = await scan(repo.dir);
    expect(rows).toEqual([
      { path: 'big.cfg', line: 151, sha: repo.shas[2], secret: A },
      { path: 'big.cfg', line: 302, sha: repo.shas[4], secret: B },
      { path: 'big.cfg', line: 151, sha: repo.shas[5], secret: C },
    ]);
    expect(stats.blobsScanned).toBe(6);
    expect(stats.bytesExamined).toBeLessThan(stats.bytesScanned / 2);
  });

  it('--range does not report secrets that were in a file before the range, when the range edits that file', async () => {
    const repo = await gitRepo({
      commits: [{ files: { 'app.env': `A=${A}\nX=1\n` } }],
      branches: {
        pr: {
          commits: [{ files: { 'app.env': `A=${A}\nX=2\n` } }, { files: { 'app.env': `A=${A}\nX=2\nB=${B}\n` } }],
        },
      },
    });
    const r = await scan(repo.dir, { range: 'main..pr' });
    expect(r.rows).toEqual([{ path: 'app.env', line: 3, sha: repo.branchShas.pr![1], secret: B }]);
    const since = await scan(repo.dir, { since: 'main' });
    expect(since.rows).toEqual(r.rows);
  });

  it('finds a secret that only exists on a non-default branch', async () => {
    const repo = await gitRepo({
      commits: [{ files: { 'README.md': 'hi\n' } }],
      branches: { 'feature/x': { commits: [{ files: { 'src/token.txt': `\n\n${A}\n` } }] } },
    });
    expect(await repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    const { rows } = await scan(repo.dir);
    expect(rows).toEqual([{ path: 'src/token.txt', line: 3, sha: repo.branchShas['feature/x']![0], secret: A }]);
  });

  it('finds a secret on a tag-only commit and on a detached HEAD', async () => {
    const repo = await gitRepo({
      commits: [{ files: { 'a.txt': 'a\n' } }],
      branches: { tmp: { commits: [{ files: { 't.txt': A }, tag: 'v1' }, { files: { 'h.txt': B } }] } },
    });
    const head = repo.branchShas.tmp![1]!;
    await repo.git('checkout', '-q', head);
    await repo.git('branch', '-D', 'tmp');
    const { rows } = await scan(repo.dir);
    expect(rows.map((r) => r.secret)).toEqual([A, B]);
  });

  it('--range limits the scan to the commits of that range', async () => {
    const repo = await gitRepo({
      commits: [{ files: { 'base.env': `X=${A}\n` } }, { files: { 'main.env': `Y=${C}\n` } }],
      branches: { pr: { from: 0, commits: [{ files: { 'pr.env': `Z=${B}\n` } }, { files: { 'pr2.txt': 'clean\n' } }] } },
    });
    const pr = await scan(repo.dir, { range: 'main..pr' });
    expect(pr.rows).toEqual([{ path: 'pr.env', line: 1, sha: repo.branchShas.pr![0], secret: B }]);
    expect(pr.stats.commitsScanned).toBe(2);
    // Symmetric difference: both sides since the merge base.
    const sym = await scan(repo.dir, { range: 'main...pr' });
    expect(sym.rows.map((r) => r.secret).sort()).toEqual([B, C].sort());
    // An empty side means HEAD (main here).
    const fromHead = await scan(repo.dir, { range: `${repo.shas[0]}..` });
    expect(fromHead.rows.map((r) => r.secret)).toEqual([C]);
  });

  it('--range does not blame a merge of the base branch for the base branch secrets', async () => {
    const repo = await gitRepo({
      commits: [
        { files: { 'a.txt': 'a\n' } },
        { branch: 'pr', files: { 'pr.env': `P=${B}\n` } },
        { files: { 'main.env': `M=${A}\n` } },
        { branch: 'pr', merge: 'main', message: 'merge main into pr' },
      ],
    });
    const r = await scan(repo.dir, { range: 'main..pr' });
    expect(r.rows).toEqual([{ path: 'pr.env', line: 1, sha: repo.shas[1], secret: B }]);
    expect(r.stats.commitsScanned).toBe(2);
  });

  it('--since scans commits after the revision on every ref', async () => {
    const repo = await gitRepo({
      commits: [{ files: { '1.env': `A=${A}\n` } }, { files: { '2.env': `B=${B}\n` } }],
      branches: { side: { from: 0, commits: [{ files: { 's.env': `C=${C}\n` } }] } },
    });
    const r = await scan(repo.dir, { since: repo.shas[0] });
    expect(r.rows.map((x) => x.path)).toEqual(['2.env', 's.env'].sort((a, b) => (a < b ? -1 : 1)));
    expect(r.stats.commitsScanned).toBe(2);
    const none = await scan(repo.dir, { since: 'main' });
    expect(none.rows.map((x) => x.path)).toEqual(['s.env']);
  });

  it('reports a secret under both names when its file is renamed', async () => {
    const repo = await gitRepo({
      commits: [{ files: { 'old.env': `\nT=${A}\n` } }, { rename: { 'old.env': 'conf/new name.env' } }],
    });
    const { rows, stats } = await scan(repo.dir);
    expect(rows).toEqual([
      { path: 'old.env', line: 2, sha: repo.shas[0], secret: A },
      { path: 'conf/new name.env', line: 2, sha: repo.shas[1], secret: A },
    ]);
    expect(stats.blobsScanned).toBe(1); // same blob, scanned once
  });

  it('skips and counts binary blobs, and blobs over the size cap', async () => {
    const bin = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), Buffer.from(`\n${A}\n`)]);
    const repo = await gitRepo({
      commits: [{ files: { 'img.png': bin, 'big.txt': `${'x'.repeat(5000)}\n${B}\n`, 'ok.txt': `${C}\n` } }],
    });
    const { rows, stats, issues } = await scan(repo.dir, { maxBlobBytes: 4096 });
    expect(rows.map((r) => r.secret)).toEqual([C]);
    expect(stats).toMatchObject({ blobsScanned: 1, blobsSkippedBinary: 1, blobsSkippedSize: 1 });
    expect(issues).toEqual([expect.objectContaining({ path: 'big.txt', kind: 'skipped-size' })]);
  });

  it('handles unicode, spaces and newlines in file names', async () => {
    const names = ['dir with space/ключ файл.env', 'émoji 🔑.txt', 'new\nline.txt', 'tab\there.cfg'];
    const repo = await gitRepo({
      commits: [{ files: Object.fromEntries(names.map((n, i) => [n, `${'\n'.repeat(i)}${ghpToken(n)}\n`])) }],
    });
    const { rows } = await scan(repo.dir);
    expect(rows.map((r) => [r.path, r.line, r.secret]).sort()).toEqual(names.map((n, i) => [n, i + 1, ghpToken(n)]).sort());
  });

  it('finds a secret introduced by a merge commit itself, and blames merged-in secrets on their own commit', async () => {
    const repo = await gitRepo({
      commits: [
        { files: { 'a.txt': 'base\n' } },
        { branch: 'side', files: { 'side.env': `S=${A}\n` } },
        { files: { 'main.txt': 'main\n' } },
        { merge: 'side', files: { 'evil.env': `E=${B}\n` }, message: 'merge side' },
      ],
    });
    const { rows } = await scan(repo.dir);
    expect(rows).toEqual([
      { path: 'side.env', line: 1, sha: repo.shas[1], secret: A },
      { path: 'evil.env', line: 1, sha: repo.shas[3], secret: B },
    ]);
  });

  it('finds a secret added while resolving a merge conflict', async () => {
    const repo = await gitRepo({
      commits: [
        { files: { 'c.cfg': 'v=1\n' } },
        { branch: 'side', files: { 'c.cfg': 'v=2\n' } },
        { files: { 'c.cfg': 'v=3\n' } },
        { merge: 'side', files: { 'c.cfg': `v=4\ntoken=${A}\n` } },
      ],
    });
    const { rows } = await scan(repo.dir);
    expect(rows).toEqual([{ path: 'c.cfg', line: 2, sha: repo.shas[3], secret: A }]);
  });

  it('reports one finding per path when the same secret is in several files', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a.env': `T=${A}\n`, 'b.env': `T=${A}\n`, 'c.env': `X=1\nT=${A}\n` } }] });
    const { rows, stats } = await scan(repo.dir);
    expect(rows.map((r) => `${r.path}:${r.line}`)).toEqual(['a.env:1', 'b.env:1', 'c.env:2']);
    expect(stats.blobsScanned).toBe(2);
  });

  it('limits the scan to a subdirectory and reports paths relative to it', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'svc/api/x.env': `T=${A}\n`, 'other/y.env': `T=${B}\n` } }] });
    const { rows } = await scan(join(repo.dir, 'svc'));
    expect(rows.map((r) => [r.path, r.secret])).toEqual([['api/x.env', A]]);
  });

  it('reports progress up to the total', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a.txt': 'a\n' } }, { files: { 'b.txt': `${A}\n` } }] });
    const calls: [number, number, number][] = [];
    await scan(repo.dir, { onProgress: (d, t, b) => calls.push([d, t, b]) });
    expect(calls.at(-1)).toEqual([2, 2, 2 + A.length + 1]);
  });

  it('gives the same result when asked for worker threads (inline when the worker is not built)', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a.txt': `${A}\n` } }, { files: { 'a.txt': `${A}\n${B}\n` } }] });
    const one = await scan(repo.dir);
    const two = await scan(repo.dir, { threads: 2 });
    expect(two.rows).toEqual(one.rows);
    expect(one.rows).toHaveLength(2);
  });

  it('shows the secret only when asked', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a.txt': `${A}\n` } }] });
    const { hits } = await scan(repo.dir, { showSecrets: true });
    expect(hits[0]!.finding.message).toContain(A);
  });

  it('returns nothing and an issue for a repository without commits', async () => {
    const repo = await gitRepo({ staged: { 'a.txt': `${A}\n` } });
    const { hits, stats, issues } = await scan(repo.dir);
    expect(hits).toEqual([]);
    expect(stats.commitsScanned).toBe(0);
    expect(issues).toEqual([expect.objectContaining({ kind: 'other', message: expect.stringContaining('no commits') })]);
  });

  it('scans a shallow clone and warns that history is incomplete', async () => {
    const src = await gitRepo({
      commits: [{ files: { 'old.env': `T=${A}\n` } }, { delete: ['old.env'] }, { files: { 'new.env': `T=${B}\n`, 'keep.txt': 'k\n' } }],
    });
    const clone = await cloneRepo(src.dir, { depth: 1 });
    const { rows, issues } = await scan(clone.dir);
    expect(rows).toEqual([{ path: 'new.env', line: 1, sha: src.shas[2], secret: B }]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/shallow/);
    expect(issues[0]!.message).toContain('git fetch --unshallow');
  });

  it('throws InputError for a directory that is not a git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-nogit-'));
    try {
      const err = await scan(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).path).toBe(dir);
      expect((err as InputError).message).toContain('not a git repository; --history needs one');
      expect((err as InputError).exitCode).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws InputError naming an unknown revision', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a.txt': 'a\n' } }] });
    for (const opt of [{ since: 'no-such-branch' }, { range: 'main..no-such-branch' }, { range: 'nope..main' }]) {
      const err = await scan(repo.dir, opt).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/no-such-branch|nope/);
    }
    // A revision is never taken for an option.
    const inj = await scan(repo.dir, { since: '--output=/tmp/rampart-pwned' }).catch((e: unknown) => e);
    expect(inj).toBeInstanceOf(InputError);
    const bad = await scan(repo.dir, { range: 'main' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InputError);
    expect((bad as Error).message).toContain('A..B');
  });
});
