import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Store } from '../../store/db.js';
import { ENV_NAME_PATTERN, errorResponses, PROJECT_NAME_SCHEMA, projectIdOf } from '../app.js';
import type { AuditLog } from '../audit/log.js';

/**
 * Kubernetes ValidatingAdmissionWebhook: `POST /api/v1/admission/:project/:env` takes an
 * AdmissionReview (admission.k8s.io/v1) and answers with the same uid. A workload is admitted only
 * when every container, init container and ephemeral container image is pinned by digest and that
 * digest's latest gate decision for that project's environment (POST /api/v1/deployments/check)
 * is allow and recent.
 *
 * The project is part of the route, never inferred from the environment name: environment names
 * repeat across projects, and a decision of another project (whose policy may be empty) must
 * neither admit nor block this project's workloads. Each cluster or namespace's webhook
 * configuration names the project that owns it. (The older `/api/v1/admission/:env` route looked
 * decisions up by environment name alone and is gone.)
 *
 * When the webhook cannot decide (database error...), the project's environment with
 * fail_closed = 1 denies and one with fail_closed = 0 admits with a warning; the `failClosed`
 * option covers an environment with no row or an unreadable configuration. The caller
 * authenticates like on every route (a service-account token the API server sends) and needs
 * `deploy:read` on the project.
 */

export interface DecisionLookup {
  /** The latest decision of the project's environment for the digest, or null when there is none. */
  (projectId: string, env: string, digest: string): Promise<{ decision: string; ts: string } | null>;
}

export interface AdmissionOptions {
  store: Store;
  audit: AuditLog;
  /** Used when the environment's own setting cannot be read or it has none (default true). */
  failClosed?: boolean;
  /** An allow decision older than this no longer admits (default 7 days). */
  maxDecisionAgeHours?: number;
  now?: () => Date;
  /** The decision source (default: deployment_decisions); tests replace it to simulate failures. */
  lookup?: DecisionLookup;
}

export const ADMISSION_BODY_LIMIT = 3 * 1024 * 1024;
const ENV_RE = ENV_NAME_PATTERN;
const PINNED = /^[^\s@]{1,400}@(sha256:[0-9a-f]{64})$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Kinds whose pods come from `spec.template.spec`. */
const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);

/** The pod spec inside an object of a known kind; 'unsupported' for other kinds. */
export function podSpecOf(kind: string, object: unknown): Obj | 'unsupported' {
  const spec = isObj(object) ? object.spec : undefined;
  let pod: unknown;
  if (kind === 'Pod') pod = spec;
  else if (TEMPLATE_KINDS.has(kind)) pod = isObj(spec) && isObj(spec.template) ? spec.template.spec : undefined;
  else if (kind === 'CronJob') {
    const job = isObj(spec) && isObj(spec.jobTemplate) ? spec.jobTemplate.spec : undefined;
    pod = isObj(job) && isObj(job.template) ? job.template.spec : undefined;
  } else return 'unsupported';
  if (!isObj(pod)) throw new AdmissionInputError(`${kind} has no pod spec`);
  return pod;
}

export class AdmissionInputError extends Error {}

export interface ContainerImage {
  /** `containers/web`, `initContainers/migrate`, `ephemeralContainers/debug`. */
  container: string;
  image: string;
}

/** Every image of a pod spec, all three container lists. */
export function imagesOf(pod: Obj): ContainerImage[] {
  const out: ContainerImage[] = [];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    const items = pod[list];
    if (items === undefined || items === null) continue;
    if (!Array.isArray(items)) throw new AdmissionInputError(`${list} is not a list`);
    items.forEach((c, i) => {
      const name = isObj(c) && typeof c.name === 'string' ? c.name.slice(0, 63) : String(i);
      const image = isObj(c) ? c.image : undefined;
      if (typeof image !== 'string' || image.length === 0) throw new AdmissionInputError(`${list}/${name} has no image`);
      out.push({ container: `${list}/${name}`, image: image.slice(0, 512) });
    });
  }
  return out;
}

/** `registry/app@sha256:...` (with or without a tag) -> the digest; null when not pinned. */
export function pinnedDigest(image: string): string | null {
  return PINNED.exec(image)?.[1] ?? null;
}

export interface ReviewDecision {
  allowed: boolean;
  reasons: string[];
  warnings: string[];
  digests: string[];
}

export function admissionRoutes(opts: AdmissionOptions): FastifyPluginAsync {
  const { store, audit } = opts;
  const now = opts.now ?? (() => new Date());
  const maxAgeMs = (opts.maxDecisionAgeHours ?? 24 * 7) * 3_600_000;
  const lookup: DecisionLookup =
    opts.lookup ??
    (async (projectId, env, digest) => {
      const r = await store.db
        .selectFrom('deployment_decisions')
        .select(['decision', 'ts'])
        .where('project_id', '=', projectId)
        .where('environment', '=', env)
        .where('image_digest', '=', digest)
        .orderBy('ts', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r ?? null;
    });

  /** This project's environment setting; the `failClosed` option when it has none or it is unreadable. */
  async function failClosedFor(projectId: string, env: string): Promise<boolean> {
    try {
      const row = await store.db.selectFrom('environments').select('fail_closed').where('project_id', '=', projectId).where('name', '=', env).executeTakeFirst();
      if (!row) return opts.failClosed ?? true;
      return Number(row.fail_closed) !== 0;
    } catch {
      return opts.failClosed ?? true;
    }
  }

  async function decide(projectId: string, env: string, review: Obj): Promise<ReviewDecision> {
    const req = review.request as Obj;
    const op = req.operation;
    if (op === 'DELETE' || op === 'CONNECT') return { allowed: true, reasons: [], warnings: [], digests: [] };
    const kind = isObj(req.kind) && typeof req.kind.kind === 'string' ? req.kind.kind : '';
    if (!kind) throw new AdmissionInputError('the request names no kind');
    const pod = podSpecOf(kind, req.object);
    if (pod === 'unsupported') return { allowed: true, reasons: [], warnings: [`rampart does not check ${kind.slice(0, 63)} objects`], digests: [] };
    const images = imagesOf(pod);
    if (images.length === 0) throw new AdmissionInputError(`${kind} has no containers`);
    const reasons: string[] = [];
    const digests = new Set<string>();
    for (const c of images) {
      const d = pinnedDigest(c.image);
      if (d === null) reasons.push(`${c.container}: image ${c.image} is not pinned by digest (use image@sha256:...)`);
      else digests.add(d);
    }
    const t = now().getTime();
    for (const d of [...digests].sort()) {
      const last = await lookup(projectId, env, d);
      if (!last) reasons.push(`${d}: no deployment check for environment ${env} (run rampart deploy check)`);
      else if (last.decision !== 'allow') reasons.push(`${d}: the latest deployment check for environment ${env} denied it`);
      else if (t - Date.parse(last.ts) > maxAgeMs) reasons.push(`${d}: the allow decision for environment ${env} is older than ${maxAgeMs / 3_600_000} h; check again`);
    }
    return { allowed: reasons.length === 0, reasons, warnings: [], digests: [...digests].sort() };
  }

  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/admission/:project/:env',
      {
        bodyLimit: ADMISSION_BODY_LIMIT,
        schema: {
          summary: "Kubernetes ValidatingAdmissionWebhook (AdmissionReview v1) for one project's environment",
          description:
            "Admits a workload only when every container image is pinned by digest and the digest's latest deployment check for this project's environment allowed it recently. Decisions of other projects are never used: each webhook configuration names the project that owns the cluster or namespace. Needs deploy:read on the project.",
          tags: ['admission'],
          params: { type: 'object', additionalProperties: false, required: ['project', 'env'], properties: { project: PROJECT_NAME_SCHEMA, env: { type: 'string', pattern: ENV_RE } } },
          body: {
            type: 'object',
            required: ['apiVersion', 'kind', 'request'],
            properties: {
              apiVersion: { type: 'string', enum: ['admission.k8s.io/v1'] },
              kind: { type: 'string', enum: ['AdmissionReview'] },
              request: { type: 'object', required: ['uid'], properties: { uid: { type: 'string', minLength: 1, maxLength: 128 } } },
            },
          },
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['apiVersion', 'kind', 'response'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                response: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['uid', 'allowed'],
                  properties: {
                    uid: { type: 'string' },
                    allowed: { type: 'boolean' },
                    status: { type: 'object', additionalProperties: false, properties: { code: { type: 'integer' }, message: { type: 'string' } } },
                    warnings: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
            ...errorResponses(400, 401, 403, 404, 413),
          },
        },
        preHandler: app.requirePermission('deploy:read'),
      },
      async (req: FastifyRequest) => {
        const { project, env } = req.params as { project: string; env: string };
        const projectId = projectIdOf(req);
        const review = req.body as Obj;
        const r = review.request as Obj;
        const uid = r.uid as string;
        const what = describe(r);
        let d: ReviewDecision;
        let failure: string | null = null;
        try {
          d = await decide(projectId, env, review);
        } catch (e) {
          // Bad objects and internal errors both leave the webhook unable to decide.
          failure = e instanceof AdmissionInputError ? e.message : 'internal error';
          if (!(e instanceof AdmissionInputError)) req.log.error({ err: e }, 'admission decision failed');
          const closed = await failClosedFor(projectId, env);
          d = closed
            ? { allowed: false, reasons: [`cannot decide (${failure}); environment ${env} fails closed`], warnings: [], digests: [] }
            : { allowed: true, reasons: [], warnings: [`rampart could not decide (${failure}); environment ${env} fails open`], digests: [] };
        }
        try {
          await audit.append({
            actor: req.principal!.id,
            action: 'admission.review',
            resource: `project:${project}/env:${env}/${what}`.slice(0, 1000),
            outcome: d.allowed ? 'allow' : 'deny',
            // Bounded: a pod with hundreds of containers must not push the entry past the audit size cap.
            detail: { requestId: String(req.id), uid, digests: d.digests.slice(0, 50), reasons: d.reasons.slice(0, 20).map((x) => x.slice(0, 600)), reasonCount: d.reasons.length, warnings: d.warnings, ...(failure ? { failure } : {}) },
          });
        } catch (e) {
          // An unaudited admit is not allowed to happen silently: treat it like any other failure.
          req.log.error({ err: e }, 'admission audit failed');
          if (await failClosedFor(projectId, env)) d = { allowed: false, reasons: ['cannot record the decision in the audit log; failing closed'], warnings: [], digests: d.digests };
          else d = { ...d, warnings: [...d.warnings, 'the decision could not be audited'] };
        }
        const response: Obj = { uid, allowed: d.allowed };
        if (!d.allowed) response.status = { code: 403, message: `rampart: ${d.reasons.join('; ')}`.slice(0, 4000) };
        if (d.warnings.length) response.warnings = d.warnings;
        return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
      },
    );
  };
}

/** `namespace/Kind/name` for the audit entry. */
function describe(r: Obj): string {
  const kind = isObj(r.kind) && typeof r.kind.kind === 'string' ? r.kind.kind : '?';
  const ns = typeof r.namespace === 'string' ? r.namespace : '-';
  const obj = isObj(r.object) && isObj(r.object.metadata) ? r.object.metadata : {};
  const name = typeof r.name === 'string' && r.name ? r.name : typeof obj.name === 'string' ? obj.name : typeof obj.generateName === 'string' ? `${obj.generateName}*` : '?';
  return `${ns}/${kind}/${name}`.slice(0, 300);
}
