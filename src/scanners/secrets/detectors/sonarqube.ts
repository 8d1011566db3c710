import type { Detector } from '../detector.js';
import { assigned, delimited } from '../pattern-parts.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
  remediation: 'Revoke the token under My Account > Security (or Administration > Security for global tokens) and create a new one.',
  references: ['https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/'],
};

function prefixed(name: string, title: string, prefix: string, what: string): Detector {
  return {
    ...common,
    id: `secrets/sonarqube/${name}`,
    title,
    description: `A SonarQube ${title.replace(/^SonarQube /, '')} (${prefix}) ${what}`,
    keywords: [prefix],
    pattern: delimited(`${prefix}[0-9a-f]{40}`, 'A-Za-z0-9_'),
    maxLength: 46,
    minEntropy: 3.2,
  };
}

export const detectors: Detector[] = [
  prefixed('user-token', 'SonarQube user token', 'squ_', 'acts as its user: it can browse code and administer projects the user can.'),
  prefixed('project-analysis-token', 'SonarQube project analysis token', 'sqp_', 'runs analyses of one project.'),
  prefixed('global-analysis-token', 'SonarQube global analysis token', 'sqa_', 'runs analyses of every project.'),
  {
    ...common,
    id: 'secrets/sonarqube/legacy-token',
    title: 'SonarQube / SonarCloud token (unprefixed)',
    description: 'A 40-hex-digit token assigned to a Sonar setting (SONAR_TOKEN, sonar.login, sonar.token): SonarCloud tokens and SonarQube tokens made before 9.5.',
    keywords: ['sonar'],
    pattern: assigned('sonar[a-z0-9_.\\-]{0,20}(?:token|login)', '[0-9a-f]{40}', '0-9a-fA-F'),
    maxLength: 100,
    minEntropy: 3.2,
  },
];
