import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDockerArchive } from '../../../src/scanners/image/oci/archive.js';
import { layerEntries } from '../../../src/scanners/image/oci/entries.js';
import { ImageError, type OpenedImage } from '../../../src/scanners/image/types.js';
import { dockerSaveItems, fileLayer, layoutItems, type TestImage } from './helpers/oci-build.js';
import { gzip, makeTar, streamError, type TarItem } from './helpers/tarball.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-archive-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeTar(items: TarItem[] | Buffer, name = 'image.tar'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, Buffer.isBuffer(items) ? items : await makeTar(items));
  return path;
}

/** `index:path=content` for every file of every layer, sorted by layer index. */
async function filesOf(img: OpenedImage): Promise<string[]> {
  const out: string[] = [];
  for await (const { layer, tar } of img.layerStreams()) {
    for await (const e of layerEntries(tar, layer, img.meta.input, () => {})) {
      if (e.type === 'file') out.push(`${layer.index}:${e.path}=${(await e.read(1000))?.toString()}`);
    }
  }
  return out.sort();
}

const sample = async (): Promise<TestImage> => ({
  layers: [await fileLayer('etc/os-release', 'ID=debian\n'), await fileLayer('usr/bin/app', 'APP')],
  history: [{ created_by: 'ADD rootfs.tar /' }, { created_by: 'CMD ["app"]', empty_layer: true }, { created_by: 'COPY app /usr/bin/' }],
});

describe('openDockerArchive: docker save', () => {
  it('reads a classic docker save archive', async () => {
    const { items, built } = dockerSaveItems(await sample());
    const path = await writeTar(items);
    const img = await openDockerArchive(path);
    expect(img.meta).toEqual({ input: path, kind: 'docker-archive', reference: 'example/app:1.0', platform: 'linux/amd64' });
    expect(img.config?.env).toEqual(['A=1']);
    expect(img.layers).toEqual([
      { index: 0, digest: built.diffIds[0], diffId: built.diffIds[0], size: expect.any(Number), createdBy: 'ADD rootfs.tar /' },
      { index: 1, digest: built.diffIds[1], diffId: built.diffIds[1], size: expect.any(Number), createdBy: 'COPY app /usr/bin/' },
    ]);
    expect(await filesOf(img)).toEqual(['0:etc/os-release=ID=debian\n', '1:usr/bin/app=APP']);
    await img.close();
    await img.close();
  });

  it('reads an archive whose layers come before manifest.json', async () => {
    const { items } = dockerSaveItems(await sample(), { manifestLast: true });
    expect(items.at(-1)?.name).toBe('manifest.json');
    const img = await openDockerArchive(await writeTar(items));
    expect(img.layers.map((l) => l.createdBy)).toEqual(['ADD rootfs.tar /', 'COPY app /usr/bin/']);
    expect(await filesOf(img)).toEqual(['0:etc/os-release=ID=debian\n', '1:usr/bin/app=APP']);
  });

  it('reads a Docker 25+ archive (manifest.json over an OCI layout) and verifies blob digests', async () => {
    const img: TestImage = { ...(await sample()), compress: 'none' };
    const { items, built } = layoutItems([img]);
    const b = built[0]!;
    const manifest: TarItem = {
      name: 'manifest.json',
      content: JSON.stringify([
        { Config: `blobs/sha256/${b.configDigest.slice(7)}`, RepoTags: ['x:1'], Layers: b.layerDigests.map((d) => `blobs/sha256/${d.slice(7)}`) },
      ]),
    };
    const opened = await openDockerArchive(await writeTar([...items, manifest]));
    expect(opened.meta.kind).toBe('docker-archive');
    expect(opened.layers.map((l) => [l.digest, l.diffId])).toEqual([
      [b.layerDigests[0], b.diffIds[0]],
      [b.layerDigests[1], b.diffIds[1]],
    ]);
    expect(await filesOf(opened)).toEqual(['0:etc/os-release=ID=debian\n', '1:usr/bin/app=APP']);

    // The same archive with one layer blob's content swapped keeps its name: digest mismatch.
    const tampered = items.map((it) =>
      it.name === `blobs/sha256/${b.layerDigests[1]!.slice(7)}` ? { ...it, content: Buffer.from((it.content as Buffer).toString('latin1').replace('APP', 'BAD'), 'latin1') } : it,
    );
    const bad = await openDockerArchive(await writeTar([...tampered, manifest], 'bad.tar'));
    const errors: string[] = [];
    for await (const { tar } of bad.layerStreams()) {
      const err = await streamError(tar).catch(() => undefined);
      if (err) errors.push(err.message);
    }
    expect(errors).toEqual([expect.stringContaining(`layer 2 (${b.layerDigests[1]}): blob digest mismatch`)]);
  });

  it('hands out a layer listed twice, stored once and linked (legacy duplicate layers)', async () => {
    const layer = await fileLayer('etc/a', 'same');
    const { items, built } = dockerSaveItems({ layers: [layer, await fileLayer('b', 'B'), layer] });
    // docker save stores the repeated layer once and links the other directory's layer.tar to it.
    const names = JSON.parse(String(items.find((i) => i.name === 'manifest.json')?.content)) as { Layers: string[] }[];
    const [first, , third] = names[0]!.Layers as [string, string, string];
    const patched = items.map((it) =>
      it.name === third && third !== first ? { name: third, type: 'symlink' as const, linkname: `../${first}` } : it,
    );
    const img = await openDockerArchive(await writeTar(patched));
    expect(img.layers.map((l) => l.diffId)).toEqual([built.diffIds[0], built.diffIds[1], built.diffIds[0]]);
    expect(await filesOf(img)).toEqual(['0:etc/a=same', '1:b=B', '2:etc/a=same']);
  });

  it('reads a gzip-compressed docker save archive (docker save | gzip) and fails on a truncated one', async () => {
    const { items } = dockerSaveItems(await sample(), { manifestLast: true });
    const gz = gzip(await makeTar(items));
    const img = await openDockerArchive(await writeTar(gz, 'image.tar.gz'));
    expect(img.meta.reference).toBe('example/app:1.0');
    expect(await filesOf(img)).toEqual(['0:etc/os-release=ID=debian\n', '1:usr/bin/app=APP']);
    await expect(openDockerArchive(await writeTar(gz.subarray(0, gz.length - 30), 'cut.tar.gz'))).rejects.toThrow(
      /compressed archive: truncated or corrupt gzip data/,
    );
  });

  it('refuses a --platform the archive does not hold', async () => {
    const { items } = dockerSaveItems(await sample());
    const path = await writeTar(items);
    expect((await openDockerArchive(path, { platform: 'linux/amd64' })).layers).toHaveLength(2);
    await expect(openDockerArchive(path, { platform: 'linux/arm64' })).rejects.toThrow(/is linux\/amd64 only/);
  });

  it('fails the layer stream when the archive is cut short after it was opened', async () => {
    const big = await makeTar([{ name: 'usr/share/blob', content: Buffer.alloc(200_000, 9) }]);
    const { items } = dockerSaveItems({ layers: [await fileLayer('a', 'b'), big] });
    const whole = await makeTar(items);
    const path = await writeTar(whole);
    const img = await openDockerArchive(path);
    await writeFile(path, whole.subarray(0, whole.length - 150_000));
    const errors: string[] = [];
    const run = async (): Promise<void> => {
      for await (const { layer, tar } of img.layerStreams()) {
        try {
          for await (const e of layerEntries(tar, layer, path, () => {})) await e.read(1 << 20);
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
    };
    await expect(run()).rejects.toThrow(`${path}: the archive is truncated`);
    expect(errors).toEqual([expect.stringMatching(/layer.tar: the archive is truncated/)]);
  });

  it('keeps going when the consumer skips a layer', async () => {
    const { items } = dockerSaveItems(await sample());
    const img = await openDockerArchive(await writeTar(items));
    const seen: number[] = [];
    for await (const { layer, tar } of img.layerStreams()) {
      seen.push(layer.index);
      if (layer.index === 0) continue; // never read
      for await (const e of layerEntries(tar, layer, 'x', () => {})) expect(e.path).toBe('usr/bin/app');
    }
    expect(seen).toEqual([0, 1]);
  });

  it('fails at open when manifest.json points at a missing layer or config', async () => {
    const { items } = dockerSaveItems(await sample());
    const noLayer = items.filter((i) => !i.name.endsWith('layer.tar') || i.name.startsWith(items[3]!.name));
    const missing = items.find((i) => i.name.endsWith('layer.tar') && !noLayer.includes(i))!.name;
    const err = await openDockerArchive(await writeTar(noLayer)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageError);
    expect((err as Error).message).toMatch(new RegExp(`layer 2 ${missing.replace('.', '\\.')} is missing from the archive`));
    const noConfig = items.filter((i) => !i.name.endsWith('.json') || i.name === 'manifest.json');
    await expect(openDockerArchive(await writeTar(noConfig, 'nc.tar'))).rejects.toThrow(/config [a-f0-9]{64}\.json is missing/);
  });

  it('fails on a truncated archive, bad manifest.json, or something that is not a tar', async () => {
    const { items } = dockerSaveItems(await sample());
    const whole = await makeTar(items);
    await expect(openDockerArchive(await writeTar(whole.subarray(0, whole.length - 1536 - 100), 'cut.tar'))).rejects.toThrow(
      /the archive is truncated/,
    );
    const bad = items.map((i) => (i.name === 'manifest.json' ? { ...i, content: '{"not":"an array"' } : i));
    await expect(openDockerArchive(await writeTar(bad, 'bad.tar'))).rejects.toThrow(/manifest.json is not valid JSON/);
    const wrong = items.map((i) => (i.name === 'manifest.json' ? { ...i, content: '[{"Config":1}]' } : i));
    await expect(openDockerArchive(await writeTar(wrong, 'wrong.tar'))).rejects.toThrow(/not a docker save manifest: 0.Config/);
    await expect(openDockerArchive(await writeTar(Buffer.alloc(4096, 0x41), 'junk.tar'))).rejects.toThrow(/not a readable tar archive/);
    await expect(openDockerArchive(await writeTar([{ name: 'hello', content: 'x' }], 'plain.tar'))).rejects.toThrow(
      /no manifest.json \(docker save\) or index.json/,
    );
    await expect(openDockerArchive(join(dir, 'nope.tar'))).rejects.toThrow(ImageError);
  });
});

describe('openDockerArchive: OCI layout tar', () => {
  const images = async (): Promise<TestImage[]> => [
    { platform: { os: 'linux', architecture: 'amd64' }, layers: [await fileLayer('etc/arch', 'amd64')] },
    { platform: { os: 'linux', architecture: 'arm64' }, layers: [await fileLayer('etc/arch', 'arm64'), await fileLayer('x', 'y')] },
  ];

  it('reads an OCI tar and picks the platform', async () => {
    const { items, built } = layoutItems(await images());
    const path = await writeTar(items);
    const amd = await openDockerArchive(path);
    expect(amd.meta).toEqual({ input: path, kind: 'oci-layout', manifestDigest: built[0]!.manifestDigest, platform: 'linux/amd64' });
    expect(await filesOf(amd)).toEqual(['0:etc/arch=amd64']);
    const arm = await openDockerArchive(path, { platform: 'linux/arm64' });
    expect(arm.layers.map((l) => l.digest)).toEqual(built[1]!.layerDigests);
    expect(await filesOf(arm)).toEqual(['0:etc/arch=arm64', '1:x=y']);
  });

  it('fails at open when a layer blob is missing', async () => {
    const { items, built } = layoutItems(await images());
    const gone = `blobs/sha256/${built[0]!.layerDigests[0]!.slice(7)}`;
    await expect(openDockerArchive(await writeTar(items.filter((i) => i.name !== gone)))).rejects.toThrow(
      `missing blob ${built[0]!.layerDigests[0]} (expected ${gone})`,
    );
  });

  it('writes nothing next to the archive and closes twice', async () => {
    const { items } = layoutItems(await images());
    const path = await writeTar(items);
    const img = await openDockerArchive(path);
    expect(await filesOf(img)).toEqual(['0:etc/arch=amd64']);
    await img.close();
    await img.close();
    expect(await readdir(dir)).toEqual(['image.tar']);
  });
});
