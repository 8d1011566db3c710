import { describe, expect, it } from 'vitest';
import { hits, yml } from './helpers.js';

const ID = 'pipelines/gitlab-ci/cache-unprotect';

describe(ID, () => {
  it('flags unprotect: true in default and job caches, once per place', () => {
    const src = yml(`
      default:
        cache:
          key: deps-$CI_COMMIT_REF_SLUG
          paths: [node_modules/]
          unprotect: true
      test:
        script: [npm test]
      release:
        cache:
          - key: gradle
            paths: [.gradle/]
            unprotect: true
        script: [./gradlew publish]
      lint:
        script: [npm run lint]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:5', '.gitlab-ci.yml:12']);
  });

  it('accepts the default separated caches', () => {
    const src = yml(`
      default:
        cache:
          key: deps
          paths: [node_modules/]
          unprotect: false
      test:
        cache:
          key: test
          paths: [.cache/]
        script: [npm test]
    `);
    expect(hits(src, ID)).toEqual([]);
  });
});
