/**
 * Precision (issue 5): a sink matched only by its receiver's name (`logger.info(…)`) is the
 * project's own code when the receiver resolves to it, and that code's summary decides.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tmpTrees } from '../../helpers/tmp.js';
import { scanRoot } from './scan-root.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

async function hits(files: Record<string, string>, rule: string): Promise<string[]> {
  const root = trees.make({ 'package.json': '{"name":"app","private":true}', ...files });
  const findings = await scanRoot(root, Object.keys(files));
  return findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.path}:${f.location.startLine}`).sort();
}

const ROUTES = [
  "const express = require('express');", // 1
  "const logger = require('./logger');",
  'const router = express.Router();',
  "router.get('/a', (req, res) => { logger.info('download ' + req.query.name); res.end(); });",
  "router.get('/b', (req, res) => { logger.raw('download ' + req.query.name); res.end(); });", // 5
  "router.get('/c', (req, res) => { req.app.locals.logger.info('download ' + req.query.name); res.end(); });",
  "router.get('/d', (req, res) => { const log = { info(m) { console.log(m.replace(/[\\r\\n]/g, '')); } }; log.info('x ' + req.query.name); res.end(); });",
  'module.exports = router;',
].join('\n');

describe('SAST precision: loggers the project writes itself', () => {
  it('a project logger that strips CR/LF is clean; one that writes the message as is, or a logger the engine cannot see, still flags', async () => {
    const logger = [
      "function clean(s) { return String(s).replace(/[\\r\\n]/g, ' '); }",
      'function info(m) { console.log(`[INFO] ${clean(m)}`); }',
      'function raw(m) { console.log(`[RAW] ${m}`); }',
      'module.exports = { info, raw };',
    ].join('\n');
    expect(await hits({ 'routes.js': ROUTES, 'logger.js': logger }, 'sast/js/log-injection')).toEqual(['logger.js:3', 'routes.js:6']);
  });

  it('a logger joined from an own object and a package one (app.locals) still flags; one joined from own objects only is clean', async () => {
    const routes = [
      "const express = require('express');", // 1
      'const router = express.Router();',
      "router.get('/a', (req, res) => { const log = process.env.QUIET ? { info() {} } : req.app.locals.logger; log.info('x ' + req.query.name); res.end(); });",
      "router.get('/b', (req, res) => { const log = process.env.QUIET ? { info() {} } : { info(m) { console.log(m.replace(/[\\r\\n]/g, '')); } }; log.info('x ' + req.query.name); res.end(); });",
      'module.exports = router;',
    ].join('\n');
    expect(await hits({ 'routes.js': routes }, 'sast/js/log-injection')).toEqual(['routes.js:3']);
  });
});
