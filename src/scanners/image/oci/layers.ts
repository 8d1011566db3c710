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
  /** Names the stream in errors instead of `layer N (digest)` (e.g. a compressed outer archive). */
  label?: string;
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
const DEFAULTS: Required<Omit<DecodeLimits, 'label'>> = {
  maxUncompressed: 64 * GiB,
  maxRatio: 200,
  ratioFloor: GiB,
  maxZstdWindow: 128 * 1024 * 1024,
};

/** Zstd input is fed in small slices so one slice can never expand past a few MiB at once. */
const ZSTD_SLICE = 4096;
/**
 * fzstd moves its whole window for every block, so a stream's decoding work is about
 * blocks x window. Past the floor, that work may not exceed this multiple of the output
 * (a full 128 KiB block with a 64 MiB window is 512x).
 */
const ZSTD_COST_FLOOR = 8 * GiB;
const ZSTD_COST_RATIO = 512;

export type Compression = 'gzip' | 'zstd' | 'none';

/** Which compression a blob uses, from its first bytes. */
export function sniffCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  // A zstd stream may open with a skippable frame (magic 0x184D2A50..5F, little-endian).
  if (head.length >= 4 && ((head[0] as number) & 0xf0) === 0x50 && head[1] === 0x2a && head[2] === 0x4d && head[3] === 0x18) {
    return 'zstd';
  }
  return 'none';
}

/** `sha256:<hex>` -> a hash object for the algorithm, or an error message. */
function hasherFor(digest: string): { hash: Hash; hex: string } | string {
  const m = /^(sha256|sha384|sha512):([a-f0-9]+)$/.exec(digest);
  if (!m) return `unsupported or malformed digest "${digest}"`;
  return { hash: createHash(m[1] as string), hex: m[2] as string };
}

/** `layer 2 (sha256:...)`: counted from 1, as finding messages and `docker history` read. */
export function layerLabel(layer: LayerRef): string {
  const id = layer.digest ?? layer.diffId;
  return `layer ${layer.index + 1}${id ? ` (${id})` : ''}`;
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
  const label = limits.label ?? layerLabel(layer);
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
      // The walker checks every frame header and block header before fzstd sees the bytes:
      // fzstd allocates the declared window and moves it per block, so both are bounded here.
      const walker = new ZstdWalker(lim.maxZstdWindow);
      let out: Buffer[] = [];
      const dec = new Decompress((data) => {
        // Copied: fzstd may reuse its block buffers.
        if (data.length) out.push(meter(Buffer.from(data)));
      });
      const push = (slice: Uint8Array, final: boolean): void => {
        try {
          if (!final) {
            walker.feed(slice);
            if (walker.cost > ZSTD_COST_FLOOR && walker.cost > ZSTD_COST_RATIO * tarBytes) {
              throw new Error(
                'window moves per block far exceed the output (a window too large for the streaming decoder, or a crafted stream)',
              );
            }
          }
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
 * Follows the frame and block structure of a zstd stream without decoding it: checks each
 * frame's window against the limit before the decoder allocates it, and adds up the window
 * bytes the decoder will move (one window per block). Throws on a malformed structure.
 */
export class ZstdWalker {
  /** Sum over blocks seen of the window of their frame. */
  cost = 0;
  private state: 'magic' | 'header' | 'block' | 'skip' = 'magic';
  private buf: number[] = [];
  private need = 4;
  private skipLeft = 0;
  private afterSkip: 'magic' | 'block' = 'magic';
  private window = 0;
  private checksum = false;
  private lastBlock = false;

  constructor(private readonly maxWindow: number) {}

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'skip') {
        const n = Math.min(this.skipLeft, chunk.length - i);
        this.skipLeft -= n;
        i += n;
        if (this.skipLeft === 0) this.enter(this.afterSkip);
        continue;
      }
      this.buf.push(chunk[i++] as number);
      if (this.buf.length < this.need) continue;
      this.step();
    }
  }

  private enter(state: 'magic' | 'block'): void {
    this.state = state;
    this.buf = [];
    this.need = state === 'magic' ? 4 : 3;
  }

  private skip(n: number, then: 'magic' | 'block'): void {
    this.state = 'skip';
    this.buf = [];
    this.afterSkip = then;
    this.skipLeft = n;
    if (n === 0) this.enter(then);
  }

  private step(): void {
    const b = this.buf;
    if (this.state === 'magic') {
      const magic = ((b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16) | ((b[3] as number) << 24)) >>> 0;
      if (magic >>> 4 === 0x184d2a5) {
        // Skippable frame: 4-byte size, then that many bytes.
        this.state = 'header';
        this.need = 8;
        this.window = -1;
        return;
      }
      if (magic !== 0xfd2fb528) throw new Error('not a zstd frame');
      this.state = 'header';
      this.need = 5;
      this.window = 0;
      return;
    }
    if (this.state === 'header') {
      if (this.window === -1) {
        const size = ((b[4] as number) | ((b[5] as number) << 8) | ((b[6] as number) << 16) | ((b[7] as number) << 24)) >>> 0;
        this.skip(size, 'magic');
        return;
      }
      const flg = b[4] as number;
      if (flg & 8) throw new Error('reserved frame header bit set');
      const single = (flg >> 5) & 1;
      const fcsBytes = [single ? 1 : 0, 2, 4, 8][flg >> 6] as number;
      const total = 5 + (single ? 0 : 1) + ([0, 1, 2, 4][flg & 3] as number) + fcsBytes;
      if (b.length < total) {
        this.need = total;
        return;
      }
      const window = zstdWindowSize(Uint8Array.from(b));
      if (window === undefined) throw new Error('corrupt frame header');
      if (window > this.maxWindow) {
        throw new Error(`a zstd window of ${window} bytes is over the ${this.maxWindow}-byte limit`);
      }
      this.window = window;
      this.checksum = ((flg >> 2) & 1) === 1;
      this.enter('block');
      return;
    }
    // Block header: bit 0 last block, bits 1-2 type, bits 3-23 size.
    const h = (b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16);
    const type = (h >> 1) & 3;
    const size = h >>> 3;
    if (type === 3) throw new Error('reserved block type');
    this.lastBlock = (h & 1) === 1;
    this.cost += Math.max(this.window, 1);
    const content = type === 1 ? 1 : size;
    this.skip(content + (this.lastBlock && this.checksum ? 4 : 0), this.lastBlock ? 'magic' : 'block');
  }
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
