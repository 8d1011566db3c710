import { describe, expect, it } from 'vitest';
import { hits, yml } from './helpers.js';

const ID = 'pipelines/gitlab-ci/curl-pipe-shell';

describe(ID, () => {
  it('flags downloads piped or substituted into a shell', () => {
    const src = yml(`
      setup:
        before_script:
          - curl -fsSL https://get.example.dev/install.sh | sudo bash -s -- --yes
        script:
          - wget -qO- https://tools.example.dev/setup | sh
          - |
            echo "bootstrapping"
            bash <(curl -s https://bootstrap.example.dev)
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:3', '.gitlab-ci.yml:5', '.gitlab-ci.yml:8']);
  });

  it('reports a template line shared by several jobs once', () => {
    const src = yml(`
      .tooling:
        before_script:
          - curl -sL https://tools.example.dev/install | bash
      lint:
        extends: .tooling
        script: [make lint]
      test:
        extends: .tooling
        script: [make test]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:3']);
  });

  it('accepts downloads that are checked before running', () => {
    const src = yml(`
      setup:
        script:
          - curl -fsSLo install.sh https://get.example.dev/install.sh
          - echo "4c1d6a...  install.sh" | sha256sum -c -
          - sh install.sh
          - curl -s https://api.example.dev/status | jq .state
    `);
    expect(hits(src, ID)).toEqual([]);
  });
});
