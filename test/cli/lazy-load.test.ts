import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, REPO_ROOT } from '../helpers/cli.js';
import { tmpTrees } from '../helpers/tmp.js';

// Start-up cost is the modules a command loads. These tests run the built CLI (dist/) under a
// loader hook that lists every module it loads, and check that a command loads only its own.

const trees = tmpTrees();
let hookDir: string;
let register: string;
afterAll(() => trees.cleanup());
beforeAll(() => {
  hookDir = trees.make({
    'hooks.mjs':
      "import { appendFileSync } from 'node:fs';\n" +
      'export async function load(url, context, next) {\n' +
      "  if (url.startsWith('file:')) appendFileSync(process.env.RAMPART_MODULE_LOG, url + '\\n');\n" +
      '  return next(url, context);\n}\n',
  });
  register = join(hookDir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(hookDir, 'hooks.mjs')).href)});\n`);
});

/** Runs the CLI; returns its exit code and the loaded modules as repository-relative paths. */
function loaded(args: string[]): Promise<{ code: number; modules: string[]; stderr: string }> {
  const log = join(hookDir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', pathToFileURL(register).href, BIN, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, RAMPART_MODULE_LOG: log, XDG_CACHE_HOME: join(hookDir, 'cache') }, timeout: 60_000 },
      (err, _stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 99) : 0;
        const root = pathToFileURL(REPO_ROOT).href + '/';
        const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((u) => (u.startsWith(root) ? u.slice(root.length) : u));
        rmSync(log, { force: true });
        resolve({ code, modules, stderr: String(stderr) });
      },
    );
  });
}

const scannerModules = (modules: string[], id: string) => modules.filter((m) => m.startsWith(`dist/scanners/${id}/`));
const packageModules = (modules: string[], pkg: string) => modules.filter((m) => m.includes(`node_modules/${pkg}/`));

describe('lazy loading (built CLI)', () => {
  it('--version and --help load no scanner, no config parser and no report format', async () => {
    for (const args of [['--version'], ['--help'], ['scan', '--help'], ['image', '--help']]) {
      const r = await loaded(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.modules.filter((m) => m.startsWith('dist/scanners/')), args.join(' ')).toEqual([]);
      expect(packageModules(r.modules, 'zod'), args.join(' ')).toEqual([]);
      expect(packageModules(r.modules, 'yaml'), args.join(' ')).toEqual([]);
      expect(r.modules.filter((m) => m.startsWith('dist/report/') && m !== 'dist/report/formatter.js'), args.join(' ')).toEqual([]);
      // The CLI itself did load: the hook saw it.
      expect(r.modules).toContain('dist/cli/index.js');
    }
  }, 60_000);

  it('scan --scanners sast loads the SAST scanner and no other scanner, and only the table format', async () => {
    const dir = trees.make({ 'app.ts': 'export const greet = (name: string) => `hello ${name}`;\n', 'k8s.yaml': 'kind: Pod\n' });
    const r = await loaded(['scan', '--scanners', 'sast', '--fail-on', 'none', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.modules).toContain('dist/scanners/sast/index.js');
    for (const id of ['iac', 'deps', 'pipelines', 'image']) expect(scannerModules(r.modules, id), id).toEqual([]);
    // SAST borrows two small helpers from the secrets scanner, but never its engine or detector list.
    expect(r.modules).not.toContain('dist/scanners/secrets/index.js');
    expect(r.modules).not.toContain('dist/scanners/secrets/detectors/index.js');
    expect(r.modules).toContain('dist/report/table.js');
    for (const f of ['junit', 'sarif', 'cyclonedx', 'spdx', 'markdown', 'json']) expect(r.modules).not.toContain(`dist/report/${f}.js`);
    expect(packageModules(r.modules, 'xmlbuilder2')).toEqual([]);
  }, 60_000);

  it('a scan with --format junit loads the JUnit format (and its XML builder)', async () => {
    const dir = trees.make({ 'app.ts': 'export const x = 1;\n' });
    const r = await loaded(['scan', '--scanners', 'sast', '--fail-on', 'none', '--format', 'junit', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.modules).toContain('dist/report/junit.js');
    expect(packageModules(r.modules, 'xmlbuilder2').length).toBeGreaterThan(0);
    expect(r.modules).not.toContain('dist/report/table.js');
  }, 60_000);

  it('scan with the default scanners loads every scanner', async () => {
    const dir = trees.make({ 'app.ts': 'export const x = 1;\n' });
    const r = await loaded(['scan', '--fail-on', 'none', dir]);
    expect(r.code, r.stderr).toBe(0);
    for (const id of ['secrets', 'deps', 'iac', 'pipelines', 'sast']) expect(r.modules, id).toContain(`dist/scanners/${id}/index.js`);
    // Without iac.policies in a config, the custom-policy loader and its CEL interpreter stay unloaded.
    expect(r.modules).not.toContain('dist/scanners/iac/policies/load.js');
    expect(packageModules(r.modules, '@marcbachmann/cel-js')).toEqual([]);
  }, 60_000);

  it('rules --scanner pipelines loads only that scanner', async () => {
    const r = await loaded(['rules', '--scanner', 'pipelines']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.modules).toContain('dist/scanners/pipelines/index.js');
    for (const id of ['secrets', 'deps', 'iac', 'sast']) expect(scannerModules(r.modules, id), id).toEqual([]);
  }, 60_000);
});
