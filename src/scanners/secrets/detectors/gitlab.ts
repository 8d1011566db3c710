import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

const REF = 'https://docs.gitlab.com/security/tokens/';
const CHARS = 'A-Za-z0-9_\\-';

interface Spec {
  name: string;
  title: string;
  description: string;
  prefix: string;
  /** RE2 for the part after the prefix. */
  body: string;
  maxLength: number;
  remediation: string;
  severity?: Detector['severity'];
}

function gitlab(s: Spec): Detector {
  const lit = s.prefix.replace(/[.]/g, '\\.');
  return {
    id: `secrets/gitlab/${s.name}`,
    title: s.title,
    description: s.description,
    remediation: s.remediation,
    severity: s.severity ?? 'high',
    cwe: [798],
    references: [REF],
    keywords: [s.prefix.toLowerCase()],
    pattern: delimited(`${lit}${s.body}`, CHARS),
    maxLength: s.maxLength + 2,
    minEntropy: 3.3,
  };
}

// Legacy tokens are 20 random characters after the prefix; newer routable tokens are longer and may
// end in `.<2 chars>.<checksum>`.
const ROUTABLE = '[0-9A-Za-z_-]{20,64}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{7,12})?';

export const detectors: Detector[] = [
  gitlab({
    name: 'personal-access-token',
    title: 'GitLab personal, project or group access token',
    description: 'A GitLab access token (glpat-) authenticates to the API and Git over HTTPS with the scopes of its user, project or group.',
    prefix: 'glpat-',
    body: ROUTABLE,
    maxLength: 86,
    remediation: 'Revoke the token under User settings > Access tokens (or the project/group settings), create a new one and store it in a secrets manager.',
  }),
  gitlab({
    name: 'runner-auth-token',
    title: 'GitLab runner authentication token',
    description: 'A runner authentication token (glrt-) lets a machine register as a runner and receive CI jobs, including their secrets.',
    prefix: 'glrt-',
    body: '(?:t\\d_)?' + ROUTABLE,
    maxLength: 90,
    remediation: 'Reset the runner authentication token in CI/CD settings > Runners and re-register the runner.',
  }),
  gitlab({
    name: 'runner-registration-token',
    title: 'GitLab runner registration token (deprecated)',
    description: 'A legacy runner registration token (GR1348941) lets anyone register runners for a project, group or instance and receive its jobs.',
    prefix: 'GR1348941',
    body: '[0-9A-Za-z_-]{20}',
    maxLength: 29,
    remediation: 'Reset the registration token in CI/CD settings > Runners and migrate to runner authentication tokens.',
  }),
  gitlab({
    name: 'deploy-token',
    title: 'GitLab deploy token',
    description: 'A deploy token (gldt-) gives read or write access to repositories, packages and the container registry.',
    prefix: 'gldt-',
    body: ROUTABLE,
    maxLength: 86,
    remediation: 'Revoke the deploy token under Settings > Repository > Deploy tokens and create a new one.',
  }),
  gitlab({
    name: 'pipeline-trigger-token',
    title: 'GitLab pipeline trigger token',
    description: 'A pipeline trigger token (glptt-) starts pipelines for a branch or tag, with the permissions of its owner.',
    prefix: 'glptt-',
    body: '(?:[0-9a-f]{40}|[0-9A-Za-z_-]{20,64})',
    maxLength: 70,
    remediation: 'Revoke the trigger under Settings > CI/CD > Pipeline trigger tokens and create a new one.',
  }),
  gitlab({
    name: 'feed-token',
    title: 'GitLab feed token',
    description: 'A feed token (glft-) reads RSS/Atom feeds and calendar exports, which can expose private issue and activity data.',
    prefix: 'glft-',
    body: ROUTABLE,
    maxLength: 86,
    severity: 'medium',
    remediation: 'Reset the feed token under User settings > Access tokens.',
  }),
  gitlab({
    name: 'incoming-mail-token',
    title: 'GitLab incoming email token',
    description: 'An incoming email token (glimt-) lets anyone who knows it create issues or merge requests by email as the user.',
    prefix: 'glimt-',
    body: '[0-9A-Za-z_-]{25}',
    maxLength: 31,
    severity: 'medium',
    remediation: 'Reset the incoming email token under User settings > Access tokens.',
  }),
  gitlab({
    name: 'ci-job-token',
    title: 'GitLab CI/CD job token',
    description: 'A CI/CD job token (glcbt-) acts for the job\'s user against the API while the job runs.',
    prefix: 'glcbt-',
    body: '(?:[0-9a-fA-F]{1,5}_)?[0-9A-Za-z_-]{20,64}',
    maxLength: 76,
    severity: 'medium',
    remediation: 'Job tokens expire when the job finishes; cancel running jobs that used it and remove the token from logs and artifacts.',
  }),
  gitlab({
    name: 'oauth-app-secret',
    title: 'GitLab OAuth application secret',
    description: 'An OAuth application secret (gloas-) lets its holder act as the OAuth application and exchange authorisation codes.',
    prefix: 'gloas-',
    body: '[0-9a-f]{64}',
    maxLength: 70,
    remediation: 'Renew the secret under Settings > Applications and update the application\'s configuration.',
  }),
  gitlab({
    name: 'scim-token',
    title: 'GitLab SCIM token',
    description: 'A group SCIM token (glsoat-) provisions and deprovisions group members through the SCIM API.',
    prefix: 'glsoat-',
    body: '[0-9A-Za-z_-]{20}',
    maxLength: 27,
    remediation: 'Reset the SCIM token under Group settings > SAML SSO and update the identity provider.',
  }),
  gitlab({
    name: 'agent-token',
    title: 'GitLab agent for Kubernetes token',
    description: 'An agent token (glagent-) authenticates a GitLab agent for Kubernetes; with it a cluster can impersonate the agent.',
    prefix: 'glagent-',
    body: '[0-9A-Za-z_-]{50}',
    maxLength: 58,
    remediation: 'Revoke the agent token under Operate > Kubernetes clusters and create a new one.',
  }),
  gitlab({
    name: 'feature-flag-client-token',
    title: 'GitLab feature flags client token',
    description: 'A feature flags client token (glffct-) reads a project\'s feature flag configuration through the Unleash API.',
    prefix: 'glffct-',
    body: '[0-9A-Za-z_-]{20}',
    maxLength: 27,
    severity: 'medium',
    remediation: 'Reset the instance ID under Deploy > Feature flags > Configure.',
  }),
];
