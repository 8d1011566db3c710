/**
 * Runs the analyzers over each layer's entries (or a --rootfs walk), one layer at a time. Only
 * what the analyzers made of the files they wanted is kept, keyed by (analyzer id, path), plus
 * the layer's whiteouts and opaque directories for the merge; file contents are dropped as soon
 * as the analyzers are done with them, so memory is bounded by the largest analyzer cap.
 */
import type { Finding } from '../../../core/finding.js';
import type { ScanIssue } from '../../../core/scanner.js';
import type { Analyzer, AnalyzerOutput, LayerEntry, LayerRef } from '../types.js';

/** What one analyzer made of one file, as the merge needs it (issues and findings are reported at once). */
export interface StoredOutput {
  analyzer: string;
  path: string;
  output: Pick<AnalyzerOutput, 'packages' | 'os' | 'ownedFiles' | 'setuidFiles'>;
}

export interface LayerOutputs {
  layer: LayerRef;
  /** By `outputKey(analyzer, path)`; a path listed twice in one layer keeps the later entry. */
  outputs: Map<string, StoredOutput>;
  /** Paths a `.wh.<name>` entry deletes (with everything under them). */
  whiteouts: Set<string>;
  /** Directories a `.wh..wh..opq` entry empties (of lower layers' content). */
  opaque: Set<string>;
  /**
   * Keys whose file this layer replaced without an output for the inventory (too big, analyzer
   * failure, or nothing found in it): the lower layers' outputs for them are stale and must not
   * survive the merge.
   */
  dropped: Set<string>;
}

export interface CollectStats {
  /** Files handed to at least one analyzer. */
  files: number;
  /** Bytes read for the analyzers. */
  bytes: number;
}

export interface CollectResult {
  /** In layer index order. */
  layers: LayerOutputs[];
  /** Findings the analyzers made (secrets), with `evidence.layer`; never undone by a later whiteout (the layer still holds the file). */
  findings: Finding[];
  stats: CollectStats;
}

/** One layer's entries, in whatever order the source stores the layers. */
export interface LayerSource {
  layer: LayerRef;
  entries: AsyncIterable<LayerEntry>;
}

export function outputKey(analyzer: string, path: string): string {
  return `${analyzer}\u0000${path}`;
}

/** `evidence.layer` of findings made from a layer's files. */
export function layerEvidence(layer: LayerRef): { index: number; digest?: string; diffId?: string; createdBy?: string } {
  return {
    index: layer.index,
    ...(layer.digest ? { digest: layer.digest } : {}),
    ...(layer.diffId ? { diffId: layer.diffId } : {}),
    ...(layer.createdBy ? { createdBy: layer.createdBy } : {}),
  };
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs `analyzers` over every layer of `sources`; the layers' results come back in index order. */
export async function collectLayers(
  sources: AsyncIterable<LayerSource>,
  analyzers: readonly Analyzer[],
  onIssue: (i: ScanIssue) => void,
): Promise<CollectResult> {
  const layers: LayerOutputs[] = [];
  const findings: Finding[] = [];
  const stats: CollectStats = { files: 0, bytes: 0 };
  for await (const src of sources) {
    layers.push(await collectLayer(src.layer, src.entries, analyzers, onIssue, findings, stats));
  }
  layers.sort((a, b) => a.layer.index - b.layer.index);
  return { layers, findings: firstByFingerprint(findings), stats };
}

/**
 * One finding per fingerprint: a file with a secret that several layers carry (copied, touched
 * by a later step) is reported once, at the lowest layer, where it entered the image.
 */
function firstByFingerprint(findings: Finding[]): Finding[] {
  const layerOf = (f: Finding) => (f.evidence?.layer as { index: number } | undefined)?.index ?? 0;
  const best = new Map<string, Finding>();
  for (const f of findings) {
    const prior = best.get(f.fingerprint);
    if (!prior || layerOf(f) < layerOf(prior)) best.set(f.fingerprint, f);
  }
  return findings.filter((f) => best.get(f.fingerprint) === f);
}

/** One layer: whiteouts noted, wanted files read once (up to the largest cap among their analyzers) and analyzed. */
export async function collectLayer(
  layer: LayerRef,
  entries: AsyncIterable<LayerEntry>,
  analyzers: readonly Analyzer[],
  onIssue: (i: ScanIssue) => void,
  findings: Finding[] = [],
  stats: CollectStats = { files: 0, bytes: 0 },
): Promise<LayerOutputs> {
  const out: LayerOutputs = { layer, outputs: new Map(), whiteouts: new Set(), opaque: new Set(), dropped: new Set() };
  const evidence = layerEvidence(layer);
  for await (const entry of entries) {
    if (entry.whiteout === 'file') {
      out.whiteouts.add(entry.path);
      continue;
    }
    if (entry.whiteout === 'opaque') {
      out.opaque.add(entry.path);
      continue;
    }
    const probe = { path: entry.path, type: entry.type, size: entry.size, mode: entry.mode };
    const wanting = analyzers.filter((a) => {
      try {
        return a.wants(probe);
      } catch {
        return false; // a broken path test must not stop the layer
      }
    });
    if (wanting.length === 0) continue;
    const cap = Math.max(...wanting.map((a) => a.maxBytes));
    // A failing read is the layer stream failing: the source names the blob, so it propagates.
    // Analyzers with a 0-byte cap look at the entry's metadata only (setuid bits): nothing is read.
    const content = cap === 0 ? Buffer.alloc(0) : await entry.read(cap);
    if (content === undefined && entry.type === 'hardlink') {
      // A hard link carries no bytes: only a target read earlier in this layer can stand in.
      onIssue({
        path: entry.path,
        kind: 'other',
        scanner: 'image',
        message: `not analyzed: hard link to ${entry.linkTarget ?? 'a file'} whose content was not read in this layer (layer ${layer.index + 1})`,
      });
      for (const a of wanting) out.dropped.add(outputKey(a.id, entry.path));
      continue;
    }
    if (content === undefined) {
      onIssue({
        path: entry.path,
        kind: 'skipped-size',
        scanner: 'image',
        message: `not analyzed: ${entry.size} bytes is over the ${cap}-byte cap of ${wanting.map((a) => a.id).join(', ')} (layer ${layer.index + 1})`,
      });
      for (const a of wanting) out.dropped.add(outputKey(a.id, entry.path));
      continue;
    }
    stats.files++;
    stats.bytes += content.length;
    for (const a of wanting) {
      const key = outputKey(a.id, entry.path);
      // 0-byte-cap analyzers look at metadata only: they get no content, whoever else read it.
      const mine = a.maxBytes === 0 ? Buffer.alloc(0) : content;
      if (mine.length > a.maxBytes) {
        onIssue({
          path: entry.path,
          kind: 'skipped-size',
          scanner: 'image',
          message: `not analyzed by ${a.id}: ${content.length} bytes is over its ${a.maxBytes}-byte cap (layer ${layer.index + 1})`,
        });
        out.dropped.add(key);
        continue;
      }
      let result: AnalyzerOutput;
      try {
        result = await a.analyze({ path: entry.path, content: mine, mode: entry.mode });
      } catch (e) {
        // Analyzers promise never to throw; one that does costs its file, not the scan.
        onIssue({ path: entry.path, kind: 'unparsable', scanner: 'image', message: `${a.id} failed: ${errText(e)} (layer ${layer.index + 1})` });
        out.dropped.add(key);
        continue;
      }
      for (const i of result.issues ?? []) onIssue({ scanner: 'image', ...i });
      for (const f of result.findings ?? []) findings.push({ ...f, evidence: { ...f.evidence, layer: evidence } });
      const kept: StoredOutput['output'] = {};
      if (result.packages?.length) kept.packages = result.packages;
      if (result.os) kept.os = result.os;
      if (result.ownedFiles?.length) kept.ownedFiles = result.ownedFiles;
      if (result.setuidFiles?.length) kept.setuidFiles = result.setuidFiles;
      if (Object.keys(kept).length === 0) {
        // Nothing for the inventory (most secret-scanned files): no object kept per file, only
        // the key, so a lower layer's copy of the file still stops counting.
        out.outputs.delete(key);
        out.dropped.add(key);
        continue;
      }
      out.outputs.set(key, { analyzer: a.id, path: entry.path, output: kept });
      out.dropped.delete(key);
    }
  }
  return out;
}
