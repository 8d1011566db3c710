import { describe, expect, it } from 'vitest';
import {
  configFindings,
  IMAGE_CONFIG_RULES,
  parseHistoryStep,
  splitReference,
  worldWritableMode,
} from '../../../src/scanners/image/rules/config.js';
import type { HistoryEntry, ImageConfig, ImageMeta } from '../../../src/scanners/image/types.js';

const META: ImageMeta = { input: 'app.tar', kind: 'docker-archive', reference: 'registry.example.com/app:1.2' };

/** A config that passes every rule; each test changes one thing. */
function clean(over: Partial<ImageConfig> = {}): ImageConfig {
  return {
    os: 'linux',
    architecture: 'amd64',
    user: 'app',
    env: ['PATH=/usr/local/bin:/usr/bin:/bin'],
    exposedPorts: ['8080/tcp'],
    healthcheck: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
    labels: { 'org.opencontainers.image.base.name': 'docker.io/library/debian:12.5-slim' },
    history: [
      { createdBy: '/bin/sh -c #(nop) ADD file:5d6b639e8b6bcc0114ec1a9e4f1b6a2c in / ', emptyLayer: false },
      { createdBy: 'RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl # buildkit', emptyLayer: false },
      { createdBy: 'USER app', emptyLayer: true },
    ],
    diffIds: [],
    ...over,
  };
}

const ids = (c: ImageConfig, ann?: Record<string, string>) => configFindings(c, META, { annotations: ann }).map((f) => f.ruleId);
const run = (script: string, buildkit = true): HistoryEntry => ({
  createdBy: buildkit ? `RUN /bin/sh -c ${script} # buildkit` : `/bin/sh -c ${script}`,
  emptyLayer: false,
});

describe('image config rules', () => {
  it('a clean config has no findings', () => {
    expect(configFindings(clean(), META)).toEqual([]);
  });

  it('every rule has metadata and an image/ id', () => {
    for (const r of IMAGE_CONFIG_RULES) {
      expect(r.id).toMatch(/^image\/[a-z0-9-]+$/);
      expect(r.title && r.description && r.remediation).toBeTruthy();
      expect(r.cwe.length).toBeGreaterThan(0);
    }
    expect(new Set(IMAGE_CONFIG_RULES.map((r) => r.id)).size).toBe(IMAGE_CONFIG_RULES.length);
  });

  describe('image/run-as-root', () => {
    it.each([[undefined], [''], ['root'], ['0'], ['0:0'], ['root:root'], [' root ']])('flags USER %j', (user) => {
      const fs = configFindings(clean({ user }), META).filter((f) => f.ruleId === 'image/run-as-root');
      expect(fs).toHaveLength(1);
      expect(fs[0]!.location.path).toBe('image-config');
      expect(fs[0]!.scanner).toBe('image');
      expect(fs[0]!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    });
    it.each([['app'], ['1000'], ['1000:0'], ['nobody:nogroup']])('passes USER %j', (user) => {
      expect(ids(clean({ user }))).not.toContain('image/run-as-root');
    });
    it('Windows: ContainerAdministrator is root, an unset user is not judged', () => {
      expect(ids(clean({ os: 'windows', user: 'ContainerAdministrator' }))).toContain('image/run-as-root');
      expect(ids(clean({ os: 'windows', user: '' }))).not.toContain('image/run-as-root');
    });
  });

  describe('image/ssh-exposed', () => {
    it('flags 22/tcp', () => {
      const fs = configFindings(clean({ exposedPorts: ['80/tcp', '22/tcp'] }), META).filter((f) => f.ruleId === 'image/ssh-exposed');
      expect(fs).toHaveLength(1);
      expect(fs[0]!.message).toContain('22/tcp');
    });
    it('passes 2222/tcp and 22/udp', () => {
      expect(ids(clean({ exposedPorts: ['2222/tcp', '22/udp', '220/tcp'] }))).not.toContain('image/ssh-exposed');
    });
  });

  describe('image/healthcheck-missing', () => {
    it('flags an absent health check and HEALTHCHECK NONE', () => {
      expect(ids(clean({ healthcheck: undefined }))).toContain('image/healthcheck-missing');
      const none = configFindings(clean({ healthcheck: ['NONE'] }), META).find((f) => f.ruleId === 'image/healthcheck-missing');
      expect(none?.message).toContain('NONE');
    });
    it('passes a CMD health check', () => {
      expect(ids(clean({ healthcheck: ['CMD', '/bin/probe'] }))).not.toContain('image/healthcheck-missing');
    });
  });

  describe('image/base-image-latest', () => {
    const label = (ref: string) => clean({ labels: { 'org.opencontainers.image.base.name': ref } });
    it('flags a latest or untagged base name label', () => {
      expect(ids(label('docker.io/library/alpine:latest'))).toContain('image/base-image-latest');
      const f = configFindings(label('registry.example.com:5000/base/node'), META).find((x) => x.ruleId === 'image/base-image-latest');
      expect(f?.message).toContain('no tag');
    });
    it('flags the manifest annotation (buildah/podman) before the label', () => {
      const c = clean({ labels: {} });
      expect(ids(c, { 'org.opencontainers.image.base.name': 'docker.io/library/fedora:latest' })).toContain('image/base-image-latest');
      expect(ids(c, { 'org.opencontainers.image.base.name': 'docker.io/library/fedora:40' })).not.toContain('image/base-image-latest');
    });
    it('flags a buildah FROM history comment and a charliecloud FROM created_by', () => {
      const h1 = clean({ labels: {}, history: [{ createdBy: '/bin/sh -c #(nop) RUN true', comment: 'FROM docker.io/library/alpine:latest', emptyLayer: false }] });
      expect(ids(h1)).toContain('image/base-image-latest');
      const h2 = clean({ labels: {}, history: [{ createdBy: 'FROM charliecloud/base', emptyLayer: false }] });
      expect(ids(h2)).toContain('image/base-image-latest');
      const h3 = clean({ labels: {}, history: [{ createdBy: 'FROM --platform=linux/amd64 node', emptyLayer: false }] });
      expect(configFindings(h3, META).find((f) => f.ruleId === 'image/base-image-latest')?.evidence?.baseImage).toBe('node');
    });
    it('the last FROM in history is the base: an older latest from the base image does not count', () => {
      const c = clean({
        labels: {},
        history: [
          { comment: 'FROM docker.io/library/alpine:latest', createdBy: '/bin/sh', emptyLayer: false },
          { comment: 'FROM registry.example.com/base:3.1', createdBy: '/bin/sh', emptyLayer: false },
        ],
      });
      expect(ids(c)).not.toContain('image/base-image-latest');
    });
    it('passes a digest-pinned base, an image id, scratch, and an image that records no base', () => {
      expect(ids(label('docker.io/library/alpine:latest@sha256:' + 'a'.repeat(64)))).not.toContain('image/base-image-latest');
      expect(ids(label('docker.io/library/alpine@sha256:' + 'b'.repeat(64)))).not.toContain('image/base-image-latest');
      const byId = clean({ labels: {}, history: [{ comment: 'FROM ' + 'c'.repeat(64), emptyLayer: false }] });
      expect(ids(byId)).not.toContain('image/base-image-latest');
      expect(ids(label('scratch'))).not.toContain('image/base-image-latest');
      expect(ids(clean({ labels: {}, history: [] }))).not.toContain('image/base-image-latest');
    });
  });

  describe('history rules', () => {
    const hist = (...h: HistoryEntry[]) => clean({ history: h });

    it('image/add-remote-url: BuildKit and legacy ADD of a URL, not with --checksum or a git URL', () => {
      const bk = configFindings(hist({ createdBy: 'ADD https://user:pw@example.com/tool.tgz?sig=s3cr3t /opt/ # buildkit', emptyLayer: false }), META);
      const f = bk.find((x) => x.ruleId === 'image/add-remote-url');
      expect(f?.message).toContain('https://example.com/tool.tgz');
      expect(f?.message).not.toContain('pw@');
      expect(f?.message).not.toContain('s3cr3t');
      expect(ids(hist({ createdBy: '/bin/sh -c #(nop) ADD http://example.com/a.sh /a.sh', emptyLayer: false }))).toContain('image/add-remote-url');
      expect(ids(hist({ createdBy: 'ADD --checksum=sha256:abcd https://example.com/tool.tgz /opt/ # buildkit', emptyLayer: false }))).not.toContain('image/add-remote-url');
      expect(ids(hist({ createdBy: 'ADD https://github.com/x/y.git#v1 /src # buildkit', emptyLayer: false }))).not.toContain('image/add-remote-url');
      expect(ids(hist({ createdBy: '/bin/sh -c #(nop) ADD file:abc123 in / ', emptyLayer: false }))).not.toContain('image/add-remote-url');
    });

    it('image/sudo-in-build: sudo as a command, not as a package name', () => {
      expect(ids(hist(run('sudo apt-get install -y jq')))).toContain('image/sudo-in-build');
      expect(ids(hist(run('cd /x && DEBIAN_FRONTEND=noninteractive sudo make install', false)))).toContain('image/sudo-in-build');
      expect(ids(hist(run('apt-get install -y sudo')))).not.toContain('image/sudo-in-build');
    });

    it('image/curl-pipe-shell: pipes and command substitution', () => {
      expect(ids(hist(run('curl -fsSL https://get.example.com | sh')))).toContain('image/curl-pipe-shell');
      expect(ids(hist(run('wget -qO- https://x.example/i.sh | sudo bash -s --', false)))).toContain('image/curl-pipe-shell');
      expect(ids(hist(run('sh -c "$(curl -fsSL https://x.example/install.sh)"')))).toContain('image/curl-pipe-shell');
      expect(ids(hist(run('curl -fsSLo /tmp/a.tgz https://x.example/a.tgz | tee /dev/null')))).not.toContain('image/curl-pipe-shell');
      expect(ids(hist(run('curl -fsSLo /tmp/i.sh https://x.example/i.sh && sha256sum -c sums && sh /tmp/i.sh')))).not.toContain('image/curl-pipe-shell');
    });

    it('image/insecure-download: curl -k / --insecure and wget --no-check-certificate', () => {
      expect(ids(hist(run('curl -fsSLk https://x.example/a -o a')))).toContain('image/insecure-download');
      expect(ids(hist(run('curl --insecure https://x.example/a -o a')))).toContain('image/insecure-download');
      expect(ids(hist(run('wget --no-check-certificate https://x.example/a')))).toContain('image/insecure-download');
      expect(ids(hist(run('curl -fsSL https://x.example/a -o keys.txt')))).not.toContain('image/insecure-download');
    });

    it('image/world-writable-chmod: 777, o+w, a+rwx; not 755 or the sticky 1777', () => {
      expect(ids(hist(run('chmod -R 777 /app')))).toContain('image/world-writable-chmod');
      expect(ids(hist(run('chmod o+w /data')))).toContain('image/world-writable-chmod');
      expect(ids(hist(run('chmod a+rwx /data')))).toContain('image/world-writable-chmod');
      expect(ids(hist(run('chmod 755 /app && chmod 1777 /tmp/x && chmod u+w /app')))).not.toContain('image/world-writable-chmod');
      expect(worldWritableMode('0666')).toBe(true);
      expect(worldWritableMode('2775')).toBe(false);
    });

    it('metadata steps are not read as commands', () => {
      expect(ids(hist({ createdBy: '/bin/sh -c #(nop)  LABEL note=sudo curl -k | sh', emptyLayer: true }))).toEqual([]);
    });

    it('a finding names the history step and keeps its fingerprint when history grows', () => {
      const step = run('sudo true');
      const a = configFindings(hist(step), META).find((f) => f.ruleId === 'image/sudo-in-build')!;
      const b = configFindings(hist({ createdBy: 'ENV A=b', emptyLayer: true }, step), META).find((f) => f.ruleId === 'image/sudo-in-build')!;
      expect(a.message).toContain('history step 1');
      expect(b.message).toContain('history step 2');
      expect(a.fingerprint).toBe(b.fingerprint);
      expect(b.evidence?.where).toBe('history[1].created_by');
    });
  });
});

describe('parseHistoryStep', () => {
  it('reads BuildKit, legacy docker and exec-form steps', () => {
    expect(parseHistoryStep('RUN /bin/sh -c echo hi # buildkit')).toEqual({ keyword: 'RUN', text: 'echo hi', buildArgs: [] });
    expect(parseHistoryStep('/bin/sh -c #(nop)  EXPOSE 80/tcp')).toMatchObject({ keyword: 'EXPOSE', text: '80/tcp' });
    expect(parseHistoryStep('/bin/sh -c apt-get update')).toMatchObject({ keyword: 'RUN', text: 'apt-get update' });
    expect(parseHistoryStep('RUN ["/bin/sh","-c","make all"]')).toMatchObject({ keyword: 'RUN', text: 'make all' });
    expect(parseHistoryStep('ARG TOKEN=abc')).toMatchObject({ keyword: 'ARG', text: 'TOKEN=abc' });
    // Bare scripts (kaniko, buildah) that start with a lower-case command are RUN steps.
    expect(parseHistoryStep('add-apt-repository ppa:x/y')).toMatchObject({ keyword: 'RUN', text: 'add-apt-repository ppa:x/y' });
    expect(parseHistoryStep('env CC=gcc make')).toMatchObject({ keyword: 'RUN' });
  });
  it('reads the build-arg prefix, values with spaces included', () => {
    const s = parseHistoryStep('RUN |3 A=1 NOTE=two words B= /bin/sh -c make # buildkit');
    expect(s.buildArgs).toEqual([
      { name: 'A', value: '1' },
      { name: 'NOTE', value: 'two words' },
      { name: 'B', value: '' },
    ]);
    expect(s.text).toBe('make');
    expect(parseHistoryStep('|1 TOKEN=x /bin/sh -c make').buildArgs).toEqual([{ name: 'TOKEN', value: 'x' }]);
  });
});

describe('splitReference', () => {
  it('separates registry port, tag and digest', () => {
    expect(splitReference('localhost:5000/a/b:1.0@sha256:ff')).toEqual({ name: 'localhost:5000/a/b', tag: '1.0', digest: 'sha256:ff' });
    expect(splitReference('localhost:5000/a/b')).toEqual({ name: 'localhost:5000/a/b', digest: undefined });
  });
});
