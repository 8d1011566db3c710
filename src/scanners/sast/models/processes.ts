/**
 * Process libraries beyond child_process: execa, shelljs. Also argument injection for every
 * spawn-like call (child_process included): the argument array of git, ssh, tar … (taint/option-argv.ts).
 */
import type { SinkSpec, TaintModel } from './types.js';
import { nodeEvalSink, shellArgvSink } from './node-core.js';

/** Calls that take (program, argumentArray) and run the program without a shell. */
const ARGV_CALLS: [string, string][] = [
  ...['child_process', 'mz.child_process', 'child-process-promise', 'promisify-child-process'].map((cp): [string, string] =>
    [`${cp}.{spawn,spawnSync,execFile,execFileSync}`, `${cp}.spawn`]),
  ['cross-spawn', 'cross-spawn'],
  ['cross-spawn.sync', 'cross-spawn.sync'],
  ['execa', 'execa'],
  ['execa.execa', 'execa.named'],
  ['execa.{sync,execaSync}', 'execa.sync'],
];

/**
 * Attacker input: the request, a message, the browser, and a published library's callers (a
 * library that runs `git clone <url>` for its caller must not let the URL be an option).
 */
const ARG_LABELS: SinkSpec['labels'] = ['http', 'message', 'browser', 'library-input'];

function optionArgvSink([call, id]: [string, string]): SinkSpec {
  return { id: `${id}.option-argv`, kind: 'argument-injection', call, args: [1], optionArgv: true, labels: ARG_LABELS,
    description: 'is an argument the program may read as an option (no -- before it)' };
}

function execaSinks(fn: string, id: string): SinkSpec[] {
  return [
    { id, kind: 'command-injection', call: fn, description: 'is the program execa runs' },
    { id: `${id}.shell`, kind: 'command-injection', call: fn, args: [1], when: { arg: 2, property: 'shell' },
      description: 'is an argument of a command execa runs through a shell (shell: true)' },
    shellArgvSink(fn, id),
    nodeEvalSink(fn, id),
  ];
}

export const processesModel: TaintModel = {
  framework: 'processes',
  sinks: [
    // execa before 2.0: shell(command) and shellSync(command) run the whole line through the shell.
    { id: 'execa.shell-line', kind: 'command-injection', call: 'execa.{shell,shellSync}', description: 'is a command line execa (< 2) runs through the shell' },
    ...execaSinks('execa', 'execa'),
    ...execaSinks('execa.execa', 'execa.named'),
    ...execaSinks('execa.{sync,execaSync}', 'execa.sync'),
    { id: 'execa.command', kind: 'command-injection', call: 'execa.{command,commandSync,execaCommand,execaCommandSync}',
      description: 'is a command line execa splits and runs' },
    { id: 'shelljs.exec', kind: 'command-injection', call: 'shelljs.exec', description: 'is a command line run by the shell' },
    ...ARGV_CALLS.map(optionArgvSink),
  ],
  sanitizers: [
    { call: 'shell-quote.quote', kinds: ['command-injection'], description: 'shell quoting' },
    { call: 'shell-escape', kinds: ['command-injection'], description: 'shell quoting' },
    { call: 'shescape.{quote,quoteAll,escape}', kinds: ['command-injection'], description: 'shell quoting' },
  ],
};
