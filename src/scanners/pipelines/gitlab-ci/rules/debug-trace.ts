import { posOf, str, variableValue } from '../parse.js';
import type { GitlabRule } from './types.js';
import { allVariableEntries } from './variables.js';

export const debugTrace: GitlabRule = {
  id: 'pipelines/gitlab-ci/debug-trace',
  title: 'CI debug tracing enabled',
  severity: 'high',
  cwe: [532],
  description:
    'CI_DEBUG_TRACE (and CI_DEBUG_SERVICES) make the runner print every shell command with its expanded variables, including masked and protected secrets, into the job log that everyone with access to the project can read.',
  remediation: 'Remove CI_DEBUG_TRACE / CI_DEBUG_SERVICES from the pipeline file; enable them only for a manual one-off run, then delete the job logs.',
  references: ['https://docs.gitlab.com/ci/variables/variables_troubleshooting/'],
  check(p, report) {
    for (const { owner, entry } of allVariableEntries(p)) {
      if (entry.key !== 'CI_DEBUG_TRACE' && entry.key !== 'CI_DEBUG_SERVICES') continue;
      const v = variableValue(entry);
      if (!v || !/^(?:true|1|yes)$/i.test(str(v) ?? '')) continue;
      report({ at: posOf(v), message: `${entry.key} is enabled (${owner}): secrets appear in job logs.`, identity: `${owner}:${entry.key}` });
    }
  },
};
