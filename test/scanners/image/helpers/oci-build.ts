/**
 * Builds small OCI image layouts (as files in a temp dir or as tar items) and docker-save
 * archives for the image-source tests.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzip, makeTar, sha256, type TarItem } from './tarball.js';

export interface TestImage {
  platform?: { os: string; architecture: string; variant?: string };
  /** Uncompressed layer tars. */
  layers: Buffer[];
  compress?: 'gzip' | 'none';
  history?: { created_by: string; empty_layer?: boolean }[];
  /** Annotations on the index entry. */
  annotations?: Record<string, string>;
}

export interface BuiltImage {
  manifestDigest: string;
  configDigest: string;
  layerDigests: string[];
  diffIds: string[];
  blobs: Map<string, Buffer>;
}

const LAYER_TYPE = { gzip: 'application/vnd.oci.image.layer.v1.tar+gzip', none: 'application/vnd.oci.image.layer.v1.tar' };

/** The blobs (config, layers, manifest) of one image. */
export function buildImage(img: TestImage): BuiltImage {
  const blobs = new Map<string, Buffer>();
  const put = (b: Buffer): string => {
    const d = sha256(b);
    blobs.set(d, b);
    return d;
  };
  const compress = img.compress ?? 'gzip';
  const diffIds = img.layers.map((t) => sha256(t));
  const layerBlobs = img.layers.map((t) => (compress === 'gzip' ? gzip(t) : t));
  const layerDigests = layerBlobs.map(put);
  const plat = img.platform ?? { os: 'linux', architecture: 'amd64' };
  const config = Buffer.from(
    JSON.stringify({
      ...plat,
      config: { User: 'app', Env: ['A=1'] },
      history: img.history ?? img.layers.map((_, i) => ({ created_by: `step ${i}` })),
      rootfs: { type: 'layers', diff_ids: diffIds },
    }),
  );
  const configDigest = put(config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: layerBlobs.map((b, i) => ({ mediaType: LAYER_TYPE[compress], digest: layerDigests[i], size: b.length })),
    }),
  );
  const manifestDigest = put(manifest);
  return { manifestDigest, configDigest, layerDigests, diffIds, blobs };
}

/** index.json listing the images (with platforms). */
export function indexJson(images: TestImage[], built: BuiltImage[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: built.map((b, i) => ({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: b.manifestDigest,
        size: b.blobs.get(b.manifestDigest)?.length,
        ...(images[i]?.platform ? { platform: images[i]?.platform } : {}),
        ...(images[i]?.annotations ? { annotations: images[i]?.annotations } : {}),
      })),
    }),
  );
}

/** The files of an OCI layout as tar items (paths relative to the layout root). */
export function layoutItems(images: TestImage[]): { items: TarItem[]; built: BuiltImage[] } {
  const built = images.map(buildImage);
  const items: TarItem[] = [
    { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
    { name: 'index.json', content: indexJson(images, built) },
  ];
  const seen = new Set<string>();
  for (const b of built) {
    for (const [d, content] of b.blobs) {
      if (seen.has(d)) continue;
      seen.add(d);
      items.push({ name: `blobs/sha256/${d.slice(7)}`, content });
    }
  }
  return { items, built };
}

/** Writes tar items as files under `dir`. */
export async function writeItems(dir: string, items: TarItem[]): Promise<void> {
  for (const it of items) {
    const p = join(dir, it.name);
    await mkdir(join(p, '..'), { recursive: true });
    await writeFile(p, it.content ?? '');
  }
}

/** A classic `docker save` archive (`<id>/layer.tar`, `<hex>.json`, manifest.json) as tar items. */
export function dockerSaveItems(
  img: TestImage,
  opts: { manifestLast?: boolean; repoTag?: string } = {},
): { items: TarItem[]; built: BuiltImage } {
  const built = buildImage({ ...img, compress: 'none' });
  const config = built.blobs.get(built.configDigest) as Buffer;
  const layerNames = built.diffIds.map((d) => `${d.slice(7, 19)}/layer.tar`);
  const manifest: TarItem = {
    name: 'manifest.json',
    content: JSON.stringify([
      { Config: `${built.configDigest.slice(7)}.json`, RepoTags: [opts.repoTag ?? 'example/app:1.0'], Layers: layerNames },
    ]),
  };
  const rest: TarItem[] = [{ name: `${built.configDigest.slice(7)}.json`, content: config }];
  img.layers.forEach((tar, i) => {
    rest.push({ name: `${(layerNames[i] as string).split('/')[0]}/`, type: 'directory' });
    rest.push({ name: layerNames[i] as string, content: tar });
  });
  return { items: opts.manifestLast ? [...rest, manifest] : [manifest, ...rest], built };
}

/** A one-file layer tar. */
export function fileLayer(path: string, content: string): Promise<Buffer> {
  return makeTar([{ name: path, content }]);
}
