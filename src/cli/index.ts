import { Command, CommanderError } from 'commander';
import { RampartError, EXIT_USAGE } from '../core/errors.js';
import { VERSION } from '../core/version.js';

/**
 * Each command's module, by the name it registers. Only the command named on the line is loaded
 * (its options are all Commander needs to parse it): loading the others cost 15-20 ms CPU
 * of every `rampart scan`. Help, an unknown word or no command at all register every one.
 */
type Register = (program: Command, argv: string[], setCode: (c: number) => void) => void;
const COMMANDS: Record<string, () => Promise<Register>> = {
  scan: async () => (await import('./scan.js')).registerScan,
  rules: async () => drop((await import('./rules.js')).registerRules),
  init: async () => drop((await import('./init.js')).registerInit),
  hook: async () => drop((await import('./hook.js')).registerHook),
  db: async () => drop((await import('./db.js')).registerDb),
  sbom: async () => drop((await import('./sbom.js')).registerSbom),
  policy: async () => drop((await import('./policy.js')).registerPolicy),
  image: async () => drop((await import('./image.js')).registerImage),
  server: async () => drop((await import('./server.js')).registerServer),
  login: async () => drop((await import('./login.js')).registerLogin),
  whoami: async () => drop((await import('./login.js')).registerWhoami),
  audit: async () => drop((await import('./audit.js')).registerAudit),
  deploy: async () => drop((await import('./deploy.js')).registerDeploy),
  secrets: async () => drop((await import('./secrets.js')).registerSecrets),
  tokens: async () => drop((await import('./tokens.js')).registerTokens),
  projects: async () => drop((await import('./projects.js')).registerProjects),
  users: async () => drop((await import('./users.js')).registerUsers),
  'service-accounts': async () => drop((await import('./service-accounts.js')).registerServiceAccounts),
  roles: async () => drop((await import('./roles.js')).registerRoles),
  'trust-policies': async () => drop((await import('./trust-policies.js')).registerTrustPolicies),
  environments: async () => drop((await import('./environments.js')).registerEnvironments),
  waivers: async () => drop((await import('./waivers.js')).registerWaivers),
  findings: async () => drop((await import('./findings.js')).registerFindings),
  'gate-policies': async () => drop((await import('./policies.js')).registerPolicies),
};

/** A register function that takes no argv, called like one that does. */
const drop = (r: (program: Command, setCode: (c: number) => void) => void): Register => (program, _argv, setCode) => r(program, setCode);

/** Modules a command needs registered after its own (`server unseal` is the secrets module's). */
const WITH: Record<string, string[]> = { server: ['secrets'] };

/**
 * The command modules to register for `argv`: the one its first word names (no root option takes
 * a value, so the first word that is not an option is the command), else all of them in help order.
 */
export function commandsFor(argv: readonly string[]): string[] {
  const word = argv.find((a) => !a.startsWith('-'));
  if (word === undefined || !Object.hasOwn(COMMANDS, word)) return Object.keys(COMMANDS);
  return [word, ...(WITH[word] ?? [])];
}

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
  const registers = await Promise.all(commandsFor(argv).map((name) => COMMANDS[name]!()));
  for (const register of registers) register(program, argv, setCode);
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
