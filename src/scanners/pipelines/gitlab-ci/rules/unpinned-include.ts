import { posOf } from '../parse.js';
import type { GitlabRule } from './types.js';

const BRANCHY = /^(?:main|master|develop|development|dev|trunk|head|latest|stable|release|staging|production)$/i;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;

export const unpinnedInclude: GitlabRule = {
  id: 'pipelines/gitlab-ci/unpinned-include',
  title: 'Project or remote include not pinned',
  severity: 'high',
  cwe: [829],
  description:
    'An `include:` of another project without `ref:` (or with a branch as ref) pulls whatever that branch holds at pipeline time; a remote include fetched over plain HTTP or without `integrity:` can be replaced in transit or at the source. Whoever can change that content runs code in every pipeline of this project.',
  remediation:
    'Pin project includes to a commit SHA (or a protected tag) with `ref:`; fetch remote includes over HTTPS with an `integrity:` hash, or vendor the file into the repository.',
  references: ['https://docs.gitlab.com/ci/yaml/#include'],
  check(p, report) {
    for (const inc of p.includes) {
      if (inc.kind === 'project') {
        const at = posOf(inc.refNode ?? inc.node);
        if (inc.ref === undefined) {
          report({ at, message: `Include of project '${inc.target}' has no ref: it follows the project's default branch.`, identity: `project:${inc.target}:${inc.files.join(',')}` });
        } else if (inc.ref.includes('$')) {
          continue; // unknown is not false: a ref from a variable is not judged
        } else if (BRANCHY.test(inc.ref)) {
          report({ at, message: `Include of project '${inc.target}' uses ref '${inc.ref}', a moving branch; pin a commit SHA.`, identity: `project:${inc.target}:${inc.files.join(',')}`, severity: 'medium' });
        } else if (!SHA.test(inc.ref) && !/^v?\d+(?:\.\d+)*(?:[-+][\w.]+)?$/.test(inc.ref)) {
          report({ at, message: `Include of project '${inc.target}' uses ref '${inc.ref}', which looks like a branch; pin a commit SHA.`, identity: `project:${inc.target}:${inc.files.join(',')}`, severity: 'medium' });
        }
      } else if (inc.kind === 'remote') {
        const at = posOf(inc.node);
        if (/^http:\/\//i.test(inc.target)) {
          report({ at, message: `Remote include '${inc.target}' is fetched over plain HTTP.`, identity: `remote:${inc.target}` });
        } else if (inc.integrity === undefined) {
          report({ at, message: `Remote include '${inc.target}' has no integrity hash; its content can change under you.`, identity: `remote:${inc.target}`, severity: 'medium' });
        }
      }
    }
  },
};
