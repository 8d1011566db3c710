import { describe, expect, it } from 'vitest';
import { expand, finalStage, parseDockerfile, splitWords, variableAt } from '../../../../src/scanners/iac/formats/dockerfile/parse.js';
import { cpuTimed } from '../../../helpers/cpu-time.js';

const parse = (s: string) => parseDockerfile('Dockerfile', s);

describe('dockerfile parser', () => {
  it('joins continuations and keeps start and end lines, skipping comments inside them', () => {
    const m = parse(['FROM alpine:3.19', 'RUN apk add \\', '  # a comment inside', '', '    curl \\', '    git', 'USER app'].join('\n'));
    const run = m.instructions[1]!;
    expect(run.keyword).toBe('RUN');
    expect(run.line).toBe(2);
    expect(run.endLine).toBe(6);
    expect(run.args.replace(/\s+/g, ' ')).toBe('apk add curl git');
    expect(m.instructions[2]!.line).toBe(7);
    expect(m.issues).toEqual([]);
  });

  it('honours the escape directive (backtick) and the syntax directive', () => {
    const m = parse(['# syntax=docker/dockerfile:1', '# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN dir C:\\ `', '  && echo done', 'WORKDIR C:\\app'].join('\n'));
    expect(m.escape).toBe('`');
    expect(m.syntax).toBe('docker/dockerfile:1');
    const run = m.instructions[1]!;
    expect(run.endLine).toBe(5);
    expect(run.args).toContain('C:\\ ');
    expect(run.args).toContain('&& echo done');
  });

  it('stops reading directives after the first comment or instruction', () => {
    const m = parse(['# a comment', '# escape=`', 'FROM alpine'].join('\n'));
    expect(m.escape).toBe('\\');
  });

  it('reads heredocs (RUN and COPY, <<- and quoted) and ends the instruction at the delimiter', () => {
    const m = parse(['FROM debian:12', 'RUN <<EOF', 'set -e', 'apt-get update', 'EOF', 'COPY <<-"CONF" /etc/app.conf', '\tkey=$value', '\tCONF', 'USER 1000'].join('\n'));
    const [, run, copy, user] = m.instructions;
    expect(run!.heredocs[0]).toMatchObject({ delimiter: 'EOF', body: 'set -e\napt-get update', startLine: 3, endLine: 5, terminated: true });
    expect(run!.endLine).toBe(5);
    expect(copy!.heredocs[0]).toMatchObject({ delimiter: 'CONF', body: 'key=$value', quoted: true, stripTabs: true });
    expect(user!.line).toBe(9);
  });

  it('reports an unterminated heredoc with file and line', () => {
    const m = parse(['FROM debian:12', 'RUN <<EOF', 'echo hi'].join('\n'));
    expect(m.issues[0]).toMatchObject({ path: 'Dockerfile', line: 2 });
    expect(m.issues[0]!.message).toMatch(/unterminated heredoc 'EOF'/);
    // the rest of the file is still parsed
    const q = parse(['FROM debian:12', 'RUN echo "<<NOPE"', 'USER 1000', 'CMD ["x"]'].join('\n'));
    expect(q.issues).toHaveLength(0);
    const u = parse(['FROM debian:12', 'RUN cat <<EOF > /x', 'a', 'USER 1000'].join('\n'));
    expect(u.issues.map((i) => i.line)).toEqual([2, 3]); // unterminated heredoc, then the stray body line
    expect(u.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER']);
    expect(q.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER', 'CMD']);
  });

  it('does not take shell arithmetic or here-strings for heredocs', () => {
    const m = parse(['FROM debian:12', 'RUN echo $((1<<2)) && cat <<<"x"', 'USER 1'].join('\n'));
    expect(m.instructions[1]!.heredocs).toEqual([]);
    expect(m.instructions[2]!.line).toBe(3);
  });

  it('tells exec form from shell form', () => {
    const m = parse(['FROM alpine', 'CMD ["node", "server.js"]', 'ENTRYPOINT node server.js', 'RUN ["sh", "-c", "echo [x]"]', 'RUN [ -f /x ] && echo y'].join('\n'));
    expect(m.instructions[1]!.json).toEqual(['node', 'server.js']);
    expect(m.instructions[2]!.json).toBeUndefined();
    expect(m.instructions[3]!.json).toEqual(['sh', '-c', 'echo [x]']);
    expect(m.instructions[4]!.json).toBeUndefined();
  });

  it('parses flags with their columns', () => {
    const m = parse(['FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'RUN --mount=type=secret,id=npm --network=none make', 'COPY --from=build --chown=app:app --chmod=755 /out /app'].join('\n'));
    const [from, run, copy] = m.instructions;
    expect(from!.flags[0]).toMatchObject({ name: 'platform', value: '$BUILDPLATFORM', line: 1, column: 6 });
    expect(run!.flags.map((f) => [f.name, f.value])).toEqual([['mount', 'type=secret,id=npm'], ['network', 'none']]);
    expect(run!.args).toBe('make');
    expect(copy!.flags.map((f) => f.name)).toEqual(['from', 'chown', 'chmod']);
    expect(copy!.flags[2]).toMatchObject({ value: '755', column: 35 });
    expect(copy!.argsPos).toEqual({ line: 3, column: 47 });
  });

  it('builds stages, names them and links FROM <stage>', () => {
    const m = parse(['ARG BASE=node:20', 'FROM ${BASE} AS deps', 'RUN npm ci', 'FROM deps AS build', 'RUN npm run build', 'FROM gcr.io/distroless/nodejs20 AS final', 'COPY --from=build /app /app'].join('\n'));
    expect(m.globalArgs).toHaveLength(1);
    expect(m.stages.map((s) => [s.name, s.resolvedImage, s.parent])).toEqual([
      ['deps', 'node:20', undefined],
      ['build', 'deps', 0],
      ['final', 'gcr.io/distroless/nodejs20', undefined],
    ]);
    expect(finalStage(m)!.name).toBe('final');
    expect(m.stages[1]!.instructions).toHaveLength(1);
  });

  it('leaves FROM with an unresolvable variable unresolved', () => {
    const m = parse(['ARG IMAGE', 'FROM $IMAGE', 'FROM ${REG:-docker.io}/library/alpine:${TAG:-3.19}'].join('\n'));
    expect(m.stages[0]!.resolvedImage).toBeUndefined();
    expect(m.stages[0]!.unresolvedVars).toEqual(['IMAGE']);
    expect(m.stages[1]!.resolvedImage).toBe('docker.io/library/alpine:3.19');
  });

  it('parses ENV/ARG key=value and the legacy ENV form; resolves variables in scope', () => {
    const m = parse(['ARG VERSION=1.2', 'FROM alpine', 'ARG VERSION', 'ENV A=1 B="two words" C=${VERSION}', 'ENV LEGACY some value here', 'ARG NODEF', 'WORKDIR /x'].join('\n'));
    const env = m.instructions.find((i) => i.keyword === 'ENV')!;
    expect(env.pairs.map((p) => [p.key, p.value])).toEqual([['A', '1'], ['B', 'two words'], ['C', '${VERSION}']]);
    expect(env.pairs[1]).toMatchObject({ line: 4, column: 9 });
    const legacy = m.instructions[4]!;
    expect(legacy.pairs).toEqual([expect.objectContaining({ key: 'LEGACY', value: 'some value here' })]);
    const wd = m.instructions.at(-1)!;
    expect(variableAt(m, wd, 'VERSION')).toBe('1.2');
    expect(variableAt(m, wd, 'A')).toBe('1');
    expect(variableAt(m, wd, 'NODEF')).toBeUndefined();
    expect(expand('v${VERSION}-${A:-x}-${MISSING:-d}', (n) => variableAt(m, wd, n))).toEqual({ value: 'v1.2-1-d', unresolved: [] });
  });

  it('splits words respecting quotes', () => {
    expect(splitWords(`a "b c" 'd e' f\\ g`).map((w) => w.text)).toEqual(['a', 'b c', 'd e', 'f g']);
  });

  it('reports unknown instructions, instructions before FROM and binary input without throwing', () => {
    const m = parse(['RUN echo early', 'FROM alpine', 'FROBNICATE now', 'USER 1'].join('\n'));
    expect(m.issues.map((i) => i.line)).toEqual([1, 3]);
    expect(m.issues[1]!.message).toMatch(/unknown instruction 'FROBNICATE'/);
    expect(m.instructions.at(-1)!.keyword).toBe('USER');
    const bin = parse('\u0000\u0001\u0002ELF\u0000\u0000');
    expect(bin.issues[0]!.kind).toBe('skipped-binary');
    expect(parse('').issues).toEqual([]);
    expect(parse('# only a comment\n').stages).toEqual([]);
  });

  it('handles CRLF and a BOM', () => {
    const m = parse('\ufeffFROM alpine:3.19\r\nRUN echo a \\\r\n  b\r\nUSER 1\r\n');
    expect(m.instructions.map((i) => [i.keyword, i.line])).toEqual([['FROM', 1], ['RUN', 2], ['USER', 4]]);
  });

  it('skips a 20 MB single line quickly with an issue', () => {
    const big = 'FROM alpine\nRUN echo ' + 'a'.repeat(20 * 1024 * 1024) + '\nUSER 1\n';
    const { value: m, ms } = cpuTimed(() => parse(big));
    expect(ms).toBeLessThan(2000);
    expect(m.issues).toEqual([expect.objectContaining({ line: 2, kind: 'skipped-size' })]);
    expect(m.instructions.map((i) => i.keyword)).toEqual(['FROM', 'USER']);
  });

  it('parses a 20 MB single line of junk without a newline quickly', () => {
    const junk = 'x'.repeat(20 * 1024 * 1024);
    const { value: m, ms } = cpuTimed(() => parse(junk));
    expect(ms).toBeLessThan(2000);
    expect(m.issues.length).toBeGreaterThan(0);
  });

  it('stays linear on many continuation lines', () => {
    const lines = ['FROM alpine', 'RUN echo \\'];
    for (let i = 0; i < 20000; i++) lines.push(`  a${i} \\`);
    lines.push('  end');
    const { value: m, ms } = cpuTimed(() => parse(lines.join('\n')));
    expect(ms).toBeLessThan(2000);
    expect(m.instructions[1]!.endLine).toBe(20003);
  });
});
