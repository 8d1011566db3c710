/**
 * Third-party libraries that run a command line through a shell, like child_process.exec: the
 * whole string is shell syntax, so any input in it is command injection. Also remote shells (ssh2,
 * node-ssh), where the command runs on the server the application logs in to. (execa, shelljs,
 * cross-spawn and child-process-promise are in processes.ts and node-core.ts; the evaluators
 * vm2, safe-eval, static-eval and notevil in headless.ts.)
 */
import type { SinkSpec, TaintModel } from './types.js';

function shell(id: string, call: string, description = 'is a command line run by the shell'): SinkSpec {
  return { id, kind: 'command-injection', call, description };
}

export const execWrappersModel: TaintModel = {
  framework: 'exec-wrappers',
  sinks: [
    // node-cmd: run/runSync (v3+), get (v1-v2), all through the shell.
    shell('node-cmd.run', 'node-cmd.{run,runSync,get}'),
    // exec-sh: runs `sh -c command` (`cmd /C` on Windows).
    shell('exec-sh', 'exec-sh'),
    shell('exec-sh.promise', 'exec-sh.promise'),
    // sudo-prompt: the command runs as root through the shell.
    ...['sudo-prompt', '@vscode/sudo-prompt'].map((mod) =>
      shell(`${mod}.exec`, `${mod}.exec`, 'is a command line run by the shell as an administrator')),
    // ssh2 / node-ssh: the command line goes to the remote user's shell. node-ssh's exec(command,
    // parameters) quotes the parameters, so only the command is a sink.
    shell('ssh2.exec', 'ssh2.Client().exec', 'is a command line run by the shell of a remote host (ssh)'),
    ...['node-ssh.NodeSSH()', 'node-ssh()'].map((ssh) =>
      shell(`${ssh}.execCommand`, `${ssh}.{execCommand,exec}`, 'is a command line run by the shell of a remote host (ssh)')),
  ],
};
