/**
 * Test, example, fixture and benchmark code: it never runs in production, and it disables checks,
 * feeds request data straight to sinks and hardcodes placeholder secrets on purpose (a test server
 * moving an upload, `NODE_TLS_REJECT_UNAUTHORIZED = '0'` for a self-signed test server). The
 * built-in rules do not report there unless `sast.includeTestCode` is set, and the scan says how
 * many findings it left out; users' own pattern rules choose their paths themselves.
 *
 * Test code is a `*.test.*` / `*.spec.*` file, anything under `__tests__/` or `__mocks__/`, or a
 * `test(s)/`, `spec(s)/`, `fixture(s)/`, `example(s)/`, `benchmark(s)/` folder directly in the scan
 * root or in a package root (a folder with package.json). Not deeper, and never under `app/`,
 * `pages/`, `routes/`, `api/` or `src/`: there a folder name is a URL segment (Next.js
 * `app/api/test/route.ts`) or part of the application. Paths are relative to the scan root, so
 * scanning a fixture folder itself still reports.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$/;
const TEST_ANYWHERE = new Set(['__tests__', '__mocks__']);
const TEST_FOLDER = new Set(['test', 'tests', 'spec', 'specs', 'fixture', 'fixtures', 'example', 'examples', 'benchmark', 'benchmarks']);
const ROUTING_ROOT = new Set(['app', 'pages', 'routes', 'api', 'src']);

export class TestCodePaths {
  private readonly packageRoots = new Map<string, boolean>();

  /** `root` absolute: package roots are found by their package.json (one look-up per folder). */
  constructor(private readonly root: string) {}

  isTestCode(path: string): boolean {
    const p = path.replace(/\\/g, '/');
    if (TEST_FILE.test(p)) return true;
    const dirs = p.split('/').slice(0, -1);
    if (dirs.some((d) => TEST_ANYWHERE.has(d))) return true;
    for (let i = 0; i < dirs.length; i++) {
      const d = dirs[i]!;
      if (ROUTING_ROOT.has(d)) return false;
      if (TEST_FOLDER.has(d) && (i === 0 || this.isPackageRoot(dirs.slice(0, i).join('/')))) return true;
    }
    return false;
  }

  private isPackageRoot(dir: string): boolean {
    let known = this.packageRoots.get(dir);
    if (known === undefined) this.packageRoots.set(dir, (known = existsSync(join(this.root, dir, 'package.json'))));
    return known;
  }
}
