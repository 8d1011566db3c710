import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Store } from '../../store/db.js';
import { errorResponses, HttpError, PROJECT_NAME_SCHEMA, projectIdOf } from '../app.js';
import { describedPattern } from '../validation-message.js';
import type { AuditLog } from '../audit/log.js';
import { signedDigests } from './signed-subject.js';
import { MAX_BUNDLE_CHARS, MAX_STORED_PER_IMAGE, readBundle } from './signature-verify.js';

/**
 * Stored image signatures: CI uploads a Sigstore bundle for an image digest once (with the
 * `findings:write` permission it already holds for scans), and every later deployment check of
 * that image reads it. Upload checks the bundle's form and that its signed payload names this
 * digest; whether its signer is trusted is decided per environment at check time.
 */

export interface SignatureRoutesOptions {
  store: Store;
  audit: AuditLog;
  now?: () => Date;
}

const DIGEST = describedPattern('^sha256:[0-9a-f]{64}$', 'must be an image digest: sha256: and 64 lowercase hex digits');
const params = {
  type: 'object',
  additionalProperties: false,
  required: ['project', 'digest'],
  // The project-name pattern of identity/routes.ts: a byte PostgreSQL refuses is a 400, not a query error.
  properties: { project: PROJECT_NAME_SCHEMA, digest: { type: 'string', pattern: DIGEST } },
} as const;

const signatureItem = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'imageDigest', 'payloadType', 'uploadedBy', 'createdAt'],
  properties: { id: { type: 'string' }, imageDigest: { type: 'string' }, payloadType: { type: 'string' }, uploadedBy: { type: 'string' }, createdAt: { type: 'string' } },
} as const;

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return err?.code === '23505' || (typeof err?.message === 'string' && err.message.includes('UNIQUE constraint failed'));
}

/** The payload type of a stored bundle's DSSE envelope, for listings. */
function payloadTypeOf(bundleJson: string): string {
  try {
    const t = (JSON.parse(bundleJson) as { dsseEnvelope?: { payloadType?: unknown } }).dsseEnvelope?.payloadType;
    return typeof t === 'string' ? t : '';
  } catch {
    return '';
  }
}

export function signatureRoutes(opts: SignatureRoutesOptions): FastifyPluginAsync {
  const { store, audit } = opts;
  const db = store.db;
  const now = opts.now ?? (() => new Date());
  const projectId = projectIdOf;

  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/projects/:project/images/:digest/signatures',
      {
        bodyLimit: MAX_BUNDLE_CHARS + 4096,
        schema: {
          summary: 'Store a Sigstore bundle (DSSE) that signs this image digest; deployment checks verify it with their environment policy',
          tags: ['gate'],
          params,
          body: { type: 'object', additionalProperties: false, required: ['bundle'], properties: { bundle: { anyOf: [{ type: 'object' }, { type: 'string' }] } } },
          response: { 200: signatureItem, 201: signatureItem, ...errorResponses(400, 401, 403, 404, 409) },
        },
        preHandler: app.requirePermission('findings:write'),
      },
      async (req, reply) => {
        const pid = projectId(req);
        const { project, digest } = req.params as { project: string; digest: string };
        const parsed = readBundle((req.body as { bundle: unknown }).bundle);
        if (!parsed.ok) throw new HttpError(400, 'E_BAD_BUNDLE', `bundle: ${parsed.why}`);
        const content = parsed.bundle.content;
        if (content.$case !== 'dsseEnvelope') throw new HttpError(400, 'E_BAD_BUNDLE', 'bundle: a message-signature bundle does not carry what it signs; upload a DSSE bundle');
        const signed = signedDigests(content.dsseEnvelope.payloadType, content.dsseEnvelope.payload);
        if (!signed.ok) throw new HttpError(400, 'E_BAD_BUNDLE', `bundle: ${signed.why}`);
        if (!signed.digests.includes(digest)) throw new HttpError(400, 'E_BAD_BUNDLE', `bundle: its signed payload does not name ${digest}`);

        const raw = (req.body as { bundle: unknown }).bundle;
        const text = typeof raw === 'string' ? JSON.stringify(JSON.parse(raw)) : JSON.stringify(raw);
        const sha = createHash('sha256').update(text).digest('hex');
        const actor = req.principal!.id;
        const payloadType = content.dsseEnvelope.payloadType;
        const existing = await db.selectFrom('image_signatures').select(['id', 'uploaded_by', 'created_at']).where('project_id', '=', pid).where('image_digest', '=', digest).where('bundle_sha256', '=', sha).executeTakeFirst();
        if (existing) return { id: existing.id, imageDigest: digest, payloadType, uploadedBy: existing.uploaded_by, createdAt: existing.created_at };

        const id = randomUUID();
        const ts = now().toISOString();
        try {
          await db.transaction().execute(async (trx) => {
            const n = await trx.selectFrom('image_signatures').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).where('image_digest', '=', digest).executeTakeFirstOrThrow();
            if (Number(n.n) >= MAX_STORED_PER_IMAGE) throw new HttpError(409, 'E_LIMIT', `image ${digest} already has ${MAX_STORED_PER_IMAGE} stored signatures`);
            await trx.insertInto('image_signatures').values({ id, project_id: pid, image_digest: digest, bundle: text, bundle_sha256: sha, uploaded_by: actor, created_at: ts }).execute();
            await audit.appendIn(trx, { actor, action: 'image.signature.add', resource: `project:${project}/image:${digest}`, outcome: 'allow', detail: { requestId: String(req.id), signatureId: id, payloadType, bundleSha256: sha } });
          });
        } catch (e) {
          if (isUniqueViolation(e)) throw new HttpError(409, 'E_CONFLICT', 'the same bundle was stored at the same time; retry');
          throw e;
        }
        reply.code(201);
        return { id, imageDigest: digest, payloadType, uploadedBy: actor, createdAt: ts };
      },
    );

    app.get(
      '/api/v1/projects/:project/images/:digest/signatures',
      {
        schema: {
          summary: 'The bundles stored for this image digest, newest first',
          tags: ['gate'],
          params,
          response: { 200: { type: 'object', additionalProperties: false, required: ['signatures'], properties: { signatures: { type: 'array', items: signatureItem } } }, ...errorResponses(400, 401, 403, 404) },
        },
        preHandler: app.requirePermission('findings:read'),
      },
      async (req) => {
        const { digest } = req.params as { digest: string };
        const rows = await db.selectFrom('image_signatures').selectAll().where('project_id', '=', projectId(req)).where('image_digest', '=', digest).orderBy('created_at', 'desc').orderBy('id').execute();
        return { signatures: rows.map((r) => ({ id: r.id, imageDigest: r.image_digest, payloadType: payloadTypeOf(r.bundle), uploadedBy: r.uploaded_by, createdAt: r.created_at })) };
      },
    );
  };
}
