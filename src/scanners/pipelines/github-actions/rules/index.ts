import type { GhaRule } from '../rule.js';
import { cachePoisoning } from './cache-poisoning.js';
import { checkoutPersistCredentials } from './checkout-persist-credentials.js';
import { compromisedAction } from './compromised-action.js';
import { credentialsInArtifact } from './credentials-in-artifact.js';
import { curlPipeShell } from './curl-pipe-shell.js';
import { defaultPermissions } from './default-permissions.js';
import { excessivePermissions } from './excessive-permissions.js';
import { expressionInjection } from './expression-injection.js';
import { hardcodedContainerCredentials } from './hardcoded-container-credentials.js';
import { inputInterpolation } from './input-interpolation.js';
import { secretsDump } from './secrets-dump.js';
import { secretsInherit } from './secrets-inherit.js';
import { selfHostedRunnerPr } from './self-hosted-runner-pr.js';
import { spoofableBotCondition } from './spoofable-bot-condition.js';
import { unpinnedAction } from './unpinned-action.js';
import { unpinnedContainerImage } from './unpinned-container-image.js';
import { unpinnedDockerAction } from './unpinned-docker-action.js';
import { unpinnedFirstPartyAction } from './unpinned-first-party-action.js';
import { unpinnedReusableWorkflow } from './unpinned-reusable-workflow.js';
import { unsecureCommands } from './unsecure-commands.js';
import { untrustedCheckout } from './untrusted-checkout.js';
import { untrustedGithubEnv } from './untrusted-github-env.js';
import { unredactedSecretField } from './unredacted-secret-field.js';
import { workflowRunArtifact } from './workflow-run-artifact.js';

/** Every GitHub Actions audit, one per file in this folder. */
export const GHA_RULES: GhaRule[] = [
  expressionInjection,
  inputInterpolation,
  untrustedCheckout,
  workflowRunArtifact,
  untrustedGithubEnv,
  unsecureCommands,
  spoofableBotCondition,
  unpinnedAction,
  unpinnedFirstPartyAction,
  unpinnedReusableWorkflow,
  unpinnedDockerAction,
  compromisedAction,
  excessivePermissions,
  defaultPermissions,
  checkoutPersistCredentials,
  credentialsInArtifact,
  cachePoisoning,
  secretsInherit,
  selfHostedRunnerPr,
  secretsDump,
  hardcodedContainerCredentials,
  unpinnedContainerImage,
  unredactedSecretField,
  curlPipeShell,
];
