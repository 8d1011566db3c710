/**
 * OCI and Docker v2 manifests and indexes (manifest lists): schemas, parsing, platform choice.
 * Shared by the registry client and the OCI layout / archive readers.
 */
import { z } from 'zod';
import { ImageError, type LayerRef } from '../types.js';

export const MEDIA_TYPE = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
} as const;

/** Manifest media types a registry may answer with, in the order we ask for them. */
export const MANIFEST_MEDIA_TYPES = [
  MEDIA_TYPE.ociIndex,
  MEDIA_TYPE.ociManifest,
  MEDIA_TYPE.dockerManifestList,
  MEDIA_TYPE.dockerManifest,
] as const;

const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPE.ociIndex, MEDIA_TYPE.dockerManifestList]);
const MANIFEST_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPE.ociManifest, MEDIA_TYPE.dockerManifest]);
const CONFIG_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPE.ociConfig, MEDIA_TYPE.dockerConfig]);

/** Layer media types (compression is sniffed from the bytes anyway; this only rejects non-layers). */
export const LAYER_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.oci.image.layer.v1.tar',
  'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.oci.image.layer.v1.tar+zstd',
  'application/vnd.oci.image.layer.nondistributable.v1.tar',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  'application/vnd.docker.image.rootfs.diff.tar',
  'application/vnd.docker.image.rootfs.diff.tar.gzip',
  'application/vnd.docker.image.rootfs.diff.tar.zstd',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
]);

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_TYPES.has(mediaType);
}

export function isManifestMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && MANIFEST_TYPES.has(mediaType);
}

/** Only digests we can verify; strict hex also keeps blob paths built from them safe. */
export const DIGEST_RE = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

const digest = z.string().regex(DIGEST_RE, 'expected sha256:<64 hex> or sha512:<128 hex>');

const platformSchema = z.object({
  architecture: z.string(),
  os: z.string(),
  'os.version': z.string().optional(),
  'os.features': z.array(z.string()).optional(),
  variant: z.string().optional(),
});

const descriptorSchema = z.object({
  mediaType: z.string(),
  digest,
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: platformSchema.optional(),
  artifactType: z.string().optional(),
});

const manifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
});

const indexSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(descriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
});

export type Platform = z.infer<typeof platformSchema>;
export type Descriptor = z.infer<typeof descriptorSchema>;
export type OciManifest = z.infer<typeof manifestSchema> & { kind: 'manifest' };
export type OciIndex = z.infer<typeof indexSchema> & { kind: 'index' };

export function isIndex(m: OciManifest | OciIndex): m is OciIndex {
  return m.kind === 'index';
}

function schemaError(input: string, what: string, error: z.ZodError): ImageError {
  const first = error.issues[0];
  const at = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return new ImageError(input, `invalid ${what}: ${at}${first?.message ?? 'schema mismatch'}`);
}

/**
 * Parses a manifest or an index (the media type field decides; OCI lets it be absent, then the
 * shape does). Rejects Docker schema 1 and manifests that are not container images.
 */
export function parseManifestJson(bytes: Buffer, input: string): OciManifest | OciIndex {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new ImageError(input, `manifest is not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ImageError(input, 'manifest is not a JSON object');
  }
  const obj = json as Record<string, unknown>;
  if (obj.schemaVersion === 1) {
    throw new ImageError(input, 'Docker schema 1 manifests are not supported (re-push the image with a current client)');
  }
  const mediaType = typeof obj.mediaType === 'string' ? obj.mediaType : undefined;
  const looksLikeIndex = mediaType !== undefined ? INDEX_TYPES.has(mediaType) : Array.isArray(obj.manifests);
  if (looksLikeIndex) {
    const r = indexSchema.safeParse(obj);
    if (!r.success) throw schemaError(input, 'image index', r.error);
    return { ...r.data, kind: 'index' };
  }
  if (mediaType !== undefined && !MANIFEST_TYPES.has(mediaType)) {
    throw new ImageError(input, `unsupported manifest media type ${JSON.stringify(mediaType)}`);
  }
  const r = manifestSchema.safeParse(obj);
  if (!r.success) throw schemaError(input, 'image manifest', r.error);
  const m: OciManifest = { ...r.data, kind: 'manifest' };
  if (!CONFIG_TYPES.has(m.config.mediaType)) {
    throw new ImageError(input, `not a container image: config media type ${JSON.stringify(m.config.mediaType)}`);
  }
  m.layers.forEach((l, i) => {
    if (!LAYER_MEDIA_TYPES.has(l.mediaType)) {
      throw new ImageError(input, `layer ${i + 1} (${l.digest}) has unsupported media type ${JSON.stringify(l.mediaType)}`);
    }
  });
  return m;
}

/** The manifest's layers in order; diff ids and history come from the config (config.ts). */
export function manifestLayers(m: OciManifest): LayerRef[] {
  return m.layers.map((d, index) => ({ index, digest: d.digest, mediaType: d.mediaType, size: d.size }));
}

// Spellings `uname -m` and others use for the GOARCH names OCI platforms carry.
const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', x86_32: '386', i386: '386', aarch64: 'arm64', armhf: 'arm', armel: 'arm' };

interface WantedPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

function parsePlatform(platform: string, input: string): WantedPlatform {
  const parts = platform.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9._-]+$/.test(p))) {
    throw new ImageError(input, `invalid platform ${JSON.stringify(platform)}: expected os/arch[/variant], e.g. linux/arm64`);
  }
  const [os, arch, variant] = parts as [string, string, string | undefined];
  return { os, architecture: ARCH_ALIASES[arch] ?? arch, variant };
}

/** `os/arch[/variant]` as users type it. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

// arm64 images usually omit the default variant v8.
function variantOf(p: Platform): string | undefined {
  return p.variant ?? (p.architecture === 'arm64' ? 'v8' : undefined);
}

function matches(p: Platform, want: WantedPlatform): boolean {
  return p.os === want.os && p.architecture === want.architecture && (want.variant === undefined || variantOf(p) === want.variant);
}

/** Whether an image's platform is the one asked for (`os/arch[/variant]`, aliases allowed). */
export function platformMatches(p: Platform, platform: string, input: string): boolean {
  return matches(p, parsePlatform(platform, input));
}

function isAttestation(d: Descriptor): boolean {
  return (
    d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown')
  );
}

/**
 * Picks the manifest for a platform (`os/arch[/variant]`). Without one: the only image entry,
 * else linux/amd64. Attestation entries (`unknown/unknown`) are never chosen.
 */
export function selectManifest(index: OciIndex, platform: string | undefined, input: string): Descriptor {
  const candidates = index.manifests.filter((d) => !isAttestation(d));
  const available = (): string => {
    const names = candidates.map((d) => (d.platform ? formatPlatform(d.platform) : `(no platform: ${d.digest})`));
    return names.length > 0 ? names.join(', ') : 'none';
  };
  if (platform === undefined && candidates.length === 1) return candidates[0] as Descriptor;
  const want = parsePlatform(platform ?? 'linux/amd64', input);
  const found = candidates.filter((d) => d.platform !== undefined && matches(d.platform, want));
  if (found.length === 0) {
    const asked = platform === undefined ? 'the default platform linux/amd64' : `platform ${formatPlatform(want)}`;
    throw new ImageError(input, `the image index has no manifest for ${asked}; available: ${available()} (choose one with --platform)`);
  }
  // Several variants and none asked for (linux/arm/v6 and v7): prefer the entry without one, else the first.
  return found.find((d) => d.platform?.variant === undefined) ?? (found[0] as Descriptor);
}
