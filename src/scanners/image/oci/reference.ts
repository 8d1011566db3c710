/**
 * Image references as Docker spells them: `alpine`, `host:5000/team/app:1.2`,
 * `repo@sha256:<hex>`, `repo:tag@sha256:<hex>`. Short names mean Docker Hub (`docker.io`,
 * single names under `library/`); the Hub's API lives on `registry-1.docker.io`.
 */
import { ImageError } from '../types.js';
import { DIGEST_RE } from './manifest.js';

export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_API = 'registry-1.docker.io';

export interface ImageReference {
  /** Registry as users name it: `docker.io`, `ghcr.io`, `localhost:5000`, `[::1]:5000`. */
  registry: string;
  /** Host (and port) the Distribution API is served from. */
  apiHost: string;
  /** `library/alpine`, `team/app`. */
  repository: string;
  /** Absent only when the reference pins a digest and names no tag. */
  tag?: string;
  digest?: string;
}

const MAX_NAME = 255;
// One path component: lowercase alphanumerics joined by `.`, `_`, `__` or runs of `-`.
const COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const LABEL_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const PORT_RE = /^[0-9]{1,5}$/;
const IPV6_RE = /^\[[0-9A-Fa-f:.]{2,45}\]$/;

function isRegistryPart(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost' || part.startsWith('[');
}

function validHost(host: string): boolean {
  let name = host;
  let port: string | undefined;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return false;
    name = host.slice(0, end + 1);
    const rest = host.slice(end + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return false;
      port = rest.slice(1);
    }
    if (!IPV6_RE.test(name)) return false;
  } else {
    const colon = host.indexOf(':');
    if (colon >= 0) {
      name = host.slice(0, colon);
      port = host.slice(colon + 1);
    }
    if (name === '' || !name.split('.').every((l) => LABEL_RE.test(l))) return false;
  }
  return port === undefined || (PORT_RE.test(port) && Number(port) > 0 && Number(port) < 65536);
}

/** Parses and normalises a reference; any problem is an ImageError naming the reference. */
export function parseReference(input: string): ImageReference {
  const fail = (msg: string): never => {
    throw new ImageError(input, `invalid image reference: ${msg}`);
  };
  const text = input.trim();
  if (text === '') fail('empty');
  if (/[\s\\]/.test(text) || text.includes('://')) {
    fail('expected [registry/]repository[:tag][@digest], e.g. alpine:3.19 or ghcr.io/org/app@sha256:<64 hex>');
  }

  let name = text;
  let digest: string | undefined;
  const at = text.indexOf('@');
  if (at >= 0) {
    name = text.slice(0, at);
    digest = text.slice(at + 1);
    if (!DIGEST_RE.test(digest)) fail(`digest ${JSON.stringify(digest)} is not sha256:<64 lowercase hex> (or sha512:<128 hex>)`);
  }

  let registry = DOCKER_HUB;
  let remainder = name;
  const slash = name.indexOf('/');
  if (slash >= 0 && isRegistryPart(name.slice(0, slash))) {
    registry = name.slice(0, slash);
    remainder = name.slice(slash + 1);
    if (!validHost(registry)) fail(`registry host ${JSON.stringify(registry)} is not a valid host[:port]`);
  }

  let tag: string | undefined;
  const lastSlash = remainder.lastIndexOf('/');
  const colon = remainder.indexOf(':', lastSlash + 1);
  let repository = remainder;
  if (colon >= 0) {
    repository = remainder.slice(0, colon);
    tag = remainder.slice(colon + 1);
    if (!TAG_RE.test(tag)) fail(`tag ${JSON.stringify(tag)} must be 1-128 of [A-Za-z0-9_.-] and not start with . or -`);
  }
  if (repository === '') fail('missing repository name');
  const components = repository.split('/');
  for (const c of components) {
    if (c !== c.toLowerCase() && COMPONENT_RE.test(c.toLowerCase())) fail(`repository name ${JSON.stringify(repository)} must be lowercase`);
    if (!COMPONENT_RE.test(c)) fail(`repository path component ${JSON.stringify(c)} must be lowercase letters and digits separated by . _ __ or -`);
  }

  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && components.length === 1) repository = `library/${repository}`;
  if (registry.length + 1 + repository.length > MAX_NAME) fail(`name longer than ${MAX_NAME} characters`);
  if (tag === undefined && digest === undefined) tag = 'latest';

  return {
    registry,
    apiHost: registry === DOCKER_HUB ? DOCKER_HUB_API : registry,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** Canonical form: `docker.io/library/alpine:latest`, with `@digest` when pinned. */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** The manifest reference the API is asked for: the digest when pinned, else the tag. */
export function manifestRef(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}
