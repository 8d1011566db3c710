/** Builds tars, gzip blobs and digests in memory for the image-source tests (small inputs only). */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';

export interface TarItem {
  name: string;
  type?: Header['type'];
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
  size?: number;
}

/** A tar archive with the given entries, in order. */
export async function makeTar(items: TarItem[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of p) chunks.push(c as Buffer);
  })();
  for (const it of items) {
    const content = typeof it.content === 'string' ? Buffer.from(it.content) : it.content;
    await new Promise<void>((resolve, reject) => {
      const header: Partial<Header> & { name: string } = {
        name: it.name,
        type: it.type ?? 'file',
        mode: it.mode ?? (it.type === 'directory' ? 0o755 : 0o644),
        linkname: it.linkname,
        size: it.size,
      };
      p.entry(header, content ?? Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

export function sha256(b: Buffer | string): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

export function gzip(b: Buffer): Buffer {
  return gzipSync(b);
}

/** A stream of `b` in chunks of `size` bytes (to exercise chunk boundaries). */
export function chunked(b: Buffer, size = 1000): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) parts.push(b.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

/** All bytes of a stream; rejects with the stream's error. */
export async function collect(s: Readable): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of s) out.push(c as Buffer);
  return Buffer.concat(out);
}

/** The error a stream fails with (throws when it ends cleanly). */
export async function streamError(s: Readable): Promise<Error> {
  try {
    await collect(s);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the stream to fail');
}

/** The error a stream fails with, reading and discarding its bytes (for huge streams). */
export async function drainError(s: Readable): Promise<{ error: Error; bytes: number }> {
  let bytes = 0;
  try {
    for await (const c of s) bytes += (c as Buffer).length;
  } catch (e) {
    return { error: e as Error, bytes };
  }
  throw new Error(`expected the stream to fail (read ${bytes} bytes)`);
}

/** One raw 512-byte tar header (GNU magic), for header kinds tar-stream's pack cannot write. */
export function rawHeader(name: string, typeflag: string, size: number, linkname = ''): Buffer {
  const b = Buffer.alloc(512);
  b.write(name, 0, 100, 'utf8');
  b.write('0000644\0', 100);
  b.write('0000000\0', 108);
  b.write('0000000\0', 116);
  b.write(size.toString(8).padStart(11, '0') + '\0', 124);
  b.write('00000000000\0', 136);
  b.write(typeflag, 156);
  b.write(linkname, 157, 100, 'utf8');
  b.write('ustar  \0', 257);
  b.write('        ', 148);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return b;
}

/** `data` padded to a multiple of 512 bytes, as tar stores entry contents. */
export function padded(data: Buffer): Buffer {
  const rem = data.length % 512;
  return rem ? Buffer.concat([data, Buffer.alloc(512 - rem)]) : data;
}
