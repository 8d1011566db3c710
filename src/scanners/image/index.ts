import type { ScanResult } from '../../core/result.js';
import type { Severity } from '../../core/severity.js';
import { ImageError } from './types.js';

/** Flags of `rampart image`, as the pipeline takes them. */
export interface ImageScanOptions {
  /** Vulnerability database file (default: the cache directory's). */
  db?: string;
  /** `os/arch[/variant]` for multi-arch images. */
  platform?: string;
  /** The input is an unpacked root filesystem directory. */
  rootfs?: boolean;
  dockerConfig?: string;
  insecureRegistries?: string[];
  /** Report advisories without a fixed version too. */
  includeUnfixed?: boolean;
  /** Look for secrets in files, env and history (default true). */
  secrets?: boolean;
  /** Network timeout for registry pulls. */
  timeoutMs?: number;
  baseline?: string;
  failOn?: Severity | 'none';
  showSecrets?: boolean;
}

/** Opens the image, inventories it, matches it and returns the findings as a ScanResult. */
export async function scanImage(input: string, _opts: ImageScanOptions): Promise<ScanResult> {
  throw new ImageError(input, 'image scanning is not available yet');
}
