import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { GlobalOpts } from './shared.js';

/** POSIX shell single-quoting: the hook must survive any characters in the install path. */
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function registerHook(program: Command, setCode: (c: number) => void): void {
  const hook = program.command('hook').description('manage the git pre-commit hook');
  hook
    .command('install')
    .description('install a pre-commit hook that runs `rampart scan --staged`')
    .argument('[dir]', 'repository directory', '.')
    .option('--force', 'replace an existing pre-commit hook (a backup is kept)')
    .action(async (dir: string, o: GlobalOpts & { force?: boolean }) => {
      // The hook runs this very installation of Rampart (node + our bin), so it works whether
      // Rampart is a project dependency, a global install or a clone, without npx lookups.
      const bin = fileURLToPath(new URL('../../bin/rampart.js', import.meta.url));
      const command = `${sq(process.execPath)} ${sq(bin)} scan --staged`;
      const { installHook } = await import('../core/hook.js');
      const r = await installHook(dir, { force: o.force, command });
      if (!o.quiet) {
        const what = r.action === 'exists' ? 'already installed' : r.action;
        process.stderr.write(`rampart: pre-commit hook ${what}: ${r.path}\n`);
      }
      setCode(0);
    });
}
