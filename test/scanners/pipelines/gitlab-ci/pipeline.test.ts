import { describe, expect, it } from 'vitest';
import { audit, yml } from './helpers.js';

describe('whole pipelines', () => {
  it('a careful monorepo pipeline yields no finding', () => {
    const main = yml(`
      workflow:
        rules:
          - if: $CI_PIPELINE_SOURCE == "merge_request_event"
          - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
          - if: $CI_COMMIT_TAG

      include:
        - local: .gitlab/ci/rules.yml
        - project: platform/pipeline-library
          ref: 3c9d2e81f0a4b5c6d7e8f90a1b2c3d4e5f607182
          file:
            - /templates/node.yml
        - template: Jobs/SAST.gitlab-ci.yml
        - component: $CI_SERVER_FQDN/platform/components/container-scan@1.8.2

      stages: [build, test, package, deploy]

      variables:
        NODE_ENV: production
        DOCKER_TLS_CERTDIR: "/certs"
        PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"
        SECRET_DETECTION_HISTORIC_SCAN: "false"
        POSTGRES_PASSWORD: postgres

      default:
        image: node:20.12.2-bookworm@sha256:1f8c5b0c4b4e0d3a2c1b0a9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b
        interruptible: true

      build:
        stage: build
        script:
          - npm ci --prefer-offline
          - npm run build -- --mode "$NODE_ENV"
        artifacts:
          paths: [dist/]

      unit:
        stage: test
        services:
          - name: postgres@sha256:9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d
            alias: db
        script:
          - npm test
          - echo "Testing commit $CI_COMMIT_SHORT_SHA for \\"$CI_COMMIT_TITLE\\""

      package-image:
        stage: package
        image: docker@sha256:aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb44cc55dd66
        services:
          - docker@sha256:bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb44cc55dd66ee77
        variables:
          DOCKER_HOST: tcp://docker:2376
        script:
          - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
          - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
          - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"

      deploy-production:
        stage: deploy
        environment:
          name: production
          url: https://app.example.com
        rules:
          - !reference [.rules, default-branch-only]
        script:
          - ./scripts/deploy.sh "$CI_COMMIT_SHA"

      stop-review:
        stage: deploy
        environment:
          name: review/$CI_COMMIT_REF_SLUG
          action: stop
        when: manual
        script: [./scripts/teardown.sh]
    `);
    const rules = yml(`
      .rules:
        default-branch-only:
          - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
    `);
    const r = audit(main, { '.gitlab/ci/rules.yml': rules });
    expect(r.issues).toEqual([]);
    expect(r.findings.map((f) => `${f.ruleId}@${f.location.startLine}`)).toEqual([]);
  });

  it('a careless pipeline is flagged rule by rule at the right lines', () => {
    const src = yml(`
      include:
        - remote: https://raw.example.com/ci/common.yml
      variables:
        CI_DEBUG_TRACE: "true"
        DEPLOY_TOKEN: "dt-8f3k2m9q1x7z"
      build:
        image: maven
        script:
          - mvn -B package -Drevision=$CI_COMMIT_TITLE
      deploy:
        stage: deploy
        environment: production
        script:
          - curl -s https://deploy.example.com/run.sh | sh
    `);
    const got = audit(src).findings.map((f) => `${f.ruleId.split('/')[2]}@${f.location.startLine}`);
    expect(got).toEqual([
      'unpinned-include@2',
      'debug-trace@4',
      'plaintext-secret@5',
      'unpinned-image@7',
      'script-injection@9',
      'unrestricted-deploy@12',
      'curl-pipe-shell@14',
    ]);
  });

  it('honours inherit: default: false', () => {
    const src = yml(`
      default:
        image: alpine
      notify:
        inherit:
          default: false
        image: curlimages/curl:8.7.1@sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
        script: [curl -fsS https://status.example.com/ping]
    `);
    expect(audit(src).findings).toEqual([]);
  });
});
