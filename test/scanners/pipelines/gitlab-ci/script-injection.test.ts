import { describe, expect, it } from 'vitest';
import { audit, hits, yml } from './helpers.js';

const ID = 'pipelines/gitlab-ci/script-injection';

describe(ID, () => {
  it('flags an unquoted commit message and MR title in scripts', () => {
    const src = yml(`
      stages: [check]
      changelog-check:
        stage: check
        script:
          - echo "checking"
          - ./tools/changelog --entry $CI_COMMIT_MESSAGE
          - ./notify.sh \${CI_MERGE_REQUEST_TITLE}
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:6', '.gitlab-ci.yml:7']);
  });

  it('flags a quoted expansion handed to an interpreter and a block script line', () => {
    const src = yml(`
      lint-title:
        rules:
          - if: $CI_PIPELINE_SOURCE == "merge_request_event"
        script:
          - python3 -c "print('$CI_MERGE_REQUEST_TITLE'.lower())"
          - |
            echo start
            git fetch origin $CI_COMMIT_REF_NAME
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:5', '.gitlab-ci.yml:8']);
    expect(audit(src).findings.filter((f) => f.ruleId === ID).map((f) => f.severity)).toEqual(['high', 'medium']);
  });

  it('follows a variable that copies a tainted value', () => {
    const src = yml(`
      variables:
        TITLE: $CI_MERGE_REQUEST_TITLE
      announce:
        script:
          - curl -X POST -d text=$TITLE https://chat.internal/hook
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:5']);
  });

  it('sees an unquoted expansion inside a quoted command substitution', () => {
    const src = yml(`
      summary:
        script:
          - SUMMARY="$(echo $CI_COMMIT_DESCRIPTION | head -n 1)"
          - echo "$(printf '%s' "$CI_COMMIT_DESCRIPTION")"
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:3']);
  });

  it('points at the unquoted use in a block script, not an earlier quoted one', () => {
    const src = yml(`
      tag-release:
        script:
          - |
            echo "Releasing: $CI_COMMIT_TITLE"
            git tag -a v1 -m $CI_COMMIT_TITLE
    `);
    const f = audit(src).findings.filter((x) => x.ruleId === ID);
    expect(f.map((x) => `${x.location.startLine}:${x.location.startColumn}`)).toEqual(['5:24']);
  });

  it('leaves quoted, single-quoted and slug forms alone', () => {
    const src = yml(`
      build:
        script:
          - echo "$CI_COMMIT_MESSAGE"
          - echo '$CI_COMMIT_TITLE'
          - docker build -t app:$CI_COMMIT_REF_SLUG .
          - git checkout $CI_COMMIT_REF_NAME
          - export SUBJECT=$CI_COMMIT_TITLE
    `);
    expect(hits(src, ID)).toEqual([]);
  });
});
