/**
 * The image config blob (Docker `application/vnd.docker.container.image.v1+json` and OCI
 * `application/vnd.oci.image.config.v1+json`, which share field names) read into ImageConfig,
 * and the history steps attached to the layers they made.
 */
import { safeStep } from '../rules/config.js';
import { z } from 'zod';
import { ImageError, type HistoryEntry, type ImageConfig, type LayerRef } from '../types.js';

// Builders write `null` for unset lists and maps (Go nil slices), so every optional field takes it.
const strings = z.array(z.string()).nullish();
// A few old builders wrote Cmd/Entrypoint as one string.
const command = z.union([z.string().transform((s) => [s]), z.array(z.string())]).nullish();

const runConfig = z.looseObject({
  User: z.string().nullish(),
  Env: strings,
  ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
  Healthcheck: z.looseObject({ Test: strings }).nullish(),
  Entrypoint: command,
  Cmd: command,
  Labels: z.record(z.string(), z.unknown()).nullish(),
});

const schema = z.looseObject({
  architecture: z.string().nullish(),
  os: z.string().nullish(),
  variant: z.string().nullish(),
  config: runConfig.nullish(),
  // Docker's v1 image JSON also carries the builder container's config; used when `config` is absent.
  container_config: runConfig.nullish(),
  history: z
    .array(
      z.looseObject({
        created: z.string().nullish(),
        created_by: z.string().nullish(),
        comment: z.string().nullish(),
        empty_layer: z.boolean().nullish(),
      }),
    )
    .nullish(),
  rootfs: z
    .looseObject({
      type: z.string().nullish(),
      diff_ids: z.array(z.string().regex(/^sha(?:256|384|512):[a-f0-9]+$/, 'expected <algorithm>:<hex>')).nullish(),
    })
    .nullish(),
});

const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/**
 * Parses a config blob. `blob` names it in errors (`blobs/sha256/ab…` or `sha256:ab…`).
 * Unknown fields are ignored; wrong types are an ImageError naming the field.
 */
export function parseImageConfig(bytes: Buffer | string, input: string, blob: string): ImageConfig {
  let json: unknown;
  try {
    json = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch (e) {
    throw new ImageError(input, `config ${blob} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ImageError(input, `config ${blob} is not a JSON object`);
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    const at = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    throw new ImageError(input, `config ${blob} is not a valid image config: ${at}${first?.message ?? 'schema mismatch'}`);
  }
  const c = r.data;
  const run = c.config ?? c.container_config ?? {};
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(run.Labels ?? {})) if (typeof v === 'string') labels[k] = v;
  const history: HistoryEntry[] = (c.history ?? []).map((h) => {
    const e: HistoryEntry = { emptyLayer: h.empty_layer === true };
    if (h.created) e.created = h.created;
    if (h.created_by) e.createdBy = h.created_by;
    if (h.comment) e.comment = h.comment;
    return e;
  });
  const out: ImageConfig = {
    env: run.Env ?? [],
    exposedPorts: Object.keys(run.ExposedPorts ?? {}),
    labels,
    history,
    diffIds: c.rootfs?.diff_ids ?? [],
  };
  const set = <K extends keyof ImageConfig>(k: K, v: ImageConfig[K] | null | undefined): void => {
    const val = opt(v);
    if (val !== undefined) out[k] = val;
  };
  set('os', c.os);
  set('architecture', c.architecture);
  set('variant', c.variant);
  set('user', run.User);
  set('healthcheck', run.Healthcheck?.Test);
  set('entrypoint', run.Entrypoint);
  set('cmd', run.Cmd);
  return out;
}

/**
 * Sets `createdBy` on each layer from the history steps that made a layer (empty_layer steps
 * skipped). Only when the counts agree: a history that does not line up says nothing reliable.
 * Also fills missing diff ids from the config when their count matches. Returns `layers`.
 */
export function attachHistory(layers: LayerRef[], config: ImageConfig): LayerRef[] {
  const made = config.history.filter((h) => !h.emptyLayer);
  if (made.length === layers.length) {
    layers.forEach((l, i) => {
      const by = made[i]?.createdBy;
      // The layer's step travels into messages, evidence and SBOMs: without build-arg values,
      // URL credentials or passwords (the config rules read the raw history themselves).
      if (by !== undefined) l.createdBy = safeStep(by);
    });
  }
  if (config.diffIds.length === layers.length) {
    layers.forEach((l, i) => {
      if (l.diffId === undefined) l.diffId = config.diffIds[i];
    });
  }
  return layers;
}
