/**
 * Image archives: `docker save` tars (manifest.json with `<id>/layer.tar` layers, or Docker 25+
 * which stores `blobs/sha256/<hex>` inside) and OCI-layout tars (index.json + blobs). The outer
 * tar is streamed, never loaded: a first pass reads the small JSON files and indexes entry names
 * and sizes; `layerStreams()` makes a second pass and hands out each layer as it appears in the
 * file. Nothing is written to disk.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { z } from 'zod';
import { ImageError, type ImageConfig, type ImageMeta, type LayerRef, type OpenedImage } from '../types.js';
import { attachHistory, parseImageConfig } from './config.js';
import { safePath } from './entries.js';
import { decodeLayer, sniffCompression } from './layers.js';
import { blobPath, checkPlatform, MAX_JSON_BYTES, platformOf, resolveOci, verifyDigest, type SmallBlobReader } from './layout.js';
import { DIGEST_RE } from './manifest.js';

/** Blobs up to this size that start like JSON are kept from the first pass (configs, manifests). */
const KEEP_BLOB_BYTES = 4 * 1024 * 1024;
/** Total bytes kept from the first pass; anything beyond is fetched by another pass if needed. */
const KEEP_TOTAL_BYTES = 64 * 1024 * 1024;
/** Link hops followed inside the archive (docker save links duplicate layers to the first copy). */
const MAX_LINK_HOPS = 8;

const META_FILES = new Set(['manifest.json', 'index.json', 'oci-layout', 'repositories']);
const BLOB_NAME = /^blobs\/[a-z0-9]+\/[a-f0-9]+$/;

const dockerManifestSchema = z
  .array(
    z.looseObject({
      Config: z.string(),
      RepoTags: z.array(z.string()).nullish(),
      Layers: z.array(z.string()),
    }),
  )
  .min(1, 'lists no image');

/** An entry of the outer tar: a regular file or a link to one. */
interface Outer {
  name: string;
  size: number;
  link?: string;
}

/** The outer tar's entry stream as tar-stream hands it out (a streamx Readable). */
type Source = AsyncIterable<Buffer> & {
  header: { name: string; size: number; type: string | null; linkname: string | null };
  resume(): unknown;
  pause(): unknown;
  on(ev: string, fn: (...a: never[]) => void): unknown;
  off(ev: string, fn: (...a: never[]) => void): unknown;
  once(ev: string, fn: (...a: never[]) => void): unknown;
};

/** What went wrong reading the outer tar, in words. */
function outerMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/unexpected end of data/i.test(msg)) return 'the archive is truncated (unexpected end of the tar)';
  return `not a readable tar archive: ${msg}`;
}

function outerError(e: unknown, input: string): ImageError {
  return e instanceof ImageError ? e : new ImageError(input, outerMessage(e));
}

/**
 * One pass over the outer tar, yielding files and links with safe names. The caller reads a
 * yielded file's `src` fully or leaves it; what is left is drained before the next entry.
 */
async function* passOver(path: string, input: string, compressed: boolean): AsyncGenerator<Outer & { src: Source }> {
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  // `docker save | gzip` (or zstd): decompressed on every pass, with the layer bomb caps.
  const file = compressed ? decodeLayer(raw, { index: 0 }, input, { label: 'compressed archive' }) : raw;
  const ex = extract({ allowUnknownFormat: true } as Parameters<typeof extract>[0]);
  file.on('error', (e: Error) => ex.destroy(e));
  file.pipe(ex as unknown as NodeJS.WritableStream);
  let done = false;
  try {
    for await (const raw of ex) {
      const src = raw as unknown as Source;
      const h = src.header;
      const name = safePath(h.name);
      const regular = h.type === 'file' || h.type === 'contiguous-file';
      const isLink = h.type === 'symlink' || h.type === 'link';
      if (name === undefined || name === '' || (!regular && !isLink)) {
        src.resume();
        continue;
      }
      const entry: Outer & { src: Source } = { name, size: regular ? h.size : 0, src };
      if (isLink) {
        // Symlinks are relative to their directory, hard links to the archive root.
        const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
        const target = safePath(h.type === 'symlink' && dir ? `${dir}/${h.linkname ?? ''}` : (h.linkname ?? ''));
        if (target) entry.link = target;
      }
      yield entry;
      src.resume();
    }
    done = true;
  } catch (e) {
    throw outerError(e, input);
  } finally {
    if (!done) {
      file.destroy();
      raw.destroy();
      ex.destroy();
    }
  }
}

/** All bytes of an outer entry (callers check the size first). */
async function readAll(src: Source): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of src) chunks.push(c);
  return Buffer.concat(chunks);
}

/**
 * An outer entry as a Node stream the layer decoder may destroy without tearing down the whole
 * archive pass: what the decoder does not read is drained.
 */
function detach(src: Source, name: string, input: string): Readable {
  let ended = false;
  const out = new Readable({
    highWaterMark: 64 * 1024,
    read() {
      src.resume();
    },
  });
  const onData = (c: Buffer): void => {
    if (!out.push(c)) src.pause();
  };
  src.on('data', onData);
  src.once('end', () => {
    ended = true;
    out.push(null);
  });
  src.once('error', (e: Error) => {
    out.destroy(e instanceof ImageError ? e : new ImageError(input, `${name}: ${outerMessage(e)}`));
  });
  out.once('close', () => {
    if (ended) return;
    src.off('data', onData);
    src.on('data', () => {});
    src.resume();
  });
  return out;
}

/** `blobs/sha256/<hex>` -> `sha256:<hex>`; legacy `<hex>.json` configs are named by their digest too. */
function digestFromName(name: string): string | undefined {
  let d: string | undefined;
  if (BLOB_NAME.test(name)) d = name.slice('blobs/'.length).replace('/', ':');
  else if (/^[a-f0-9]{64}\.json$/.test(name)) d = `sha256:${name.slice(0, 64)}`;
  return d !== undefined && DIGEST_RE.test(d) ? d : undefined;
}

/** Opens a `docker save` or OCI-layout tar. `platform` picks a manifest from a multi-platform OCI index. */
export async function openDockerArchive(path: string, opts: { platform?: string } = {}): Promise<OpenedImage> {
  const input = path;
  let compressed: boolean;
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a regular file');
    const fh = await open(path, 'r');
    try {
      const head = Buffer.alloc(4);
      const { bytesRead } = await fh.read(head, 0, 4, 0);
      compressed = sniffCompression(head.subarray(0, bytesRead)) !== 'none';
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw new ImageError(input, `cannot read the archive: ${e instanceof Error ? e.message : String(e)}`);
  }
  const pass = (): AsyncGenerator<Outer & { src: Source }> => passOver(path, input, compressed);

  // Pass 1: names, sizes, links, and the small JSON files.
  const names = new Map<string, Outer>();
  const kept = new Map<string, Buffer>();
  let keptBytes = 0;
  for await (const e of pass()) {
    names.set(e.name, { name: e.name, size: e.size, ...(e.link ? { link: e.link } : {}) });
    if (e.link) continue;
    const meta = META_FILES.has(e.name) || (!e.name.includes('/') && e.name.endsWith('.json'));
    const candidate = meta ? e.size <= MAX_JSON_BYTES : BLOB_NAME.test(e.name) && e.size <= KEEP_BLOB_BYTES;
    if (!candidate || keptBytes + e.size > KEEP_TOTAL_BYTES) continue;
    const bytes = await readAll(e.src);
    if (meta || bytes[0] === 0x7b /* { */) {
      kept.set(e.name, bytes);
      keptBytes += bytes.length;
    }
  }

  /** Follows links inside the archive to the file holding the data. */
  const resolve = (name: string, what: string): Outer => {
    let cur = names.get(name);
    for (let hops = 0; cur?.link !== undefined; hops++) {
      if (hops >= MAX_LINK_HOPS) throw new ImageError(input, `${what} ${name}: too many links`);
      cur = names.get(cur.link);
    }
    if (!cur) throw new ImageError(input, `${what} ${name} is missing from the archive`);
    return cur;
  };
  /** A small file's bytes: from the first pass, or by another pass when it was not kept. */
  const small = async (name: string, what: string): Promise<Buffer> => {
    const entry = resolve(name, what);
    if (entry.size > MAX_JSON_BYTES) throw new ImageError(input, `${what} ${name} is ${entry.size} bytes, over the ${MAX_JSON_BYTES}-byte limit`);
    const have = kept.get(entry.name);
    if (have) return have;
    for await (const e of pass()) {
      if (e.name === entry.name && !e.link) {
        const bytes = await readAll(e.src);
        kept.set(e.name, bytes);
        return bytes;
      }
    }
    throw new ImageError(input, `${what} ${name} is missing from the archive`);
  };

  let meta: ImageMeta;
  let config: ImageConfig;
  let layers: LayerRef[];
  /** Per layer: the archive file holding it and the ref handed to the decoder. */
  let sources: { name: string; ref: LayerRef }[];

  if (names.has('manifest.json')) {
    const bytes = await small('manifest.json', 'file');
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new ImageError(input, `manifest.json is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const r = dockerManifestSchema.safeParse(json);
    if (!r.success) {
      const first = r.error.issues[0];
      const at = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
      throw new ImageError(input, `manifest.json is not a docker save manifest: ${at}${first?.message ?? 'schema mismatch'}`);
    }
    // `docker save a b` stores several images; the first is scanned.
    const m = r.data[0] as z.infer<typeof dockerManifestSchema>[number];
    const configName = safePath(m.Config);
    if (!configName) throw new ImageError(input, `manifest.json: config path ${JSON.stringify(m.Config)} leaves the archive`);
    const configEntry = resolve(configName, 'config');
    const configBytes = await small(configName, 'config');
    const configDigest = digestFromName(configEntry.name);
    if (configDigest) verifyDigest(configBytes, configDigest, input, 'config');
    config = parseImageConfig(configBytes, input, configName);
    checkPlatform(config, opts.platform, input);
    if (config.diffIds.length > 0 && config.diffIds.length !== m.Layers.length) {
      throw new ImageError(input, `config ${configName} lists ${config.diffIds.length} diff ids for ${m.Layers.length} layers`);
    }
    sources = m.Layers.map((l, index) => {
      const name = safePath(l);
      if (!name) throw new ImageError(input, `manifest.json: layer path ${JSON.stringify(l)} leaves the archive`);
      const entry = resolve(name, `layer ${index + 1}`);
      const digest = digestFromName(entry.name);
      const diffId = config.diffIds[index];
      const ref: LayerRef = { index, size: entry.size };
      if (digest) ref.digest = digest;
      if (diffId) ref.diffId = diffId;
      return { name: entry.name, ref };
    });
    // Legacy `<id>/layer.tar` blobs are the uncompressed tars: their digest is the diff id.
    layers = sources.map(({ ref }) => ({ ...ref, ...(ref.digest || !ref.diffId ? {} : { digest: ref.diffId }) }));
    attachHistory(layers, config);
    meta = { input, kind: 'docker-archive' };
    const tag = m.RepoTags?.[0];
    if (tag) meta.reference = tag;
  } else if (names.has('index.json')) {
    const readBlob: SmallBlobReader = async (digest, what) => {
      const bytes = await small(blobPath(digest, input), what);
      verifyDigest(bytes, digest, input, what);
      return bytes;
    };
    const resolved = await resolveOci(await small('index.json', 'file'), readBlob, input, opts.platform);
    config = resolved.config;
    layers = resolved.layers;
    sources = layers.map((ref) => {
      const name = blobPath(ref.digest as string, input);
      if (!names.has(name)) throw new ImageError(input, `missing blob ${ref.digest} (expected ${name})`);
      return { name: resolve(name, `layer ${ref.index + 1}`).name, ref };
    });
    meta = { input, kind: 'oci-layout', manifestDigest: resolved.manifestDigest };
    if (resolved.reference !== undefined) meta.reference = resolved.reference;
  } else {
    throw new ImageError(input, 'not an image archive: no manifest.json (docker save) or index.json (OCI layout) in the tar');
  }
  const plat = platformOf(config);
  if (plat !== undefined) meta.platform = plat;

  const finalLayers = layers;
  const finalSources = sources;
  return {
    meta,
    config,
    layers: finalLayers,
    async *layerStreams() {
      // Layer indices still to hand out, by archive file (a file may hold several identical layers).
      const pending = new Map<string, number[]>();
      finalSources.forEach(({ name }, i) => pending.set(name, [...(pending.get(name) ?? []), i]));
      while (pending.size > 0) {
        let found = false;
        for await (const e of pass()) {
          const list = e.link ? undefined : pending.get(e.name);
          const i = list?.shift();
          if (i === undefined) continue;
          if (list?.length === 0) pending.delete(e.name);
          found = true;
          const { ref } = finalSources[i] as { ref: LayerRef };
          const tar = decodeLayer(detach(e.src, e.name, input), ref, input);
          yield { layer: finalLayers[i] as LayerRef, tar };
          // The consumer moved on without reading it all: stop decoding, drain the rest.
          if (!tar.readableEnded) tar.destroy();
        }
        if (!found) throw new ImageError(input, `layer files missing from the archive: ${[...pending.keys()].join(', ')}`);
      }
    },
    async close() {
      // Nothing was written: the archive is read in place.
    },
  };
}
