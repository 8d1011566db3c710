import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { okApi, ServerTestBed } from '../helpers/server-process.js';

/**
 * Issue 7, what used to be API-only, with the built CLI against a real `rampart server` on both
 * dialects: the project's tracked findings after `scan --upload` (open, then fixed), the gate
 * policies apart from environments (a policy in use cannot be deleted: exit 2 with the server's
 * words), and the deployment history with the deny and the allow and their reasons.
 */

const bed = new ServerTestBed();
afterAll(() => bed.cleanup());

const DIGEST = `sha256:${'cd'.repeat(32)}`;
const COMMIT = 'fedcba9876543';
const FIXED_COMMIT = 'fedcba9876544';

describe.each(['sqlite', 'postgres'] as const)('control-plane listings from the CLI on %s', (dialect) => {
  it('scan upload → findings list → gate-policies → deploy check deny, allow → deploy history → policy delete refused while used', async () => {
    const { root, env, admin, srv } = await bed.serve('rampart-e2e-listings-', dialect);
    try {
      const cli = (args: string[]) => runCli(args, { env });
      const ok = async (args: string[]) => {
        const r = await cli(args);
        expect(r.code, `rampart ${args.join(' ')}: ${r.stderr}`).toBe(0);
        return r;
      };
      await ok(['login', '--server', srv.url, '--token', admin]);
      await ok(['projects', 'create', 'tmp-listings']);
      const P = ['--project', 'tmp-listings'];

      // A policy written on its own, then used by two environments.
      writeFileSync(join(root, 'strict.yaml'), ['maxOpenSeverity: { "*": high, secrets: high }', 'requiredScanners: [secrets]', 'evidence: any', ''].join('\n'));
      await ok(['gate-policies', 'set', 'strict', ...P, '--file', join(root, 'strict.yaml')]);
      await ok(['environments', 'set', 'prod', ...P, '--policy', 'strict']);
      await ok(['environments', 'set', 'staging', ...P, '--policy', 'strict']);
      writeFileSync(join(root, 'spare.json'), JSON.stringify({ maxOpenSeverity: { '*': 'none' } }));
      await ok(['gate-policies', 'set', 'spare', ...P, '--file', join(root, 'spare.json')]);
      const pols = (await ok(['gate-policies', 'list', ...P])).stdout;
      expect(pols).toMatch(/^NAME +USED BY +UPDATED +RULES$/m);
      expect(pols).toMatch(/^strict +prod, staging +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +max open \*=high secrets=high; requires secrets; 168h window; evidence any$/m);
      expect(pols).toMatch(/^spare +- +/m);
      const shown = (await ok(['gate-policies', 'show', 'strict', ...P])).stdout;
      expect(shown).toMatch(/^used by: +prod, staging$/m);
      expect(shown).toContain('  requiredScanners:');

      // No scan yet: denied (exit 1).
      const check = ['deploy', 'check', ...P, '--env', 'prod', '--image', DIGEST, '--commit', COMMIT];
      const deny = await cli(check);
      expect(deny.code, deny.stderr).toBe(1);

      // A scan with one high secret (made here, so no key sits in the repository), uploaded.
      const work = join(root, 'work');
      mkdirSync(work);
      const secret = `ghp_${randomBytes(27).toString('base64').replace(/[+/=]/g, 'Q')}`;
      writeFileSync(join(work, 'app.js'), `const token = "${secret}";\n`);
      const up = await cli(['scan', work, '--scanners', 'secrets', '--upload', ...P, '--commit', COMMIT, '--image-digest', DIGEST, '--format', 'json']);
      expect(up.code, up.stderr).toBe(1); // the local policy fails on the high finding; the upload happened
      expect(up.stderr).toMatch(/upload/i);

      const listed = (await ok(['findings', 'list', ...P])).stdout;
      expect(listed).toMatch(/^SEVERITY +STATE +SCANNER +RULE +FIRST SEEN +FIXED +REINTRODUCED +WAIVED +FINGERPRINT +WHERE \/ WHAT$/m);
      expect(listed).toMatch(/^high +open +secrets +secrets\/\S+ +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +- +- +- +\S+ +app\.js:1 /m);
      expect(listed).not.toContain(secret);
      const json = JSON.parse((await ok(['findings', 'list', ...P, '--format', 'json'])).stdout) as { findings: { fingerprint: string; state: string; firstSeen: string }[]; nextOffset: number | null };
      expect(json.findings).toHaveLength(1);
      expect(json.nextOffset).toBeNull();
      expect((await ok(['findings', 'list', ...P, '--severity-min', 'critical'])).stdout).toBe('no findings\n');
      expect((await ok(['findings', 'list', ...P, '--severity-min', 'high', '--scanner', 'secrets', '--state', 'open'])).stdout).toContain(json.findings[0]!.fingerprint);
      const badState = await cli(['findings', 'list', ...P, '--state', 'closed']);
      expect(badState.code).toBe(2);

      // Within the policy now (high may stay open): allowed.
      const allow = await cli(check);
      expect(allow.code, allow.stderr).toBe(0);

      const history = (await ok(['deploy', 'history', ...P])).stdout.split('\n');
      expect(history[0]).toMatch(/^WHEN +ENV +DECISION +IMAGE +COMMIT +ASKED BY +REASONS$/);
      expect(history[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +prod +allow +sha256:cdcdcdcdcdcd… +fedcba987654 +user admin +\S/);
      expect(history[2]).toMatch(/^\S+ +prod +deny +sha256:cdcdcdcdcdcd… +fedcba987654 +user admin +.*secrets/);
      const decisions = JSON.parse((await ok(['deploy', 'history', ...P, '--env', 'prod', '--limit', '1', '-f', 'json'])).stdout) as { decision: string; actorName: string }[];
      expect(decisions).toMatchObject([{ decision: 'allow', actorName: 'admin' }]);
      expect((await ok(['deploy', 'history', ...P, '--env', 'staging'])).stdout).toBe('no deployment decisions\n');
      const api = okApi(srv.url, admin);
      expect((await api('GET', '/api/v1/projects/tmp-listings/deployments')).decisions).toHaveLength(2);

      // The secret removed: the next upload marks the finding fixed.
      writeFileSync(join(work, 'app.js'), 'const token = process.env.TOKEN;\n');
      await ok(['scan', work, '--scanners', 'secrets', '--upload', ...P, '--commit', FIXED_COMMIT, '--format', 'json']);
      expect((await ok(['findings', 'list', ...P, '--state', 'fixed'])).stdout).toMatch(/^high +fixed +secrets +\S+ +\S+Z +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +- /m);
      expect((await ok(['findings', 'list', ...P, '--state', 'open'])).stdout).toBe('no findings\n');

      // A policy in use cannot be deleted: the server names the environments; exit 2.
      const refused = await cli(['gate-policies', 'delete', 'strict', ...P]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('policy strict is used by environments prod, staging');
      await ok(['gate-policies', 'delete', 'spare', ...P]);
      const missing = await cli(['gate-policies', 'delete', 'spare', ...P]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no such policy');
      const left = JSON.parse((await ok(['gate-policies', 'list', ...P, '-f', 'json'])).stdout) as { name: string }[];
      expect(left.map((p) => p.name)).toEqual(['strict']);
      expect((await ok(['environments', 'show', 'prod', ...P])).stdout).toMatch(/^policy: +strict$/m);
    } finally {
      await srv.stop();
    }
  }, 240_000); // dozens of CLI runs, each a cold Node start on a shared machine
});
