import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { loadFormatters } from './formats.js';
import type { GlobalOpts } from './shared.js';

/** `rampart sbom [path]`: the dependency inventory as CycloneDX 1.6 or SPDX 2.3 JSON. */
export function registerSbom(program: Command, setCode: (c: number) => void): void {
  program
    .command('sbom')
    .description('write a software bill of materials of the dependencies under [path]')
    .argument('[path]', 'project directory', '.')
    .option('-f, --format <format>', 'cyclonedx|spdx', 'cyclonedx')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--with-vulnerabilities', 'cyclonedx: add known vulnerabilities from the database')
    .option('--db <file>', 'vulnerability database file (with --with-vulnerabilities)')
    .option('--exclude <glob>', 'skip paths matching this glob (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .action(async (path: string, o: GlobalOpts & { format: string; output?: string; withVulnerabilities?: boolean; db?: string; exclude: string[] }) => {
      if (o.format !== 'cyclonedx' && o.format !== 'spdx') throw new UsageError(`unknown --format "${o.format}" for sbom; use cyclonedx or spdx`);
      const [{ runScan }, formatters] = await Promise.all([import('../core/scan.js'), loadFormatters([o.format])]);
      const result = await runScan({
        path,
        scanners: ['deps'],
        exclude: o.exclude,
        failOn: 'none',
        deps: { vulnerabilities: Boolean(o.withVulnerabilities), db: o.db },
      });
      for (const i of result.issues) if (!o.quiet) process.stderr.write(`rampart: warning: ${i.path}${i.line ? `:${i.line}` : ''}: ${i.message}\n`);
      const text = formatters.get(o.format)!(result, { color: false });
      if (o.output) await writeFile(o.output, text);
      else process.stdout.write(text);
      if (!o.quiet) process.stderr.write(`rampart: ${result.packages?.length ?? 0} packages\n`);
      setCode(0);
    });
}
