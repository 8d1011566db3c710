import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerDeploy } from '../../../src/cli/deploy.js';
import { RampartError } from '../../../src/core/errors.js';
import { gateRoutes } from '../../../src/server/gate/routes.js';
import { startHarness, type Harness } from './harness.js';
import { ecKey, keyBundle, keyPolicy } from './sigstore-fixtures.js';

const DIGEST = 'sha256:' + '7'.repeat(64);
const OTHER = 'sha256:' + '8'.repeat(64);
const release = ecKey();

describe('rampart deploy check --signature against a real server', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-deploy-sig-'));
    h = await startHarness('sqlite', (store, audit) => [gateRoutes({ store, audit })]);
    await h.call('PUT', '/api/v1/projects/shop/policies/signed', h.tokens.sec!, { document: { signature: keyPolicy([{ name: 'release', pem: release.pem }]) } });
    await h.call('PUT', '/api/v1/projects/shop/environments/prod', h.tokens.sec!, { policy: 'signed' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  async function runDeploy(args: string[], sub = 'check'): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
    let code = -1;
    const program = new Command('rampart').exitOverride();
    registerDeploy(program, (c) => (code = c));
    try {
      await program.parseAsync(['deploy', sub, ...args], { from: 'user' });
    } catch (e) {
      code = e instanceof RampartError ? e.exitCode : 99;
      err.push(e instanceof Error ? e.message : String(e));
    } finally {
      vi.restoreAllMocks();
    }
    return { code, out: out.join(''), err: err.join('') };
  }

  const file = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  it('sends the bundles: allow with a valid one (exit 0), deny with reasons otherwise (exit 1), usage errors (exit 2)', async () => {
    vi.stubEnv('XDG_CONFIG_HOME', join(dir, 'xdg'));
    vi.stubEnv('RAMPART_TOKEN', h.tokens.dev!);
    const base = ['--project', 'shop', '--env', 'prod', '--server', h.base, '--image', `registry.example/shop@${DIGEST}`];

    let r = await runDeploy(base);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no bundle was sent or stored');

    const good = file('good.json', JSON.stringify(keyBundle(release, [DIGEST])));
    const other = file('other.json', JSON.stringify(keyBundle(release, [OTHER])));
    r = await runDeploy([...base, '--signature', other]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`deployment of ${DIGEST} to shop/prod: DENY`);
    expect(r.err).toMatch(/request bundle 1: digest mismatch/);

    r = await runDeploy([...base, '--signature', other, '--signature', good, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ decision: 'allow', reasons: [{ code: 'ok', message: 'signature verified: key release (request bundle 2)' }] });
    expect(r.err + r.out).not.toContain(h.tokens.dev!);

    const decisions = await h.store.db.selectFrom('deployment_decisions').select(['decision', 'image_digest']).orderBy('ts').execute();
    expect(decisions.map((d) => d.decision)).toEqual(['deny', 'deny', 'allow']);

    r = await runDeploy([...base, '--signature', file('bad.json', '{"mediaType":')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--signature .*bad\.json: not JSON/);
    r = await runDeploy([...base, '--signature', join(dir, 'missing.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing\.json: cannot read it \(ENOENT\)/);
    r = await runDeploy([...base, '--signature', file('big.json', JSON.stringify({ pad: 'x'.repeat(300_000) }))]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/larger than/);
    r = await runDeploy([...base, ...Array.from({ length: 9 }, () => ['--signature', good]).flat()]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/at most 8 bundles/);
  });

  it('rampart deploy attach stores bundles for the image; a later check without --signature uses them', async () => {
    vi.stubEnv('XDG_CONFIG_HOME', join(dir, 'xdg'));
    vi.stubEnv('RAMPART_TOKEN', h.tokens.dev!);
    const image = 'sha256:' + '9'.repeat(64);
    const base = ['--project', 'shop', '--server', h.base, '--image', `registry.example/shop@${image}`];
    const signed = file('attach.json', JSON.stringify(keyBundle(release, [image])));

    let r = await runDeploy([...base, '--signature', file('wrong.json', JSON.stringify(keyBundle(release, [DIGEST])))], 'attach');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`bundle: its signed payload does not name ${image}`);

    r = await runDeploy([...base, '--signature', signed, '--format', 'json'], 'attach');
    expect(r.code).toBe(0);
    const [stored] = JSON.parse(r.out) as { id: string; imageDigest: string }[];
    expect(stored).toMatchObject({ imageDigest: image });

    r = await runDeploy(['--project', 'shop', '--env', 'prod', '--server', h.base, '--image', image]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`signature verified: key release (stored bundle ${stored!.id})`);

    vi.stubEnv('RAMPART_TOKEN', h.tokens.viewer!);
    r = await runDeploy([...base, '--signature', signed], 'attach');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/permission denied: findings:write/);
  });
});
