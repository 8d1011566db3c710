/**
 * Contracts between the parts of the image scanner (issue 6). The flow is one way:
 *
 *   source (oci/: docker-save tar, OCI layout dir/tar, registry pull, --rootfs dir)
 *     -> layers, streamed one at a time as tar entries (oci/layers.ts)
 *     -> analyzers (os/, lang/, files/) run on the entries they want, per layer
 *     -> merge (inventory/merge.ts): apply whiteouts and opaque dirs in layer order, attribute
 *        each package to the layer that brought it in
 *     -> matching, config rules, secrets -> findings -> the usual reports.
 *
 * Nothing here holds a whole image or a whole layer in memory: an entry's content is read only
 * when an analyzer asks, and only up to the analyzer's cap.
 */
import type { Readable } from 'node:stream';
import type { Package } from '../deps/package.js';
import type { ScanIssue } from '../../core/scanner.js';
import type { Finding } from '../../core/finding.js';
import { InputError } from '../../core/errors.js';

/** One `history` entry of the image config (a Dockerfile step). */
export interface HistoryEntry {
  created?: string;
  createdBy?: string;
  comment?: string;
  /** True for steps that made no layer (ENV, USER, CMD ...). */
  emptyLayer: boolean;
}

/** The parts of the OCI/Docker image config the scanner reads. */
export interface ImageConfig {
  os?: string;
  architecture?: string;
  variant?: string;
  /** `config.User`; empty or absent means root. */
  user?: string;
  /** `config.Env` as `KEY=value` strings. */
  env: string[];
  /** `config.ExposedPorts` keys, e.g. `22/tcp`. */
  exposedPorts: string[];
  /** `config.Healthcheck.Test` when set (`["NONE"]` disables an inherited one). */
  healthcheck?: string[];
  entrypoint?: string[];
  cmd?: string[];
  labels: Record<string, string>;
  history: HistoryEntry[];
  /** `rootfs.diff_ids`, in layer order. */
  diffIds: string[];
}

/** A layer as the manifest lists it. */
export interface LayerRef {
  /** 0-based position in the manifest (bottom layer = 0). */
  index: number;
  /** Digest of the blob as stored or sent (compressed), `sha256:<hex>`; for --rootfs: absent. */
  digest?: string;
  /** Digest of the uncompressed tar (`rootfs.diff_ids[index]`), when known. */
  diffId?: string;
  mediaType?: string;
  /** Blob size in bytes, when known. */
  size?: number;
  /** The history step that made the layer (`created_by`), when the history says. */
  createdBy?: string;
}

/** Where an image came from, as the report names it. */
export interface ImageMeta {
  /** What the user passed (reference, path). */
  input: string;
  kind: 'docker-archive' | 'oci-layout' | 'registry' | 'rootfs';
  /** Manifest digest, when there is a manifest. */
  manifestDigest?: string;
  /** `registry/repo:tag` when known (registry pulls, docker-save RepoTags, OCI ref annotation). */
  reference?: string;
  platform?: string;
}

/** An opened image: metadata read, layers not yet read. */
export interface OpenedImage {
  meta: ImageMeta;
  /** Absent for --rootfs. */
  config?: ImageConfig;
  layers: LayerRef[];
  /**
   * Streams every layer's uncompressed tar once. Layers may come in any order (a docker-save
   * tar stores them in file order): consumers key their results by `layer.index`. The stream
   * verifies the blob digest (and diff id when known) and fails with an ImageError at its end
   * when either does not match, or when the blob is missing, truncated or a decompression bomb.
   * --rootfs yields no tar: use `walkRootfs` instead (kind === 'rootfs').
   */
  layerStreams(): AsyncIterable<{ layer: LayerRef; tar: Readable }>;
  /** Removes every temp file. Safe to call twice. */
  close(): Promise<void>;
}

/** An entry of a layer (or of a --rootfs directory), path already made safe. */
export interface LayerEntry {
  /** POSIX, relative to the image root, no leading `/` or `./`, never a `..` segment. */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  /** Permission bits incl. setuid (0o4000) / setgid (0o2000). */
  mode: number;
  size: number;
  uid: number;
  gid: number;
  /** symlink: the target as written; hardlink: the safe root-relative path of the target. */
  linkTarget?: string;
  /** `.wh.<name>` deletes `path` (already stripped of the prefix); `.wh..wh..opq` empties dir `path`. */
  whiteout?: 'file' | 'opaque';
  /**
   * The content, read at most `maxBytes` (undefined when the file is larger: the caller reports
   * it). Callable once, and only while this entry is current. For hardlinks: the target's content
   * when the target was read earlier in the same layer, else undefined.
   */
  read(maxBytes: number): Promise<Buffer | undefined>;
}

/** A package found inside an image. */
export interface ImagePackage extends Package {
  /** Layer that brought the package in (the first layer whose copy of the db lists this version). */
  layer?: LayerRef;
  /** OS packages: source package name and version (advisories are keyed by source package). */
  sourceName?: string;
  sourceVersion?: string;
  arch?: string;
  /**
   * OS packages: the distribution release used to pick advisories (`12` for Debian 12,
   * `v3.19` for Alpine, `22.04:LTS` for Ubuntu, `9` for AlmaLinux/Rocky). `Package.ecosystem`
   * stays the base name (`Debian`).
   */
  release?: string;
  /** Language packages: true when an OS package owns the file (never matched upstream). */
  osOwned?: boolean;
  /** Files the package installed (OS packages; for ownership and setuid checks). Root-relative. */
  files?: string[];
}

/** Distribution detected from os-release and friends. */
export interface OsInfo {
  /** `debian`, `ubuntu`, `alpine`, `almalinux`, `rocky`, `rhel`, `centos`, `fedora`, ... (os-release ID). */
  id: string;
  /** os-release VERSION_ID (e.g. `12`, `3.19.1`, `22.04`, `9.3`). */
  versionId?: string;
  prettyName?: string;
  /** OSV ecosystem base for the distribution's advisories, when Rampart knows it. */
  ecosystem?: 'Debian' | 'Ubuntu' | 'Alpine' | 'AlmaLinux' | 'Rocky Linux' | 'Red Hat';
  /** Release as the OSV ecosystem suffix spells it (see ImagePackage.release). */
  release?: string;
}

/** What one analyzer made of one file. */
export interface AnalyzerOutput {
  packages?: ImagePackage[];
  os?: OsInfo;
  issues?: ScanIssue[];
  /**
   * Files an OS package manager says a package installed (dpkg `info/<pkg>.list`, apk `F:`/`R:`,
   * rpm file lists). `owner` is the package name as the same db spells it. Root-relative paths.
   */
  ownedFiles?: { owner: string; files: string[] }[];
  /** Findings made from the file itself (secrets); the collector adds the layer to their evidence. */
  findings?: Finding[];
  /** Regular files with the setuid or setgid bit (checked against package ownership after the merge). */
  setuidFiles?: { path: string; mode: number }[];
}

/**
 * Reads one kind of file inside an image (dpkg status, apk installed, a JAR, a Go binary ...).
 * `wants` is a cheap test on the entry's path, type, size and mode; `analyze` gets the content
 * (read up to `maxBytes`) and is pure: content in, packages out, problems as issues, never throws.
 * Paths in outputs are root-relative (`var/lib/dpkg/status`). The merge keeps one output per
 * (analyzer, path) per layer and applies whiteouts between layers.
 */
export interface Analyzer {
  id: string;
  /** Largest content the analyzer reads; bigger files become an issue, not a crash. */
  maxBytes: number;
  wants(entry: Pick<LayerEntry, 'path' | 'type' | 'size' | 'mode'>): boolean;
  /** May be async (zip readers); `head` is not given: analyzers sniff `content` themselves. */
  analyze(file: { path: string; content: Buffer; mode: number }): AnalyzerOutput | Promise<AnalyzerOutput>;
}

/** Raised when the image as a whole cannot be read (exit 2). Names the input and the problem. */
export class ImageError extends InputError {
  constructor(input: string, message: string) {
    super(input, message, undefined, 'E_IMAGE');
    this.name = 'ImageError';
  }
}
