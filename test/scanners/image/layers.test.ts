import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeLayer, sniffCompression, zstdWindowSize } from '../../../src/scanners/image/oci/layers.js';
import { ImageError, type LayerRef } from '../../../src/scanners/image/types.js';
import { chunked, collect, drainError, gzip, makeTar, sha256, streamError } from './helpers/tarball.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../fixtures/image/zstd/${name}`, import.meta.url));

async function sampleTar(): Promise<Buffer> {
  return makeTar([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/hostname', content: 'box\n' },
    { name: 'usr/lib/big', content: Buffer.alloc(100_000, 7) },
  ]);
}

describe('decodeLayer', () => {
  it('decodes a gzip layer and verifies digest and diff id', async () => {
    const tar = await sampleTar();
    const blob = gzip(tar);
    const layer: LayerRef = { index: 0, digest: sha256(blob), diffId: sha256(tar), size: blob.length };
    const out = await collect(decodeLayer(chunked(blob, 7), layer, 'img.tar'));
    expect(out.equals(tar)).toBe(true);
  });

  it('decodes a plain tar layer (digest equal to diff id)', async () => {
    const tar = await sampleTar();
    const layer: LayerRef = { index: 1, digest: sha256(tar), diffId: sha256(tar) };
    const out = await collect(decodeLayer(chunked(tar, 3000), layer, 'img.tar'));
    expect(out.equals(tar)).toBe(true);
  });

  it('decodes the committed zstd fixture', async () => {
    const zst = fixture('layer.tar.zst');
    const tar = fixture('layer.tar');
    expect(sniffCompression(zst)).toBe('zstd');
    const layer: LayerRef = { index: 0, digest: sha256(zst), diffId: sha256(tar), size: zst.length };
    const out = await collect(decodeLayer(chunked(zst, 5), layer, 'img'));
    expect(out.equals(tar)).toBe(true);
  });

  it('decodes several concatenated zstd frames', async () => {
    const zst = fixture('layer.tar.zst');
    const tar = fixture('layer.tar');
    const blob = Buffer.concat([zst, zst]);
    const out = await collect(decodeLayer(chunked(blob, 50), { index: 0, digest: sha256(blob) }, 'img'));
    expect(out.equals(Buffer.concat([tar, tar]))).toBe(true);
  });

  it('fails on a blob digest mismatch, naming input and layer', async () => {
    const tar = await sampleTar();
    const blob = gzip(tar);
    const wrong = sha256('something else');
    const err = await streamError(decodeLayer(chunked(blob), { index: 3, digest: wrong }, 'img.tar'));
    expect(err).toBeInstanceOf(ImageError);
    expect(err.message).toContain('img.tar');
    expect(err.message).toContain(`layer 4 (${wrong})`);
    expect(err.message).toContain(`blob digest mismatch: got ${sha256(blob)}`);
  });

  it('fails on a diff id mismatch', async () => {
    const tar = await sampleTar();
    const blob = gzip(tar);
    const err = await streamError(
      decodeLayer(chunked(blob), { index: 0, digest: sha256(blob), diffId: sha256('x') }, 'img'),
    );
    expect(err).toBeInstanceOf(ImageError);
    expect(err.message).toContain(`diff id mismatch: uncompressed tar is ${sha256(tar)}`);
  });

  it('fails on a truncated gzip layer', async () => {
    const blob = gzip(await sampleTar());
    const cut = blob.subarray(0, blob.length - 40);
    const err = await streamError(decodeLayer(chunked(cut), { index: 0 }, 'img'));
    expect(err).toBeInstanceOf(ImageError);
    expect(err.message).toMatch(/truncated or corrupt gzip data/);
  });

  it('fails on a truncated zstd layer', async () => {
    const zst = fixture('layer.tar.zst');
    const err = await streamError(decodeLayer(chunked(zst.subarray(0, zst.length - 20)), { index: 0 }, 'img'));
    expect(err).toBeInstanceOf(ImageError);
    expect(err.message).toMatch(/truncated or corrupt zstd data/);
  });

  it('fails when the blob is shorter than the declared size', async () => {
    const tar = await sampleTar();
    const err = await streamError(decodeLayer(chunked(tar), { index: 0, size: tar.length + 512 }, 'img'));
    expect(err.message).toContain(`blob is truncated: ${tar.length} bytes`);
  });

  it('fails when the blob is longer than the declared size', async () => {
    const tar = await sampleTar();
    const err = await streamError(decodeLayer(chunked(tar), { index: 0, size: 100 }, 'img'));
    expect(err.message).toContain('larger than the 100 bytes');
  });

  it('wraps errors of the source stream', async () => {
    const src = new Readable({
      read() {
        this.destroy(new Error('socket hang up'));
      },
    });
    const err = await streamError(decodeLayer(src, { index: 0 }, 'reg/x:1'));
    expect(err).toBeInstanceOf(ImageError);
    expect(err.message).toContain('socket hang up');
  });

  it('rejects a zstd frame declaring a huge window before allocating it', async () => {
    // Frame header: magic, descriptor 0x00 (no single segment), window descriptor 2^30.
    const hdr = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (30 - 10) << 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(zstdWindowSize(hdr)).toBe(2 ** 30);
    const err = await streamError(decodeLayer(chunked(hdr), { index: 0 }, 'img'));
    expect(err.message).toMatch(/zstd window of 1073741824 bytes is over/);
  });

  it('passes skippable zstd frames', async () => {
    const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4]);
    const blob = Buffer.concat([skippable, fixture('layer.tar.zst')]);
    const out = await collect(decodeLayer(chunked(blob, 3), { index: 0 }, 'img'));
    expect(out.equals(fixture('layer.tar'))).toBe(true);
  });

  it('stops a zstd stream of tiny blocks in a big window before decoding it (CPU bomb)', async () => {
    // 64 MiB window, then 100k raw blocks of one byte: each would move the whole window.
    const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (26 - 10) << 3]);
    const block = Buffer.from([1 << 3, 0, 0, 0x41]);
    const blob = Buffer.concat([header, Buffer.concat(Array.from({ length: 100_000 }, () => block))]);
    const started = Date.now();
    const err = await streamError(decodeLayer(chunked(blob, 64 * 1024), { index: 0 }, 'img'));
    expect(err.message).toMatch(/window moves per block far exceed the output/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects a later zstd frame with a huge window', async () => {
    const huge = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (31 - 10) << 3, 1, 0, 0]);
    const blob = Buffer.concat([fixture('layer.tar.zst'), huge]);
    const err = await streamError(decodeLayer(chunked(blob), { index: 0 }, 'img'));
    expect(err.message).toMatch(/zstd window of 2147483648 bytes is over the 134217728-byte limit/);
  });

  it('stops a gzip decompression bomb (2 GiB of zeros) quickly with bounded memory', async () => {
    // 32 gzip members of 64 MiB of zeros each, made once and repeated on the fly: 2 GiB out.
    const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    let sent = 0;
    const bomb = new Readable({
      read() {
        this.push(sent++ < 32 ? member : null);
      },
    });
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = Date.now();
    const { error: err, bytes } = await drainError(decodeLayer(bomb, { index: 0 }, 'bomb.tar'));
    clearInterval(timer);
    expect(bytes).toBeLessThan(2 * 1024 ** 3);
    expect(err).toBeInstanceOf(ImageError);
    expect(err.message).toMatch(/expands more than 200:1/);
    expect(sent).toBeLessThan(32); // stopped before reading all of it
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(peak - rssBefore).toBeLessThan(256 * 1024 * 1024);
  });

  it('applies a caller-given absolute cap', async () => {
    const tar = await sampleTar();
    const err = await streamError(decodeLayer(chunked(gzip(tar)), { index: 0 }, 'img', { maxUncompressed: 50_000 }));
    expect(err.message).toMatch(/passes the 50000-byte cap/);
  });
});
