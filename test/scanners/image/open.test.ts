import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walkRootfs } from '../../../src/scanners/image/oci/entries.js';
import { openImage } from '../../../src/scanners/image/oci/open.js';
import { ImageError } from '../../../src/scanners/image/types.js';
import { dockerSaveItems, fileLayer, layoutItems, writeItems } from './helpers/oci-build.js';
import { makeTar } from './helpers/tarball.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-open-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openImage', () => {
  it('opens a --rootfs directory as a rootfs image with no layers', async () => {
    await mkdir(join(dir, 'etc'));
    await writeFile(join(dir, 'etc/os-release'), 'ID=alpine\n');
    await symlink('/etc/passwd', join(dir, 'etc/passwd'));
    const img = await openImage(dir, { rootfs: true });
    expect(img.meta).toEqual({ input: dir, kind: 'rootfs' });
    expect(img.layers).toEqual([]);
    expect(img.config).toBeUndefined();
    const streams: unknown[] = [];
    for await (const s of img.layerStreams()) streams.push(s);
    expect(streams).toEqual([]);
    const paths: string[] = [];
    for await (const e of walkRootfs(img.meta.input, () => {})) paths.push(`${e.path}:${e.type}`);
    expect(paths).toEqual(['etc:dir', 'etc/os-release:file', 'etc/passwd:symlink']);
    await img.close();
    await img.close();
  });

  it('refuses --rootfs on a file or a missing path', async () => {
    await writeFile(join(dir, 'f'), 'x');
    await expect(openImage(join(dir, 'f'), { rootfs: true })).rejects.toThrow(/--rootfs needs a directory/);
    await expect(openImage(join(dir, 'missing'), { rootfs: true })).rejects.toThrow(ImageError);
  });

  it('opens an archive file as docker save', async () => {
    const { items } = dockerSaveItems({ layers: [await fileLayer('a', 'b')] });
    const path = join(dir, 'img.tar');
    await writeFile(path, await makeTar(items));
    const img = await openImage(path, {});
    expect(img.meta.kind).toBe('docker-archive');
    expect(img.layers).toHaveLength(1);
  });

  it('opens a layout directory with the asked platform', async () => {
    const { items, built } = layoutItems([
      { platform: { os: 'linux', architecture: 'amd64' }, layers: [await fileLayer('a', 'amd')] },
      { platform: { os: 'linux', architecture: 'arm', variant: 'v7' }, layers: [await fileLayer('a', 'arm')] },
    ]);
    await writeItems(dir, items);
    const img = await openImage(dir, { platform: 'linux/arm/v7' });
    expect(img.meta).toMatchObject({ kind: 'oci-layout', manifestDigest: built[1]!.manifestDigest, platform: 'linux/arm/v7' });
  });

  it('points a plain directory to --rootfs', async () => {
    await mkdir(join(dir, 'etc'));
    await expect(openImage(dir, {})).rejects.toThrow(/not an OCI image layout.*--rootfs/);
  });

  it('reports a missing path-like input without trying a registry', async () => {
    await expect(openImage(join(dir, 'nope.tar'), {})).rejects.toThrow(`${join(dir, 'nope.tar')}: no such file or directory`);
    await expect(openImage('./image.tar', {})).rejects.toThrow(/no such file or directory/);
  });

  it('sends anything else to the registry client', async () => {
    // Port 9 on loopback: nothing listens, so the registry client fails fast with an ImageError.
    const err = await openImage('127.0.0.1:9/team/app:1', { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageError);
    expect((err as Error).message).toContain('127.0.0.1:9');
  });
});
