import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tmpTrees } from '../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

interface Report {
  findings: { ruleId: string; location: { path: string; startLine: number } }[];
  suppressed: { kind: string; reason: string; finding: { ruleId: string } }[];
  issues: { path: string; message: string }[];
}

const RISKY_DOCKERFILE = `FROM node:latest
RUN curl -fsSL https://get.example.sh | sh
ENV API_TOKEN=Zq8Rt2Vm9Lp4Xk7Nc3Bw
COPY . /app
CMD ["node", "/app/server.js"]
`;

const CAREFUL_DOCKERFILE = `FROM node:20.11.1-bookworm-slim@sha256:${'ab12'.repeat(16)} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src ./src

FROM gcr.io/distroless/nodejs20-debian12@sha256:${'cd34'.repeat(16)}
WORKDIR /app
COPY --from=build /app /app
USER 10001
HEALTHCHECK --interval=30s CMD ["/nodejs/bin/node", "/app/src/health.js"]
CMD ["/app/src/server.js"]
`;

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  hostNetwork: true
  containers:
    - name: shell
      image: busybox
      securityContext:
        privileged: true
`;

describe('iac scanner end to end', () => {
  it('flags a risky Dockerfile and a privileged pod, with lines; exit 1', async () => {
    const dir = trees.make({ Dockerfile: RISKY_DOCKERFILE, 'k8s/pod.yaml': PRIVILEGED_POD });
    const r = await runCli(['scan', dir, '--scanners', 'iac', '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as Report;
    const at = (path: string) => j.findings.filter((f) => f.location.path === path).map((f) => `${f.location.startLine} ${f.ruleId}`);
    expect(at('Dockerfile').some((s) => s.startsWith('1 iac/dockerfile/'))).toBe(true);
    expect(at('Dockerfile').some((s) => s.startsWith('2 iac/dockerfile/'))).toBe(true);
    expect(at('k8s/pod.yaml').some((s) => s.startsWith('11 iac/kubernetes/'))).toBe(true);
    expect(at('k8s/pod.yaml').some((s) => s.startsWith('6 iac/kubernetes/'))).toBe(true);
  });

  it('a careful multi-stage Dockerfile has no high findings', async () => {
    const dir = trees.make({ Dockerfile: CAREFUL_DOCKERFILE });
    const r = await runCli(['scan', dir, '--scanners', 'iac', '--format', 'json']);
    expect(r.code).toBe(0);
  });

  it('a rampart.io/ignore annotation suppresses with its reason, and the report counts it', async () => {
    const annotated = PRIVILEGED_POD.replace('  name: debug\n', '  name: debug\n  annotations:\n    rampart.io/ignore: "privileged -- break-glass debug pod, deleted after use"\n');
    const dir = trees.make({ 'pod.yaml': annotated });
    const j = JSON.parse((await runCli(['scan', dir, '--scanners', 'iac', '--format', 'json'])).stdout) as Report;
    expect(j.suppressed.some((s) => s.reason.includes('break-glass'))).toBe(true);
  });

  it('invalid YAML is a warning naming the file; the rest of the scan goes on', async () => {
    const dir = trees.make({ 'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n', Dockerfile: RISKY_DOCKERFILE });
    const r = await runCli(['scan', dir, '--scanners', 'iac', '--format', 'json']);
    const j = JSON.parse(r.stdout) as Report;
    expect(j.issues.some((i) => i.path === 'bad.yaml')).toBe(true);
    expect(j.findings.some((f) => f.location.path === 'Dockerfile')).toBe(true);
  });
});
