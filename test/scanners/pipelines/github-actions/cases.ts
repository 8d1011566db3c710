/**
 * Flagged and clean examples per rule. In a flagged example, each line ending in `#!` is where a
 * finding of that rule must start (the marker is stripped nowhere: it is a YAML/shell comment).
 */
export interface RuleCases {
  flagged: { path?: string; yaml: string }[];
  clean: { path?: string; yaml: string }[];
}

const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';

export const CASES: Record<string, RuleCases> = {
  'expression-injection': {
    flagged: [
      {
        yaml: `name: triage
on:
  issues:
    types: [opened]
permissions: {}
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "New issue: \${{ github.event.issue.title }}" #!
          ./scripts/label.sh
`,
      },
      {
        yaml: `on: pull_request_target
permissions:
  pull-requests: write
env:
  BRANCH: \${{ github.head_ref }}
jobs:
  comment:
    runs-on: ubuntu-latest
    steps:
      - id: meta
        run: echo "title=\${{ github.event.pull_request.title }}" >> "$GITHUB_OUTPUT" #!
      - uses: actions/github-script@${SHA}
        with:
          script: |
            const t = "\${{ steps.meta.outputs.title }}"; #!
            console.log(t)
      - run: git log origin/\${{ env.BRANCH }} #!
      - run: echo '\${{ toJSON(github.event.pull_request) }}' > event.json #!
`,
      },
      {
        yaml: `on:
  discussion:
    types: [created]
permissions: {}
jobs:
  meta:
    runs-on: ubuntu-latest
    outputs:
      topic: \${{ steps.read.outputs.topic }}
    steps:
      - id: read
        env:
          TITLE: \${{ github.event.discussion.title }}
        run: echo "topic=$TITLE" >> "$GITHUB_OUTPUT"
  post:
    needs: meta
    runs-on: ubuntu-latest
    steps:
      - run: ./post.sh "\${{ needs.meta.outputs.topic }}" #!
`,
      },
      {
        yaml: `on:
  pull_request_review:
    types: [submitted]
permissions: {}
jobs:
  relay:
    runs-on: ubuntu-latest
    steps:
      - id: review
        env:
          REVIEW: \${{ github.event.review.body }}
        run: |
          {
            echo "text<<END_OF_TEXT"
            echo "$REVIEW"
            echo "END_OF_TEXT"
          } >> "$GITHUB_OUTPUT"
      - run: |
          cat <<'NOTE'
          \${{ steps.review.outputs.text }} #!
          NOTE
`,
      },
    ],
    clean: [
      {
        yaml: `on:
  issue_comment:
    types: [created]
permissions: {}
jobs:
  echo:
    runs-on: ubuntu-latest
    steps:
      - env:
          BODY: \${{ github.event.comment.body }}
        run: echo "$BODY" | wc -c
      - run: echo "\${{ github.event.comment.id }} by \${{ github.repository }}"
      - run: echo "kind=\${{ github.event.issue.pull_request && 'pr' || 'issue' }}"
`,
      },
    ],
  },
  'input-interpolation': {
    flagged: [
      {
        yaml: `on:
  workflow_call:
    inputs:
      target:
        type: string
        required: true
permissions: {}
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh \${{ inputs.target }} #!
`,
      },
      {
        path: 'tools/lint/action.yml',
        yaml: `name: lint
inputs:
  files:
    description: files to lint
runs:
  using: composite
  steps:
    - shell: bash
      run: eslint \${{ inputs.files }} #!
`,
      },
    ],
    clean: [
      {
        yaml: `on:
  workflow_call:
    inputs:
      target:
        type: string
      dry:
        type: boolean
permissions: {}
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - env:
          TARGET: \${{ inputs.target }}
        run: ./deploy.sh "$TARGET" --dry=\${{ inputs.dry }}
`,
      },
    ],
  },
  'untrusted-checkout': {
    flagged: [
      {
        yaml: `on: pull_request_target
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA}
        with:
          ref: \${{ github.event.pull_request.head.sha }} #!
          repository: \${{ github.event.pull_request.head.repo.full_name }}
          persist-credentials: false
      - run: npm ci && npm test
`,
      },
      {
        yaml: `on:
  issue_comment:
    types: [created]
permissions: {}
jobs:
  bench:
    if: github.event.issue.pull_request && github.event.comment.body == '/bench'
    runs-on: ubuntu-latest
    steps:
      - run: |
          gh pr checkout \${{ github.event.issue.number }} #!
          make bench
`,
      },
    ],
    clean: [
      {
        yaml: `on: pull_request
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA}
        with:
          ref: \${{ github.event.pull_request.head.sha }}
          persist-credentials: false
`,
      },
      {
        yaml: `on: pull_request_target
permissions:
  pull-requests: write
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@${SHA}
`,
      },
    ],
  },
  'workflow-run-artifact': {
    flagged: [
      {
        yaml: `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
permissions:
  pull-requests: write
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@${SHA} #!
        with:
          name: coverage
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ github.token }}
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@${SHA}
        with:
          name: dist
`,
      },
    ],
  },
  'untrusted-github-env': {
    flagged: [
      {
        yaml: `on: pull_request_target
permissions: {}
jobs:
  env:
    runs-on: ubuntu-latest
    steps:
      - env:
          REF: \${{ github.event.pull_request.head.ref }}
        run: |
          echo "PR_REF=$REF" >> "$GITHUB_ENV" #!
`,
      },
      {
        yaml: `on: pull_request
permissions: {}
jobs:
  env:
    runs-on: ubuntu-latest
    steps:
      - run: echo "BRANCH=\${GITHUB_HEAD_REF}" >> $GITHUB_ENV #!
      - run: echo "/opt/\${{ github.event.pull_request.head.ref }}/bin" >> $GITHUB_PATH #!
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  env:
    runs-on: ubuntu-latest
    steps:
      - run: echo "BUILD_DATE=$(date -u +%F)" >> "$GITHUB_ENV"
`,
      },
    ],
  },
  'unsecure-commands': {
    flagged: [
      {
        yaml: `on: push
permissions: {}
env:
  ACTIONS_ALLOW_UNSECURE_COMMANDS: true #!
jobs:
  old:
    runs-on: ubuntu-latest
    steps:
      - run: echo "::add-path::/opt/tool/bin"
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  new:
    runs-on: ubuntu-latest
    steps:
      - run: echo "/opt/tool/bin" >> "$GITHUB_PATH"
        env:
          ACTIONS_ALLOW_UNSECURE_COMMANDS: false
`,
      },
    ],
  },
  'spoofable-bot-condition': {
    flagged: [
      {
        yaml: `on: pull_request_target
permissions:
  contents: write
  pull-requests: write
jobs:
  automerge:
    if: github.actor == 'dependabot[bot]' #!
    runs-on: ubuntu-latest
    steps:
      - run: gh pr merge --auto --squash "$PR"
        env:
          PR: \${{ github.event.pull_request.html_url }}
          GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
`,
      },
    ],
    clean: [
      {
        yaml: `on: pull_request_target
permissions:
  contents: write
  pull-requests: write
jobs:
  automerge:
    if: github.event.pull_request.user.login == 'dependabot[bot]' && github.repository == 'acme/web'
    runs-on: ubuntu-latest
    steps:
      - run: gh pr merge --auto --squash "$PR"
        env:
          PR: \${{ github.event.pull_request.html_url }}
`,
      },
    ],
  },
  'unpinned-action': {
    flagged: [
      {
        yaml: `on: push
permissions: {}
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: golangci/golangci-lint-action@v6 #!
      - uses: acme/internal-tool@main #!
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: golangci/golangci-lint-action@${SHA} # v6.1.0
      - uses: ./.github/actions/setup
`,
      },
    ],
  },
  'unpinned-first-party-action': {
    flagged: [
      {
        yaml: `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4 #!
      - uses: github/codeql-action/init@v3 #!
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@${SHA} # v4.1.0
`,
      },
    ],
  },
  'unpinned-reusable-workflow': {
    flagged: [
      {
        yaml: `on: push
permissions:
  contents: read
jobs:
  release:
    uses: acme/shared-workflows/.github/workflows/release.yml@v2 #!
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions:
  contents: read
jobs:
  local:
    uses: ./.github/workflows/build.yml
  shared:
    uses: acme/shared-workflows/.github/workflows/release.yml@${SHA}
`,
      },
    ],
  },
  'unpinned-docker-action': {
    flagged: [
      {
        yaml: `on: push
permissions: {}
jobs:
  scan:
    runs-on: ubuntu-latest
    steps:
      - uses: docker://alpine:3.20 #!
        with:
          args: echo hi
`,
      },
      {
        path: 'action.yaml',
        yaml: `name: hadolint
runs:
  using: docker
  image: docker://hadolint/hadolint:latest #!
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  scan:
    runs-on: ubuntu-latest
    steps:
      - uses: docker://alpine@sha256:${'a'.repeat(64)}
`,
      },
      {
        path: 'action.yaml',
        yaml: `name: hadolint
runs:
  using: docker
  image: Dockerfile
`,
      },
    ],
  },
  'compromised-action': {
    flagged: [
      {
        yaml: `on: pull_request
permissions: {}
jobs:
  changed:
    runs-on: ubuntu-latest
    steps:
      - uses: tj-actions/changed-files@v45 #!
      - uses: tj-actions/changed-files@0e58ed8671d6b60d0890c21b07f8835ace038e67 #!
      - uses: reviewdog/action-setup@f0d342d24037bb11d26b9bd8496e0808ba32e9ec #!
`,
      },
    ],
    clean: [
      {
        yaml: `on: pull_request
permissions: {}
jobs:
  changed:
    runs-on: ubuntu-latest
    steps:
      - uses: tj-actions/changed-files@v46.0.1
      - uses: reviewdog/action-setup@v1.3.2
`,
      },
    ],
  },
  'excessive-permissions': {
    flagged: [
      {
        yaml: `on: push
permissions: write-all #!
jobs:
  build:
    runs-on: ubuntu-latest
    permissions: write-all #!
    steps:
      - run: make
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: read-all
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - run: make
`,
      },
    ],
  },
  'default-permissions': {
    flagged: [
      {
        yaml: `on: push
jobs:
  build: #!
    runs-on: ubuntu-latest
    steps:
      - run: make
  publish:
    runs-on: ubuntu-latest
    permissions:
      packages: write
    steps:
      - run: make publish
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
      },
      {
        yaml: `on:
  workflow_call:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
      },
    ],
  },
  'checkout-persist-credentials': {
    flagged: [
      {
        yaml: `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA} #!
      - run: make
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA}
        with:
          persist-credentials: false
      - run: make
`,
      },
    ],
  },
  'credentials-in-artifact': {
    flagged: [
      {
        yaml: `on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA}
      - run: make
      - uses: actions/upload-artifact@${SHA}
        with:
          name: workspace
          path: . #!
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA}
        with:
          persist-credentials: false
      - uses: actions/upload-artifact@${SHA}
        with:
          name: workspace
          path: .
      - uses: actions/upload-artifact@${SHA}
        with:
          name: dist
          path: dist/
`,
      },
    ],
  },
  'cache-poisoning': {
    flagged: [
      {
        yaml: `on:
  push:
    tags: ['v*']
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@${SHA}
        with:
          node-version: 20
          cache: npm #!
      - uses: actions/cache@${SHA} #!
        with:
          path: ~/.cache/build
          key: build-\${{ hashFiles('package-lock.json') }}
      - run: npm ci && npm publish
`,
      },
    ],
    clean: [
      {
        yaml: `on:
  pull_request:
  push:
    branches: [main]
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@${SHA}
        with:
          cache: npm
`,
      },
      {
        yaml: `on:
  release:
    types: [published]
permissions: {}
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@${SHA}
        with:
          node-version: 20
      - run: npm ci && npm publish
`,
      },
    ],
  },
  'secrets-inherit': {
    flagged: [
      {
        yaml: `on: push
permissions:
  contents: read
jobs:
  deploy:
    uses: ./.github/workflows/deploy.yml
    secrets: inherit #!
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions:
  contents: read
jobs:
  deploy:
    uses: ./.github/workflows/deploy.yml
    secrets:
      DEPLOY_KEY: \${{ secrets.DEPLOY_KEY }}
`,
      },
    ],
  },
  'self-hosted-runner-pr': {
    flagged: [
      {
        yaml: `on: [push, pull_request]
permissions: {}
jobs:
  gpu-tests:
    runs-on: [self-hosted, linux, gpu] #!
    steps:
      - run: make test
`,
      },
      {
        yaml: `on:
  pull_request:
permissions: {}
jobs:
  test:
    strategy:
      matrix:
        os: [ubuntu-latest]
        include:
          - os: self-hosted
    runs-on: \${{ matrix.os }} #!
    steps:
      - run: make test
`,
      },
    ],
    clean: [
      {
        yaml: `on:
  push:
    branches: [main]
permissions: {}
jobs:
  deploy:
    runs-on: [self-hosted, linux]
    steps:
      - run: make deploy
`,
      },
    ],
  },
  'secrets-dump': {
    flagged: [
      {
        yaml: `on: push
permissions: {}
jobs:
  debug:
    runs-on: ubuntu-latest
    steps:
      - env:
          ALL: \${{ toJSON(secrets) }} #!
        run: ./configure.sh
`,
      },
      {
        yaml: `on: push
permissions: {}
jobs:
  deploy:
    strategy:
      matrix:
        stage: [dev, prod]
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
        env:
          TOKEN: \${{ secrets[format('{0}_DEPLOY_TOKEN', matrix.stage)] }} #!
          OTHER: \${{ secrets['LEGACY_TOKEN'] }}
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  debug:
    runs-on: ubuntu-latest
    steps:
      - env:
          TOKEN: \${{ secrets.NPM_TOKEN }}
          CTX: \${{ toJSON(github.event.inputs) }}
        run: ./configure.sh
`,
      },
    ],
  },
  'hardcoded-container-credentials': {
    flagged: [
      {
        yaml: `on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: registry.acme.dev/ci/node:20
      credentials:
        username: ci
        password: hunter2-ci-pass #!
    services:
      db:
        image: registry.acme.dev/ci/postgres:16
        credentials:
          username: ci
          password: "p4ss-db" #!
    steps:
      - run: npm test
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: registry.acme.dev/ci/node:20
      credentials:
        username: \${{ github.actor }}
        password: \${{ secrets.REGISTRY_TOKEN }}
    steps:
      - run: npm test
`,
      },
    ],
  },
  'unpinned-container-image': {
    flagged: [
      {
        yaml: `on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    container: node #!
    services:
      cache:
        image: redis:latest #!
      db:
        image: localhost:5000/postgres #!
    steps:
      - run: npm test
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: node:20.11-bookworm
    services:
      db:
        image: localhost:5000/postgres:16
      cache:
        image: redis@sha256:${'b'.repeat(64)}
      dyn:
        image: \${{ matrix.image }}
    steps:
      - run: npm test
`,
      },
    ],
  },
  'unredacted-secret-field': {
    flagged: [
      {
        yaml: `on: push
permissions: {}
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./login.sh
        env:
          USER: \${{ fromJSON(secrets.CLOUD_CREDS).user }} #!
          KEY: \${{ fromJSON(secrets.CLOUD_CREDS).key }} #!
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./login.sh
        env:
          KEY: \${{ secrets.CLOUD_KEY }}
          CFG: \${{ fromJSON(vars.CLOUD_CONFIG).region }}
`,
      },
    ],
  },
  'curl-pipe-shell': {
    flagged: [
      {
        yaml: `on: push
permissions: {}
jobs:
  tools:
    runs-on: ubuntu-latest
    steps:
      - run: |
          set -e
          curl -fsSL https://get.example.dev/install.sh | sudo bash #!
          bash <(wget -qO- https://tools.example.dev/setup) #!
`,
      },
    ],
    clean: [
      {
        yaml: `on: push
permissions: {}
jobs:
  tools:
    runs-on: ubuntu-latest
    steps:
      - run: |
          curl -fsSLo install.sh https://get.example.dev/v1.4.2/install.sh
          echo "4f1c7a0e2d  install.sh" | sha256sum -c -
          # curl https://get.example.dev | sh  (old way)
          curl -s https://api.example.dev/health | jq .status
          sh install.sh
`,
      },
    ],
  },
};
