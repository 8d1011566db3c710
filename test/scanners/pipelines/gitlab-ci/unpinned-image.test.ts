import { describe, expect, it } from 'vitest';
import { audit, hits, yml } from './helpers.js';

const ID = 'pipelines/gitlab-ci/unpinned-image';

describe(ID, () => {
  it('flags untagged and latest images; tag-only ones only in pedantic mode, as low', () => {
    const src = yml(`
      default:
        image: python
      unit:
        script: [pytest]
      integration:
        image:
          name: registry.example.com/tools/runner:latest
        services:
          - name: postgres:16.2
            alias: db
        script: [pytest -m integration]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:2', '.gitlab-ci.yml:7']);
    expect(hits(src, ID, {}, { pedantic: true })).toEqual(['.gitlab-ci.yml:2', '.gitlab-ci.yml:7', '.gitlab-ci.yml:9']);
    expect(audit(src, {}, { pedantic: true }).findings.filter((f) => f.ruleId === ID).map((f) => f.severity)).toEqual(['medium', 'medium', 'low']);
  });

  it('reports an image inherited from default: once, at its own line', () => {
    const src = yml(`
      default:
        image: golang
      vet:
        script: [go vet ./...]
      test:
        script: [go test ./...]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:2']);
  });

  it('sees images brought in by a YAML merge key', () => {
    const src = yml(`
      .defaults: &defaults
        image: ubuntu
      build:
        <<: *defaults
        script: [make]
    `);
    expect(hits(src, ID)).toEqual(['.gitlab-ci.yml:2']);
  });

  it('accepts digests and leaves variable images alone', () => {
    const src = yml(`
      build:
        image: node:20.11-alpine@sha256:0b3c6d0b7c2a7b4b2f1b0b7e5d3e2c1a0f9e8d7c6b5a49382716051423324150
        services:
          - redis@sha256:8d9c7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa998877665544
        script: [npm ci]
      release:
        image: $CI_REGISTRY_IMAGE/builder:$CI_COMMIT_SHA
        script: [make release]
    `);
    expect(hits(src, ID)).toEqual([]);
  });
});
