import { get, ownerOf, posOf, type YNode } from '../parse.js';
import type { GitlabRule } from './types.js';

export const cacheUnprotect: GitlabRule = {
  id: 'pipelines/gitlab-ci/cache-unprotect',
  title: 'Cache shared between protected and unprotected branches',
  severity: 'medium',
  cwe: [349],
  description:
    'GitLab keeps separate caches for protected and unprotected refs. `cache: unprotect: true` merges them again, so a pipeline on any branch a developer pushes can plant dependencies or binaries in the cache that protected-branch and release jobs then restore and run.',
  remediation:
    'Remove `unprotect: true`. If unprotected pipelines need a warm cache, let them pull a cache built on a protected branch (policy: pull) rather than write one the release jobs read.',
  references: ['https://docs.gitlab.com/ci/caching/'],
  check(p, report) {
    const seen = new Set<string>();
    for (const job of p.jobs) {
      const cache = get(job.map, 'cache');
      const entries: YNode[] = cache?.kind === 'seq' ? cache.items : cache ? [cache] : [];
      for (const c of entries) {
        const un = get(c, 'unprotect');
        if (un?.kind !== 'scalar' || un.value !== true) continue;
        const at = posOf(un);
        const owner = ownerOf(p, un, job.name);
        const key = `${at.path}:${at.line}:${at.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        report({ at, message: `Cache of '${owner}' is shared with unprotected branches (unprotect: true).`, identity: `${owner}:cache-unprotect` });
      }
    }
  },
};
