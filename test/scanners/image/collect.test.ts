import { describe, expect, it } from 'vitest';
import type { ScanIssue } from '../../../src/core/scanner.js';
import { collectLayer, collectLayers, outputKey, type LayerSource } from '../../../src/scanners/image/inventory/collect.js';
import type { Analyzer, LayerEntry, LayerRef } from '../../../src/scanners/image/types.js';

/** A layer entry over an in-memory file; counts how often its content is read. */
function entry(path: string, content = '', extra: Partial<LayerEntry> = {}): LayerEntry & { reads: number[] } {
  const buf = Buffer.from(content);
  const e = {
    path,
    type: 'file' as const,
    mode: 0o644,
    size: buf.length,
    uid: 0,
    gid: 0,
    reads: [] as number[],
    read: async (max: number) => {
      e.reads.push(max);
      return buf.length > max ? undefined : buf;
    },
    ...extra,
  };
  return e;
}

async function* list<T>(items: T[]): AsyncIterable<T> {
  for (const i of items) yield i;
}

/** Reports one package per line of files under `dir/`. */
function lines(id: string, dir: string, maxBytes = 1024): Analyzer {
  return {
    id,
    maxBytes,
    wants: (e) => e.type === 'file' && e.path.startsWith(`${dir}/`),
    analyze: ({ path, content }) => ({
      packages: content
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((l) => ({ ecosystem: 'npm' as const, name: l, version: '1.0.0', purl: `pkg:npm/${l}@1.0.0`, direct: false, dev: false, pinned: true, source: path })),
    }),
  };
}

const L0: LayerRef = { index: 0, digest: 'sha256:' + 'a'.repeat(64), diffId: 'sha256:' + 'b'.repeat(64), createdBy: '/bin/sh -c #(nop) ADD file:x in /' };

describe('collectLayer', () => {
  it('notes whiteouts and opaque dirs and runs only the analyzers that want an entry', async () => {
    const issues: ScanIssue[] = [];
    const a = lines('a', 'x');
    const b = lines('b', 'y');
    const out = await collectLayer(
      L0,
      list([entry('x/f', 'p\nq'), entry('y/g', 'r'), entry('z/h', 's'), entry('gone', '', { whiteout: 'file' }), entry('dir', '', { whiteout: 'opaque', type: 'dir' })]),
      [a, b],
      (i) => issues.push(i),
    );
    expect([...out.outputs.keys()].sort()).toEqual([outputKey('a', 'x/f'), outputKey('b', 'y/g')]);
    expect(out.outputs.get(outputKey('a', 'x/f'))!.output.packages!.map((p) => p.name)).toEqual(['p', 'q']);
    expect([...out.whiteouts]).toEqual(['gone']);
    expect([...out.opaque]).toEqual(['dir']);
    expect(issues).toEqual([]);
  });

  it('reads a file once, at the largest cap of the analyzers that want it, and tells a too-small analyzer', async () => {
    const issues: ScanIssue[] = [];
    const e = entry('x/f', 'abcdefghij');
    const out = await collectLayer(L0, list([e]), [lines('small', 'x', 4), lines('big', 'x', 100)], (i) => issues.push(i));
    expect(e.reads).toEqual([100]);
    expect(out.outputs.has(outputKey('big', 'x/f'))).toBe(true);
    expect(out.outputs.has(outputKey('small', 'x/f'))).toBe(false);
    expect(out.dropped.has(outputKey('small', 'x/f'))).toBe(true);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'x/f', kind: 'skipped-size' });
    expect(issues[0]!.message).toMatch(/small/);
  });

  it('a file over every cap is an issue naming the path, and its key is dropped', async () => {
    const issues: ScanIssue[] = [];
    const out = await collectLayer(L0, list([entry('x/huge', 'z'.repeat(50))]), [lines('a', 'x', 10)], (i) => issues.push(i));
    expect(out.outputs.size).toBe(0);
    expect(out.dropped.has(outputKey('a', 'x/huge'))).toBe(true);
    expect(issues[0]).toMatchObject({ path: 'x/huge', kind: 'skipped-size' });
    expect(issues[0]!.message).toContain('50 bytes');
  });

  it('an analyzer that throws costs its file, not the layer; issues and findings pass through with the layer', async () => {
    const issues: ScanIssue[] = [];
    const boom: Analyzer = { id: 'boom', maxBytes: 10, wants: (e) => e.path === 'bad', analyze: () => { throw new Error('kaput'); } };
    const finder: Analyzer = {
      id: 'finder',
      maxBytes: 10,
      wants: (e) => e.path === 'secret',
      analyze: ({ path }) => ({
        issues: [{ path, kind: 'other', message: 'odd' }],
        findings: [{ ruleId: 'secrets/x', scanner: 'secrets', severity: 'high', title: 't', message: 'm', cwe: [], fingerprint: 'f', location: { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } }],
      }),
    };
    const findings: import('../../../src/core/finding.js').Finding[] = [];
    await collectLayer(L0, list([entry('bad', 'x'), entry('secret', 'y'), entry('ok/1', 'n')]), [boom, finder, lines('a', 'ok')], (i) => issues.push(i), findings);
    expect(issues.map((i) => [i.path, i.kind])).toEqual([
      ['bad', 'unparsable'],
      ['secret', 'other'],
    ]);
    expect(issues[0]!.message).toContain('kaput');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence!.layer).toEqual({ index: 0, digest: L0.digest, diffId: L0.diffId, createdBy: L0.createdBy });
  });

  it('an analyzer with a 0-byte cap sees the entry without a read (setuid bits), even for big files', async () => {
    const issues: ScanIssue[] = [];
    const meta: Analyzer = {
      id: 'files/setuid',
      maxBytes: 0,
      wants: (e) => e.type === 'file' && (e.mode & 0o6000) !== 0,
      analyze: ({ path, mode, content }) => ({ setuidFiles: [{ path, mode: mode + content.length }] }),
    };
    const big = entry('usr/bin/tool', 'x'.repeat(5000), { mode: 0o4755 });
    const out = await collectLayer(L0, list([big, entry('usr/bin/plain', 'y')]), [meta], (i) => issues.push(i));
    expect(big.reads).toEqual([]);
    expect(issues).toEqual([]);
    expect([...out.outputs.values()].map((o) => o.output.setuidFiles)).toEqual([[{ path: 'usr/bin/tool', mode: 0o4755 }]]);
    // With another analyzer reading the same file, the metadata-only one still gets no content and no issue.
    const small = entry('usr/bin/tool', 'abc', { mode: 0o4755 });
    const both = await collectLayer(L0, list([small]), [meta, lines('reader', 'usr')], (i) => issues.push(i));
    expect(small.reads).toEqual([1024]);
    expect(issues).toEqual([]);
    expect(both.outputs.get(outputKey('files/setuid', 'usr/bin/tool'))!.output.setuidFiles).toEqual([{ path: 'usr/bin/tool', mode: 0o4755 }]);
    expect(both.outputs.has(outputKey('reader', 'usr/bin/tool'))).toBe(true);
  });

  it('a hard link whose target was not read is an issue naming the link and its target, not a size problem', async () => {
    const issues: ScanIssue[] = [];
    const link = entry('x/link', '', { type: 'hardlink', linkTarget: 'y/target', size: 0, read: async () => undefined });
    const out = await collectLayer(L0, list([link]), [{ ...lines('a', 'x'), wants: (e) => e.path.startsWith('x/') }], (i) => issues.push(i));
    expect(issues).toEqual([expect.objectContaining({ path: 'x/link', kind: 'other', message: expect.stringContaining('hard link to y/target') })]);
    expect(out.dropped.has(outputKey('a', 'x/link'))).toBe(true);
  });

  it('a file with nothing for the inventory keeps no output object, only its key among the dropped', async () => {
    const out = await collectLayer(L0, list([entry('x/empty', ''), entry('x/full', 'p')]), [lines('a', 'x')], () => undefined);
    expect([...out.outputs.keys()]).toEqual([outputKey('a', 'x/full')]);
    expect([...out.dropped]).toEqual([outputKey('a', 'x/empty')]);
  });

  it('a read failure (truncated layer) propagates', async () => {
    const e = entry('x/f', 'a', { read: async () => { throw new Error('layer.tar: unexpected end of data'); } });
    await expect(collectLayer(L0, list([e]), [lines('a', 'x')], () => undefined)).rejects.toThrow(/unexpected end/);
  });
});

describe('collectLayers', () => {
  it('a finding several layers carry (same fingerprint) is reported once, at the lowest layer', async () => {
    const finder: Analyzer = {
      id: 'finder',
      maxBytes: 10,
      wants: (e) => e.path === 'secret',
      analyze: ({ path, content }) => ({
        findings: [{ ruleId: 'secrets/x', scanner: 'secrets', severity: 'high', title: 't', message: 'm', cwe: [], fingerprint: `fp-${content.toString()}`, location: { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } }],
      }),
    };
    const sources: LayerSource[] = [
      { layer: { index: 3 }, entries: list([entry('secret', 'a')]) },
      { layer: { index: 1 }, entries: list([entry('secret', 'a')]) },
      { layer: { index: 2 }, entries: list([entry('secret', 'b')]) },
    ];
    const r = await collectLayers(list(sources), [finder], () => undefined);
    expect(r.findings.map((f) => [f.fingerprint, (f.evidence!.layer as { index: number }).index])).toEqual([
      ['fp-a', 1],
      ['fp-b', 2],
    ]);
  });


  it('returns layers in index order whatever order they arrive in, and counts what was read', async () => {
    const sources: LayerSource[] = [
      { layer: { index: 2 }, entries: list([entry('x/c', 'c')]) },
      { layer: { index: 0 }, entries: list([entry('x/a', 'a1\na2')]) },
      { layer: { index: 1 }, entries: list([entry('x/b', 'b')]) },
    ];
    const r = await collectLayers(list(sources), [lines('a', 'x')], () => undefined);
    expect(r.layers.map((l) => l.layer.index)).toEqual([0, 1, 2]);
    expect(r.stats).toEqual({ files: 3, bytes: 7 });
  });
});
