import { FORMATS, type FormatName } from '../report/formatter.js';
import { UsageError } from '../core/errors.js';

export interface OutputSpec {
  format: FormatName;
  /** undefined = stdout */
  path?: string;
}

/**
 * Pairs each `--output` with the `--format` before it, in argv order, so
 * `--format sarif --output r.sarif --format table` writes SARIF to a file and a table to stdout.
 * Commander keeps repeated values but not their interleaving, hence this pass over raw argv.
 */
export function pairOutputs(argv: string[]): OutputSpec[] {
  const specs: { format?: string; path?: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag !== '--format' && flag !== '-f' && flag !== '--output' && flag !== '-o') continue;
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--format' || flag === '-f') specs.push({ format: value });
    else {
      const last = specs[specs.length - 1];
      if (last && last.path === undefined) last.path = value;
      else specs.push({ path: value });
    }
  }
  if (specs.length === 0) return [{ format: 'table' }];
  return specs.map((s) => {
    const format = s.format ?? inferFormat(s.path!);
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`unknown --format "${format}"; use one of: ${FORMATS.join(', ')}`);
    }
    return { format: format as FormatName, path: s.path };
  });
}

function inferFormat(path: string): string {
  const p = path.toLowerCase();
  if (p.endsWith('.sarif') || p.endsWith('.sarif.json')) return 'sarif';
  if (p.endsWith('.json')) return 'json';
  if (p.endsWith('.xml')) return 'junit';
  if (p.endsWith('.md')) return 'markdown';
  return 'table';
}
