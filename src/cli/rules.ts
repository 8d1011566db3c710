import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { useColor, type GlobalOpts } from './shared.js';

export function registerRules(program: Command, setCode: (c: number) => void): void {
  program
    .command('rules')
    .description('list every rule with its id, severity, title and CWE')
    .option('--scanner <name>', 'only this scanner\'s rules')
    .option('-f, --format <format>', 'table|json', 'table')
    .option('-c, --config <file>', 'config file whose custom policies (iac.policies) and pattern rules (sast.rules) are listed too (default: ./rampart.yaml)')
    .action(async (o: GlobalOpts & { scanner?: string; format: string; config?: string }) => {
      const { loadScanners, SCANNER_IDS } = await import('../scanners/index.js');
      // `image` is a command of its own (`rampart image`), not a file scanner, but its rules are listed too.
      const known = [...SCANNER_IDS, 'image'];
      if (o.scanner !== undefined && !known.includes(o.scanner)) {
        throw new UsageError(`unknown scanner "${o.scanner}"; available: ${known.join(', ')}`);
      }
      const withImage = o.scanner === undefined || o.scanner === 'image';
      // One scanner's rules load only that scanner; the full list loads them all.
      const [scanners, { findConfig, loadConfig }] = await Promise.all([
        o.scanner === 'image' ? Promise.resolve([]) : loadScanners(o.scanner ? [o.scanner] : undefined),
        import('../core/config.js'),
      ]);
      const cfgPath = o.config ?? findConfig(process.cwd());
      const { config } = await loadConfig(cfgPath);
      const optionsOf = (id: string): Record<string, unknown> => {
        const raw = (config as Record<string, unknown>)[id];
        const base = raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>) } : {};
        return cfgPath ? { ...base, configDir: dirname(resolve(cfgPath)) } : base;
      };
      const perScanner = await Promise.all(scanners.map((s) => (s.rulesFor ? s.rulesFor(optionsOf(s.id)) : s.rules())));
      const rules = scanners.flatMap((s, i) => perScanner[i]!.map((r) => ({ scanner: s.id, ...r })));
      if (withImage) {
        const [cfgRules, setuid, secrets] = await Promise.all([
          import('../scanners/image/rules/config.js'),
          import('../scanners/image/rules/setuid.js'),
          import('../scanners/image/secrets.js'),
        ]);
        for (const r of [...cfgRules.IMAGE_CONFIG_RULES, setuid.SETUID_RULE, ...secrets.IMAGE_SECRET_RULES]) rules.push({ scanner: 'image', ...r });
      }
      if (o.format === 'json') {
        const out = rules.map((r) => ({
          id: r.id, scanner: r.scanner, severity: r.severity, title: r.title, cwe: r.cwe.map((n) => `CWE-${n}`),
          description: r.description, remediation: r.remediation, references: r.references ?? [],
          enabledByDefault: !(r.tags ?? []).includes('best-practice'),
        }));
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      } else if (o.format === 'table') {
        const color = useColor(o);
        const { default: pc } = await import('picocolors');
        const w = Math.max(...rules.map((r) => r.id.length), 4);
        const lines = [`${'RULE'.padEnd(w)}  SEVERITY  CWE       TITLE`];
        for (const r of rules) {
          const sev = r.severity.padEnd(8);
          const off = (r.tags ?? []).includes('best-practice') ? ' (best practice: off unless --best-practices)' : '';
          lines.push(`${r.id.padEnd(w)}  ${color ? pc.bold(sev) : sev}  ${r.cwe.map((n) => `CWE-${n}`).join(',').padEnd(8)}  ${r.title}${off}`);
        }
        lines.push('', `${rules.length} rules`);
        if (scanners.some((s) => s.id === 'deps')) lines.push('deps also reports one rule per advisory, deps/<advisory id>, from the vulnerability database');
        if (withImage) lines.push('image also reports one rule per advisory, image/<advisory id>, and the secret detectors on image files');
        process.stdout.write(lines.join('\n') + '\n');
      } else throw new UsageError(`unknown --format "${o.format}" for rules; use table or json`);
      setCode(0);
    });
}
