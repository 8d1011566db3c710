import { readFileSync } from 'node:fs';
import type { Finding } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule.js';
import type { ScanContext, Scanner, SourceFile } from '../../core/scanner.js';
import { auditDockerfile, dockerfileRules, isDockerfile } from './rules/dockerfile/index.js';
import { auditKubernetes, kubernetesRules } from './rules/kubernetes/index.js';
import { isKubernetesManifest } from './formats/kubernetes/parse.js';

/** Manifests this large are generated bundles; the parsers are linear, but keep memory bounded. */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
const MANIFEST_EXT = /\.(ya?ml|json)$/i;

/**
 * Infrastructure as code. Today: Dockerfiles and Kubernetes manifests (rendered Helm and
 * Kustomize output are plain manifests). Terraform and CloudFormation join through the
 * provider-neutral model (DESIGN.md) in a later step.
 */
export const iacScanner: Scanner = {
  id: 'iac',
  rules: (): RuleMeta[] => [...dockerfileRules, ...kubernetesRules],
  accepts: (f: SourceFile) => isDockerfile(f.path) || (MANIFEST_EXT.test(f.path) && f.size <= MAX_MANIFEST_BYTES),
  async *scan(files: SourceFile[], ctx: ScanContext): AsyncIterable<Finding> {
    for (const f of files) {
      let content: string;
      try {
        content = readFileSync(f.absPath, 'utf8');
      } catch (e) {
        ctx.issue({ path: f.path, kind: 'unreadable', scanner: 'iac', message: `cannot read file: ${(e as Error).message}` });
        continue;
      }
      ctx.fileRead(f.size, false, f.path);
      if (isDockerfile(f.path)) {
        const r = auditDockerfile(f.path, content);
        r.issues.forEach(ctx.issue);
        yield* r.findings;
      } else if (isKubernetesManifest(f.path, content)) {
        const r = auditKubernetes(f.path, content);
        r.issues.forEach(ctx.issue);
        for (const s of r.suppressed) ctx.suppressed?.(s.finding, s.reason);
        yield* r.findings;
      }
    }
  },
};
