import { describe, expect, it } from 'vitest';
import { hits, yml } from './helpers.js';

const ID = 'pipelines/gitlab-ci/unrestricted-deploy';

describe(ID, () => {
  it('flags production deploys that any branch can run', () => {
    const src = yml(`
      stages: [build, deploy]
      deploy-prod:
        stage: deploy
        environment:
          name: production
          url: https://shop.example.com
        script: [./deploy.sh prod]
      push-live:
        environment: live
        rules:
          - if: $CI_PIPELINE_SOURCE == "push"
        script: [./deploy.sh live]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:5', '.gitlab-ci.yml:9']);
  });

  it('flags a deploy-stage job without environment, as low', () => {
    const src = yml(`
      publish-docs:
        stage: deploy
        script: [./publish.sh]
      downstream:
        stage: deploy
        trigger:
          project: acme/deployer
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:1']);
  });

  it('accepts default-branch rules, tag rules, only: refs, review apps and workflow restrictions', () => {
    const src = yml(`
      deploy-prod:
        stage: deploy
        environment: production
        rules:
          - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
            when: manual
        script: [./deploy.sh]
      release:
        stage: deploy
        environment: production
        rules:
          - if: $CI_COMMIT_TAG
        script: [./release.sh]
      legacy-deploy:
        stage: deploy
        environment: prod
        only: [main]
        script: [./deploy.sh]
      review:
        stage: deploy
        environment:
          name: review/$CI_COMMIT_REF_SLUG
        script: [./review.sh]
    `);
    expect(hits(src, ID)).toEqual([]);
    const wf = yml(`
      workflow:
        rules:
          - if: $CI_COMMIT_REF_PROTECTED == "true"
      deploy:
        environment: production
        script: [./deploy.sh]
    `);
    expect(hits(wf, ID)).toEqual([]);
  });

  it('does not guess when rules come from a template or reference it cannot see', () => {
    const src = yml(`
      include:
        - project: platform/ci
          ref: 4d5e6f708192a3b4c5d6e7f8091a2b3c0f4c3a1b
          file: /deploy.yml
      deploy-prod:
        extends: .platform-deploy
        environment: production
        script: [./deploy.sh]
      deploy-eu:
        environment: production-eu
        rules:
          - !reference [.platform-rules, protected]
        script: [./deploy.sh eu]
      deploy-us:
        environment: production-us
        only:
          variables:
            - $CI_COMMIT_REF_NAME == "main"
        script: [./deploy.sh us]
    `);
    expect(hits(src, ID)).toEqual([]);
  });
});
