import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, type CliResult } from '../helpers/cli.js';
import { api, freePort, startServerProcess } from '../helpers/server-process.js';
import { cleanupGitFixtures, gitRepo, gitTestEnv, type GitFixture } from '../helpers/git-fixture.js';

/**
 * The control plane as a new user meets it, through the built CLI: `server init`, `server`, a
 * scan uploaded with `scan --upload`, the deployment gate through `deploy check`, the admission
 * webhook, `audit verify` (and a tampered database), and a server killed mid-burst.
 */

// An AWS-style key pair in the shape the secrets scanner reports (not a real credential).
const AWS_ID = 'AKIAJQ7WLR2XN5TBV4HM';
const AWS_SECRET = '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';
const DIGEST = `sha256:${'4b'.repeat(32)}`;

const roots: string[] = [];
const children = new Set<ChildProcess>();
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  await cleanupGitFixtures();
});

function tempRoot(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  roots.push(d);
  return d;
}

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  /** SIGTERM, then wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Starts `rampart server` and waits for its "listening" line. */
function startServer(dataDir: string, env: NodeJS.ProcessEnv): Promise<Running> {
  return startServerProcess({ dataDir, env, children });
}

/** Like api() but the call must succeed. */
async function ok(url: string, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const r = await api(url, token, method, path, body);
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

async function init(dataDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await runCli(['server', 'init', '--data-dir', dataDir], { env });
  expect(r.code, r.stderr).toBe(0);
  const token = r.stdout.trim();
  expect(token.split('\n')).toHaveLength(1);
  expect(token.length).toBeGreaterThan(20);
  return token;
}

describe('control plane end to end (built CLI)', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    // Private HOME/XDG dirs: no stored login, no git config of the machine.
    env = gitTestEnv({ NO_COLOR: '1' });
    // Settings of the machine running the tests must not pick another database, address or login.
    for (const k of ['RAMPART_TOKEN', 'DATABASE_URL', 'RAMPART_DATA_DIR', 'RAMPART_LISTEN']) {
      delete env[k];
      delete process.env[k]; // runCli starts from process.env (this file's own worker)
    }
  });

  it('scan --upload, deploy check deny then allow, admission, audit verify and tamper detection', async () => {
    const dataDir = join(tempRoot('rampart-e2e-server-'), 'data');
    const admin = await init(dataDir, env);
    const srv = await startServer(dataDir, env);
    let repo: GitFixture | undefined;
    try {
      const { url } = srv;
      // Setup as an admin would do it, over the API.
      await ok(url, admin, 'POST', '/api/v1/projects', { name: 'p' });
      const sa = await ok(url, admin, 'POST', '/api/v1/projects/p/service-accounts', { name: 'ci-deployer' });
      // The built-in deployer uploads nothing (findings:write): this pipeline scans and deploys.
      await ok(url, admin, 'POST', '/api/v1/projects/p/roles', { name: 'pipeline', permissions: ['projects:read', 'findings:read', 'findings:write', 'deploy:check'] });
      await ok(url, admin, 'POST', '/api/v1/projects/p/role-bindings', { principalKind: 'service_account', principalId: sa.id, role: 'pipeline' });
      const issued = await ok(url, admin, 'POST', `/api/v1/projects/p/service-accounts/${sa.id}/tokens`, { name: 'pipeline', role: 'pipeline' });
      const ci: string = issued.token;
      expect(issued.project).toBe('p');
      await ok(url, admin, 'PUT', '/api/v1/projects/p/policies/strict', { document: { maxOpenSeverity: { secrets: 'medium' }, requiredScanners: ['secrets'], evidence: 'any' } }); // a service account's uploads are not CI evidence
      await ok(url, admin, 'PUT', '/api/v1/projects/p/environments/prod', { policy: 'strict', failClosed: true });

      // A repository with a leaked key, committed.
      repo = await gitRepo({ commits: [{ files: { 'README.md': '# app\n', 'config/aws.json': JSON.stringify({ aws_access_key_id: AWS_ID, aws_secret_access_key: AWS_SECRET }, null, 2) + '\n' } }] });
      const ciEnv = { ...env, RAMPART_TOKEN: ci };
      const scan = (...extra: string[]): Promise<CliResult> => runCli(['scan', repo!.dir, '--upload', '--project', 'p', '--scanners', 'secrets', '--server', url, '--format', 'json', ...extra], { env: ciEnv });

      const s1 = await scan();
      expect(s1.code, s1.stderr).toBe(1); // the leak fails the scan itself too
      const report = JSON.parse(s1.stdout) as { findings: { ruleId: string }[] };
      expect(report.findings.map((f) => f.ruleId)).toContain('secrets/aws/access-key-id');
      expect(s1.stderr).toMatch(new RegExp(`uploaded scan \\S+ of ${repo.shas[0]!.slice(0, 12)} .*project p\\): [1-9]\\d* new`));
      expect(s1.stderr + s1.stdout).not.toContain(ci);
      expect(s1.stderr + s1.stdout).not.toContain(AWS_SECRET);

      const open = await ok(url, admin, 'GET', '/api/v1/projects/p/findings?state=open');
      const leaked = (open.findings as { ruleId: string; fingerprint: string; scanner: string }[]).filter((f) => f.ruleId.startsWith('secrets/aws/'));
      expect(leaked.length).toBeGreaterThan(0);
      expect(leaked.every((f) => f.scanner === 'secrets')).toBe(true);

      const check = (...extra: string[]) => runCli(['deploy', 'check', '--project', 'p', '--env', 'prod', '--image', `registry.example/app@${DIGEST}`, '--server', url, ...extra], { env: ciEnv });
      const denied = await check('--commit', repo.shas[0]!);
      expect(denied.code, denied.stderr).toBe(1);
      expect(denied.stderr).toContain('DENY');
      expect(denied.stderr).toMatch(/open critical secrets finding \(at most medium may stay open\)/);
      expect(denied.stderr).not.toContain(ci);

      // Admission follows the latest decision for the digest: denied now.
      const review = (uid: string) => ({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { uid, kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'CREATE', namespace: 'shop', name: 'web', object: { spec: { containers: [{ name: 'web', image: `registry.example/app@${DIGEST}` }] } } },
      });
      const a1 = await ok(url, admin, 'POST', '/api/v1/admission/p/prod', review('u-1'));
      expect(a1.response).toMatchObject({ uid: 'u-1', allowed: false });
      expect(a1.response.status.message).toContain('denied');

      // Fix the leak, commit, scan and upload again.
      await repo.git('rm', '-q', 'config/aws.json');
      await repo.git('commit', '-q', '--no-verify', '-m', 'remove leaked key');
      const fixedSha = await repo.git('rev-parse', 'HEAD');
      // This time the scan names the image built from the commit; the gate finds it by digest alone.
      const s2 = await scan('--image-digest', DIGEST);
      expect(s2.code, s2.stderr).toBe(0);
      expect(s2.stderr).toMatch(new RegExp(`uploaded scan \\S+ of ${fixedSha.slice(0, 12)} .*0 new, 0 reintroduced, \\d+ unchanged, ${leaked.length} fixed`));
      const fixed = await ok(url, admin, 'GET', '/api/v1/projects/p/findings?state=fixed');
      expect((fixed.findings as { fingerprint: string }[]).map((f) => f.fingerprint).sort()).toEqual(leaked.map((f) => f.fingerprint).sort());
      expect((await ok(url, admin, 'GET', '/api/v1/projects/p/findings?state=open')).findings.filter((f: { scanner: string }) => f.scanner === 'secrets')).toEqual([]);

      const allowed = await check();
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(allowed.stdout).toContain('ALLOW');

      const a2 = await ok(url, admin, 'POST', '/api/v1/admission/p/prod', review('u-2'));
      expect(a2.response).toEqual({ uid: 'u-2', allowed: true });

      // A bad token: the upload fails with exit 2 and the token is never printed; the report is still written.
      const bogus = 'rmp_s_' + 'x'.repeat(40);
      const s3 = await runCli(['scan', repo.dir, '--upload', '--project', 'p', '--scanners', 'secrets', '--server', url, '--format', 'json'], { env: { ...env, RAMPART_TOKEN: bogus } });
      expect(s3.code).toBe(2);
      expect(JSON.parse(s3.stdout)).toHaveProperty('findings');
      expect(s3.stderr).toMatch(/rampart: .*server/);
      expect(s3.stderr + s3.stdout).not.toContain(bogus);
    } finally {
      expect(await srv.stop()).toBe(0);
    }
    expect(srv.stderr()).not.toContain(admin); // tokens never reach the server's log

    const v = await runCli(['audit', 'verify', '--data-dir', dataDir], { env });
    expect(v.code, v.stderr + v.stdout).toBe(0);

    // Tamper with one entry behind the server's back: verify must notice.
    const db = new Database(join(dataDir, 'rampart.db'));
    try {
      const row = db.prepare("SELECT seq FROM audit_entries WHERE action = 'deploy.check' AND outcome = 'deny' ORDER BY seq LIMIT 1").get() as { seq: number } | undefined;
      expect(row).toBeDefined();
      expect(db.prepare("UPDATE audit_entries SET outcome = 'allow' WHERE seq = ?").run(row!.seq).changes).toBe(1);
    } finally {
      db.close();
    }
    const t = await runCli(['audit', 'verify', '--data-dir', dataDir], { env });
    expect(t.code, t.stderr + t.stdout).toBe(1);
  }, 60_000);

  it('keeps every acknowledged write when the server is SIGKILLed mid-burst', async () => {
    const dataDir = join(tempRoot('rampart-e2e-crash-'), 'data');
    const admin = await init(dataDir, env);
    const srv = await startServer(dataDir, env);
    const acked: string[] = [];
    const tokens: string[] = [];
    let attempted = 0;
    let stop = false;
    // Writers run until the kill; each records only what the server answered 2xx.
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const name = `burst-${w}-${i}`;
        attempted++;
        try {
          const r = await api(srv.url, admin, 'POST', '/api/v1/projects', { name });
          if (r.status === 201) acked.push(name);
          const t = await api(srv.url, admin, 'POST', '/api/v1/tokens', { name: `t-${w}-${i}` });
          if (t.status === 201) tokens.push(t.json.id as string);
        } catch {
          return; // connection reset by the kill
        }
      }
    };
    const writers = Array.from({ length: 6 }, (_, w) => writer(w));
    const until = Date.now() + 20_000;
    while (acked.length < 30 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    srv.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(await srv.exited).toBe(null);
    expect(acked.length).toBeGreaterThanOrEqual(30);
    expect(attempted).toBeGreaterThanOrEqual(acked.length);

    // The process died with the database open: the WAL is left behind and must be replayed.
    const again = await startServer(dataDir, env);
    try {
      const names = new Set((await ok(again.url, admin, 'GET', '/api/v1/projects')).map((p: { name: string }) => p.name));
      const missing = acked.filter((n) => !names.has(n));
      expect(missing).toEqual([]);
      const ids = new Set((await ok(again.url, admin, 'GET', '/api/v1/tokens')).map((t: { id: string }) => t.id));
      expect(tokens.filter((id) => !ids.has(id))).toEqual([]);
      // The server still takes writes after the crash.
      await ok(again.url, admin, 'POST', '/api/v1/projects', { name: 'after-crash' });
    } finally {
      expect(await again.stop()).toBe(0);
    }
    // Each acknowledged change kept its audit entry, and the chain survived the kill.
    const db = new Database(join(dataDir, 'rampart.db'), { readonly: true });
    try {
      const audited = new Set((db.prepare("SELECT resource FROM audit_entries WHERE action = 'project.create'").all() as { resource: string }[]).map((r) => r.resource));
      expect(acked.filter((n) => !audited.has(`project:${n}`))).toEqual([]);
    } finally {
      db.close();
    }
    const v = await runCli(['audit', 'verify', '--data-dir', dataDir], { env });
    expect(v.code, v.stderr + v.stdout).toBe(0);
    expect(v.stdout).toContain('audit log intact');
  }, 60_000);

  it('scan --upload: bad flags and an unreachable server are clear errors (exit 2) that never print the token', async () => {
    const token = 'rmp_s_' + 'Q'.repeat(40);
    const plain = tempRoot('rampart-e2e-plain-');
    const repo = await gitRepo({ commits: [{ files: { 'a.txt': 'hello\n' } }] });
    const port = await freePort(); // nothing listens there
    const withToken = { ...env, RAMPART_TOKEN: token };
    const cases: [string[], RegExp][] = [
      [['scan', repo.dir, '--upload', '--server', `http://127.0.0.1:${port}`], /--upload needs --project/],
      [['scan', repo.dir, '--project', 'p'], /go with --upload/],
      [['scan', repo.dir, '--upload', '--project', 'p', '--server', `http://127.0.0.1:${port}`, '--commit', 'not-a-sha'], /--commit: expected a git commit id/],
      [['scan', repo.dir, '--upload', '--project', 'p', '--server', `http://127.0.0.1:${port}`, '--image-digest', 'sha256:12'], /--image-digest: expected/],
      [['scan', plain, '--upload', '--project', 'p', '--server', `http://127.0.0.1:${port}`], /not in a git repository: pass --commit/],
      [['scan', repo.dir, '--upload', '--project', 'p', '--scanners', 'secrets', '--server', `http://127.0.0.1:${port}`], /cannot reach http:\/\/127\.0\.0\.1:\d+/],
    ];
    for (const [args, why] of cases) {
      const r = await runCli(args, { env: withToken });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stderr + r.stdout).not.toContain(token);
    }
    // No token and no login: says how to log in.
    const none = await runCli(['scan', repo.dir, '--upload', '--project', 'p', '--server', `http://127.0.0.1:${port}`], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/not logged in to http:\/\/127\.0\.0\.1:\d+: run rampart login/);
    // The report still goes where asked when the upload fails.
    const out = join(plain, 'report.json');
    const r = await runCli(['scan', repo.dir, '--scanners', 'secrets', '--format', 'json', '--output', out, '--upload', '--project', 'p', '--server', `http://127.0.0.1:${port}`], { env: withToken });
    expect(r.code).toBe(2);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('stats');
  }, 30_000);
});
