import { describe, expect, it } from 'vitest';
import { hits, yml } from './helpers.js';

const ID = 'pipelines/gitlab-ci/privileged-dind';

describe(ID, () => {
  it('flags TLS-less dind, port 2375 and docker run --privileged', () => {
    const src = yml(`
      variables:
        DOCKER_HOST: tcp://docker:2375
      image-build:
        image: docker:26.1
        services:
          - docker:26.1-dind
        variables:
          DOCKER_TLS_CERTDIR: ""
        script:
          - docker build -t app .
          - docker run --rm --privileged app ./selftest
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:2', '.gitlab-ci.yml:8', '.gitlab-ci.yml:11']);
  });

  it('flags a dind service started with --tls=false', () => {
    const src = yml(`
      build-image:
        image: docker:27.0
        services:
          - name: docker:27.0-dind
            command: ["--tls=false"]
        script: [docker build .]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:5']);
  });

  it('accepts dind with TLS certificates', () => {
    const src = yml(`
      image-build:
        image: docker:26.1
        services:
          - docker:26.1-dind
        variables:
          DOCKER_TLS_CERTDIR: "/certs"
          DOCKER_HOST: tcp://docker:2376
        script:
          - docker build -t app .
    `);
    expect(hits(src, ID)).toEqual([]);
  });
});
