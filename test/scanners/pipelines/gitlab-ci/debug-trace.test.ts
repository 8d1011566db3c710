import { describe, expect, it } from 'vitest';
import { hits, yml } from './helpers.js';

const ID = 'pipelines/gitlab-ci/debug-trace';

describe(ID, () => {
  it('flags CI_DEBUG_TRACE and CI_DEBUG_SERVICES turned on', () => {
    const src = yml(`
      variables:
        CI_DEBUG_TRACE: "true"
      flaky-test:
        variables:
          CI_DEBUG_SERVICES: "true"
        script: [make test]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:2', '.gitlab-ci.yml:5']);
  });

  it('accepts tracing turned off', () => {
    const src = yml(`
      variables:
        CI_DEBUG_TRACE: "false"
      test:
        script: [make test]
    `);
    expect(hits(src, ID)).toEqual([]);
  });
});
