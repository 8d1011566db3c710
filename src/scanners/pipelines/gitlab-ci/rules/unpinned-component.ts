import { posOf } from '../parse.js';
import type { GitlabRule } from './types.js';

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;
const FULL_VERSION = /^v?\d+\.\d+\.\d+(?:[-+][\w.]+)?$/;
const PARTIAL_VERSION = /^v?\d+(?:\.\d+)?$/;

export const unpinnedComponent: GitlabRule = {
  id: 'pipelines/gitlab-ci/unpinned-component',
  title: 'CI/CD component not pinned to a version',
  severity: 'medium',
  cwe: [829],
  description:
    'A component included as `@~latest`, `@main` (any branch) or without a version runs whatever its project publishes next; a partial version such as `@1` floats to the newest matching release.',
  remediation: 'Include components at a full release version or, better, a commit SHA: `component: $CI_SERVER_FQDN/group/proj/name@<sha>`.',
  references: ['https://docs.gitlab.com/ci/components/'],
  check(p, report) {
    for (const inc of p.includes) {
      if (inc.kind !== 'component') continue;
      const at = posOf(inc.node);
      const i = inc.target.lastIndexOf('@');
      const version = i < 0 ? '' : inc.target.slice(i + 1);
      const name = i < 0 ? inc.target : inc.target.slice(0, i);
      const identity = `component:${name}`;
      if (version === '' || version === '~latest') {
        report({ at, message: `Component '${name}' is included ${version ? 'at ~latest' : 'without a version'}.`, identity, severity: 'high' });
      } else if (SHA.test(version) || FULL_VERSION.test(version) || version.startsWith('$')) {
        continue;
      } else if (PARTIAL_VERSION.test(version)) {
        report({ at, message: `Component '${name}@${version}' floats to the newest matching release.`, identity, severity: 'low' });
      } else {
        report({ at, message: `Component '${name}' is included at '${version}', a branch or moving ref.`, identity });
      }
    }
  },
};
