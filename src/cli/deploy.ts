import type { Command } from 'commander';
import { api, projectOption, seg, serverOptions, type ServerFlags } from './api/client.js';
import { cut, emit, note, table, when } from './api/output.js';
import { principalLabel } from './printable.js';
import type { GlobalOpts } from './shared.js';

interface DeployFlags extends GlobalOpts {
  project: string;
  env: string;
  image: string;
  commit?: string;
  server?: string;
  format?: string;
  signature: string[];
}

/** One recorded decision of the gate, as GET /api/v1/projects/:project/deployments gives it. */
export interface Decision {
  id: string;
  env: string;
  imageDigest: string;
  commit: string | null;
  decision: string;
  reasons: { code: string; message: string }[];
  actor: string;
  actorName?: string | null;
  ts: string;
}

/** Bundles one check may send (the server's own limit) and the largest bundle file read. */
const MAX_SIGNATURES = 8;
const MAX_BUNDLE_FILE_BYTES = 256 * 1024;

/**
 * `rampart deploy check`: asks the server's deployment gate whether an image may go to an
 * environment. Exit 0 allow, 1 deny (reasons on stderr), 2 usage or server errors.
 * `rampart deploy attach`: stores Sigstore bundles of an image for later checks.
 */
export function registerDeploy(program: Command, setCode: (c: number) => void): void {
  const deploy = program.command('deploy').description("the server's deployment gate: checks, and image signatures for them");
  deploy
    .command('check')
    .description('may this image deploy to this environment? exit 0 allow, 1 deny, 2 error; the decision is recorded on the server')
    .requiredOption('--project <name>', 'project name on the server')
    .requiredOption('--env <name>', 'environment (e.g. prod)')
    .requiredOption('--image <digest>', 'image digest: sha256:<hex> or a reference pinned with @sha256:<hex>')
    .option('--commit <sha>', "the commit the image was built from (its scans that name no image count too; a scan naming another image never does)")
    .option('--signature <bundle.json>', 'a Sigstore bundle signing the image (DSSE in-toto statement or cosign simple-signing); repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--server <url>', 'server URL (default: the current login)')
    .option('-f, --format <format>', 'text|json', 'text')
    .addHelpText(
      'after',
      `
Findings are judged on the latest scan per scanner of this image (else of --commit, in scans that
name no image), not on the project's open findings. The admission webhook of this project's
environment (POST /api/v1/admission/<project>/<env>) admits the digest after an allow.`,
    )
    .action(async (o: DeployFlags) => {
      const { UsageError, EXIT_OK, EXIT_POLICY } = await import('../core/errors.js');
      if (o.format !== 'text' && o.format !== 'json') throw new UsageError(`unknown --format "${String(o.format).slice(0, 40)}" for deploy check; use text or json`);
      const imageDigest = digestOf(o.image);
      if (!imageDigest) throw new UsageError('--image: expected sha256:<64 hex digits> or an image reference pinned with @sha256:<64 hex digits>');
      if (o.commit !== undefined && !/^[0-9a-fA-F]{7,64}$/.test(o.commit)) throw new UsageError('--commit: expected a git commit id (7 to 64 hex digits)');
      const signatureBundles = await readBundles(o.signature);
      const { resolveLogin, checkDeployment, callServer, ServerError } = await import('../server/findings/client.js');
      const login = await resolveLogin(o.server);
      const q = { project: o.project, env: o.env, imageDigest, commit: o.commit?.toLowerCase() };
      let r: Awaited<ReturnType<typeof checkDeployment>>;
      if (signatureBundles.length === 0) r = await checkDeployment(login.server, login.token, q);
      else {
        const body = { project: q.project, env: q.env, imageDigest, ...(q.commit ? { commit: q.commit } : {}), signatureBundles };
        r = (await callServer(login.server, login.token, 'POST', '/api/v1/deployments/check', body)) as typeof r;
        if (r?.decision !== 'allow' && r?.decision !== 'deny') throw new ServerError(200, 'E_SERVER_RESPONSE', 'the server answered without a decision');
      }
      if (o.format === 'json') process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        const out = r.decision === 'allow' ? process.stdout : process.stderr;
        out.write(`rampart: deployment of ${imageDigest} to ${o.project}/${o.env}: ${r.decision.toUpperCase()}\n`);
        for (const reason of r.reasons) out.write(`  - ${reason.message}\n`);
      }
      setCode(r.decision === 'allow' ? EXIT_OK : EXIT_POLICY);
    });

  deploy
    .command('attach')
    .description('store Sigstore bundles for an image on the server; later checks of that image read them (needs findings:write). Exit 0 stored, 2 error')
    .requiredOption('--project <name>', 'project name on the server')
    .requiredOption('--image <digest>', 'image digest: sha256:<hex> or a reference pinned with @sha256:<hex>')
    .requiredOption('--signature <bundle.json>', 'a Sigstore bundle whose signed payload names the image; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--server <url>', 'server URL (default: the current login)')
    .option('-f, --format <format>', 'text|json', 'text')
    .action(async (o: Omit<DeployFlags, 'env' | 'commit'>) => {
      const { UsageError, EXIT_OK } = await import('../core/errors.js');
      if (o.format !== 'text' && o.format !== 'json') throw new UsageError(`unknown --format "${String(o.format).slice(0, 40)}" for deploy attach; use text or json`);
      const imageDigest = digestOf(o.image);
      if (!imageDigest) throw new UsageError('--image: expected sha256:<64 hex digits> or an image reference pinned with @sha256:<64 hex digits>');
      const bundles = await readBundles(o.signature);
      const { resolveLogin, callServer } = await import('../server/findings/client.js');
      const login = await resolveLogin(o.server);
      const path = `/api/v1/projects/${encodeURIComponent(o.project)}/images/${imageDigest}/signatures`;
      const stored: { id: string }[] = [];
      for (const bundle of bundles) stored.push((await callServer(login.server, login.token, 'POST', path, { bundle })) as { id: string });
      if (o.format === 'json') process.stdout.write(JSON.stringify(stored, null, 2) + '\n');
      else for (const s of stored) process.stdout.write(`rampart: signature ${s.id} stored for ${imageDigest} in ${o.project}\n`);
      setCode(EXIT_OK);
    });

  serverOptions(projectOption(deploy.command('history').description('what was checked for deployment and why it was allowed or denied, newest first (needs deploy:read)')))
    .option('--env <name>', 'only this environment')
    .option('--limit <n>', 'at most this many decisions (fetched 500 a page)', '50')
    .option('--all', 'every decision, page after page (instead of --limit)')
    .action(async (o: ServerFlags & { project: string; env?: string; limit: string; all?: boolean }, self: Command) => {
      const { UsageError, EXIT_OK } = await import('../core/errors.js');
      const limit = o.all ? Infinity : /^[0-9]{1,7}$/.test(o.limit) ? Number(o.limit) : NaN;
      if (o.all && self.getOptionValueSource('limit') === 'cli') throw new UsageError('--all and --limit exclude each other');
      if (!(limit >= 1)) throw new UsageError('--limit: a whole number from 1 (or --all)');
      const c = await api(o);
      const list: Decision[] = [];
      let before: string | null = null;
      // The server's cursor (`next`) until the limit or the last page: the order is stable while
      // new decisions arrive (they are newer than any page already read).
      do {
        const q = new URLSearchParams({ ...(o.env !== undefined ? { env: o.env } : {}), limit: String(Math.min(500, limit - list.length)), ...(before ? { before } : {}) });
        const page = (await c.call('GET', `/api/v1/projects/${seg(o.project)}/deployments?${q}`)) as { decisions: Decision[]; next?: string | null };
        list.push(...page.decisions);
        before = page.next ?? null;
      } while (before !== null && list.length < limit);
      emit(o, list, () => historyTable(list));
      if (before !== null) note(o, `more decisions: a larger --limit, or --all`);
      setCode(EXIT_OK);
    });
}

/** The history table: image digests and commits shortened, the reasons' messages joined and cut. */
export function historyTable(list: readonly Decision[]): string {
  return table(
    ['WHEN', 'ENV', 'DECISION', 'IMAGE', 'COMMIT', 'ASKED BY', 'REASONS'],
    list.map((d) => [
      when(d.ts),
      d.env,
      d.decision,
      d.imageDigest.startsWith('sha256:') ? `${d.imageDigest.slice(0, 19)}…` : d.imageDigest,
      d.commit ? d.commit.slice(0, 12) : '-',
      principalLabel(d.actor, d.actorName),
      cut(d.reasons.map((r) => r.message).join('; ') || '-', 80),
    ]),
    'no deployment decisions',
  );
}

/** Reads `--signature` files: each must be a JSON object of bounded size (the server verifies the rest). */
async function readBundles(files: string[]): Promise<unknown[]> {
  const { UsageError } = await import('../core/errors.js');
  if (files.length > MAX_SIGNATURES) throw new UsageError(`--signature: at most ${MAX_SIGNATURES} bundles per check`);
  const { readFile, stat } = await import('node:fs/promises');
  const bundles: unknown[] = [];
  for (const file of files) {
    let text: string;
    try {
      if ((await stat(file)).size > MAX_BUNDLE_FILE_BYTES) throw new UsageError(`--signature ${file}: larger than ${MAX_BUNDLE_FILE_BYTES} bytes`);
      text = await readFile(file, 'utf8');
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--signature ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new UsageError(`--signature ${file}: not JSON (expected a Sigstore bundle)`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UsageError(`--signature ${file}: not a JSON object (expected a Sigstore bundle)`);
    bundles.push(doc);
  }
  return bundles;
}

/** `sha256:...` or `name[:tag]@sha256:...` -> the digest; null otherwise. */
export function digestOf(image: string): string | null {
  const m = /^(?:[^\s@]{1,400}@)?(sha256:[0-9a-f]{64})$/.exec(image.trim());
  return m ? m[1]! : null;
}
