/**
 * OCI image layouts: a directory with `oci-layout`, `index.json` and `blobs/<alg>/<hex>`. Also
 * exports the index -> manifest -> config resolution that the archive reader shares for OCI tars
 * (the same layout, packed in a tar).
 */
import { createHash } from 'node:crypto';
import { constants as fsc, createReadStream } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { ImageError, type ImageConfig, type ImageMeta, type LayerRef, type OpenedImage } from '../types.js';
import { attachHistory, parseImageConfig } from './config.js';
import { decodeLayer } from './layers.js';
import {
  DIGEST_RE,
  formatPlatform,
  isIndex,
  manifestLayers,
  parseManifestJson,
  platformMatches,
  selectManifest,
  type Descriptor,
  type OciIndex,
} from './manifest.js';

/** Largest manifest, index or config read into memory. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;
/** Nested indexes followed before giving up (a loop or a hostile layout). */
const MAX_INDEX_DEPTH = 4;

/** `sha256:<hex>` -> `blobs/sha256/<hex>`; the digest is validated so the path cannot escape. */
export function blobPath(digest: string, input: string): string {
  if (!DIGEST_RE.test(digest)) throw new ImageError(input, `invalid blob digest ${JSON.stringify(digest)}`);
  const [alg, hex] = digest.split(':') as [string, string];
  return `blobs/${alg}/${hex}`;
}

/** Throws when `bytes` do not hash to `digest`. */
export function verifyDigest(bytes: Buffer, digest: string, input: string, what: string): void {
  const [alg, hex] = digest.split(':') as [string, string];
  const got = createHash(alg).update(bytes).digest('hex');
  if (got !== hex) throw new ImageError(input, `${what} ${digest} does not match its content (${alg}:${got})`);
}

/** What the index, manifest and config of an OCI image say. */
export interface ResolvedOci {
  manifestDigest: string;
  config: ImageConfig;
  layers: LayerRef[];
  reference?: string;
  platform?: string;
}

/** Reads a small blob (manifest, index, config) by digest, verified and capped. */
export type SmallBlobReader = (digest: string, what: string) => Promise<Buffer>;

/** The `org.opencontainers.image.ref.name` or containerd image name of a descriptor. */
function referenceOf(d: Descriptor): string | undefined {
  return d.annotations?.['io.containerd.image.name'] ?? d.annotations?.['org.opencontainers.image.ref.name'];
}

/**
 * index.json -> (nested indexes) -> manifest -> config -> layers with diff ids and history.
 * `platform` chooses among several manifests (`os/arch[/variant]`).
 */
export async function resolveOci(
  indexJson: Buffer,
  readBlob: SmallBlobReader,
  input: string,
  platform: string | undefined,
): Promise<ResolvedOci> {
  const top = parseManifestJson(indexJson, `${input}: index.json`);
  if (!isIndex(top)) throw new ImageError(input, 'index.json is an image manifest, not an image index');
  let index: OciIndex = top;
  let reference: string | undefined;
  for (let depth = 0; ; depth++) {
    if (index.manifests.length === 0) throw new ImageError(input, 'the image index lists no manifests');
    // A lone entry without platform (skopeo, umoci write these) is checked against its config instead.
    const lone = index.manifests.length === 1 && index.manifests[0]?.platform === undefined ? index.manifests[0] : undefined;
    const chosen = lone ?? selectManifest(index, platform, input);
    reference ??= referenceOf(chosen);
    const bytes = await readBlob(chosen.digest, 'manifest');
    const parsed = parseManifestJson(bytes, `${input}: manifest ${chosen.digest}`);
    if (isIndex(parsed)) {
      if (depth >= MAX_INDEX_DEPTH) throw new ImageError(input, `image indexes nested more than ${MAX_INDEX_DEPTH} deep`);
      index = parsed;
      continue;
    }
    const configBytes = await readBlob(parsed.config.digest, 'config');
    const config = parseImageConfig(configBytes, input, parsed.config.digest);
    const layers = manifestLayers(parsed);
    if (config.diffIds.length > 0 && config.diffIds.length !== layers.length) {
      throw new ImageError(
        input,
        `config ${parsed.config.digest} lists ${config.diffIds.length} diff ids for ${layers.length} layers`,
      );
    }
    attachHistory(layers, config);
    if (lone) checkPlatform(config, platform, input);
    const out: ResolvedOci = { manifestDigest: chosen.digest, config, layers };
    if (reference !== undefined) out.reference = reference;
    const plat = platformOf(config);
    if (plat !== undefined) out.platform = plat;
    return out;
  }
}

/** A single-platform image must be the platform asked for (when its config says which it is). */
export function checkPlatform(config: ImageConfig, platform: string | undefined, input: string): void {
  if (platform === undefined || !config.os || !config.architecture) return;
  const p = { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
  if (!platformMatches(p, platform, input)) {
    throw new ImageError(input, `the image is ${formatPlatform(p)} only, but --platform ${platform} was asked for`);
  }
}

/** `os/arch[/variant]` from a config, when it says. */
export function platformOf(config: ImageConfig): string | undefined {
  if (!config.os || !config.architecture) return undefined;
  const p: { os: string; architecture: string; variant?: string } = { os: config.os, architecture: config.architecture };
  if (config.variant) p.variant = config.variant;
  return formatPlatform(p);
}

/**
 * An absolute blob path inside `root` (a real path), refusing a blob that is a link leading
 * out of the layout or not a regular file.
 */
async function checkedBlob(root: string, digest: string, input: string): Promise<{ abs: string; size: number }> {
  const abs = join(root, blobPath(digest, input));
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    throw new ImageError(input, `missing blob ${digest} (expected ${blobPath(digest, input)})`);
  }
  const prefix = root.endsWith(sep) ? root : root + sep;
  if (!real.startsWith(prefix)) throw new ImageError(input, `blob ${digest} is a link leading out of the layout`);
  const st = await stat(real);
  if (!st.isFile()) throw new ImageError(input, `blob ${digest} is not a regular file`);
  return { abs: real, size: st.size };
}

async function readCapped(abs: string, cap: number, input: string, what: string): Promise<Buffer> {
  const fh = await open(abs, fsc.O_RDONLY | fsc.O_NOFOLLOW);
  try {
    const st = await fh.stat();
    if (st.size > cap) throw new ImageError(input, `${what} is ${st.size} bytes, over the ${cap}-byte limit`);
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < buf.length) {
      const { bytesRead } = await fh.read(buf, off, buf.length - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}

/** Opens an OCI image layout directory. */
export async function openOciLayout(dir: string, opts: { platform?: string } = {}): Promise<OpenedImage> {
  const input = dir;
  let root: string;
  try {
    root = await realpath(dir);
  } catch (e) {
    throw new ImageError(input, `cannot open the directory: ${e instanceof Error ? e.message : String(e)}`);
  }
  const indexFile = join(root, 'index.json');
  let indexJson: Buffer;
  try {
    indexJson = await readCapped(indexFile, MAX_JSON_BYTES, input, 'index.json');
  } catch (e) {
    if (e instanceof ImageError) throw e;
    throw new ImageError(
      input,
      'not an OCI image layout (no readable index.json); to scan a root file system directory use --rootfs',
    );
  }
  await checkLayoutFile(root, input);

  const readBlob: SmallBlobReader = async (digest, what) => {
    const { abs } = await checkedBlob(root, digest, input);
    const bytes = await readCapped(abs, MAX_JSON_BYTES, input, `${what} ${digest}`);
    verifyDigest(bytes, digest, input, what);
    return bytes;
  };
  const resolved = await resolveOci(indexJson, readBlob, input, opts.platform);
  // Every layer blob must exist before anything is scanned.
  const blobs = await Promise.all(resolved.layers.map((l) => checkedBlob(root, l.digest as string, input)));

  const meta: ImageMeta = { input, kind: 'oci-layout', manifestDigest: resolved.manifestDigest };
  if (resolved.reference !== undefined) meta.reference = resolved.reference;
  if (resolved.platform !== undefined) meta.platform = resolved.platform;
  return {
    meta,
    config: resolved.config,
    layers: resolved.layers,
    async *layerStreams() {
      let prev: Readable | undefined;
      for (const [i, layer] of resolved.layers.entries()) {
        // An unread previous layer is abandoned: release its file handle.
        if (prev && !prev.readableEnded) prev.destroy();
        const tar = decodeLayer(createReadStream((blobs[i] as { abs: string }).abs), layer, input);
        prev = tar;
        yield { layer, tar };
      }
    },
    async close() {
      // Nothing was written: a layout is read in place.
    },
  };
}

/** `oci-layout` must say imageLayoutVersion 1.x when present. */
async function checkLayoutFile(root: string, input: string): Promise<void> {
  let text: Buffer;
  try {
    text = await readCapped(join(root, 'oci-layout'), 64 * 1024, input, 'oci-layout');
  } catch (e) {
    if (e instanceof ImageError) throw e;
    return; // Some tools omit it; index.json is what we need.
  }
  let version: unknown;
  try {
    version = (JSON.parse(text.toString('utf8')) as { imageLayoutVersion?: unknown }).imageLayoutVersion;
  } catch {
    throw new ImageError(input, 'oci-layout is not valid JSON');
  }
  if (typeof version !== 'string' || !version.startsWith('1.')) {
    throw new ImageError(input, `unsupported OCI layout version ${JSON.stringify(version)}`);
  }
}
