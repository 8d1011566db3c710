/**
 * Checks on an image's configuration and build history (issue 6): what the image itself records,
 * not the Dockerfile (the IaC scanner checks Dockerfiles). Unknown is not a finding: a value the
 * image does not record (no base-image name, no history) never fires a rule.
 *
 * Every finding sits at the pseudo-path `image-config`, line 1; `evidence.where` names the field
 * (`config.User`, `history[3].created_by`, ...). Fingerprints use the field's content, not a
 * history index, so a rebuilt base image with more history entries keeps the same fingerprints.
 */
import type { Finding } from '../../../core/finding.js';
import { fingerprint } from '../../../core/fingerprint.js';
import type { RuleMeta } from '../../../core/rule.js';
import type { HistoryEntry, ImageConfig, ImageMeta } from '../types.js';

export const CONFIG_PATH = 'image-config';

const RUN_AS_ROOT: RuleMeta = {
  id: 'image/run-as-root',
  title: 'Image runs as root',
  severity: 'medium',
  cwe: [250],
  description:
    'The image config sets no USER, or sets root / UID 0, so every process in the container runs as root unless the runtime overrides it. A compromise of the service is then a root compromise of the container and one step from the host.',
  remediation: 'Create an unprivileged user in the image and end the Dockerfile with `USER 10001:10001` (or the user name).',
  references: ['https://docs.docker.com/reference/dockerfile/#user', 'https://github.com/opencontainers/image-spec/blob/main/config.md'],
};

const SSH_EXPOSED: RuleMeta = {
  id: 'image/ssh-exposed',
  title: 'Image exposes SSH (22/tcp)',
  severity: 'medium',
  cwe: [284],
  description:
    'The image declares port 22 as exposed, which means it is built to run an SSH server. Remote shells in containers widen the attack surface, carry their own credentials and are rarely needed.',
  remediation: 'Remove `EXPOSE 22` and the SSH server; debug with `docker exec` / `kubectl exec` instead.',
};

const HEALTHCHECK_MISSING: RuleMeta = {
  id: 'image/healthcheck-missing',
  title: 'Image has no HEALTHCHECK',
  severity: 'low',
  cwe: [693],
  description:
    'The image config carries no health check (or disables an inherited one with NONE), so Docker cannot tell a hung service from a healthy one. Orchestrators that probe the service themselves (Kubernetes) make this harmless.',
  remediation: 'Add `HEALTHCHECK CMD <probe>` to the Dockerfile, or configure liveness/readiness probes where the image runs.',
  references: ['https://docs.docker.com/reference/dockerfile/#healthcheck'],
};

const BASE_IMAGE_LATEST: RuleMeta = {
  id: 'image/base-image-latest',
  title: 'Base image is untagged or uses latest',
  severity: 'medium',
  cwe: [1357],
  description:
    "The image records its base image (the `org.opencontainers.image.base.name` label or annotation, or a builder's `FROM` history entry) as `latest` or without a tag. The base it was built on changes over time: rebuilds are not reproducible and a broken or compromised upstream push flows straight in.",
  remediation: 'Build FROM a version tag pinned by digest, e.g. `FROM debian:12.5-slim@sha256:<digest>`.',
  references: ['https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys'],
};

const ADD_REMOTE_URL: RuleMeta = {
  id: 'image/add-remote-url',
  title: 'Build step ADDed a remote URL without a checksum',
  severity: 'medium',
  cwe: [494],
  description:
    'The history shows an `ADD <http(s) URL>` step without `--checksum`: the file was downloaded at build time with no integrity check, so whatever the server (or anyone on the path) returned is in the image.',
  remediation: 'Use `ADD --checksum=sha256:<hash> <url>`, or download with curl in a RUN step and verify the checksum.',
  references: ['https://docs.docker.com/reference/dockerfile/#add'],
};

const SUDO_IN_BUILD: RuleMeta = {
  id: 'image/sudo-in-build',
  title: 'Build step used sudo',
  severity: 'medium',
  cwe: [250],
  description:
    'A RUN step in the history calls sudo, so sudo is installed and configured in the image and may let the runtime user regain root.',
  remediation: 'Use `USER root` for the steps that need it and switch back to an unprivileged user; remove sudo from the image.',
};

const CURL_PIPE_SHELL: RuleMeta = {
  id: 'image/curl-pipe-shell',
  title: 'Build step piped a download into a shell',
  severity: 'high',
  cwe: [494],
  description:
    'A RUN step in the history downloaded a script with curl or wget and ran it straight away (`curl ... | sh`, `sh -c "$(curl ...)"`). What the server returned at build time was executed with no review or integrity check.',
  remediation: 'Download to a file, verify its checksum or signature, then run it; or install the tool from a signed package.',
};

const INSECURE_DOWNLOAD: RuleMeta = {
  id: 'image/insecure-download',
  title: 'Build step turned off TLS verification',
  severity: 'high',
  cwe: [295],
  description:
    'A RUN step in the history downloaded with certificate checks off (`curl -k/--insecure`, `wget --no-check-certificate`), so a man in the middle could have replaced what went into the image.',
  remediation: 'Remove the flag and fix the trust store (install ca-certificates or add the internal CA) instead.',
};

const WORLD_WRITABLE: RuleMeta = {
  id: 'image/world-writable-chmod',
  title: 'Build step made files world-writable',
  severity: 'medium',
  cwe: [732],
  description:
    'A RUN step in the history ran `chmod 777` / `chmod o+w` (or `a+w`): any user in the container, including a compromised unprivileged service, can change those files.',
  remediation: 'Give ownership to the user that needs write access (`chown`) and keep modes at 755/644 or tighter.',
};

export const IMAGE_CONFIG_RULES: RuleMeta[] = [
  RUN_AS_ROOT,
  SSH_EXPOSED,
  HEALTHCHECK_MISSING,
  BASE_IMAGE_LATEST,
  ADD_REMOTE_URL,
  SUDO_IN_BUILD,
  CURL_PIPE_SHELL,
  INSECURE_DOWNLOAD,
  WORLD_WRITABLE,
];

/** A history step split into the instruction and its text, whatever builder wrote it. */
export interface HistoryStep {
  /** Upper-case Dockerfile keyword when the builder says (`RUN`, `ADD`, `ENV`, `ARG`, `FROM` ...), else `RUN` for a bare shell command. */
  keyword: string;
  /** What follows the keyword; for RUN, the shell script without `/bin/sh -c` and build-arg prefix. */
  text: string;
  /** `NAME=value` pairs of a `|N NAME=value ... /bin/sh -c` prefix (build args the step saw). */
  buildArgs: { name: string; value: string }[];
}

// Builders write the keyword in upper case; case-sensitive so a bare script such as
// `env X=1 make` or `add-apt-repository ...` is not read as ENV or ADD.
const KEYWORD = /^(RUN|ADD|COPY|ENV|ARG|LABEL|USER|EXPOSE|HEALTHCHECK|WORKDIR|CMD|ENTRYPOINT|VOLUME|SHELL|ONBUILD|STOPSIGNAL|MAINTAINER|FROM)(?:\s+|$)/;
const SHELL_PREFIX = /^(?:\/bin\/|\/usr\/bin\/)?(?:ba|a|da|z)?sh\s+-c\s+/;

/**
 * Reads a `created_by` as the builders write it:
 *   docker (legacy)  `/bin/sh -c #(nop)  EXPOSE 80`, `/bin/sh -c apt-get ...`, `|2 A=b B=c /bin/sh -c ...`
 *   BuildKit         `RUN /bin/sh -c apt-get ... # buildkit`, `RUN |1 A=b /bin/sh -c ...`, `ADD https://... /x # buildkit`
 *   kaniko, buildah  `RUN apt-get ...`, `/bin/sh -c ...`; charliecloud `FROM base:tag`
 */
export function parseHistoryStep(createdBy: string): HistoryStep {
  let s = createdBy.trim();
  // As `.replace(/\s+# buildkit$/, '')`, without rescanning a long whitespace run from each offset.
  const tag = '# buildkit';
  if (s.endsWith(tag) && /\s/.test(s.charAt(s.length - tag.length - 1))) s = s.slice(0, -tag.length).trimEnd();
  let keyword = '';
  const kw = KEYWORD.exec(s);
  if (kw) {
    keyword = kw[1]!.toUpperCase();
    s = s.slice(kw[0].length);
  }
  const buildArgs: HistoryStep['buildArgs'] = [];
  if (s.startsWith('|')) s = readBuildArgs(s, buildArgs);
  const sh = SHELL_PREFIX.exec(s);
  if (sh) s = s.slice(sh[0].length);
  // Legacy metadata steps: `#(nop) EXPOSE 80`, `#(nop) ADD file:abc in /`.
  const nop = /^#\(nop\)\s*/.exec(s);
  if (nop) {
    s = s.slice(nop[0].length);
    const inner = KEYWORD.exec(s);
    if (inner) {
      keyword = inner[1]!.toUpperCase();
      s = s.slice(inner[0].length);
    } else keyword ||= 'NOP';
  }
  if (!keyword) keyword = 'RUN';
  if (keyword === 'RUN' && s.startsWith('[')) s = execFormScript(s);
  return { keyword, text: s.trim(), buildArgs };
}

/**
 * `|2 A=b B=c rest` -> pushes A, B; returns `rest`. Docker joins the pairs with spaces and no
 * quoting, so a value runs until the next `NAME=` word, and the last one until a word that starts
 * the command (`/bin/sh`, `sh -c`, an exec-form `[`).
 */
function readBuildArgs(s: string, into: HistoryStep['buildArgs']): string {
  const head = /^\|(\d+)\s+/.exec(s);
  if (!head) return s;
  const n = Number(head[1]);
  const words = s.slice(head[0].length).split(' ');
  let i = 0;
  for (; i < words.length && n > 0; i++) {
    const w = words[i]!;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w);
    const startsCommand = w.startsWith('/') || w.startsWith('[') || ((w === 'sh' || w === 'bash') && words[i + 1] === '-c');
    if (m && into.length < n) into.push({ name: m[1]!, value: w.slice(m[0].length) });
    else if (!m && into.length > 0 && !startsCommand) into[into.length - 1]!.value += ` ${w}`;
    else break;
  }
  return words.slice(i).join(' ');
}

/** `["/bin/sh","-c","echo hi"]` -> `echo hi`; any other exec form -> its words joined. */
function execFormScript(s: string): string {
  try {
    const a = JSON.parse(s) as unknown;
    if (Array.isArray(a) && a.every((x) => typeof x === 'string')) {
      const words = a as string[];
      if (words.length >= 3 && /(^|\/)(ba|a|da|z)?sh$/.test(words[0]!) && words[1] === '-c') return words.slice(2).join(' ');
      return words.join(' ');
    }
  } catch {
    /* not JSON: keep the text as it is */
  }
  return s;
}

/** The base image a history entry names, when the builder recorded one (buildah comment, charliecloud created_by). */
function historyBase(h: HistoryEntry): string | undefined {
  for (const t of [h.comment, h.createdBy]) {
    const m = t ? /^FROM\s+(?:--\S+\s+)*(\S+)/i.exec(t.trim()) : null;
    if (m) return m[1];
  }
  return undefined;
}

/** Splits `registry:5000/repo/name:tag@sha256:...` into its tag and digest. */
export function splitReference(ref: string): { name: string; tag?: string; digest?: string } {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

/** An image id (what a builder records when FROM named an id) is pinned, not a tag. */
function isImageId(ref: string): boolean {
  return /^(sha256:)?[0-9a-f]{64}$/i.test(ref) || /^[0-9a-f]{12}$/i.test(ref);
}

export interface ConfigContext {
  /** Manifest annotations, when the source read them (OCI layouts, registries). */
  annotations?: Record<string, string>;
}

/** The config rules over one image config. Pure. */
export function configFindings(config: ImageConfig, meta: ImageMeta, ctx: ConfigContext = {}): Finding[] {
  const out: Finding[] = [];
  const what = meta.reference ?? meta.input;
  const add = (rule: RuleMeta, message: string, key: string, evidence: Record<string, unknown>) => {
    out.push({
      ruleId: rule.id,
      scanner: 'image',
      severity: rule.severity,
      title: rule.title,
      message,
      location: { path: CONFIG_PATH, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
      cwe: [...rule.cwe],
      fingerprint: fingerprint(rule.id, CONFIG_PATH, key),
      fix: rule.remediation,
      evidence: { image: what, ...evidence },
    });
  };

  // Windows images run as ContainerUser/ContainerAdministrator; root/UID 0 is a Linux notion.
  const windows = config.os?.toLowerCase() === 'windows';
  const user = (config.user ?? '').trim();
  const uid = user.split(':')[0]!.trim();
  if (!windows && (uid === '' || uid === 'root' || uid === '0')) {
    add(RUN_AS_ROOT, user === '' ? `${what} sets no USER: processes run as root` : `${what} runs as USER ${user} (root)`, 'user', { where: 'config.User', user });
  } else if (windows && /^containeradministrator$/i.test(uid)) {
    add(RUN_AS_ROOT, `${what} runs as USER ${user} (administrator)`, 'user', { where: 'config.User', user });
  }

  for (const p of config.exposedPorts) {
    if (/^22(\/tcp)?$/i.test(p.trim())) add(SSH_EXPOSED, `${what} exposes ${p} (SSH)`, `port:22`, { where: 'config.ExposedPorts', port: p });
  }

  const hc = config.healthcheck;
  if (!hc || hc.length === 0 || hc[0]?.toUpperCase() === 'NONE') {
    add(HEALTHCHECK_MISSING, hc?.[0]?.toUpperCase() === 'NONE' ? `${what} disables its health check (HEALTHCHECK NONE)` : `${what} declares no HEALTHCHECK`, 'healthcheck', { where: 'config.Healthcheck' });
  }

  baseImage(config, ctx, (ref, where, why) => add(BASE_IMAGE_LATEST, `${what} was built FROM ${ref} (${why})`, `base:${ref}`, { where, baseImage: ref }));

  config.history.forEach((h, i) => {
    if (!h.createdBy) return;
    historyRules(parseHistoryStep(h.createdBy), (rule, message, key) =>
      add(rule, `history step ${i + 1}: ${message}`, key, { where: `history[${i}].created_by` }),
    );
  });
  return out;
}

const BASE_NAME_KEY = 'org.opencontainers.image.base.name';

function baseImage(config: ImageConfig, ctx: ConfigContext, report: (ref: string, where: string, why: string) => void): void {
  // The annotation or label is the builder's own statement; a history FROM is the next best.
  let ref = ctx.annotations?.[BASE_NAME_KEY];
  let where = 'manifest annotation ' + BASE_NAME_KEY;
  if (!ref) {
    ref = config.labels[BASE_NAME_KEY];
    where = 'config.Labels ' + BASE_NAME_KEY;
  }
  if (!ref) {
    // The last FROM in the history is this image's base; earlier ones belong to the base's own builds.
    for (let i = config.history.length - 1; i >= 0 && !ref; i--) {
      const b = historyBase(config.history[i]!);
      if (b) {
        ref = b;
        where = `history[${i}]`;
      }
    }
  }
  if (!ref || ref === 'scratch' || isImageId(ref)) return;
  const r = splitReference(ref);
  if (r.digest) return; // pinned: the tag no longer matters
  if (r.tag === undefined) report(ref, where, 'no tag: implicitly latest');
  else if (r.tag.toLowerCase() === 'latest') report(ref, where, 'the latest tag');
}

/** Command words of a shell script, split at separators; cheap and linear, quotes stripped. */
function commands(script: string): string[][] {
  const out: string[][] = [];
  for (const part of script.split(/&&|\|\||[;|\n&()`]/)) {
    const words = part.trim().split(/\s+/).filter(Boolean).map((w) => w.replace(/^["']|["']$/g, ''));
    if (words.length) out.push(words);
  }
  return out;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'python', 'python3', 'perl', 'ruby', 'node', 'php']);
const base = (w: string | undefined) => (w ?? '').replace(/^.*\//, '');

/**
 * True for a chmod mode that grants write to others: octal with the 002 bit (but not with the
 * sticky bit: `chmod 1777 /tmp` is how shared temp dirs are meant to be), or a symbolic clause
 * such as `o+w`, `a+rwx`, `ugo=rw`.
 */
export function worldWritableMode(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const v = parseInt(mode, 8);
    return (v & 0o002) !== 0 && (v & 0o1000) === 0;
  }
  // Who-letters first, then the operator: one unambiguous run each (no backtracking between them).
  return mode.split(',').some((c) => {
    const m = /^([ugoa]*)[+=][rwxXst]*w/.exec(c);
    return m !== null && /[oa]/.test(m[1]!);
  });
}

/** Drops `user:pass@` and the query (`?token=...`) from a URL so a message never carries credentials. */
function safeUrl(u: string): string {
  return u.replace(/^(https?:\/\/)[^/@\s]*@/i, '$1').replace(/[?#].*$/, '').slice(0, 200);
}

/**
 * The step as a message may show it: without the build-arg prefix (`|1 TOKEN=...`), URL
 * credentials or `-u user:password`, which a `created_by` often carries.
 */
export function safeStep(createdBy: string): string {
  const step = parseHistoryStep(createdBy);
  return `${step.keyword} ${step.text}`
    .replace(/\b(\w+:\/\/)[^/@\s]*@/g, '$1…@')
    .replace(/(\s(?:-u|--user|--password|-p)[\s=])\S+/g, '$1…')
    .replace(/\s+/g, ' ')
    .slice(0, 120);
}


function historyRules(step: HistoryStep, report: (rule: RuleMeta, message: string, key: string) => void): void {
  if (step.keyword === 'ADD') {
    if (/(^|\s)--checksum=/.test(step.text)) return;
    for (const w of step.text.split(/\s+/)) {
      if (/^https?:\/\//i.test(w) && !/\.git(#|$)/i.test(w)) report(ADD_REMOTE_URL, `ADD ${safeUrl(w)} without --checksum`, `add:${safeUrl(w)}`);
    }
    return;
  }
  if (step.keyword !== 'RUN') return;
  const script = step.text;
  const cmds = commands(script);
  for (const words of cmds) {
    // Skip leading VAR=value assignments: `DEBIAN_FRONTEND=noninteractive sudo apt-get ...`.
    let k = 0;
    while (k < words.length && /^[A-Za-z_]\w*=/.test(words[k]!)) k++;
    const tool = base(words[k]);
    if (tool === 'sudo') report(SUDO_IN_BUILD, `RUN uses sudo (${words.slice(k, k + 3).join(' ').slice(0, 80)})`, `sudo:${words.slice(k + 1, k + 2).join('')}`);
    if (tool === 'curl' && words.some((w) => w === '--insecure' || (/^-[a-zA-Z]+$/.test(w) && w.includes('k'))))
      report(INSECURE_DOWNLOAD, 'curl runs with TLS verification off (-k/--insecure)', 'curl-insecure');
    if (tool === 'wget' && words.includes('--no-check-certificate')) report(INSECURE_DOWNLOAD, 'wget runs with --no-check-certificate', 'wget-insecure');
    if (tool === 'chmod') {
      const mode = words.slice(k + 1).find((w) => !w.startsWith('-'));
      if (mode && worldWritableMode(mode)) report(WORLD_WRITABLE, `chmod ${mode} makes files world-writable`, `chmod:${mode}`);
    }
  }
  // `curl URL | sh`: the pipe is what matters, so look at the pipeline, not single commands.
  const pipe = /\b(curl|wget)\b[^|;&\n]*\|\s*(?:sudo\s+)?(?:[A-Za-z_]\w*=\S*\s+)*(?:\/\S*\/)?([a-z0-9]+)/g;
  for (const m of script.matchAll(pipe)) {
    if (SHELLS.has(m[2]!)) report(CURL_PIPE_SHELL, `${m[1]} output is piped into ${m[2]}`, `pipe:${m[1]}|${m[2]}`);
  }
  const subst = /\b((?:ba|z|k|da)?sh)\s+(?:-[a-z]+\s+)*["']?(?:\$\(|<\()\s*(curl|wget)\b/.exec(script);
  if (subst) report(CURL_PIPE_SHELL, `${subst[2]} output is run by ${subst[1]}`, `subst:${subst[2]}|${subst[1]}`);
}
