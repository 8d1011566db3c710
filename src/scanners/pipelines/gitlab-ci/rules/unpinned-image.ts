import { get, posOf, str, type YNode } from '../parse.js';
import type { GitlabRule } from './types.js';

/** `name` of an image or service entry (string or `{ name: ... }`). */
export function imageName(n: YNode): { name: string; node: YNode } | undefined {
  if (n.kind === 'scalar') {
    const s = str(n);
    return s ? { name: s.trim(), node: n } : undefined;
  }
  const nameNode = get(n, 'name');
  const s = str(nameNode);
  return s && nameNode ? { name: s.trim(), node: nameNode } : undefined;
}

export function splitImage(ref: string): { repo: string; tag?: string; digest?: string } {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) { tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  return { repo: rest, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

export const unpinnedImage: GitlabRule = {
  id: 'pipelines/gitlab-ci/unpinned-image',
  title: 'Job image or service not pinned',
  severity: 'medium',
  cwe: [829, 494],
  description:
    'An image without a tag or tagged `latest` changes whenever its publisher pushes; any tag can be re-pointed. The job then runs code nobody reviewed, with the job\'s tokens and secrets. Images pinned by tag only are reported (low) in pedantic mode.',
  remediation: 'Pin images and services by digest (`image: node:20.11-alpine@sha256:…`), and let a bot such as Renovate bump the digest.',
  references: ['https://docs.gitlab.com/ci/yaml/#image'],
  check(p, report, options) {
    const seen = new Set<string>();
    for (const job of p.jobs) {
      const entries: { n: YNode; what: 'image' | 'service' }[] = [];
      const img = get(job.map, 'image');
      if (img) entries.push({ n: img, what: 'image' });
      const svc = get(job.map, 'services');
      if (svc?.kind === 'seq') for (const s of svc.items) entries.push({ n: s, what: 'service' });
      for (const { n, what } of entries) {
        const im = imageName(n);
        if (!im || im.name.includes('$') || im.name === '') continue;
        const { repo, tag, digest } = splitImage(im.name);
        if (digest) continue;
        const at = posOf(im.node);
        const key = `${at.path}:${at.line}:${at.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const identity = `${what}:${im.name}`;
        if (tag === undefined || tag === 'latest') {
          report({ at, message: `The ${what} '${im.name}' ${tag ? 'uses the latest tag' : 'has no tag'} (job '${job.name}'); it changes whenever ${repo} is pushed.`, identity });
        } else if (options.pedantic) {
          report({ at, message: `The ${what} '${im.name}' is pinned by tag only (job '${job.name}'); add a digest.`, identity, severity: 'low' });
        }
      }
    }
  },
};
