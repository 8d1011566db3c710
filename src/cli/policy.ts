import type { Command } from 'commander';
import { resolve } from 'node:path';
import { EXIT_OK, EXIT_POLICY, UsageError } from '../core/errors.js';
import { useColor, type GlobalOpts } from './shared.js';

/** `rampart policy test [path]`: custom policies against their own examples, like our rules' tests. */
export function registerPolicy(program: Command, setCode: (c: number) => void): void {
  const policy = program.command('policy').description('work with custom IaC policies');
  policy
    .command('test [path]')
    .description('run each custom policy against its flagged and clean example files (default path: iac.policies in rampart.yaml)')
    .option('-c, --config <file>', 'config file naming the policy folder (default: ./rampart.yaml)')
    .option('-f, --format <format>', 'table|json', 'table')
    .action(async (path: string | undefined, o: GlobalOpts & { config?: string; format: string }) => {
      if (o.format !== 'table' && o.format !== 'json') throw new UsageError(`unknown --format "${o.format}" for policy test; use table or json`);
      // Loaded here, not at start-up: other commands never pay for the config parser or the policy engine.
      const [{ findConfig, loadConfig }, { iacOptions }, { loadPolicies }, { testPolicy }, { default: pc }] = await Promise.all([
        import('../core/config.js'),
        import('../scanners/iac/options.js'),
        import('../scanners/iac/policies/load.js'),
        import('../scanners/iac/policies/test.js'),
        import('picocolors'),
      ]);
      let dir = path ? resolve(path) : undefined;
      if (!dir) {
        const cfgPath = o.config ?? findConfig(process.cwd());
        const { config } = await loadConfig(cfgPath);
        dir = iacOptions({ ...config.iac, ...(cfgPath ? { configDir: resolve(cfgPath, '..') } : {}) }).policies;
        if (!dir) throw new UsageError('no policy folder: pass a path, or set iac.policies in rampart.yaml');
      }
      const policies = loadPolicies(dir);
      if (policies.length === 0) throw new UsageError(`no policies (.yaml files) in ${dir}`);
      const results = (await Promise.all(policies.map(testPolicy))).flat();
      const failed = results.filter((r) => !r.ok).length;
      if (o.format === 'json') {
        process.stdout.write(JSON.stringify({ results, passed: results.length - failed, failed }, null, 2) + '\n');
      } else {
        const color = useColor(o);
        const mark = (ok: boolean) => (ok ? (color ? pc.green('PASS') : 'PASS') : color ? pc.red('FAIL') : 'FAIL');
        const lines = results.map((r) => `${mark(r.ok)}  ${r.policy}  ${r.kind.padEnd(7)}  ${r.example}: ${r.detail}`);
        lines.push('', `${policies.length} policies: ${results.length - failed} passed, ${failed} failed`);
        process.stdout.write(lines.join('\n') + '\n');
      }
      setCode(failed ? EXIT_POLICY : EXIT_OK);
    });
}
