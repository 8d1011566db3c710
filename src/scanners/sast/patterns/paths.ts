/**
 * A rule's `paths: { include, exclude }`, read the way ignore files are: a glob without a slash
 * matches any one segment of the path (`tests`, `*.spec.ts`); one with a slash matches the
 * relative path from its start (`src/legacy/**`) or a folder and everything in it (`src/gen`).
 */
import picomatch from 'picomatch';

type Test = (path: string) => boolean;

function compileGlob(glob: string): Test {
  const g = glob.replace(/^\.\//, '').replace(/^\//, '').replace(/\/$/, '');
  if (!g.includes('/')) {
    const m = picomatch(g, { dot: true });
    return (path) => path.split('/').some((seg) => m(seg));
  }
  const whole = picomatch(g, { dot: true });
  const under = picomatch(`${g}/**`, { dot: true });
  return (path) => whole(path) || under(path);
}

export function pathFilter(include: string[], exclude: string[]): Test | string {
  const bad = [...include, ...exclude].find((g) => g.trim() === '');
  if (bad !== undefined) return 'paths: an empty glob';
  const inc = include.map(compileGlob);
  const exc = exclude.map(compileGlob);
  return (path) => {
    const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
    if (inc.length > 0 && !inc.some((t) => t(p))) return false;
    return !exc.some((t) => t(p));
  };
}
