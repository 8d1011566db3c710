/**
 * The entries of a layer tar (or of a --rootfs directory) as LayerEntry objects with safe,
 * root-relative paths. Nothing is extracted to disk and no link is ever followed: symlinks are
 * entries, hard links resolve only to content read earlier in the same layer, and an entry whose
 * path or hard-link target climbs out of the root is reported and skipped.
 */
import { constants as fsc } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import type { ScanIssue } from '../../../core/scanner.js';
import { ImageError, type LayerEntry, type LayerRef } from '../types.js';
import { layerLabel } from './layers.js';

/**
 * `name` as a root-relative POSIX path: leading `/` and `./` dropped, `.` and empty segments
 * removed, `..` applied; undefined when `..` climbs above the root. The root itself is ''.
 */
export function safePath(name: string): string | undefined {
  const out: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else {
      out.push(seg);
    }
  }
  return out.join('/');
}

/** Bounds on the contents kept for hard links (only contents a caller read are kept). */
export interface EntryOptions {
  /** Total bytes of read contents kept per layer (default 64 MiB; oldest dropped first). */
  linkCacheBytes?: number;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** Bounded first-in-first-out store of file contents read in this layer, keyed by path. */
class ContentCache {
  private readonly items = new Map<string, Buffer>();
  private bytes = 0;
  constructor(private readonly cap: number) {}
  set(path: string, content: Buffer): void {
    this.delete(path);
    if (content.length > this.cap) return;
    this.items.set(path, content);
    this.bytes += content.length;
    for (const [k, v] of this.items) {
      if (this.bytes <= this.cap) break;
      this.items.delete(k);
      this.bytes -= v.length;
    }
  }
  get(path: string): Buffer | undefined {
    return this.items.get(path);
  }
  delete(path: string): void {
    const old = this.items.get(path);
    if (old) {
      this.bytes -= old.length;
      this.items.delete(path);
    }
  }
}

function entryType(t: string | null | undefined): LayerEntry['type'] {
  switch (t) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

/**
 * Streams the entries of one layer's uncompressed tar. Entries the caller does not read are
 * drained. A tar error (truncated, corrupt, or the ImageError of a failed digest check from
 * decodeLayer) ends the iteration with an ImageError.
 */
export async function* layerEntries(
  tar: Readable,
  layer: LayerRef,
  input: string,
  onIssue: (i: ScanIssue) => void,
  opts: EntryOptions = {},
): AsyncGenerator<LayerEntry> {
  const label = layerLabel(layer);
  const skip = (raw: string, why: string): void =>
    onIssue({ path: raw, kind: 'other', message: `${input}: ${label}: entry ${JSON.stringify(raw)} ${why}; skipped` });
  const wrap = (e: unknown): ImageError =>
    e instanceof ImageError
      ? e
      : new ImageError(input, `${label}: corrupt or truncated tar: ${e instanceof Error ? e.message : String(e)}`);

  // allowUnknownFormat: old (pre-POSIX) headers still carry a checksum tar-stream verifies.
  const ex = extract({ allowUnknownFormat: true } as Parameters<typeof extract>[0]);
  const onTarError = (e: Error): void => {
    ex.destroy(e);
  };
  tar.on('error', onTarError);
  tar.pipe(ex as unknown as NodeJS.WritableStream);

  const cache = new ContentCache(opts.linkCacheBytes ?? 64 * 1024 * 1024);
  const sizes = new Map<string, number>();
  const hardlinks = new Map<string, string>();
  let finished = false;
  try {
    for await (const src of ex) {
      const h = src.header;
      const raw = h.name;
      const path = safePath(raw);
      const type = entryType(h.type);
      if (path === undefined) {
        skip(raw, 'escapes the image root');
        src.resume();
        continue;
      }
      let entryPath = path;
      let whiteout: LayerEntry['whiteout'];
      const slash = path.lastIndexOf('/');
      const base = path.slice(slash + 1);
      const dir = slash < 0 ? '' : path.slice(0, slash);
      if (base === OPAQUE) {
        whiteout = 'opaque';
        entryPath = dir;
      } else if (base.startsWith(WHITEOUT + WHITEOUT)) {
        // Other aufs bookkeeping (.wh..wh.plnk ...): not part of the file system.
        src.resume();
        continue;
      } else if (base.startsWith(WHITEOUT)) {
        const name = base.slice(WHITEOUT.length);
        if (name === '' || name === '.' || name === '..') {
          skip(raw, 'is a malformed whiteout');
          src.resume();
          continue;
        }
        whiteout = 'file';
        entryPath = dir ? `${dir}/${name}` : name;
      } else if (path === '') {
        // The root directory itself carries nothing a consumer needs.
        src.resume();
        continue;
      }

      let linkTarget: string | undefined;
      let size = h.size ?? 0;
      if (type === 'symlink') {
        linkTarget = h.linkname ?? '';
      } else if (type === 'hardlink') {
        const target = safePath(h.linkname ?? '');
        if (target === undefined || target === '') {
          skip(raw, `is a hard link to ${JSON.stringify(h.linkname ?? '')}, outside the image root`);
          src.resume();
          continue;
        }
        linkTarget = hardlinks.get(target) ?? target;
        hardlinks.set(entryPath, linkTarget);
        size = sizes.get(linkTarget) ?? 0;
      }
      if (!whiteout) {
        if (type !== 'hardlink') hardlinks.delete(entryPath);
        sizes.set(entryPath, size);
        cache.delete(entryPath);
      }

      let current = true;
      let called = false;
      const read = async (maxBytes: number): Promise<Buffer | undefined> => {
        if (!current) throw new Error(`${input}: ${label}: read() of ${entryPath} after the iteration moved on`);
        if (called) throw new Error(`${input}: ${label}: read() of ${entryPath} called twice`);
        called = true;
        if (type === 'hardlink') {
          src.resume();
          const c = linkTarget === undefined ? undefined : cache.get(linkTarget);
          return c && c.length <= maxBytes ? c : undefined;
        }
        if (type !== 'file' || size > maxBytes) {
          src.resume();
          return undefined;
        }
        // Read to the end (leaving the loop early would destroy the whole tar stream); a pax
        // size can only match the header, so the cap check above holds.
        const chunks: Buffer[] = [];
        let got = 0;
        try {
          for await (const c of src) {
            const b = c as Buffer;
            got += b.length;
            if (got <= maxBytes) chunks.push(b);
          }
        } catch (e) {
          throw wrap(e);
        }
        if (got > maxBytes) return undefined;
        const content = Buffer.concat(chunks, got);
        if (!whiteout) cache.set(entryPath, content);
        return content;
      };

      const entry: LayerEntry = {
        path: entryPath,
        type,
        mode: (h.mode ?? 0) & 0o7777,
        size,
        uid: h.uid ?? 0,
        gid: h.gid ?? 0,
        read,
      };
      if (linkTarget !== undefined) entry.linkTarget = linkTarget;
      if (whiteout) entry.whiteout = whiteout;
      yield entry;
      current = false;
      if (!called) src.resume();
    }
    finished = true;
  } catch (e) {
    throw wrap(e);
  } finally {
    tar.off('error', onTarError);
    if (!finished) {
      tar.unpipe(ex as unknown as NodeJS.WritableStream);
      tar.destroy();
      ex.destroy();
    }
  }
}

/** A LayerEntry type for a file system object (from lstat: links are never followed). */
function statType(st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): LayerEntry['type'] {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

/**
 * Reads a regular file without following a link swapped in after the walk saw it (O_NOFOLLOW)
 * and without blocking on a FIFO (O_NONBLOCK); undefined when larger than `maxBytes`.
 */
async function readRegular(abs: string, maxBytes: number): Promise<Buffer | undefined> {
  const fh = await open(abs, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.size > maxBytes) return undefined;
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

/** statfs(2) magic numbers of kernel pseudo file systems: views of the running system, not files. */
const PSEUDO_FS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0x65735543, 'fusectl'],
  [0x6165676c, 'pstore'],
  [0x19800202, 'mqueue'],
  [0x42494e4d, 'binfmt_misc'],
  [0x0187, 'autofs'],
  [0x958458f6, 'hugetlbfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0xde5e81e4, 'efivarfs'],
]);

/**
 * Why a --rootfs walk does not enter this directory, or undefined to enter it. Only mount points
 * (a device other than the parent's) are candidates: a kernel pseudo file system anywhere
 * (`--rootfs /` must not read /proc, /sys, or a chroot's bind mounts of them), and a mount on the
 * top-level `dev` (devtmpfs reports tmpfs's magic, so its type cannot tell it from /tmp).
 * Plain proc/sys/dev directories of an unpacked image are on the same device and are walked.
 */
export async function mountSkipReason(abs: string, relPath: string, dev: number, parentDev: number): Promise<string | undefined> {
  if (dev === parentDev) return undefined;
  if (relPath === 'dev') return 'device file system';
  try {
    const name = PSEUDO_FS.get(Number((await statfs(abs)).type));
    return name ? `${name} pseudo file system` : undefined;
  } catch {
    return undefined; // statfs failing leaves the directory to readdir, which reports its own error
  }
}

/**
 * Walks a root file system directory (--rootfs) without following any symlink: a link is an
 * entry like in a layer. Iterative (no recursion limit), each directory's names sorted. Paths
 * are relative to `dir`; unreadable directories and files become issues. Kernel pseudo file
 * systems mounted inside (see mountSkipReason) are listed as directories but not entered.
 */
export async function* walkRootfs(dir: string, onIssue: (i: ScanIssue) => void): AsyncGenerator<LayerEntry> {
  let root: string;
  try {
    root = await realpath(dir);
    if (!(await lstat(root)).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new ImageError(dir, `cannot read the root file system directory: ${e instanceof Error ? e.message : String(e)}`);
  }
  const issue = (path: string, e: unknown): void =>
    onIssue({ path, kind: 'unreadable', message: `${dir}: ${path}: ${e instanceof Error ? e.message : String(e)}` });

  const rootDev = (await lstat(root)).dev;
  // Each directory to walk with the device it is on (a mount point's device differs from its parent's).
  const stack: [string, number][] = [['', rootDev]];
  while (stack.length > 0) {
    const [rel, relDev] = stack.pop() as [string, number];
    let names: string[];
    try {
      names = (await readdir(rel ? join(root, rel) : root)).sort();
    } catch (e) {
      issue(rel || '.', e);
      continue;
    }
    const subdirs: [string, number][] = [];
    for (const name of names) {
      const relPath = rel ? `${rel}/${name}` : name;
      const abs = join(root, relPath);
      let st;
      try {
        st = await lstat(abs);
      } catch (e) {
        issue(relPath, e);
        continue;
      }
      const type = statType(st);
      let linkTarget: string | undefined;
      if (type === 'symlink') {
        try {
          linkTarget = await readlink(abs);
        } catch (e) {
          issue(relPath, e);
          continue;
        }
      }
      let called = false;
      const entry: LayerEntry = {
        path: relPath,
        type,
        mode: st.mode & 0o7777,
        size: st.size,
        uid: st.uid,
        gid: st.gid,
        async read(maxBytes: number): Promise<Buffer | undefined> {
          if (called) throw new Error(`${dir}: read() of ${relPath} called twice`);
          called = true;
          if (type !== 'file') return undefined;
          return readRegular(abs, maxBytes);
        },
      };
      if (linkTarget !== undefined) entry.linkTarget = linkTarget;
      yield entry;
      if (type === 'dir' && !(await mountSkipReason(abs, relPath, st.dev, relDev))) subdirs.push([relPath, st.dev]);
    }
    // Reverse so the stack pops them in sorted order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as [string, number]);
  }
}
