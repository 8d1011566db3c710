import type { Finding } from '../../../../core/finding.js';
import { ruleFinding } from '../../../../core/rule-finding.js';
import type { ScanIssue } from '../../../../core/scanner.js';
import { parseDockerfile, type DockerfileModel } from '../../formats/dockerfile/parse.js';
import { addInsteadOfCopy } from './add-instead-of-copy.js';
import { addRemoteUrl } from './add-remote-url.js';
import { apkAllowUntrusted } from './apk-allow-untrusted.js';
import { apkNoCache } from './apk-no-cache.js';
import { aptListsNotCleaned } from './apt-lists-not-cleaned.js';
import { aptNoInstallRecommends } from './apt-no-install-recommends.js';
import { aptUnauthenticated } from './apt-unauthenticated.js';
import { aptUpgrade } from './apt-upgrade.js';
import { aptInsteadOfAptGet } from './apt-instead-of-apt-get.js';
import { duplicateStageName } from './duplicate-stage-name.js';
import { passwordSetInRun } from './password-set-in-run.js';
import { updateWithoutInstall } from './update-without-install.js';
import { baseImageLatest } from './base-image-latest.js';
import { baseImageNoDigest } from './base-image-no-digest.js';
import { copySensitiveFile } from './copy-sensitive-file.js';
import { credentialsInUrl } from './credentials-in-url.js';
import { curlInsecure } from './curl-insecure.js';
import { curlPipeShell } from './curl-pipe-shell.js';
import { downloadWithoutChecksum } from './download-without-checksum.js';
import { entrypointShellForm } from './entrypoint-shell-form.js';
import { envPathOverwrite } from './env-path-overwrite.js';
import { exposeSsh } from './expose-ssh.js';
import { gitSslVerifyDisabled } from './git-ssl-verify-disabled.js';
import { goChecksumDisabled } from './go-checksum-disabled.js';
import { healthcheckMissing } from './healthcheck-missing.js';
import { maintainerDeprecated } from './maintainer-deprecated.js';
import { missingPipefail } from './missing-pipefail.js';
import { multipleCmd } from './multiple-cmd.js';
import { multipleEntrypoint } from './multiple-entrypoint.js';
import { nodeTlsRejectDisabled } from './node-tls-reject-disabled.js';
import { npmInstallNotCi } from './npm-install-not-ci.js';
import { npmStrictSslDisabled } from './npm-strict-ssl-disabled.js';
import { pipNoCacheDir } from './pip-no-cache-dir.js';
import { pipTrustedHost } from './pip-trusted-host.js';
import { npmUnsafePerm } from './npm-unsafe-perm.js';
import { setuidBit } from './setuid-bit.js';
import { pythonHttpsVerifyDisabled } from './python-https-verify-disabled.js';
import { plainHttpDownload } from './plain-http-download.js';
import { rpmGpgcheckDisabled } from './rpm-gpgcheck-disabled.js';
import type { DockerfileRule, Report } from './rule.js';
import { runCd } from './run-cd.js';
import { runSecurityInsecure } from './run-security-insecure.js';
import { secretInArg } from './secret-in-arg.js';
import { secretInEnv } from './secret-in-env.js';
import { sshdInstalled } from './sshd-installed.js';
import { sudoInRun } from './sudo-in-run.js';
import { userMissing } from './user-missing.js';
import { userRoot } from './user-root.js';
import { wgetNoCheckCertificate } from './wget-no-check-certificate.js';
import { workdirRelative } from './workdir-relative.js';
import { worldWritablePermissions } from './world-writable-permissions.js';

export type { DockerfileRule } from './rule.js';

/** Every Dockerfile rule, one per file in this folder. */
export const dockerfileRules: readonly DockerfileRule[] = [
  baseImageLatest, baseImageNoDigest, userMissing, userRoot, secretInEnv, secretInArg, curlPipeShell,
  addRemoteUrl, addInsteadOfCopy, curlInsecure, wgetNoCheckCertificate, aptUnauthenticated,
  rpmGpgcheckDisabled, apkAllowUntrusted, pipTrustedHost, npmStrictSslDisabled, nodeTlsRejectDisabled,
  gitSslVerifyDisabled, sudoInRun, exposeSsh, sshdInstalled, healthcheckMissing, worldWritablePermissions,
  aptUpgrade, aptNoInstallRecommends, aptListsNotCleaned, workdirRelative, multipleCmd, multipleEntrypoint,
  entrypointShellForm, copySensitiveFile, runCd, pipNoCacheDir, npmInstallNotCi, downloadWithoutChecksum,
  apkNoCache, missingPipefail, maintainerDeprecated, envPathOverwrite, runSecurityInsecure,
  credentialsInUrl, plainHttpDownload, goChecksumDisabled, pythonHttpsVerifyDisabled,
  updateWithoutInstall, aptInsteadOfAptGet, duplicateStageName, passwordSetInRun,
  setuidBit, npmUnsafePerm,
];

/** Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile, Containerfile.* */
export function isDockerfile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  // Dockerfile.dockerignore is an ignore file; Dockerfile.md / .sh / .yaml are docs and scripts.
  if (/\.(dockerignore|md|markdown|txt|rst|adoc|html?|json|ya?ml|sh|ps1|py|go|[cm]?[jt]s|rb|orig|bak|swp|lock)$/i.test(name)) return false;
  return /^(Dockerfile|Containerfile)(\.[^/]+)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);
}

/** Run the given rules over an already parsed model. */
export function checkDockerfile(model: DockerfileModel, rules: readonly DockerfileRule[] = dockerfileRules): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const report: Report = (ins, message, opts) => {
      const stage = ins.stage >= 0 ? model.stages[ins.stage] : undefined;
      const stageLabel = stage ? (stage.name ?? `stage-${stage.index}`) : 'global';
      const key = opts?.key ?? ins.args.slice(0, 200);
      // Findings start on the instruction's first line (where `# rampart:ignore` above the
      // instruction applies, and where other tools report); the column is the offending
      // argument's when it sits on that line, and the range ends at the argument.
      const arg = opts?.at;
      const column = arg && arg.line === ins.line ? arg.column : ins.column;
      // The same rule hitting the same thing twice in one instruction is one finding.
      const once = `${rule.id}|${ins.index}|${key}`;
      if (seen.has(once)) return;
      seen.add(once);
      findings.push(
        ruleFinding(rule, { path: model.path, line: ins.line, column, endLine: arg?.line ?? ins.line, endColumn: arg?.column ?? column }, message,
          `${stageLabel}|${ins.keyword}|${key}`),
      );
    };
    try {
      rule.check(model, report);
    } catch (e) {
      model.issues.push({ path: model.path, kind: 'other', scanner: 'iac', message: `${model.path}: rule ${rule.id} failed: ${(e as Error).message}` });
    }
  }
  return findings.sort((a, b) => a.location.startLine - b.location.startLine || a.ruleId.localeCompare(b.ruleId));
}

/** Parse one Dockerfile and run every rule; never throws. */
export function auditDockerfile(path: string, content: string): { findings: Finding[]; issues: ScanIssue[] } {
  const model = parseDockerfile(path, content);
  const findings = checkDockerfile(model);
  return { findings, issues: model.issues };
}
