import { describe, expect, it } from 'vitest';
import { hits, yml } from './helpers.js';

const ID = 'pipelines/gitlab-ci/tls-verify-disabled';

describe(ID, () => {
  it('flags GIT_SSL_NO_VERIFY and NODE_TLS_REJECT_UNAUTHORIZED=0', () => {
    const src = yml(`
      variables:
        GIT_SSL_NO_VERIFY: "true"
      e2e:
        variables:
          NODE_TLS_REJECT_UNAUTHORIZED: "0"
        script: [npm run e2e]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:2', '.gitlab-ci.yml:5']);
  });

  it('flags curl -k, wget --no-check-certificate and git sslVerify=false in scripts', () => {
    const src = yml(`
      fetch:
        script:
          - curl -fsSk -o tool.tgz https://artifacts.internal/tool.tgz
          - wget --no-check-certificate https://artifacts.internal/data.zip
          - git -c http.sslVerify=false clone https://git.internal/infra.git
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:3', '.gitlab-ci.yml:4', '.gitlab-ci.yml:5']);
  });

  it('accepts verification left on', () => {
    const src = yml(`
      variables:
        GIT_SSL_NO_VERIFY: "false"
        NODE_TLS_REJECT_UNAUTHORIZED: "1"
      e2e:
        script:
          - curl -fsSL -H "X-Kind: nightly" -o report.json https://api.example.dev/report
          - curl --cacert ca.pem https://artifacts.internal/tool.tgz
          - npm run e2e
    `);
    expect(hits(src, ID)).toEqual([]);
  });
});
