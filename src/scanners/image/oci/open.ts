/**
 * Opens what the user named as an image: a root file system directory (--rootfs), an archive
 * file (docker save or OCI tar), an OCI layout directory, or else a registry reference.
 */
import { stat } from 'node:fs/promises';
import { ImageError, type OpenedImage } from '../types.js';
import { openDockerArchive } from './archive.js';
import { openOciLayout } from './layout.js';

export interface OpenOptions {
  /** Treat `input` as an unpacked root file system directory. */
  rootfs?: boolean;
  /** `os/arch[/variant]` to pick from a multi-platform index. */
  platform?: string;
  /** Docker config.json for registry credentials. */
  dockerConfig?: string;
  /** Registry request and stall timeout. */
  timeoutMs?: number;
  /** Registries reached over plain HTTP. */
  insecureRegistries?: string[];
}

// A name that can only be a local path (registry references never start like this).
const PATH_LIKE = /^(?:\/|\.{1,2}\/|~)|\.(?:tar|tgz|tar\.gz)$/i;

/**
 * A --rootfs image: no manifest, config or layers. Consumers check `meta.kind === 'rootfs'`
 * and read the tree with `walkRootfs(meta.input, onIssue)` from ./entries.js.
 */
async function openRootfs(input: string): Promise<OpenedImage> {
  let isDir = false;
  try {
    isDir = (await stat(input)).isDirectory();
  } catch (e) {
    throw new ImageError(input, `cannot read the root file system directory: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isDir) throw new ImageError(input, '--rootfs needs a directory (an unpacked root file system)');
  return {
    meta: { input, kind: 'rootfs' },
    layers: [],
    // A root file system has no layer tars: consumers use walkRootfs.
    async *layerStreams() {
      return;
    },
    async close() {
      // Read in place: nothing to remove.
    },
  };
}

/** Opens an image from local files or a registry; every failure is an ImageError (exit 2). */
export async function openImage(input: string, opts: OpenOptions = {}): Promise<OpenedImage> {
  if (opts.rootfs) return openRootfs(input);
  const platform = opts.platform !== undefined ? { platform: opts.platform } : {};
  let st: Awaited<ReturnType<typeof stat>> | undefined;
  try {
    st = await stat(input);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new ImageError(input, `cannot read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (st?.isFile()) return openDockerArchive(input, platform);
  if (st?.isDirectory()) return openOciLayout(input, platform);
  if (st) throw new ImageError(input, 'is neither an archive file nor a directory');
  if (PATH_LIKE.test(input)) throw new ImageError(input, 'no such file or directory');
  const { openRegistryImage } = await import('./registry.js');
  return openRegistryImage(input, opts);
}
