import { Command, CommanderError } from 'commander';
import { RampartError, EXIT_USAGE } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { registerScan } from './scan.js';
import { registerRules } from './rules.js';
import { registerInit } from './init.js';
import { registerHook } from './hook.js';
import { registerDb } from './db.js';
import { registerSbom } from './sbom.js';
import { registerPolicy } from './policy.js';
import { registerImage } from './image.js';
import { registerServer } from './server.js';
import { registerLogin, registerWhoami } from './login.js';
import { registerAudit } from './audit.js';
import { registerDeploy } from './deploy.js';
import { registerSecrets } from './secrets.js';
import { registerTokens } from './tokens.js';

const BUG_URL = 'https://github.com/rampart-sec/rampart/issues';

/** Parses argv, runs one command, returns the exit code. Never calls process.exit. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const setCode = (c: number) => {
    code = c;
  };
  const program = new Command('rampart')
    .description('Rampart: secrets, dependencies, IaC, pipelines, code and image scanning, and a control-plane server, in one tool')
    .version(VERSION, '-v, --version')
    .option('-q, --quiet', 'only the report; no progress or notes on stderr')
    .option('--no-color', 'no ANSI colour')
    .enablePositionalOptions(false)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });
  registerScan(program, argv, setCode);
  registerRules(program, setCode);
  registerInit(program, setCode);
  registerHook(program, setCode);
  registerDb(program, setCode);
  registerSbom(program, setCode);
  registerPolicy(program, setCode);
  registerImage(program, setCode);
  registerServer(program, setCode);
  registerLogin(program, setCode);
  registerWhoami(program, setCode);
  registerAudit(program, setCode);
  registerDeploy(program, setCode);
  registerSecrets(program, setCode);
  registerTokens(program, setCode);
  // Every command, nested ones too, takes the shared flags and returns instead of exiting.
  const shared = (c: Command) => {
    for (const sub of c.commands) {
      sub.option('-q, --quiet', 'only the report; no progress or notes on stderr').option('--no-color', 'no ANSI colour');
      sub.exitOverride();
      shared(sub);
    }
  };
  shared(program);
  // Commander gives a flag to the first command on the line that knows it, so in `rampart audit
  // export -q` the `audit` group takes -q, not `export`: hand the parents' flags to the command that runs.
  program.hook('preAction', (_root, action) => {
    for (let c = action.parent; c; c = c.parent) {
      const o = c.opts<{ quiet?: boolean; color?: boolean }>();
      if (o.quiet === true) action.setOptionValue('quiet', true);
      if (o.color === false) action.setOptionValue('color', false);
    }
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exitCode 0.
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof RampartError) {
      process.stderr.write(`rampart: error: ${e.message}\n`);
      return e.exitCode;
    }
    const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`rampart: internal error (please report it at ${BUG_URL}):\n${msg}\n`);
    return 3;
  }
}
