import { describe, expect, it } from 'vitest';
import { auditDockerfile, dockerfileRules, isDockerfile } from '../../../../src/scanners/iac/rules/dockerfile/index.js';
import { cases, GOOD } from './cases.js';
import { cpuTimed } from '../../../helpers/cpu-time.js';

const lines = (id: string, content: string): number[] =>
  auditDockerfile('Dockerfile', content).findings.filter((f) => f.ruleId === id).map((f) => f.location.startLine);

describe('dockerfile rules', () => {
  for (const [id, c] of Object.entries(cases)) {
    describe(id, () => {
      for (const f of c.flagged) {
        it(`flags: ${f.name}`, () => {
          expect(lines(id, f.dockerfile)).toEqual(f.lines);
        });
      }
      for (const k of c.clean) {
        it(`clean: ${k.name}`, () => {
          expect(lines(id, k.dockerfile)).toEqual([]);
        });
      }
    });
  }

  it('a well-written multi-stage Dockerfile has no finding at all', () => {
    const r = auditDockerfile('Dockerfile', GOOD);
    expect(r.issues).toEqual([]);
    expect(r.findings.map((f) => `${f.ruleId}:${f.location.startLine}`)).toEqual([]);
  });

  it('findings carry path, column of the argument and a line-independent fingerprint', () => {
    const a = auditDockerfile('svc/Dockerfile', 'FROM alpine:3\nRUN apk add --no-cache --allow-untrusted x\n');
    const f = a.findings.find((x) => x.ruleId === 'iac/dockerfile/apk-allow-untrusted')!;
    expect(f.location).toMatchObject({ path: 'svc/Dockerfile', startLine: 2, startColumn: 24 });
    expect(f.severity).toBe('high');
    expect(f.cwe).toEqual([347]);
    const b = auditDockerfile('svc/Dockerfile', '\n\nFROM alpine:3\nRUN apk add --no-cache --allow-untrusted x\n');
    expect(b.findings.find((x) => x.ruleId === f.ruleId)!.fingerprint).toBe(f.fingerprint);
  });

  it('a comment inside a RUN continuation does not break the rules', () => {
    const r = auditDockerfile('Dockerfile', 'FROM debian:12\nRUN apt-get update \\\n  # rampart:ignore iac/dockerfile/curl-insecure -- internal mirror\n  && curl -k https://x/y\nUSER 1\n');
    expect(r.issues).toEqual([]);
    const f = r.findings.filter((x) => x.ruleId === 'iac/dockerfile/curl-insecure');
    // starts on the instruction line, the range ends at the offending flag on line 4
    expect(f.map((x) => [x.location.startLine, x.location.startColumn, x.location.endLine, x.location.endColumn])).toEqual([[2, 1, 4, 11]]);
  });

  it('bad input gives issues, not exceptions', () => {
    expect(auditDockerfile('Dockerfile', '\u0000\u0001junk').issues).toHaveLength(1);
    const r = auditDockerfile('Dockerfile', 'FROM alpine:3\nRUN <<EOF\necho never closed\n');
    expect(r.issues[0]).toMatchObject({ path: 'Dockerfile', line: 2 });
  });

  it('recognises Dockerfile names', () => {
    for (const p of ['Dockerfile', 'a/b/Dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'Containerfile', 'x/build.dockerfile']) expect(isDockerfile(p)).toBe(true);
    for (const p of ['Dockerfile/readme.md', 'Dockerfile.dockerignore', 'api.Dockerfile.dockerignore', 'Dockerfile.md', 'Dockerfile.yaml', 'dockerfile.md.txt/x', 'src/docker.ts', 'Makefile']) expect(isDockerfile(p)).toBe(false);
  });

  it('has at least 30 rules', () => {
    expect(dockerfileRules.length).toBeGreaterThanOrEqual(30);
  });
});

describe('dockerfile findings', () => {
  it('one finding per rule, instruction and key', () => {
    const r = auditDockerfile('Dockerfile', 'FROM debian:12\nRUN apt-get install -y a && apt-get install -y b\n');
    expect(r.findings.filter((f) => f.ruleId === 'iac/dockerfile/apt-no-install-recommends')).toHaveLength(1);
  });
});

describe('dockerfile rules on large input', () => {
  it('50,000 instructions with variables and a 20,000-line ENV finish quickly', () => {
    const lines = ['FROM alpine:3'];
    for (let i = 0; i < 25000; i++) lines.push(`ENV V${i % 50}=/x${i}`, `WORKDIR $V${i % 50}`);
    lines.push('ENV \\');
    for (let i = 0; i < 20000; i++) lines.push(`  K${i}=v${i} \\`);
    lines.push('  END=1', 'RUN curl -k https://x | sh');
    const { value: r, ms } = cpuTimed(() => auditDockerfile('Dockerfile', lines.join('\n')));
    expect(ms).toBeLessThan(5000);
    expect(r.findings.some((f) => f.ruleId === 'iac/dockerfile/curl-pipe-shell')).toBe(true);
  });
});

describe('dockerfile rules with the backtick escape (Windows)', () => {
  it('reads continuations with ` and still finds issues on them', () => {
    const content = [
      '# escape=`',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
      'ENV API_TOKEN=tok_live_8f7d6c5b4a `',
      '    INSTALL_DIR=C:\\app',
      'WORKDIR C:\\app',
      'USER ContainerAdministrator',
    ].join('\n');
    const r = auditDockerfile('win/Dockerfile', content);
    expect(r.issues).toEqual([]);
    const got = r.findings.map((f) => `${f.ruleId}:${f.location.startLine}`);
    expect(got).toContain('iac/dockerfile/secret-in-env:3');
    expect(got).toContain('iac/dockerfile/user-root:6');
    expect(got.some((g) => g.startsWith('iac/dockerfile/workdir-relative'))).toBe(false);
  });
});

describe('dockerfile rules on hostile input', () => {
  it('a 20 MB heredoc script and a 1 MB RUN line of pipes finish quickly', () => {
    const body = 'curl -k https://x/y | sh && echo ' + 'a '.repeat(10 * 1024 * 1024);
    const pipes = 'RUN ' + 'a | '.repeat(200_000) + 'b';
    const { value: r, ms } = cpuTimed(() => auditDockerfile('Dockerfile', `FROM alpine:3\nRUN <<EOF\n${body}\nEOF\n${pipes}\nUSER 1\n`));
    expect(ms).toBeLessThan(8000);
    expect(r.findings.some((f) => f.ruleId === 'iac/dockerfile/curl-insecure' && f.location.startLine === 2)).toBe(true);
    expect(r.issues).toEqual([expect.objectContaining({ line: 2, kind: 'skipped-size' })]);
  });
});
