import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPatternRules, patternHooks } from '../../../src/scanners/sast/patterns/index.js';
import { walk } from '../../../src/scanners/sast/parse/walk.js';
import { hits, parse } from './patterns-helpers.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/rules', import.meta.url));
const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/sast/patterns/${name}`, import.meta.url)), 'utf8');

describe('the example rules in examples/rules', () => {
  const { rules, errors } = loadPatternRules(EXAMPLES);

  it('load without errors: one search-mode and one taint-mode rule', () => {
    expect(errors).toEqual([]);
    expect(rules.map((r) => [r.ruleId, r.mode, r.severity, r.cwe])).toEqual([
      ['sast/custom/insecure-session-cookie', 'search', 'medium', [614]],
      ['sast/custom/request-data-in-shell-command', 'taint', 'critical', [78]],
    ]);
  });

  it('search mode: flags session cookies without secure, not other cookies or secure ones', () => {
    expect(hits(rules, fixture('cookie-flagged.ts'), 'cookie-flagged.ts').map((h) => [h.line, h.message])).toEqual([
      [7, "Cookie 'session_id' is sent without the secure flag; set secure true so it never travels over plain HTTP"],
      [8, "Cookie 'authToken' is sent without the secure flag; set secure true so it never travels over plain HTTP"],
    ]);
    expect(hits(rules, fixture('cookie-clean.ts'), 'cookie-clean.ts')).toEqual([]);
  });

  const taintAnswers = (name: string) => {
    const hooks = patternHooks(rules);
    const code = fixture(name);
    const file = parse(code, name);
    const out: string[] = [];
    walk(file.program as never, (node) => {
      const text = code.slice(node.start, node.end);
      if (hooks.source?.(node, file)) out.push(`source ${text}`);
      const sink = hooks.sink?.(node, file);
      if (sink) out.push(`sink ${text} (${sink.ruleId}${(sink as { args?: number[] }).args ? ` args ${(sink as { args?: number[] }).args}` : ''})`);
      if (hooks.sanitizer?.(node, file)) out.push(`sanitizer ${text}`);
    });
    return out;
  };

  it('taint mode: sources inside route handlers, the command argument as the sink', () => {
    expect(taintAnswers('shell-flagged.js')).toEqual([
      'source req.query',
      // The engine asks at calls: the call answers too, naming the focused argument.
      "sink exec('ping -c 1 ' + host, (err, out) => res.send(out)) (sast/custom/request-data-in-shell-command args 0)",
      "sink 'ping -c 1 ' + host (sast/custom/request-data-in-shell-command)",
    ]);
  });

  it('taint mode: execFile is no sink and shell-quote sanitizes', () => {
    expect(taintAnswers('shell-clean.js')).toEqual([
      'source req.query',
      "sink exec('ping -c 1 ' + shellQuote.quote([req.query.host]), (err, out) => res.send(out)) (sast/custom/request-data-in-shell-command args 0)",
      "sink 'ping -c 1 ' + shellQuote.quote([req.query.host]) (sast/custom/request-data-in-shell-command)",
      'sanitizer shellQuote.quote([req.query.host])',
      'source req.query',
      "sink exec('uptime', (err, out) => res.send(out)) (sast/custom/request-data-in-shell-command args 0)",
      "sink 'uptime' (sast/custom/request-data-in-shell-command)",
    ]);
  });
});
