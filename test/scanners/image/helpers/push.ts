/**
 * Pushes images built in tests to a registry over the Distribution API: monolithic blob uploads
 * (POST, then PUT ?digest=) and manifest PUTs. Also builds small layers and configs.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const LAYER_ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';
export const LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar';
export const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

export const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
}

export const describe = (mediaType: string, bytes: Buffer): Descriptor => ({ mediaType, digest: sha256(bytes), size: bytes.length });

/** An uncompressed tar holding the given files. */
export async function makeTar(files: Record<string, string>): Promise<Buffer> {
  const p = pack();
  for (const [name, content] of Object.entries(files)) p.entry({ name, mode: 0o644, mtime: new Date(0) }, content);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A layer: the bytes sent (blob), its uncompressed tar's digest (diff id) and media type. */
export interface Layer {
  blob: Buffer;
  diffId: string;
  mediaType: string;
}

export async function gzipLayer(files: Record<string, string>, mediaType = LAYER_GZIP): Promise<Layer> {
  const tar = await makeTar(files);
  return { blob: gzipSync(tar), diffId: sha256(tar), mediaType };
}

export function configFor(
  layers: Layer[],
  platform: { os: string; architecture: string; variant?: string } = { os: 'linux', architecture: 'amd64' },
  extra: Record<string, unknown> = {},
): Buffer {
  return Buffer.from(
    JSON.stringify({
      ...platform,
      config: { Env: ['PATH=/usr/bin'], User: 'app' },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      history: layers.map((_, i) => ({ created_by: `RUN step ${i}` })),
      ...extra,
    }),
  );
}

async function check(res: Response, what: string, status: number): Promise<void> {
  if (res.status !== status) throw new Error(`push: ${what} answered ${res.status}: ${await res.text()}`);
}

/** Monolithic upload: POST /blobs/uploads/, then PUT <location>?digest=. Returns the digest. */
export async function pushBlob(base: string, repo: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  await check(start, `POST blob upload for ${repo}`, 202);
  const location = new URL(start.headers.get('location') ?? '', base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  await check(put, `PUT blob ${digest}`, 201);
  return digest;
}

/** PUT /manifests/<ref>; returns the manifest digest and bytes. */
export async function pushManifest(base: string, repo: string, ref: string, manifest: unknown, mediaType: string): Promise<{ digest: string; bytes: Buffer }> {
  const bytes = Buffer.from(JSON.stringify(manifest));
  const res = await fetch(`${base}/v2/${repo}/manifests/${ref}`, { method: 'PUT', body: bytes, headers: { 'content-type': mediaType } });
  await check(res, `PUT manifest ${repo}:${ref}`, 201);
  return { digest: sha256(bytes), bytes };
}

export interface Pushed {
  digest: string;
  size: number;
  configDigest: string;
  layerDigests: string[];
}

/** Pushes layers, config and an image manifest (OCI unless `docker`); tags it when `tag` is set. */
export async function pushImage(
  base: string,
  repo: string,
  tag: string | undefined,
  layers: Layer[],
  config: Buffer,
  docker = false,
): Promise<Pushed> {
  const layerDigests: string[] = [];
  for (const l of layers) layerDigests.push(await pushBlob(base, repo, l.blob));
  const configDigest = await pushBlob(base, repo, config);
  const mediaType = docker ? DOCKER_MANIFEST : OCI_MANIFEST;
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: describe(docker ? DOCKER_CONFIG : OCI_CONFIG, config),
    layers: layers.map((l) => describe(l.mediaType, l.blob)),
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const { digest } = await pushManifest(base, repo, tag ?? sha256(bytes), manifest, mediaType);
  return { digest, size: bytes.length, configDigest, layerDigests };
}

/** Pushes an OCI index (or a Docker manifest list) over already-pushed manifests. */
export async function pushIndex(base: string, repo: string, tag: string, manifests: Descriptor[], mediaType = OCI_INDEX): Promise<string> {
  const index = { schemaVersion: 2, mediaType, manifests };
  return (await pushManifest(base, repo, tag, index, mediaType)).digest;
}
