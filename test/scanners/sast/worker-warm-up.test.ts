import { describe, expect, it } from 'vitest';
import { analyzeOne, defaultEngineFactory, warmUp } from '../../../src/scanners/sast/taint/worker.js';
import { WARM_UP_FILES } from '../../../src/scanners/sast/parse/warm-up.js';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { DEFAULT_SOURCES } from '../../../src/scanners/sast/options.js';
import type { FileContext } from '../../../src/scanners/sast/taint/summary.js';

const labels = new Set(DEFAULT_SOURCES);
const ctx: FileContext = { labels, importedExports: () => undefined };

const ROUTE = `import express from 'express';
import { exec } from 'node:child_process';
const app = express();
app.get('/run', (req, res) => {
  const name = String(req.query.name);
  exec('convert ' + name, () => res.end());
});
`;

describe('worker warm-up', () => {
  it('analyses every file of the made-up project (none has rotted into a syntax error)', () => {
    const engine = defaultEngineFactory(MODELS);
    expect(warmUp(engine, labels)).toBe(WARM_UP_FILES.length);
    for (const f of WARM_UP_FILES) {
      const o = analyzeOne(engine, f.path, f.source, ctx, false);
      expect(o.issues, f.path).toEqual([]);
      expect(o.ok, f.path).toBe(true);
    }
  });

  it('hands a file the exports of the files it imports, as a task would get them', () => {
    for (const f of WARM_UP_FILES) {
      for (const path of Object.values(f.imports)) {
        expect(WARM_UP_FILES.findIndex((g) => g.path === path), `${f.path} imports ${path}`).toBeLessThan(WARM_UP_FILES.indexOf(f));
      }
    }
    expect(WARM_UP_FILES.some((f) => Object.keys(f.imports).length > 0)).toBe(true);
  });

  it('leaves a later file’s result exactly as without it', () => {
    const engine = defaultEngineFactory(MODELS);
    const before = JSON.stringify(analyzeOne(engine, '/p/src/route.ts', ROUTE, ctx, false));
    warmUp(engine, labels);
    const after = JSON.stringify(analyzeOne(engine, '/p/src/route.ts', ROUTE, ctx, false));
    expect(after).toBe(before);
    expect(before).toContain('command-injection');
  });
});
