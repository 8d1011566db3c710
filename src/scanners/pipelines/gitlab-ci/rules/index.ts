import { cacheUnprotect } from './cache-unprotect.js';
import { curlPipeShell } from './curl-pipe-shell.js';
import { debugTrace } from './debug-trace.js';
import { plaintextSecret } from './plaintext-secret.js';
import { privilegedDind } from './privileged-dind.js';
import { scriptInjection } from './script-injection.js';
import { tlsVerifyDisabled } from './tls-verify-disabled.js';
import type { GitlabRule } from './types.js';
import { unpinnedComponent } from './unpinned-component.js';
import { unpinnedImage } from './unpinned-image.js';
import { unpinnedInclude } from './unpinned-include.js';
import { unrestrictedDeploy } from './unrestricted-deploy.js';

export type { GitlabAuditOptions, GitlabRule, GitlabHit } from './types.js';

/** Every GitLab CI audit, in report order. */
export const RULES: GitlabRule[] = [
  scriptInjection,
  unpinnedInclude,
  unpinnedComponent,
  unpinnedImage,
  privilegedDind,
  plaintextSecret,
  unrestrictedDeploy,
  debugTrace,
  curlPipeShell,
  tlsVerifyDisabled,
  cacheUnprotect,
];
