import { mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { layerEntries } from '../../../src/scanners/image/oci/entries.js';
import { openOciLayout } from '../../../src/scanners/image/oci/layout.js';
import { ImageError, type OpenedImage } from '../../../src/scanners/image/types.js';
import { fileLayer, layoutItems, writeItems, type TestImage } from './helpers/oci-build.js';
import { collect, sha256, streamError } from './helpers/tarball.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-layout-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** path -> content of every file in every layer, in layer order. */
async function filesOf(img: OpenedImage): Promise<string[]> {
  const out: string[] = [];
  for await (const { layer, tar } of img.layerStreams()) {
    for await (const e of layerEntries(tar, layer, img.meta.input, () => {})) {
      out.push(`${layer.index}:${e.path}=${(await e.read(1000))?.toString()}`);
    }
  }
  return out;
}

const twoPlatforms = async (): Promise<TestImage[]> => [
  {
    platform: { os: 'linux', architecture: 'amd64' },
    layers: [await fileLayer('etc/arch', 'amd64'), await fileLayer('app/x', 'one')],
    annotations: { 'org.opencontainers.image.ref.name': 'example/app:2' },
  },
  {
    platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    layers: [await fileLayer('etc/arch', 'arm64')],
    compress: 'none',
  },
];

describe('openOciLayout', () => {
  it('opens a single-image layout: config, layers, history and streams', async () => {
    const img: TestImage = {
      layers: [await fileLayer('etc/os-release', 'ID=alpine\n'), await fileLayer('app/main.js', 'x')],
      history: [{ created_by: 'ADD rootfs' }, { created_by: 'ENV A=1', empty_layer: true }, { created_by: 'COPY app' }],
    };
    const { items, built } = layoutItems([img]);
    await writeItems(dir, items);
    const opened = await openOciLayout(dir);
    const b = built[0]!;
    expect(opened.meta).toEqual({ input: dir, kind: 'oci-layout', manifestDigest: b.manifestDigest, platform: 'linux/amd64' });
    expect(opened.config?.user).toBe('app');
    expect(opened.layers).toEqual([
      { index: 0, digest: b.layerDigests[0], diffId: b.diffIds[0], mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: expect.any(Number), createdBy: 'ADD rootfs' },
      { index: 1, digest: b.layerDigests[1], diffId: b.diffIds[1], mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: expect.any(Number), createdBy: 'COPY app' },
    ]);
    expect(await filesOf(opened)).toEqual(['0:etc/os-release=ID=alpine\n', '1:app/main.js=x']);
    await opened.close();
    await opened.close();
  });

  it('picks the manifest of the asked platform from a multi-platform index', async () => {
    const { items } = layoutItems(await twoPlatforms());
    await writeItems(dir, items);
    const arm = await openOciLayout(dir, { platform: 'linux/arm64' });
    expect(arm.meta.platform).toBe('linux/arm64/v8');
    expect(await filesOf(arm)).toEqual(['0:etc/arch=arm64']);
    const amd = await openOciLayout(dir);
    expect(amd.meta).toMatchObject({ platform: 'linux/amd64', reference: 'example/app:2' });
    expect(await filesOf(amd)).toEqual(['0:etc/arch=amd64', '1:app/x=one']);
    await expect(openOciLayout(dir, { platform: 'linux/s390x' })).rejects.toThrow(/available: linux\/amd64, linux\/arm64\/v8/);
  });

  it('follows a nested index (containerd image store exports) to the asked platform', async () => {
    const images = await twoPlatforms();
    const { items, built } = layoutItems(images);
    const inner = items.find((i) => i.name === 'index.json')!.content as Buffer;
    const innerDigest = sha256(inner);
    const top = JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.index.v1+json',
          digest: innerDigest,
          size: inner.length,
          annotations: { 'io.containerd.image.name': 'docker.io/example/app:3' },
        },
      ],
    });
    await writeItems(dir, [
      ...items.filter((i) => i.name !== 'index.json'),
      { name: `blobs/sha256/${innerDigest.slice(7)}`, content: inner },
      { name: 'index.json', content: top },
    ]);
    const arm = await openOciLayout(dir, { platform: 'linux/arm64' });
    expect(arm.meta).toMatchObject({ manifestDigest: built[1]!.manifestDigest, reference: 'docker.io/example/app:3' });
    expect(await filesOf(arm)).toEqual(['0:etc/arch=arm64']);
  });

  it('checks --platform against the config when the only index entry has no platform', async () => {
    const { items } = layoutItems([{ layers: [await fileLayer('a', 'b')] }]);
    await writeItems(dir, items);
    expect((await openOciLayout(dir, { platform: 'linux/x86_64' })).meta.platform).toBe('linux/amd64');
    await expect(openOciLayout(dir, { platform: 'linux/arm64' })).rejects.toThrow(
      'the image is linux/amd64 only, but --platform linux/arm64 was asked for',
    );
  });

  it('fails at open when the manifest points at a missing layer blob', async () => {
    const { items, built } = layoutItems([{ layers: [await fileLayer('a', 'b')] }]);
    await writeItems(dir, items);
    const layer = built[0]!.layerDigests[0]!;
    await unlink(join(dir, 'blobs/sha256', layer.slice(7)));
    const err = await openOciLayout(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageError);
    expect((err as Error).message).toBe(`${dir}: missing blob ${layer} (expected blobs/sha256/${layer.slice(7)})`);
  });

  it('fails when the index points at a missing manifest', async () => {
    const { items, built } = layoutItems([{ layers: [await fileLayer('a', 'b')] }]);
    await writeItems(dir, items);
    await unlink(join(dir, 'blobs/sha256', built[0]!.manifestDigest.slice(7)));
    await expect(openOciLayout(dir)).rejects.toThrow(`missing blob ${built[0]!.manifestDigest}`);
  });

  it('refuses a config blob whose content does not match its digest', async () => {
    const { items, built } = layoutItems([{ layers: [await fileLayer('a', 'b')] }]);
    await writeItems(dir, items);
    await writeFile(join(dir, 'blobs/sha256', built[0]!.configDigest.slice(7)), '{"os":"linux"}');
    await expect(openOciLayout(dir)).rejects.toThrow(`config ${built[0]!.configDigest} does not match its content`);
  });

  it('fails the layer stream when a layer blob was tampered with', async () => {
    const { items, built } = layoutItems([{ layers: [await fileLayer('a', 'b')], compress: 'none' }]);
    await writeItems(dir, items);
    const digest = built[0]!.layerDigests[0]!;
    const path = join(dir, 'blobs/sha256', digest.slice(7));
    const { readFile } = await import('node:fs/promises');
    const tar = await readFile(path);
    tar.write('c', 512); // change the content byte, same size
    await writeFile(path, tar);
    const opened = await openOciLayout(dir);
    for await (const { tar: stream } of opened.layerStreams()) {
      const err = await streamError(stream);
      expect(err.message).toContain(`layer 1 (${digest}): blob digest mismatch`);
    }
  });

  it('refuses a blob that links out of the layout', async () => {
    const { items, built } = layoutItems([{ layers: [await fileLayer('a', 'b')] }]);
    const outside = await mkdtemp(join(tmpdir(), 'rampart-outside-'));
    try {
      await writeItems(dir, items);
      const layer = built[0]!.layerDigests[0]!;
      const blob = join(dir, 'blobs/sha256', layer.slice(7));
      await writeFile(join(outside, 'x'), await collect((await import('node:fs')).createReadStream(blob)));
      await unlink(blob);
      await symlink(join(outside, 'x'), blob);
      await expect(openOciLayout(dir)).rejects.toThrow(`blob ${layer} is a link leading out of the layout`);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('suggests --rootfs for a directory that is not a layout', async () => {
    await writeFile(join(dir, 'hello.txt'), 'hi');
    await expect(openOciLayout(dir)).rejects.toThrow(/not an OCI image layout .*use --rootfs/);
  });

  it('rejects a bad index.json and a bad oci-layout', async () => {
    await writeFile(join(dir, 'index.json'), '{"schemaVersion":2,"manifests":[{"digest":"sha256:../../etc"}]}');
    await expect(openOciLayout(dir)).rejects.toThrow(/invalid image index: manifests.0/);
    const { items } = layoutItems([{ layers: [await fileLayer('a', 'b')] }]);
    await writeItems(dir, items);
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"2.0.0"}');
    await expect(openOciLayout(dir)).rejects.toThrow(/unsupported OCI layout version "2.0.0"/);
  });
});
