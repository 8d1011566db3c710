import type { Command } from 'commander';
import { installHook } from '../core/hook.js';
import type { GlobalOpts } from './shared.js';

export function registerHook(program: Command, setCode: (c: number) => void): void {
  const hook = program.command('hook').description('manage the git pre-commit hook');
  hook
    .command('install')
    .description('install a pre-commit hook that runs `rampart scan --staged`')
    .argument('[dir]', 'repository directory', '.')
    .option('--force', 'replace an existing pre-commit hook (a backup is kept)')
    .action(async (dir: string, o: GlobalOpts & { force?: boolean }) => {
      const r = await installHook(dir, { force: o.force });
      if (!o.quiet) {
        const what = r.action === 'exists' ? 'already installed' : r.action;
        process.stderr.write(`rampart: pre-commit hook ${what}: ${r.path}\n`);
      }
      setCode(0);
    });
}
