import type { DockerfileRule } from './rule.js';
import { finalLineage, instructionsOf } from './shell.js';

export const entrypointShellForm: DockerfileRule = {
  id: 'iac/dockerfile/entrypoint-shell-form',
  title: 'ENTRYPOINT in shell form',
  severity: 'low',
  cwe: [710],
  description: 'A shell-form ENTRYPOINT runs under `/bin/sh -c`, so the process is not PID 1, does not receive SIGTERM on `docker stop` and is killed after the timeout without a clean shutdown; CMD arguments are also ignored.',
  remediation: 'Use the exec form: `ENTRYPOINT ["/usr/local/bin/app", "--flag"]` (prefix with `exec` inside scripts).',
  check(m, report) {
    const list = instructionsOf(m, 'ENTRYPOINT', finalLineage(m));
    const ins = list.at(-1);
    if (!ins || ins.json || !ins.args) return;
    if (/^exec\s/.test(ins.args)) return;
    report(ins, `ENTRYPOINT ${ins.args.slice(0, 80)} uses shell form; signals will not reach the process`, { at: ins.argsPos, key: 'entrypoint' });
  },
};
