import { describe, expect, it } from 'vitest';
import {
  isIndex,
  manifestLayers,
  MEDIA_TYPE,
  parseManifestJson,
  platformMatches,
  selectManifest,
  type OciIndex,
} from '../../../src/scanners/image/oci/manifest.js';
import { ImageError } from '../../../src/scanners/image/types.js';

const d = (c: string): string => `sha256:${c.repeat(64)}`;
const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));

function manifest(mediaType: string | undefined, configType: string, layerTypes: string[]): Buffer {
  return json({
    schemaVersion: 2,
    ...(mediaType ? { mediaType } : {}),
    config: { mediaType: configType, digest: d('c'), size: 10 },
    layers: layerTypes.map((t, i) => ({ mediaType: t, digest: d(String(i)), size: 100 + i })),
  });
}

function entry(platform: Record<string, string> | undefined, c: string, annotations?: Record<string, string>): unknown {
  return { mediaType: MEDIA_TYPE.ociManifest, digest: d(c), size: 5, ...(platform ? { platform } : {}), ...(annotations ? { annotations } : {}) };
}

function index(...manifests: unknown[]): OciIndex {
  const m = parseManifestJson(json({ schemaVersion: 2, mediaType: MEDIA_TYPE.ociIndex, manifests }), 'idx');
  if (!isIndex(m)) throw new Error('expected an index');
  return m;
}

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ImageError);
    return e as Error;
  }
  throw new Error('expected an ImageError');
}

describe('parseManifestJson', () => {
  it('reads an OCI manifest with gzip, zstd and plain layers', () => {
    const m = parseManifestJson(
      manifest(MEDIA_TYPE.ociManifest, MEDIA_TYPE.ociConfig, [
        'application/vnd.oci.image.layer.v1.tar+gzip',
        'application/vnd.oci.image.layer.v1.tar+zstd',
        'application/vnd.oci.image.layer.v1.tar',
      ]),
      'img',
    );
    expect(isIndex(m)).toBe(false);
    if (isIndex(m)) return;
    expect(m.config.digest).toBe(d('c'));
    expect(manifestLayers(m)).toEqual([
      { index: 0, digest: d('0'), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: 100 },
      { index: 1, digest: d('1'), mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', size: 101 },
      { index: 2, digest: d('2'), mediaType: 'application/vnd.oci.image.layer.v1.tar', size: 102 },
    ]);
  });

  it('reads a Docker v2 manifest and an OCI manifest without mediaType', () => {
    const docker = parseManifestJson(
      manifest(MEDIA_TYPE.dockerManifest, MEDIA_TYPE.dockerConfig, ['application/vnd.docker.image.rootfs.diff.tar.gzip']),
      'img',
    );
    expect(docker.kind).toBe('manifest');
    const bare = parseManifestJson(manifest(undefined, MEDIA_TYPE.ociConfig, []), 'img');
    expect(bare.kind).toBe('manifest');
  });

  it('reads a Docker manifest list and an OCI index without mediaType', () => {
    const list = parseManifestJson(json({ schemaVersion: 2, mediaType: MEDIA_TYPE.dockerManifestList, manifests: [entry({ os: 'linux', architecture: 'amd64' }, 'a')] }), 'x');
    expect(isIndex(list)).toBe(true);
    const bare = parseManifestJson(json({ schemaVersion: 2, manifests: [] }), 'x');
    expect(isIndex(bare)).toBe(true);
  });

  it.each([
    [Buffer.from('{not json'), /img: manifest is not valid JSON/],
    [json([1, 2]), /not a JSON object/],
    [json({ schemaVersion: 1, name: 'x', fsLayers: [] }), /schema 1 manifests are not supported/],
    [json({ schemaVersion: 2, mediaType: 'text/html' }), /unsupported manifest media type "text\/html"/],
    [json({ schemaVersion: 2, mediaType: MEDIA_TYPE.ociManifest, config: {}, layers: [] }), /invalid image manifest: config\.mediaType/],
    [json({ schemaVersion: 2, mediaType: MEDIA_TYPE.ociIndex, manifests: [{ mediaType: 'x', digest: 'sha256:zz', size: 1 }] }), /invalid image index: manifests\.0\.digest/],
    [manifest(MEDIA_TYPE.ociManifest, 'application/vnd.oci.empty.v1+json', []), /not a container image: config media type/],
    [manifest(MEDIA_TYPE.ociManifest, MEDIA_TYPE.ociConfig, ['application/vnd.cncf.helm.chart.content.v1.tar+gzip']), /layer 1 .* unsupported media type/],
  ])('rejects bad input %#', (bytes, msg) => {
    expect(errorOf(() => parseManifestJson(bytes, 'img')).message).toMatch(msg);
  });
});

describe('selectManifest', () => {
  const multi = (): OciIndex =>
    index(
      entry({ os: 'linux', architecture: 'arm64', variant: 'v8' }, '1'),
      entry({ os: 'linux', architecture: 'amd64' }, '2'),
      entry({ os: 'linux', architecture: 'arm', variant: 'v7' }, '3'),
      entry({ os: 'linux', architecture: 'arm', variant: 'v6' }, '4'),
      entry({ os: 'unknown', architecture: 'unknown' }, '5', { 'vnd.docker.reference.type': 'attestation-manifest' }),
    );

  it('defaults to linux/amd64', () => {
    expect(selectManifest(multi(), undefined, 'img').digest).toBe(d('2'));
  });

  it('picks the asked platform, variant and aliases', () => {
    expect(selectManifest(multi(), 'linux/arm64', 'img').digest).toBe(d('1'));
    expect(selectManifest(multi(), 'linux/aarch64', 'img').digest).toBe(d('1'));
    expect(selectManifest(multi(), 'linux/arm/v6', 'img').digest).toBe(d('4'));
    expect(selectManifest(multi(), 'linux/arm/v7', 'img').digest).toBe(d('3'));
    expect(selectManifest(multi(), 'Linux/x86_64', 'img').digest).toBe(d('2'));
  });

  it('matches arm64/v8 against an entry without a variant', () => {
    const idx = index(entry({ os: 'linux', architecture: 'arm64' }, '1'), entry({ os: 'linux', architecture: 'amd64' }, '2'));
    expect(selectManifest(idx, 'linux/arm64/v8', 'img').digest).toBe(d('1'));
  });

  it('takes the only image entry, never the attestation', () => {
    const idx = index(entry({ os: 'linux', architecture: 'riscv64' }, '1'), entry({ os: 'unknown', architecture: 'unknown' }, '2'));
    expect(selectManifest(idx, undefined, 'img').digest).toBe(d('1'));
    const onlyAttestation = index(entry({ os: 'unknown', architecture: 'unknown' }, '2'));
    expect(errorOf(() => selectManifest(onlyAttestation, undefined, 'img')).message).toMatch(/available: none/);
    expect(errorOf(() => selectManifest(onlyAttestation, 'unknown/unknown', 'img')).message).toMatch(/no manifest for platform unknown\/unknown/);
  });

  it('names the available platforms when the asked one is missing', () => {
    const e = errorOf(() => selectManifest(multi(), 'windows/amd64', 'img'));
    expect(e.message).toBe(
      'img: the image index has no manifest for platform windows/amd64; available: linux/arm64/v8, linux/amd64, linux/arm/v7, linux/arm/v6 (choose one with --platform)',
    );
    const noAmd = index(entry({ os: 'linux', architecture: 'arm64' }, '1'), entry({ os: 'linux', architecture: 's390x' }, '2'));
    expect(errorOf(() => selectManifest(noAmd, undefined, 'img')).message).toMatch(/default platform linux\/amd64; available: linux\/arm64, linux\/s390x/);
  });

  it.each(['linux', 'linux/amd64/v1/x', 'linux//amd64', 'linux/am d64'])('rejects the malformed platform %j', (p) => {
    expect(errorOf(() => selectManifest(multi(), p, 'img')).message).toMatch(/invalid platform .* expected os\/arch\[\/variant\]/);
  });
});

describe('platformMatches', () => {
  it('compares os, arch (with aliases) and variant when asked', () => {
    expect(platformMatches({ os: 'linux', architecture: 'amd64' }, 'linux/x86_64', 'img')).toBe(true);
    expect(platformMatches({ os: 'linux', architecture: 'arm64' }, 'linux/arm64/v8', 'img')).toBe(true);
    expect(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v7' }, 'linux/arm', 'img')).toBe(true);
    expect(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v7' }, 'linux/arm/v6', 'img')).toBe(false);
    expect(platformMatches({ os: 'windows', architecture: 'amd64' }, 'linux/amd64', 'img')).toBe(false);
    expect(() => platformMatches({ os: 'linux', architecture: 'amd64' }, 'amd64', 'img')).toThrow(/invalid platform "amd64"/);
  });
});
