/**
 * `--rootfs /` must not walk the kernel's pseudo file systems (/proc alone gave thousands of
 * unreadable-link warnings and minutes of walking on a plain Debian host). These tests use the
 * real mounts of the Linux machine running them.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountSkipReason, walkRootfs } from '../../../src/scanners/image/oci/entries.js';

const devOf = async (p: string): Promise<number> => (await stat(p)).dev;

describe('mountSkipReason', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('skips /proc and /sys, which are mount points of pseudo file systems', async () => {
    const rootDev = await devOf('/');
    expect(await mountSkipReason('/proc', 'proc', await devOf('/proc'), rootDev)).toBe('proc pseudo file system');
    expect(await mountSkipReason('/sys', 'sys', await devOf('/sys'), rootDev)).toBe('sysfs pseudo file system');
  });

  it('skips a top-level dev mount, but not a nested directory called dev', async () => {
    expect(await mountSkipReason('/dev', 'dev', 1, 2)).toBe('device file system');
    dir = await mkdtemp(join(tmpdir(), 'rampart-mounts-'));
    const d = await devOf(dir);
    expect(await mountSkipReason(dir, 'opt/dev', d, d)).toBeUndefined();
  });

  it('enters directories on the parent device, even named proc/sys/dev (an unpacked image)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-mounts-'));
    const d = await devOf(dir);
    for (const name of ['proc', 'sys', 'dev']) expect(await mountSkipReason(dir, name, d, d)).toBeUndefined();
  });

  it('enters another real mount (a separate disk or tmpfs is part of the file system)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-mounts-'));
    // Pretend the temp dir is a mount point: its file system type is a real one, so it is walked.
    expect(await mountSkipReason(dir, 'home', (await devOf(dir)) + 1, await devOf(dir))).toBeUndefined();
  });
});

describe('walkRootfs over /dev', () => {
  it('lists the devpts mount point but does not enter it', async () => {
    const seen: string[] = [];
    for await (const e of walkRootfs('/dev', () => {})) seen.push(e.path);
    // Whatever /dev holds here, pts is a devpts mount on any Linux with a terminal layer.
    const ptsReason = await mountSkipReason('/dev/pts', 'pts', await devOf('/dev/pts'), await devOf('/dev'));
    expect(ptsReason).toBe('devpts pseudo file system');
    expect(seen).toContain('pts');
    expect(seen.filter((p) => p.startsWith('pts/'))).toEqual([]);
  });
});
