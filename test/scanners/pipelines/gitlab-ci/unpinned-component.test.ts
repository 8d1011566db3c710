import { describe, expect, it } from 'vitest';
import { audit, hits, yml } from './helpers.js';

const ID = 'pipelines/gitlab-ci/unpinned-component';

describe(ID, () => {
  it('flags ~latest, branch and missing versions', () => {
    const src = yml(`
      include:
        - component: $CI_SERVER_FQDN/acme/components/go-build@~latest
        - component: $CI_SERVER_FQDN/acme/components/go-test@main
          inputs:
            stage: test
        - component: gitlab.example.com/acme/components/scan
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:2', '.gitlab-ci.yml:3', '.gitlab-ci.yml:6']);
    const sev = audit(src).findings.filter((f) => f.ruleId === ID).map((f) => f.severity);
    expect(sev).toEqual(['high', 'medium', 'high']);
  });

  it('accepts full versions and SHAs', () => {
    const src = yml(`
      include:
        - component: $CI_SERVER_FQDN/acme/components/go-build@2.4.0
        - component: $CI_SERVER_FQDN/acme/components/go-test@9b1e0c3a7d2f4e5b6a7c8d9e0f1a2b3c4d5e6f70
    `);
    expect(hits(src, ID)).toEqual([]);
  });
});
