import { describe, expect, it } from 'vitest';
import { attachHistory, parseImageConfig } from '../../../src/scanners/image/oci/config.js';
import { ImageError, type LayerRef } from '../../../src/scanners/image/types.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

const dockerConfig = {
  architecture: 'amd64',
  os: 'linux',
  config: {
    User: 'app',
    Env: ['PATH=/usr/bin', 'TOKEN=x'],
    ExposedPorts: { '22/tcp': {}, '8080/tcp': {} },
    Healthcheck: { Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 1 },
    Entrypoint: null,
    Cmd: ['/bin/sh'],
    Labels: { maintainer: 'me', weird: 5 },
  },
  container_config: { User: 'ignored' },
  history: [
    { created: '2024-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
    { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
    { created_by: 'RUN apt-get install -y curl', comment: 'buildkit.dockerfile.v0' },
  ],
  rootfs: { type: 'layers', diff_ids: [D1, D2] },
};

describe('parseImageConfig', () => {
  it('reads a Docker config', () => {
    const c = parseImageConfig(Buffer.from(JSON.stringify(dockerConfig)), 'img.tar', 'abc.json');
    expect(c).toEqual({
      os: 'linux',
      architecture: 'amd64',
      user: 'app',
      env: ['PATH=/usr/bin', 'TOKEN=x'],
      exposedPorts: ['22/tcp', '8080/tcp'],
      healthcheck: ['CMD-SHELL', 'curl -f localhost'],
      cmd: ['/bin/sh'],
      labels: { maintainer: 'me' },
      history: [
        { created: '2024-01-01T00:00:00Z', createdBy: '/bin/sh -c #(nop) ADD file:abc in / ', emptyLayer: false },
        { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', emptyLayer: true },
        { createdBy: 'RUN apt-get install -y curl', comment: 'buildkit.dockerfile.v0', emptyLayer: false },
      ],
      diffIds: [D1, D2],
    });
  });

  it('reads a minimal OCI config with nulls and a string Cmd, and falls back to container_config', () => {
    const c = parseImageConfig(
      JSON.stringify({ architecture: 'arm64', os: 'linux', variant: 'v8', config: { Env: null, Labels: null, Cmd: 'sh' } }),
      'layout',
      'sha256:aa',
    );
    expect(c).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8', env: [], exposedPorts: [], cmd: ['sh'], labels: {}, history: [], diffIds: [] });
    const legacy = parseImageConfig(JSON.stringify({ container_config: { User: 'root' } }), 'x', 'y');
    expect(legacy.user).toBe('root');
  });

  it('is an ImageError naming the blob for bad JSON or wrong types', () => {
    expect(() => parseImageConfig('{nope', 'img.tar', 'blobs/sha256/ab')).toThrow(ImageError);
    expect(() => parseImageConfig('{nope', 'img.tar', 'blobs/sha256/ab')).toThrow(/img.tar: config blobs\/sha256\/ab is not valid JSON/);
    expect(() => parseImageConfig('[]', 'img.tar', 'c.json')).toThrow(/config c.json is not a JSON object/);
    expect(() => parseImageConfig(JSON.stringify({ config: { Env: 'A=1' } }), 'i', 'c.json')).toThrow(
      /config c.json is not a valid image config: config.Env: /,
    );
    expect(() => parseImageConfig(JSON.stringify({ rootfs: { diff_ids: ['nothex'] } }), 'i', 'c.json')).toThrow(
      /rootfs.diff_ids.0: expected <algorithm>:<hex>/,
    );
  });
});

describe('attachHistory', () => {
  it('gives each layer the step that made it, skipping empty layers, and fills diff ids', () => {
    const c = parseImageConfig(JSON.stringify(dockerConfig), 'i', 'c');
    const layers: LayerRef[] = [{ index: 0 }, { index: 1, diffId: D1 }];
    attachHistory(layers, c);
    expect(layers).toEqual([
      // Steps are made safe for messages (build args, URL credentials dropped) and normalised.
      { index: 0, diffId: D1, createdBy: 'ADD file:abc in /' },
      { index: 1, diffId: D1, createdBy: 'RUN apt-get install -y curl' },
    ]);
  });

  it('never carries build-arg values or URL credentials into a layer step', () => {
    const secret = 'npm_' + 'Zq8'.repeat(12);
    const c = parseImageConfig(
      JSON.stringify({
        ...dockerConfig,
        history: [
          { created_by: `|1 NPM_TOKEN=${secret} /bin/sh -c npm ci`, empty_layer: false },
          { created_by: '/bin/sh -c curl -u bob:hunter2 https://alice:pw@example.com/x.tgz | tar x', empty_layer: false },
        ],
      }),
      'i',
      'c',
    );
    const layers = attachHistory([{ index: 0 }, { index: 1 }], c);
    expect(layers[0]!.createdBy).toBe('RUN npm ci');
    const text = JSON.stringify(layers);
    for (const leaked of [secret, 'hunter2', 'alice:pw']) expect(text).not.toContain(leaked);
  });

  it('leaves layers alone when history and diff ids do not line up', () => {
    const c = parseImageConfig(JSON.stringify(dockerConfig), 'i', 'c');
    const layers: LayerRef[] = [{ index: 0 }, { index: 1 }, { index: 2 }];
    expect(attachHistory(layers, c)).toEqual([{ index: 0 }, { index: 1 }, { index: 2 }]);
  });
});
