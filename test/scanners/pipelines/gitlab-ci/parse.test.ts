import { describe, expect, it } from 'vitest';
import { auditGitlabCi, isGitlabCiFile, parsePipeline } from '../../../../src/scanners/pipelines/gitlab-ci/index.js';
import { scriptLines } from '../../../../src/scanners/pipelines/gitlab-ci/parse.js';
import { audit, yml } from './helpers.js';
import { cpuTimed } from '../../../helpers/cpu-time.js';

describe('isGitlabCiFile', () => {
  it('accepts pipeline files and .gitlab/ci includes only', () => {
    expect(isGitlabCiFile('.gitlab-ci.yml')).toBe(true);
    expect(isGitlabCiFile('services/api/.gitlab-ci.yaml')).toBe(true);
    expect(isGitlabCiFile('.gitlab/ci/deploy.yml')).toBe(true);
    expect(isGitlabCiFile('.gitlab/ci/jobs/test.yaml')).toBe(true);
    expect(isGitlabCiFile('gitlab-ci.yml')).toBe(false);
    expect(isGitlabCiFile('.gitlab/issue_templates/bug.md')).toBe(false);
    expect(isGitlabCiFile('.github/workflows/ci.yml')).toBe(false);
  });
});

describe('parsePipeline', () => {
  it('resolves extends, default: and !reference', () => {
    const src = yml(`
      default:
        image: ruby:3.3
      .setup:
        before_script:
          - bundle install
      .base:
        extends: .setup
        variables:
          RAILS_ENV: test
      rspec:
        extends: .base
        variables:
          COVERAGE: "1"
        script:
          - !reference [.setup, before_script]
          - bundle exec rspec
    `);
    const { pipeline, issues } = parsePipeline('.gitlab-ci.yml', src, () => undefined);
    expect(issues).toEqual([]);
    const job = pipeline!.jobs.find((j) => j.name === 'rspec')!;
    expect(pipeline!.jobs.map((j) => j.name)).toEqual(['rspec']);
    expect([...job.variables.keys()].sort()).toEqual(['COVERAGE', 'RAILS_ENV']);
    expect(scriptLines(pipeline!, job).map((l) => `${l.section}:${l.text}`)).toEqual([
      'before_script:bundle install', 'script:bundle install', 'script:bundle exec rspec',
    ]);
  });

  it('merges local includes: an included job is audited at its own file and line', () => {
    const main = yml(`
      include:
        - local: .gitlab/ci/deploy.yml
      build:
        script: [make]
    `);
    const deploy = yml(`
      include: /.gitlab/ci/templates.yml
      deploy:
        extends: .deployer
        environment: production
        script: [./deploy]
    `);
    const templates = yml(`
      .deployer:
        image: alpine:latest
    `);
    const files = { '.gitlab/ci/deploy.yml': deploy, '.gitlab/ci/templates.yml': templates };
    const r = audit(main, files);
    expect(r.issues).toEqual([]);
    const got = r.findings.map((f) => `${f.ruleId.split('/')[2]}@${f.location.path}:${f.location.startLine}`);
    expect(got).toEqual([
      'unrestricted-deploy@.gitlab/ci/deploy.yml:4',
      'unpinned-image@.gitlab/ci/templates.yml:2',
    ]);
  });

  it('an included .gitlab/ci file is audited through the root pipeline, not again on its own', () => {
    const root = yml(`
      workflow:
        rules:
          - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      include:
        - local: .gitlab/ci/deploy.yml
    `);
    const deploy = yml(`
      deploy:
        environment: production
        image: alpine
        script: [./deploy]
    `);
    const files: Record<string, string> = { '.gitlab-ci.yml': root, '.gitlab/ci/deploy.yml': deploy };
    const read = (p: string): string | undefined => files[p];
    expect(auditGitlabCi('.gitlab/ci/deploy.yml', deploy, read)).toEqual({ findings: [], issues: [] });
    const viaRoot = auditGitlabCi('.gitlab-ci.yml', root, read).findings.map((f) => `${f.ruleId.split('/')[2]}@${f.location.path}:${f.location.startLine}`);
    expect(viaRoot).toEqual(['unpinned-image@.gitlab/ci/deploy.yml:3']);
    // Not included by the root: audited on its own, without the root's workflow.
    const alone = auditGitlabCi('.gitlab/ci/deploy.yml', deploy, (p) => (p === '.gitlab-ci.yml' ? 'build:\n  script: [make]\n' : undefined));
    expect(alone.findings.map((f) => f.ruleId.split('/')[2])).toEqual(['unrestricted-deploy', 'unpinned-image']);
  });

  it('reports an include cycle and a missing include as issues, and still audits', () => {
    const main = yml(`
      include: [a.yml, missing.yml]
      test:
        image: node
        script: [npm test]
    `);
    const r = audit(main, { 'a.yml': 'include: b.yml\n', 'b.yml': 'include: a.yml\n' });
    expect(r.issues.map((i) => `${i.path}:${i.line}:${i.message.split(':')[0]}`)).toEqual([
      'b.yml:1:include cycle',
      '.gitlab-ci.yml:1:local include \'missing.yml\' not found',
    ]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['pipelines/gitlab-ci/unpinned-image']);
  });

  it('stops at include depth 10', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 15; i++) files[`c${i}.yml`] = `include: c${i + 1}.yml\n`;
    const r = audit('include: c0.yml\n', files);
    expect(r.issues.some((i) => i.message.includes('deeper than 10'))).toBe(true);
  });
});

describe('bad input', () => {
  it('invalid YAML becomes an issue with file and line', () => {
    const r = auditGitlabCi('.gitlab-ci.yml', 'build:\n  script: [make\n  stage: test\n', () => undefined);
    expect(r.findings).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.path).toBe('.gitlab-ci.yml');
    expect(r.issues[0]!.line).toBeGreaterThan(0);
  });

  it('duplicate keys become an issue naming the line', () => {
    const r = auditGitlabCi('.gitlab-ci.yml', 'build:\n  script: [make]\nbuild:\n  script: [make all]\n', () => undefined);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.line).toBe(3);
    expect(r.issues[0]!.message).toMatch(/duplicate key/);
  });

  it('an alias bomb is refused quickly', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    lines.push('job:\n  script: *l');
    const { value: r, ms } = cpuTimed(() => auditGitlabCi('.gitlab-ci.yml', lines.join('\n') + '\n', () => undefined));
    expect(ms).toBeLessThan(2000);
    expect(r.findings).toEqual([]);
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.issues[0]!.path).toBe('.gitlab-ci.yml');
  });

  it('a scalar document or empty file yields no finding and never throws', () => {
    expect(auditGitlabCi('.gitlab-ci.yml', '', () => undefined)).toEqual({ findings: [], issues: [] });
    expect(auditGitlabCi('.gitlab-ci.yml', 'just text', () => undefined).issues).toHaveLength(1);
  });

  it('fingerprints stay the same when lines move', () => {
    const a = audit('build:\n  image: node\n  script: [make]\n').findings[0]!;
    const b = audit('# comment\n\nbuild:\n  script: [make]\n  image: node\n').findings[0]!;
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.location.startLine).not.toBe(b.location.startLine);
  });
});
