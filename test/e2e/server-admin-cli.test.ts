import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { serverEnv, ServerTestBed } from '../helpers/server-process.js';

/**
 * Issue 7, a new user's walk-through with the built CLI only (no curl) against a real `rampart
 * server` on both dialects: init, start, login, a project, a service account with a role binding
 * and a token (90 days by default), a secret put and read back, a CI trust policy (refused
 * without a repository constraint, with the server's words), an environment policy from a YAML
 * file, and a deployment check that denies, then allows once the required scan is uploaded.
 * On the way: users, custom roles, unbind, waivers request/approve by two people, and the exit
 * codes of refusals (2, the server's message naming the field).
 */

const bed = new ServerTestBed();
afterAll(() => bed.cleanup());

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const COMMIT = 'abcdef1234567';

describe.each(['sqlite', 'postgres'] as const)('control-plane administration from the CLI on %s', (dialect) => {
  it('init → start → project → service account → binding → secret → trust policy → environment policy → deploy check deny, then allow', async () => {
    const { root, env, admin, srv } = await bed.serve('rampart-e2e-admin-', dialect);
    try {
      const cli = (args: string[], e = env) => runCli(args, { env: e });
      const ok = async (args: string[], e = env) => {
        const r = await cli(args, e);
        expect(r.code, `rampart ${args.join(' ')}: ${r.stderr}`).toBe(0);
        return r;
      };
      await ok(['login', '--server', srv.url, '--token', admin]);

      // A project; a bad name is refused with the field and the rule in words, exit 2.
      expect((await ok(['projects', 'create', 'shop', '--description', 'the shop'])).stdout).toMatch(/^project: +shop$/m);
      const bad = await cli(['projects', 'create', 'Shop']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("body.name: must be 1 to 63 characters: lowercase letters, digits and '-', starting with a letter or digit");
      const projects = JSON.parse((await ok(['projects', 'list', '--format', 'json'])).stdout) as { name: string }[];
      expect(projects.map((p) => p.name)).toEqual(['shop']);
      const missing = await cli(['projects', 'show', 'nope']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no such project');

      // A service account with the deployer role on shop, and its token: 90 days unless asked.
      await ok(['service-accounts', 'create', 'deploy-bot', '--project', 'shop']);
      await ok(['roles', 'bind', 'deployer', '--service-account', 'deploy-bot', '--project', 'shop']);
      const bindings = await ok(['roles', 'bindings', '--project', 'shop']);
      expect(bindings.stdout).toMatch(/deployer +service account deploy-bot/);
      const tok = await ok(['tokens', 'create', '--service-account', 'deploy-bot', '--project', 'shop', '--name', 'ci', '--role', 'deployer']);
      const botToken = tok.stdout.trim();
      expect(botToken).toMatch(/^rmp_s_/);
      expect(tok.stderr).toContain("a service account's default, 90 days");
      const never = await ok(['tokens', 'create', '--service-account', 'deploy-bot', '--project', 'shop', '--name', 'forever', '--expires', 'never']);
      expect(never.stderr).toContain('never expires');
      const listed = JSON.parse((await ok(['tokens', 'list', '--service-account', 'deploy-bot', '--project', 'shop', '-f', 'json'])).stdout) as { id: string; name: string; expiresAt: string | null }[];
      const ci = listed.find((t) => t.name === 'ci')!;
      expect(Date.parse(ci.expiresAt!) - Date.now()).toBeGreaterThan(89 * 86400_000);
      const forever = listed.find((t) => t.name === 'forever')!;
      expect(forever.expiresAt).toBeNull();
      await ok(['tokens', 'revoke', '--service-account', 'deploy-bot', '--project', 'shop', forever.id]);

      // A secret, written and read back.
      writeFileSync(join(root, 'pw.txt'), 's3cret-value');
      await ok(['secrets', 'put', '--project', 'shop', 'db/password', '--from-file', join(root, 'pw.txt')]);
      expect((await ok(['secrets', 'get', '--project', 'shop', 'db/password'])).stdout).toBe('s3cret-value');

      // A custom role for the pipeline's scans and a CI trust policy naming it. Without a subject
      // or repository condition the server refuses it, and the CLI says how to add one.
      await ok(['roles', 'create', 'scanner', '--project', 'shop', '--permissions', 'projects:read,findings:write,deploy:check']);
      const loose = await cli(['trust-policies', 'create', 'gha', '--project', 'shop', '--issuer', 'https://token.actions.githubusercontent.com', '--audience', srv.url, '--role', 'scanner', '--condition', 'ref=refs/heads/main']);
      expect(loose.code).toBe(2);
      expect(loose.stderr).toContain('conditions: must constrain the subject or repository');
      expect(loose.stderr).toContain('--condition repository=');
      writeFileSync(
        join(root, 'gha.yaml'),
        ['name: gha', 'issuer: https://token.actions.githubusercontent.com', `audience: ${srv.url}`, 'role: scanner', 'conditions:', '  repository: acme/shop', '  ref: refs/heads/main', ''].join('\n'),
      );
      await ok(['trust-policies', 'create', '--project', 'shop', '--file', join(root, 'gha.yaml')]);
      const policies = JSON.parse((await ok(['trust-policies', 'list', '--project', 'shop', '-f', 'json'])).stdout) as { name: string; roleName: string; conditions: Record<string, unknown> }[];
      expect(policies).toMatchObject([{ name: 'gha', roleName: 'scanner', conditions: { repository: 'acme/shop', ref: 'refs/heads/main' } }]);

      // prod's policy from a YAML file: a secrets scan of the image or commit is required.
      writeFileSync(join(root, 'prod.yaml'), ['maxOpenSeverity: { "*": medium }', 'requiredScanners: [secrets]', 'evidence: any', ''].join('\n'));
      await ok(['environments', 'set', 'prod', '--project', 'shop', '--policy-file', join(root, 'prod.yaml')]);
      const shown = await ok(['environments', 'show', 'prod', '--project', 'shop']);
      expect(shown.stdout).toMatch(/^policy: +prod$/m);
      expect(shown.stdout).toContain('requiredScanners:');
      const badPolicy = join(root, 'bad.yaml');
      writeFileSync(badPolicy, 'maxOpenSeverity: { "*": severe }\n');
      const refused = await cli(['environments', 'set', 'prod', '--project', 'shop', '--policy-file', badPolicy]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/maxOpenSeverity/);

      // The service account checks a deployment: denied (no scan), then allowed once it exists.
      const botHome = join(root, 'bot-home');
      mkdirSync(botHome);
      const botEnv = { ...serverEnv(botHome), RAMPART_TOKEN: botToken }; // serverEnv drops the machine's RAMPART_TOKEN
      const check = ['deploy', 'check', '--project', 'shop', '--env', 'prod', '--image', DIGEST, '--commit', COMMIT, '--server', srv.url];
      const deny = await cli(check, botEnv);
      expect(deny.code, deny.stderr).toBe(1);
      expect(deny.stderr).toContain('DENY');
      const forbidden = await cli(['projects', 'create', 'other', '--server', srv.url], botEnv);
      expect(forbidden.code).toBe(2);
      expect(forbidden.stderr).toMatch(/projects:write/);
      const work = join(root, 'work');
      mkdirSync(work);
      writeFileSync(join(work, 'app.js'), 'console.log("hello");\n');
      await ok(['scan', work, '--scanners', 'secrets', '--upload', '--project', 'shop', '--commit', COMMIT, '--image-digest', DIGEST, '--format', 'json']);
      const allow = await cli(check, botEnv);
      expect(allow.code, allow.stderr).toBe(0);
      expect(allow.stdout).toContain('ALLOW');

      // Unbinding takes the role away: the bot's next check is refused (403 → exit 2).
      await ok(['roles', 'unbind', 'deployer', '--service-account', 'deploy-bot', '--project', 'shop']);
      const gone = await cli(check, botEnv);
      expect(gone.code).toBe(2);
    } finally {
      await srv.stop();
    }
  }, 180_000); // dozens of CLI runs, each a cold Node start on a shared machine

  it('users, a waiver requested by one person and approved by another, and disabling', async () => {
    const { root, env, admin, srv } = await bed.serve('rampart-e2e-admin-waivers-', dialect);
    try {
      const ok = async (args: string[], e = env) => {
        const r = await runCli(args, { env: e });
        expect(r.code, `rampart ${args.join(' ')}: ${r.stderr}`).toBe(0);
        return r;
      };
      await ok(['login', '--server', srv.url, '--token', admin]);
      await ok(['projects', 'create', 'shop']);
      await ok(['users', 'create', 'carol', '--display-name', 'Carol']);
      expect((await ok(['users', 'list'])).stdout).toMatch(/carol +\S+ +active/);
      await ok(['roles', 'bind', 'developer', '--user', 'carol', '--project', 'shop']);
      // She may approve waivers too: her own approval below can then fail only as a self-approval.
      await ok(['roles', 'bind', 'security-admin', '--user', 'carol', '--project', 'shop']);
      const first = (await ok(['tokens', 'create', '--user', 'carol', '--name', 'laptop', '--expires', '1d'])).stdout.trim();

      // carol mints her own token: it still counts as issued by the admin (the chain's origin).
      const carolHome = join(root, 'carol-home');
      mkdirSync(carolHome);
      const carolEnv = serverEnv(carolHome);
      await ok(['login', '--server', srv.url, '--token', first], carolEnv);
      const own = (await ok(['tokens', 'create', '--name', 'own', '--project', 'shop'], carolEnv)).stdout.trim();
      await ok(['login', '--server', srv.url, '--token', own], carolEnv);
      // dave, a second security-admin whose token the admin issued too, is the second pair of eyes.
      await ok(['users', 'create', 'dave']);
      await ok(['roles', 'bind', 'security-admin', '--user', 'dave', '--project', 'shop']);
      const daveHome = join(root, 'dave-home');
      mkdirSync(daveHome);
      const daveEnv = serverEnv(daveHome);
      await ok(['login', '--server', srv.url, '--token', (await ok(['tokens', 'create', '--user', 'dave', '--name', 'laptop', '--expires', '1d'])).stdout.trim()], daveEnv);
      const req = JSON.parse((await ok(['waivers', 'request', '--project', 'shop', '--rule', 'secrets/generic/high-entropy', '--reason', 'test fixtures only, never deployed', '--expires', '30d', '-f', 'json'], carolEnv)).stdout) as { id: string; status: string };
      expect(req.status).toBe('pending');
      // Her own approval is refused though she holds waivers:approve: she is the requester.
      const self = await runCli(['waivers', 'approve', req.id, '--project', 'shop'], { env: carolEnv });
      expect(self.code).toBe(2);
      expect(self.stderr).toMatch(/a waiver needs an approver other than its requester/);
      // The admin issued the chain carol requested with: not the admin's to approve.
      const byIssuer = await runCli(['waivers', 'approve', req.id, '--project', 'shop'], { env });
      expect(byIssuer.code).toBe(2);
      expect(byIssuer.stderr).toMatch(/you issued the token it was requested with/);
      const approved = (await ok(['waivers', 'approve', req.id, '--project', 'shop'], daveEnv)).stdout;
      expect(approved).toMatch(/^status: +active$/m);
      expect(approved).toMatch(/^requested by: +user carol$/m);
      const listed = (await ok(['waivers', 'list', '--project', 'shop', '--status', 'active'])).stdout;
      expect(listed).toContain(req.id);
      // People read names, not ids: the requester and the approver by username.
      expect(listed).toMatch(/user carol +user dave/);
      expect(listed).not.toMatch(/user:[0-9a-f-]{36}/);

      await ok(['users', 'disable', 'carol']);
      expect((await ok(['users', 'list', '-f', 'json'])).stdout).toMatch(/"disabledAt": "2/);
      expect((await runCli(['whoami'], { env: carolEnv })).code).toBe(2);
    } finally {
      await srv.stop();
    }
  }, 180_000); // dozens of CLI runs, each a cold Node start on a shared machine
});
