import type { Command } from 'commander';
import pc from 'picocolors';
import { UsageError } from '../core/errors.js';
import { useColor, type GlobalOpts } from './shared.js';

export function registerRules(program: Command, setCode: (c: number) => void): void {
  program
    .command('rules')
    .description('list every rule with its id, severity, title and CWE')
    .option('--scanner <name>', 'only this scanner\'s rules')
    .option('-f, --format <format>', 'table|json', 'table')
    .action(async (o: GlobalOpts & { scanner?: string; format: string }) => {
      const { SCANNERS } = await import('../scanners/index.js');
      const scanners = o.scanner ? SCANNERS.filter((s) => s.id === o.scanner) : SCANNERS;
      if (scanners.length === 0) throw new UsageError(`unknown scanner "${o.scanner}"; available: ${SCANNERS.map((s) => s.id).join(', ')}`);
      const rules = scanners.flatMap((s) => s.rules().map((r) => ({ scanner: s.id, ...r })));
      if (o.format === 'json') {
        const out = rules.map((r) => ({
          id: r.id, scanner: r.scanner, severity: r.severity, title: r.title, cwe: r.cwe.map((n) => `CWE-${n}`),
          description: r.description, remediation: r.remediation, references: r.references ?? [],
        }));
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      } else if (o.format === 'table') {
        const color = useColor(o);
        const w = Math.max(...rules.map((r) => r.id.length), 4);
        const lines = [`${'RULE'.padEnd(w)}  SEVERITY  CWE       TITLE`];
        for (const r of rules) {
          const sev = r.severity.padEnd(8);
          lines.push(`${r.id.padEnd(w)}  ${color ? pc.bold(sev) : sev}  ${r.cwe.map((n) => `CWE-${n}`).join(',').padEnd(8)}  ${r.title}`);
        }
        lines.push('', `${rules.length} rules`);
        if (scanners.some((s) => s.id === 'deps')) lines.push('deps also reports one rule per advisory, deps/<advisory id>, from the vulnerability database');
        process.stdout.write(lines.join('\n') + '\n');
      } else throw new UsageError(`unknown --format "${o.format}" for rules; use table or json`);
      setCode(0);
    });
}
