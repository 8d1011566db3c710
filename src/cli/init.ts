import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { withRootFlags } from './secrets.js';
import { UsageError } from '../core/errors.js';
import type { GlobalOpts } from './shared.js';

export function registerInit(program: Command, setCode: (c: number) => void): void {
  program
    .command('init')
    .description('write a commented rampart.yaml to start from')
    .argument('[dir]', 'directory to write it in', '.')
    .option('--force', 'overwrite an existing rampart.yaml')
    .action(async (dir: string, flags: GlobalOpts & { force?: boolean }, self: Command) => {
      const o = withRootFlags(flags, self);
      const target = resolve(dir);
      if (!existsSync(target) || !statSync(target).isDirectory()) throw new UsageError(`${dir}: no such directory (create it first, or run rampart init inside it)`);
      const path = join(target, 'rampart.yaml');
      if (existsSync(path) && !o.force) throw new UsageError(`${path} already exists; use --force to overwrite it`);
      const { CONFIG_TEMPLATE } = await import('../core/config-template.js');
      await writeFile(path, CONFIG_TEMPLATE, { flag: o.force ? 'w' : 'wx' });
      if (!o.quiet) process.stderr.write(`rampart: wrote ${path}\n`);
      setCode(0);
    });
}
