/** Process libraries beyond child_process: execa, shelljs. */
import type { SinkSpec, TaintModel } from './types.js';
import { shellArgvSink } from './node-core.js';

function execaSinks(fn: string, id: string): SinkSpec[] {
  return [
    { id, kind: 'command-injection', call: fn, description: 'is the program execa runs' },
    { id: `${id}.shell`, kind: 'command-injection', call: fn, args: [1], when: { arg: 2, property: 'shell' },
      description: 'is an argument of a command execa runs through a shell (shell: true)' },
    shellArgvSink(fn, id),
  ];
}

export const processesModel: TaintModel = {
  framework: 'processes',
  sinks: [
    ...execaSinks('execa', 'execa'),
    ...execaSinks('execa.execa', 'execa.named'),
    ...execaSinks('execa.{sync,execaSync}', 'execa.sync'),
    { id: 'execa.command', kind: 'command-injection', call: 'execa.{command,commandSync,execaCommand,execaCommandSync}',
      description: 'is a command line execa splits and runs' },
    { id: 'shelljs.exec', kind: 'command-injection', call: 'shelljs.exec', description: 'is a command line run by the shell' },
  ],
  sanitizers: [
    { call: 'shell-quote.quote', kinds: ['command-injection'], description: 'shell quoting' },
    { call: 'shell-escape', kinds: ['command-injection'], description: 'shell quoting' },
    { call: 'shescape.{quote,quoteAll,escape}', kinds: ['command-injection'], description: 'shell quoting' },
  ],
};
