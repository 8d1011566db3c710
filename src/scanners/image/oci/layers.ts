/**
 * Turns a layer blob (as stored in an archive or sent by a registry) into its uncompressed tar,
 * streaming: the compression is sniffed from the magic bytes (gzip, zstd or a plain tar), the
 * blob and the tar are hashed on the way through, and the uncompressed size is capped so a
 * decompression bomb fails instead of filling memory or disk. Every failure is an ImageError
 * naming the input and the layer, raised on the returned stream.
 */
import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { ImageError, type LayerRef } from '../types.js';

export interface DecodeLimits {
  /** Absolute cap on the uncompressed size (default 64 GiB). */
  maxUncompressed?: number;
  /** Cap on uncompressed/compressed once past `ratioFloor` bytes (default 200). */
  maxRatio?: number;
  /** Uncompressed size below which the ratio is not checked (default 1 GiB). */
  ratioFloor?: number;
  /** Largest zstd window accepted, as zstd's own decoder defaults to (default 128 MiB). */
  maxZstdWindow?: number;
}

const GiB = 1024 ** 3;
const DEFAULTS: Required<DecodeLimits> = {
  maxUncompressed: 64 * GiB,
  maxRatio: 200,
  ratioFloor: GiB,
  maxZstdWindow: 128 * 1024 * 1024,
};

/** Zstd input is fed in small slices so one slice can never expand past a few MiB at once. */
const ZSTD_SLICE = 4096;

export type Compression = 'gzip' | 'zstd' | 'none';

/** Which compression a blob uses, from its first bytes. */
export function sniffCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/** `sha256:<hex>` -> a hash object for the algorithm, or an error message. */
function hasherFor(digest: string): { hash: Hash; hex: string } | string {
  const m = /^(sha256|sha384|sha512):([a-f0-9]+)$/.exec(digest);
  if (!m) return `unsupported or malformed digest "${digest}"`;
  return { hash: createHash(m[1] as string), hex: m[2] as string };
}

/** A label for messages: `layer 2 (sha256:abcd…)`. */
export function layerLabel(layer: LayerRef): string {
  const id = layer.digest ?? layer.diffId;
  return `layer ${layer.index}${id ? ` (${id})` : ''}`;
}

/**
 * The uncompressed tar of `blob`. Verifies `layer.digest` (blob bytes) and `layer.diffId` (tar
 * bytes) when they are set, and `layer.size` when set; a mismatch fails the stream at its end.
 */
export function decodeLayer(
  blob: Readable,
  layer: LayerRef,
  input: string,
  limits: DecodeLimits = {},
): Readable {
  const lim = { ...DEFAULTS, ...limits };
  const label = layerLabel(layer);
  const fail = (message: string): ImageError => new ImageError(input, `${label}: ${message}`);

  async function* decode(): AsyncGenerator<Buffer> {
    const blobHash = layer.digest ? hasherFor(layer.digest) : undefined;
    if (typeof blobHash === 'string') throw fail(blobHash);
    const diffHashed = layer.diffId ? hasherFor(layer.diffId) : undefined;
    if (typeof diffHashed === 'string') throw fail(diffHashed);
    let diffHash = diffHashed;

    let blobBytes = 0;
    let tarBytes = 0;
    const source = blob[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;

    // Pull the next blob chunk, hashed and counted.
    const nextBlobChunk = async (): Promise<Buffer | undefined> => {
      const r = await source.next();
      if (r.done) return undefined;
      const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      blobBytes += chunk.length;
      blobHash?.hash.update(chunk);
      if (layer.size !== undefined && blobBytes > layer.size) {
        throw fail(`blob is larger than the ${layer.size} bytes the manifest declares`);
      }
      return chunk;
    };
    async function* blobChunks(first: Buffer[]): AsyncGenerator<Buffer> {
      yield* first;
      for (let c = await nextBlobChunk(); c; c = await nextBlobChunk()) yield c;
    }
    // Count, hash and cap the uncompressed bytes.
    const meter = (chunk: Buffer): Buffer => {
      tarBytes += chunk.length;
      if (tarBytes > lim.maxUncompressed) {
        throw fail(`uncompressed size passes the ${lim.maxUncompressed}-byte cap (decompression bomb?)`);
      }
      if (tarBytes > lim.ratioFloor && tarBytes > lim.maxRatio * Math.max(blobBytes, 1)) {
        throw fail(
          `expands more than ${lim.maxRatio}:1 (${blobBytes} compressed bytes gave ${tarBytes}; decompression bomb?)`,
        );
      }
      diffHash?.hash.update(chunk);
      return chunk;
    };

    // Sniff: gather at least 18 bytes (a zstd frame header) or the whole blob if shorter.
    const head: Buffer[] = [];
    let headLen = 0;
    while (headLen < 18) {
      const c = await nextBlobChunk();
      if (!c) break;
      head.push(c);
      headLen += c.length;
    }
    const headBuf = Buffer.concat(head);
    const kind = sniffCompression(headBuf);

    if (kind === 'none') {
      // A plain tar: when the blob digest is the diff id (docker save), hash once.
      if (blobHash && diffHash && layer.digest === layer.diffId) diffHash = undefined;
      for await (const c of blobChunks(head)) {
        tarBytes += c.length;
        if (tarBytes > lim.maxUncompressed) throw fail(`size passes the ${lim.maxUncompressed}-byte cap`);
        diffHash?.hash.update(c);
        yield c;
      }
    } else if (kind === 'gzip') {
      const gunzip = createGunzip({ chunkSize: 64 * 1024 });
      const feed = Readable.from(blobChunks(head), { objectMode: false });
      feed.on('error', (e) => gunzip.destroy(e));
      feed.pipe(gunzip);
      try {
        for await (const c of gunzip as AsyncIterable<Buffer>) yield meter(c);
        // Bytes after the last gzip member still belong to the blob digest.
        feed.unpipe(gunzip);
        for await (const rest of feed as AsyncIterable<Buffer>) void rest;
      } catch (e) {
        if (e instanceof ImageError) throw e;
        const msg = e instanceof Error ? e.message : String(e);
        throw fail(`truncated or corrupt gzip data: ${msg}`);
      } finally {
        feed.destroy();
        gunzip.destroy();
      }
    } else {
      const window = zstdWindowSize(headBuf);
      if (window === undefined) throw fail('corrupt zstd frame header');
      if (window > lim.maxZstdWindow) {
        throw fail(`zstd window of ${window} bytes is over the ${lim.maxZstdWindow}-byte limit`);
      }
      let out: Buffer[] = [];
      const dec = new Decompress((data) => {
        // Copied: fzstd may reuse its block buffers.
        if (data.length) out.push(meter(Buffer.from(data)));
      });
      const push = (slice: Uint8Array, final: boolean): void => {
        try {
          dec.push(slice, final);
        } catch (e) {
          if (e instanceof ImageError) throw e;
          const msg = e instanceof Error ? e.message : String(e);
          throw fail(`truncated or corrupt zstd data: ${msg}`);
        }
      };
      for await (const c of blobChunks(head)) {
        for (let i = 0; i < c.length; i += ZSTD_SLICE) {
          push(c.subarray(i, i + ZSTD_SLICE), false);
          if (out.length) {
            const ready = out;
            out = [];
            yield* ready;
          }
        }
      }
      push(new Uint8Array(0), true);
      yield* out;
    }

    if (layer.size !== undefined && blobBytes !== layer.size) {
      throw fail(`blob is truncated: ${blobBytes} bytes, the manifest declares ${layer.size}`);
    }
    if (blobHash) {
      const got = blobHash.hash.digest('hex');
      if (got !== blobHash.hex) throw fail(`blob digest mismatch: got ${layer.digest?.split(':')[0]}:${got}`);
    }
    if (diffHash) {
      const got = diffHash.hash.digest('hex');
      if (got !== diffHash.hex) throw fail(`diff id mismatch: uncompressed tar is ${layer.diffId?.split(':')[0]}:${got}`);
    }
  }

  async function* guarded(): AsyncGenerator<Buffer> {
    try {
      yield* decode();
    } catch (e) {
      if (e instanceof ImageError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      throw fail(`cannot read the blob: ${msg}`);
    } finally {
      // Stop the source when the consumer gives up early or decoding failed.
      if (!blob.readableEnded) blob.destroy();
    }
  }

  return Readable.from(guarded(), { objectMode: false, highWaterMark: 64 * 1024 });
}

/**
 * The window a zstd frame needs (bytes), from its header; undefined when the header is not a
 * zstd frame. Skippable frames need none.
 */
export function zstdWindowSize(h: Uint8Array): number | undefined {
  if (h.length < 6) return undefined;
  const magic = (h[0] as number) | ((h[1] as number) << 8) | ((h[2] as number) << 16) | ((h[3] as number) << 24);
  if ((magic >>> 4) === 0x184d2a5) return 0;
  if (magic >>> 0 !== 0xfd2fb528) return undefined;
  const flg = h[4] as number;
  const singleSegment = (flg >> 5) & 1;
  if (!singleSegment) {
    const wd = h[5] as number;
    const base = 2 ** (10 + (wd >> 3));
    return base + (base / 8) * (wd & 7);
  }
  // Single segment: the window is the frame content size.
  const dictBytes = [0, 1, 2, 4][flg & 3] as number;
  const fcsFlag = flg >> 6;
  const fcsBytes = [1, 2, 4, 8][fcsFlag] as number;
  const at = 5 + dictBytes;
  if (h.length < at + fcsBytes) return undefined;
  let size = 0;
  for (let i = fcsBytes - 1; i >= 0; i--) size = size * 256 + (h[at + i] as number);
  return fcsFlag === 1 ? size + 256 : size;
}
