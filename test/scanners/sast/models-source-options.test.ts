/**
 * process.argv and process.env are sources only behind an option (`sast.sources`): with the
 * shipped models, the same code is flagged when the label is on and clean when it is off.
 */
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { analyzeFile } from '../../../src/scanners/sast/taint/file.js';
import { compileModels } from '../../../src/scanners/sast/models/compile.js';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import type { SourceLabel } from '../../../src/scanners/sast/models/types.js';

const compiled = compileModels(MODELS);

function hits(source: string, labels: SourceLabel[]): string[] {
  const parsed = parseSource('cli.js', source);
  if (!parsed.ok) throw new Error(parsed.message);
  const r = analyzeFile(parsed.file, compiled, { labels: new Set(labels), importedExports: () => undefined });
  return r.hits.map((h) => `${h.steps[h.steps.length - 1]!.line}:${h.kind}:${h.label}`).sort();
}

const ARGV = `const { execSync } = require('child_process');
const target = process.argv[2];
execSync('ping -c 1 ' + target);
`;

const ENV = `const fs = require('fs');
const { Pool } = require('pg');
const pool = new Pool();
fs.readFileSync(process.env.REPORT_DIR + '/summary.txt');
pool.query("SELECT * FROM jobs WHERE queue = '" + process.env.QUEUE + "'");
`;

describe('process.argv / process.env behind sast.sources', () => {
  it('argv flags the shell command only when the argv label is on', () => {
    expect(hits(ARGV, ['http', 'browser', 'message'])).toEqual([]);
    expect(hits(ARGV, ['http', 'argv'])).toEqual(['3:command-injection:argv']);
  });

  it('env flags file and SQL sinks only when the env label is on', () => {
    expect(hits(ENV, ['http'])).toEqual([]);
    expect(hits(ENV, ['env'])).toEqual(['4:path-traversal:env', '5:sql-injection:env']);
  });

  it('a numeric cast of an argument is clean even with argv on', () => {
    const src = `const { execSync } = require('child_process');
execSync('sleep ' + Number(process.argv[2]));
`;
    expect(hits(src, ['argv'])).toEqual([]);
  });
});
