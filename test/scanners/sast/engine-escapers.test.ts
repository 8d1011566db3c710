import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import { exec } from 'child_process';
const app = express();
`;
// Bodies start on line 4.
function flows(body: string) {
  return brief(run(HEAD + body));
}

const LOOP_ESCAPER = (name: string) => `function ${name}(str) {
  const tbl = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
  let out = '';
  for (let i = 0; i < str.length; i++) out += tbl[str[i]] || str[i];
  return out;
}
`;

describe("taint engine: a project's own HTML escaper by name", () => {
  it('a character-loop escaper named like one cleans XSS even though its summary carries the text', () => {
    for (const name of ['htmlsafe', 'escapeHtml', 'htmlEscape', 'escape', 'sanitizeText', 'encodeHTML']) {
      expect(flows(`${LOOP_ESCAPER(name)}app.get('/', (req, res) => {
  res.send('<h1>' + ${name}(req.query.q) + '</h1>');
});`), name).toEqual([]);
    }
  });

  it('the same loop under another name is a flow', () => {
    expect(flows(`${LOOP_ESCAPER('translate')}app.get('/', (req, res) => {
  res.send('<h1>' + translate(req.query.q) + '</h1>');
});`)).toEqual([{ kind: 'xss', sink: 11, source: 11, label: 'http' }]);
  });

  it('the name cleans XSS only: the escaped text still reaches a shell', () => {
    expect(flows(`${LOOP_ESCAPER('htmlsafe')}app.get('/', (req, res) => {
  exec('echo ' + htmlsafe(req.query.q));
});`)).toEqual([{ kind: 'command-injection', sink: 11, source: 11, label: 'http' }]);
  });

  it('an "escaper" whose summary shows a sink of its own is not taken at its word', () => {
    expect(flows(`function escapeHtml(s) {
  exec('logger ' + s);
  return s;
}
app.get('/', (req, res) => {
  res.send('<p>' + escapeHtml(req.query.q));
});`)).toEqual([
      { kind: 'command-injection', sink: 5, source: 9, label: 'http' },
      { kind: 'xss', sink: 9, source: 9, label: 'http' },
    ]);
  });

  it('an imported project escaper: cleans unless its summary shows a sink', () => {
    const sum = (sink: boolean) => ({
      functions: {
        htmlsafe: {
          toReturn: [{ param: 0, steps: [] }],
          toSink: sink ? [{ param: 0, kind: 'command-injection', sinkId: 'child_process.exec', steps: [{ path: 'src/esc.ts', line: 2, column: 1, message: 'runs a shell command' }] }] : [],
          sourceReturn: [],
        },
      },
    });
    const src = `import { htmlsafe } from './esc';
import express from 'express';
const app = express();
app.get('/', (req, res) => {
  res.send('<p>' + htmlsafe(req.query.q));
});`;
    expect(brief(run(src, { imported: { './esc': sum(false) } as never }))).toEqual([]);
    expect(brief(run(src, { imported: { './esc': sum(true) } as never })).map((b) => b.kind)).toContain('xss');
  });
});
