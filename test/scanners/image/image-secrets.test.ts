import { describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import { base62 } from '../../../src/scanners/secrets/checksum.js';
import {
  configSecretFindings,
  dropPackageOwned,
  literalSecret,
  secretsAnalyzer,
  wantsSecretScan,
} from '../../../src/scanners/image/secrets.js';
import type { AnalyzerOutput, ImageConfig, ImageMeta } from '../../../src/scanners/image/types.js';

// Synthetic GitHub classic PAT with a valid CRC32 checksum (never a real token).
const body = 'Qw8Er3Ty6Ui1Op4As7Df2Gh5Jk9Lz0Xc';
const PAT = `ghp_${body.slice(0, 30)}${base62(crc32(body.slice(0, 30)), 6)}`;
const PW = 'Vr7#kq2Lm9xZ';
const META: ImageMeta = { input: 'app.tar', kind: 'docker-archive', reference: 'registry.example.com/app:1.2' };

function cfg(over: Partial<ImageConfig> = {}): ImageConfig {
  return { env: ['PATH=/usr/bin:/bin', 'LANG=C.UTF-8'], exposedPorts: [], labels: {}, history: [], diffIds: [], ...over };
}

async function analyze(path: string, text: string | Buffer): Promise<AnalyzerOutput> {
  const content = typeof text === 'string' ? Buffer.from(text) : text;
  const a = secretsAnalyzer();
  expect(a.wants({ path, type: 'file', size: content.length, mode: 0o644 })).toBe(true);
  return a.analyze({ path, content, mode: 0o644 });
}

/** Every place a finding could show the value: none may hold the whole secret. */
function assertRedacted(f: { message: string; evidence?: Record<string, unknown> }, secret: string) {
  expect(JSON.stringify(f)).not.toContain(secret);
}

describe('secretsAnalyzer', () => {
  it('finds a token in a file the build added, with the detector id, scanner secrets and the image path', async () => {
    const out = await analyze('app/config/settings.py', `DEBUG = False\nGITHUB_TOKEN = "${PAT}"\n`);
    expect(out.findings).toHaveLength(1);
    const f = out.findings![0]!;
    expect(f.ruleId).toMatch(/^secrets\/github\//);
    expect(f.scanner).toBe('secrets');
    expect(f.location).toMatchObject({ path: 'app/config/settings.py', startLine: 2 });
    expect(f.evidence?.snippet).toMatch(/^ghp_…\(40\)$/);
    assertRedacted(f, PAT);
  });

  it('the fingerprint is the secret scanner’s (same detector, path and secret hash)', async () => {
    const a = await analyze('root/.env', `TOKEN=${PAT}\n`);
    const b = await analyze('root/.env', `\n\n# moved\nTOKEN=${PAT}\n`);
    expect(a.findings![0]!.fingerprint).toBe(b.findings![0]!.fingerprint);
  });

  it('finds nothing in a clean text file and skips binaries (NUL in the head)', async () => {
    expect(await analyze('etc/app.conf', 'listen 8080\nworkers 4\n')).toEqual({});
    const bin = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]), Buffer.from(`token=${PAT}`)]);
    expect(await analyze('opt/app/server', bin)).toEqual({});
  });

  it('skips package-manager trees, distro runtimes and binary extensions by path alone', () => {
    for (const p of [
      'usr/share/doc/git/README',
      'usr/share/man/man1/ls.1.gz',
      'usr/share/locale/de/LC_MESSAGES/x.mo',
      'var/lib/dpkg/status',
      'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease',
      'usr/lib/python3/dist-packages/requests/auth.py',
      'usr/lib/python3.11/test/keycert.pem',
      'usr/lib/go-1.19/src/crypto/tls/testdata/example-key.pem',
      'usr/lib/x86_64-linux-gnu/libc.so.6',
      'usr/include/stdio.h',
      'usr/lib/jvm/java-17-openjdk-amd64/lib/security/cacerts',
      'usr/bin/perl',
      'opt/app/lib.so',
      'opt/app/app.jar',
      'app/node_modules/aws-sdk/test/fixtures/creds.json',
      'root/go/pkg/mod/github.com/x/y@v1.0.0/testdata/key.pem',
      'app/.git/objects/ab/cdef0123',
      'usr/share/tcltk/tcl8.6/tcl8/http-2.9.8.tm',
    ]) {
      expect(wantsSecretScan(p), p).toBe(false);
    }
    for (const p of ['app/.env', 'root/.aws/credentials', 'home/app/.npmrc', 'usr/local/lib/python3.11/site-packages/app/settings.py', 'opt/app/config.yaml', 'etc/myapp/app.conf', 'app/.git/config']) {
      expect(wantsSecretScan(p), p).toBe(true);
    }
  });

  it('dropPackageOwned removes findings on files a package installed, keeps the rest and config ones', async () => {
    const owned = (await analyze('usr/lib/tcl8.6/http.tcl', `url = "https://u:${PAT}@h"`)).findings!;
    const mine = (await analyze('app/.env', `T=${PAT}`)).findings!;
    const cfgF = configSecretFindings(cfg({ env: [`T=${PAT}`] }), META);
    const kept = dropPackageOwned([...owned, ...mine, ...cfgF], new Set(['/usr/lib/tcl8.6/http.tcl']));
    expect(kept.map((f) => f.location.path).sort()).toEqual(['app/.env', 'image-config']);
  });

  it('never throws: a detector that fails becomes an issue naming the file', async () => {
    const broken = { id: 'secrets/test/broken', title: 't', severity: 'high' as const, cwe: [798], description: 'd', remediation: 'r', keywords: ['zzkw'], pattern: '(', maxLength: 10 };
    const a = secretsAnalyzer({ detectors: [broken] });
    const out = await a.analyze({ path: 'app/x.txt', content: Buffer.from('zzkw here\n'), mode: 0o644 });
    expect(out.findings).toBeUndefined();
    expect(out.issues?.[0]).toMatchObject({ path: 'app/x.txt', kind: 'other', scanner: 'secrets' });
  });

  it('wants only non-empty regular files up to maxBytes', () => {
    const a = secretsAnalyzer({ maxBytes: 100 });
    expect(a.maxBytes).toBe(100);
    expect(a.wants({ path: 'app/.env', type: 'file', size: 100, mode: 0o644 })).toBe(true);
    expect(a.wants({ path: 'app/.env', type: 'file', size: 101, mode: 0o644 })).toBe(false);
    expect(a.wants({ path: 'app/.env', type: 'file', size: 0, mode: 0o644 })).toBe(false);
    expect(a.wants({ path: 'app/.env', type: 'symlink', size: 10, mode: 0o777 })).toBe(false);
    expect(a.wants({ path: 'app/conf', type: 'dir', size: 0, mode: 0o755 })).toBe(false);
  });
});

describe('configSecretFindings', () => {
  it('a clean config has no findings', () => {
    const c = cfg({
      env: ['PATH=/usr/bin', 'GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D', 'DB_PASSWORD_FILE=/run/secrets/db', 'API_TOKEN=${API_TOKEN}', 'REDIS_PASSWORD='],
      history: [{ createdBy: 'RUN |1 VERSION=1.2.3 /bin/sh -c make # buildkit', emptyLayer: false }, { createdBy: 'ARG NODE_ENV=production', emptyLayer: true }],
      labels: { maintainer: 'team@example.com', 'org.opencontainers.image.version': '1.2' },
    });
    expect(configSecretFindings(c, META)).toEqual([]);
  });

  it('detectors run over ENV: a token keeps the detector id and scanner secrets, redacted', () => {
    const fs = configSecretFindings(cfg({ env: ['PATH=/usr/bin', `GH_TOKEN=${PAT}`] }), META);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.ruleId).toMatch(/^secrets\/github\//);
    expect(fs[0]!.scanner).toBe('secrets');
    expect(fs[0]!.location.path).toBe('image-config');
    expect(fs[0]!.evidence?.where).toBe('config.Env');
    expect(fs[0]!.message).toContain('registry.example.com/app:1.2');
    assertRedacted(fs[0]!, PAT);
  });

  it('credential-named ENV with a literal value: image/secret-env, redacted', () => {
    const fs = configSecretFindings(cfg({ env: [`SERVICE_SECRET=${PW}`] }), META);
    const f = fs.find((x) => x.ruleId === 'image/secret-env' || x.ruleId.startsWith('secrets/generic/'));
    expect(f).toBeDefined();
    assertRedacted(f!, PW);
    // A name no detector reads as a password: only the name-based rule sees it.
    const g = configSecretFindings(cfg({ env: ['UPSTREAM_TOKEN=plainvalue9'] }), META);
    expect(g.map((x) => x.ruleId)).toEqual(['image/secret-env']);
    expect(g[0]!.evidence?.snippet).toBe('UPSTREAM_TOKEN=…(11)');
    assertRedacted(g[0]!, 'plainvalue9');
  });

  it('build args in history: the |N prefix and BuildKit ARG defaults, as image/secret-build-arg', () => {
    const fs = configSecretFindings(
      cfg({
        history: [
          { createdBy: 'RUN |2 NPM_TOKEN=npmvalue42x VERSION=1.0 /bin/sh -c npm ci # buildkit', emptyLayer: false },
          { createdBy: 'ARG DEPLOY_PASSWORD=qz81mXv4', emptyLayer: true },
        ],
      }),
      META,
    );
    // NPM_TOKEN's value is no known token format: only the name-based rule reads it.
    expect(fs.filter((f) => f.ruleId === 'image/secret-build-arg').map((f) => f.evidence?.where)).toContain('history[0].created_by');
    // The password default is also a generic detector's: either rule may report it, once.
    const second = fs.filter((f) => f.evidence?.where === 'history[1].created_by');
    expect(second).toHaveLength(1);
    expect(second[0]!.ruleId).toMatch(/^(image\/secret-build-arg|secrets\/generic\/)/);
    for (const f of fs) {
      assertRedacted(f, 'npmvalue42x');
      assertRedacted(f, 'qz81mXv4');
    }
  });

  it('detectors run over created_by text: a token in a RUN command', () => {
    const fs = configSecretFindings(
      cfg({ history: [{ createdBy: `/bin/sh -c curl -H "Authorization: token ${PAT}" https://api.github.com/user`, emptyLayer: false }] }),
      META,
    );
    expect(fs.some((f) => f.ruleId.startsWith('secrets/github/') && f.evidence?.where === 'history[0].created_by')).toBe(true);
    for (const f of fs) assertRedacted(f, PAT);
  });

  it('the same secret in ENV and in the ENV history step is reported once', () => {
    const fs = configSecretFindings(
      cfg({ env: [`GH_TOKEN=${PAT}`], history: [{ createdBy: `ENV GH_TOKEN=${PAT}`, emptyLayer: true }] }),
      META,
    );
    expect(fs).toHaveLength(1);
  });

  it('an ENV a later step overrode is still found in history (legacy #(nop) form too)', () => {
    const fs = configSecretFindings(
      cfg({ env: ['PATH=/usr/bin'], history: [{ createdBy: '/bin/sh -c #(nop)  ENV ADMIN_TOKEN=tk93hXq2pL', emptyLayer: true }] }),
      META,
    );
    expect(fs).toHaveLength(1);
    expect(fs[0]!.evidence?.where).toBe('history[0].created_by');
    assertRedacted(fs[0]!, 'tk93hXq2pL');
  });

  it('labels: a token in a label value', () => {
    const fs = configSecretFindings(cfg({ labels: { 'ci.token': PAT } }), META);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.evidence?.where).toBe('config.Labels ci.token');
    assertRedacted(fs[0]!, PAT);
  });
});

describe('literalSecret', () => {
  it('needs a credential name and a literal, non-trivial value', () => {
    expect(literalSecret('DB_PASSWORD', 'k2m9Qx7w')).toBe(true);
    expect(literalSecret('DB_PASSWORD', 'changeme')).toBe(false);
    expect(literalSecret('DB_PASSWORD', '${DB_PASSWORD}')).toBe(false);
    expect(literalSecret('DB_PASSWORD', 'abc')).toBe(false);
    expect(literalSecret('DB_PASSWORD', 'xxxxxxxx')).toBe(false);
    expect(literalSecret('DB_PASSWORD_FILE', '/run/secrets/pw')).toBe(false);
    expect(literalSecret('DB_HOST', 'db.internal.example')).toBe(false);
  });
});
