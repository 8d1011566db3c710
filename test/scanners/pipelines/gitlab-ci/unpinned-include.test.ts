import { describe, expect, it } from 'vitest';
import { hits, yml } from './helpers.js';

const ID = 'pipelines/gitlab-ci/unpinned-include';

describe(ID, () => {
  it('flags project includes without ref or on a branch, and http/unverified remote includes', () => {
    const src = yml(`
      include:
        - project: platform/ci-templates
          file: /jobs/build.yml
        - project: platform/security
          ref: main
          file: [/sast.yml, /dast.yml]
        - remote: http://ci.example.org/common.yml
        - https://ci.example.org/lint.yml
      build:
        script: [make]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:2', '.gitlab-ci.yml:5', '.gitlab-ci.yml:7', '.gitlab-ci.yml:8']);
  });

  it('accepts SHA and version refs, remote with integrity, templates and local files', () => {
    const src = yml(`
      include:
        - project: platform/ci-templates
          ref: 0f4c3a1b2d5e6f708192a3b4c5d6e7f8091a2b3c
          file: /jobs/build.yml
        - project: platform/security
          ref: v3.2.1
          file: /sast.yml
        - remote: https://ci.example.org/common.yml
          integrity: sha256-L8Q1q0JtR9oVn5T3bqUaX2m6aQH7o4bM3cQyH0yYx1E=
        - project: platform/deploy
          ref: $DEPLOY_TEMPLATES_REF
          file: /deploy.yml
        - template: Security/SAST.gitlab-ci.yml
        - local: /ci/build.yml
      build:
        script: [make]
    `);
    expect(hits(src, ID, { 'ci/build.yml': 'lint:\n  script: [make lint]\n' })).toEqual([]);
  });
});
