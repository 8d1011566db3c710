import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { EXIT_OK, EXIT_POLICY, UsageError } from '../core/errors.js';
import { isSeverity, type Severity } from '../core/severity.js';
import { pairOutputs } from './outputs.js';
import { useColor, type GlobalOpts } from './shared.js';

interface ImageFlags extends GlobalOpts {
  failOn: string;
  db?: string;
  platform?: string;
  rootfs?: boolean;
  dockerConfig?: string;
  insecureRegistry: string[];
  includeUnfixed?: boolean;
  secrets?: boolean; // commander turns --no-secrets into secrets: false
  timeout?: string;
  baseline?: string;
}

const PLATFORM = /^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_]+)?$/i;

/** `rampart image <ref|tar|dir>`: vulnerabilities, secrets and misconfiguration inside a container image. */
export function registerImage(program: Command, setCode: (c: number) => void): void {
  program
    .command('image')
    .description('scan a container image (docker-save tar, OCI layout, registry reference or --rootfs dir)')
    .argument('<image>', 'registry reference (registry/repo:tag or @sha256:...), image tar, OCI layout directory, or root filesystem with --rootfs')
    .option('-f, --format <format>', 'table|json|sarif|junit|markdown|cyclonedx|spdx; repeat with --output for several reports')
    .option('-o, --output <file>', 'write the preceding --format to this file instead of stdout')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above: critical|high|medium|low|info|none', 'high')
    .option('--db <file>', 'vulnerability database file (default: your cache directory)')
    .option('--platform <os/arch[/variant]>', 'pick this platform from a multi-arch image (default: linux/amd64)')
    .option('--rootfs', 'the argument is an unpacked root filesystem directory')
    .option('--docker-config <file>', 'Docker credentials file for registry pulls (default: ~/.docker/config.json)')
    .option('--insecure-registry <host>', 'allow plain HTTP to this registry host[:port] (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .option('--include-unfixed', 'also report vulnerabilities that have no fixed version yet')
    .option('--no-secrets', 'do not look for secrets in image files, environment and history')
    .option('--timeout <seconds>', 'give up on a registry that does not answer within this many seconds', '60')
    .option('--baseline <file>', 'suppress findings recorded in this baseline file')
    .action(async (input: string, flags: ImageFlags, cmd: Command) => {
      // --format/--output pairs need the raw argv order; the root command keeps what main() got.
      let root = cmd;
      while (root.parent) root = root.parent;
      const raw = (root as unknown as { rawArgs?: string[] }).rawArgs;
      // -q/--no-color are also root options, and the root takes them wherever they stand in argv.
      const top = root.opts<GlobalOpts>();
      const merged: ImageFlags = { ...flags, quiet: flags.quiet === true || top.quiet === true, color: flags.color !== false && top.color !== false };
      setCode(await image(input, merged, raw ?? process.argv.slice(2)));
    });
}

async function image(input: string, f: ImageFlags, argv: string[]): Promise<number> {
  const at = argv.indexOf('image');
  const outputs = pairOutputs(at >= 0 ? argv.slice(at + 1) : []);
  const failOn = f.failOn.toLowerCase();
  if (failOn !== 'none' && !isSeverity(failOn)) {
    throw new UsageError(`--fail-on "${f.failOn}": use critical, high, medium, low, info or none`);
  }
  if (f.platform !== undefined && !PLATFORM.test(f.platform)) {
    throw new UsageError(`--platform "${f.platform}": use os/arch or os/arch/variant (e.g. linux/arm64/v8)`);
  }
  const timeout = Number(f.timeout ?? '60');
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 86_400) {
    throw new UsageError(`--timeout "${f.timeout}": use a number of seconds from 1 to 86400`);
  }
  // Loaded here, not at startup, so `rampart --help` stays instant.
  const [{ scanImage }, { policyFailed }, { getFormatter }] = await Promise.all([
    import('../scanners/image/index.js'),
    import('../core/scan.js'),
    import('../report/index.js'),
  ]);
  const result = await scanImage(input, {
    db: f.db,
    platform: f.platform,
    rootfs: f.rootfs === true,
    dockerConfig: f.dockerConfig,
    insecureRegistries: f.insecureRegistry,
    includeUnfixed: f.includeUnfixed === true,
    secrets: f.secrets !== false,
    timeoutMs: Math.round(timeout * 1000),
    baseline: f.baseline,
    failOn: failOn as Severity | 'none',
  });
  for (const o of outputs) {
    const text = getFormatter(o.format)(result, { color: !o.path && useColor(f) });
    if (o.path) await writeFile(o.path, text);
    else process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
  // A table on stdout lists the issues itself; otherwise they go to stderr, so "not checked" is never silent.
  if (!f.quiet && outputs.every((o) => o.path || o.format !== 'table')) {
    for (const i of result.issues) process.stderr.write(`rampart: warning: ${i.path}${i.line ? `:${i.line}` : ''}: ${i.message}\n`);
    process.stderr.write(
      `rampart: ${result.findings.length} finding(s), ${result.suppressed.length} suppressed, ${result.packages?.length ?? 0} package(s) in ${(result.stats.durationMs / 1000).toFixed(1)}s\n`,
    );
  }
  return policyFailed(result) ? EXIT_POLICY : EXIT_OK;
}
