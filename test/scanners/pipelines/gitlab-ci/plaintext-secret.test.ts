import { describe, expect, it } from 'vitest';
import { hits, yml } from './helpers.js';

const ID = 'pipelines/gitlab-ci/plaintext-secret';

describe(ID, () => {
  it('flags literal tokens, passwords and keys in global, job and template variables', () => {
    const src = yml(`
      variables:
        SONAR_TOKEN: "sq_3f9a1c0d7e2b44a8b6c5"
      .deploy-base:
        variables:
          REGISTRY_PASSWORD:
            value: "Wint3r-is-c0ming"
            description: registry login
      upload:
        extends: .deploy-base
        variables:
          STORAGE_ACCESS_KEY: AKQX7RTY2M4N6P8B0C2D
        script: [./upload.sh]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:2', '.gitlab-ci.yml:6', '.gitlab-ci.yml:11']);
  });

  it('flags a well-known token format under any variable name', () => {
    const src = yml(`
      mirror:
        variables:
          UPSTREAM_AUTH: glpat-Zq8vR3mK1tXw7yB2nL5p
        script: [./mirror.sh]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:3']);
  });

  it('accepts references, file paths, test databases and non-secret names', () => {
    const src = yml(`
      variables:
        SONAR_TOKEN: $SONAR_TOKEN_MASKED
        KUBE_TOKEN_FILE: /var/run/secrets/token
        SECRET_DETECTION_HISTORIC_SCAN: "true"
        POSTGRES_PASSWORD: postgres
        TOKEN_URL: https://auth.example.com/oauth/token
        CACHE_KEY: dependencies-v2
      test:
        script: [make test]
    `);
    expect(hits(src, ID)).toEqual([]);
  });
});
