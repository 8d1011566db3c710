/** CodeBuild projects. */
import { blocks, get, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { isSecretName, looksLikeSecretValue } from './ecs-secret-names.js';
import { awsRule, flagTrue, isOneOf } from './rds-util.js';

const PROJECT = ['aws_codebuild_project'];

export const codebuildPrivileged = awsRule({
  id: 'codebuild-privileged-mode',
  title: 'CodeBuild project runs builds in privileged mode',
  severity: 'low',
  cwe: [250],
  description: 'Privileged mode gives build containers root on the build host (needed for Docker-in-Docker); a malicious dependency or pull request build gets the same.',
  remediation: 'Set `privileged_mode = false` unless the project builds Docker images; then restrict who can trigger builds.',
  types: PROJECT,
  check(r, report) {
    flagTrue(r, 'environment.0.privileged_mode', report, `${r.address} runs builds in privileged mode`);
  },
});

export const codebuildArtifactsUnencrypted = awsRule({
  id: 'codebuild-artifact-encryption-disabled',
  title: 'CodeBuild artifacts are not encrypted',
  severity: 'medium',
  cwe: [311],
  description: 'With `encryption_disabled = true`, S3 build artifacts (binaries, packaged code, sometimes secrets) are stored unencrypted.',
  remediation: 'Remove `encryption_disabled` or set it to false (and set `encryption_key` for a customer managed key).',
  types: PROJECT,
  check(r, report) {
    for (const a of [...blocks(r.attrs, 'artifacts'), ...blocks(r.attrs, 'secondary_artifacts')]) {
      // Only S3 artifacts are encrypted; the flag means nothing for CODEPIPELINE or NO_ARTIFACTS.
      if (a.block['type'] !== undefined && !isOneOf(a.block['type'], 'S3')) continue;
      flagTrue(r, `${a.path}.encryption_disabled`, report, `${r.address} stores ${a.path.split('.')[0]} unencrypted`);
    }
  },
});

export const codebuildPlaintextSecret = awsRule({
  id: 'codebuild-plaintext-secret',
  title: 'CodeBuild project has a secret in a plaintext environment variable',
  severity: 'high',
  cwe: [798, 312],
  description: 'PLAINTEXT environment variables (the default type) are stored in the project definition and shown in the console, API and build logs.',
  remediation: 'Use `type = "SECRETS_MANAGER"` or `type = "PARAMETER_STORE"` with the secret name as `value`.',
  types: PROJECT,
  check(r, report) {
    for (const v of blocks(get(r.attrs, 'environment.0') ?? null, 'environment_variable', 'environment.0')) {
      const type = v.block['type'];
      if (type !== undefined && type !== null && !isOneOf(type, 'PLAINTEXT')) continue;
      const name = str(v.block['name']);
      if (name && isSecretName(name) && looksLikeSecretValue(v.block['value'])) report(`${v.path}.value`, `${r.address}: ${name} is a credential in a plaintext environment variable`);
    }
  },
});

export const codebuildInsecureSsl = awsRule({
  id: 'codebuild-source-insecure-ssl',
  title: 'CodeBuild ignores TLS errors when fetching source',
  severity: 'medium',
  cwe: [295],
  description: 'With `insecure_ssl = true` the build fetches source without verifying the server certificate, so a network attacker can feed it modified code.',
  remediation: 'Remove `insecure_ssl` or set it to false; trust an internal CA properly instead.',
  types: PROJECT,
  check(r, report) {
    for (const s of [...blocks(r.attrs, 'source'), ...blocks(r.attrs, 'secondary_sources')]) {
      flagTrue(r, `${s.path}.insecure_ssl`, report, `${r.address} does not verify TLS certificates of its source`);
    }
  },
});

export const codebuildRules: CloudRule[] = [codebuildPrivileged, codebuildArtifactsUnencrypted, codebuildPlaintextSecret, codebuildInsecureSsl];
