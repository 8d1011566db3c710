import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
const app = express();
`;
// Handler bodies start on line 4.
function flows(body: string) {
  return brief(run(HEAD + `app.get('/', (req, res) => {\n${body}\n});`));
}

describe("taint engine: text after a literal '?' or '#' is only query or fragment", () => {
  it('a redirect or request whose tainted part follows the query mark is clean (+ chains, templates, +=)', () => {
    for (const body of [
      "  res.redirect('/login?next=' + req.query.next);",
      '  res.redirect(`${res.locals.base}/items?skip=${req.query.skip}&q=${req.query.q}`);',
      "  res.redirect(req.app.locals.home + '#' + req.query.tab);",
      "  let u = res.locals.base + '/list';\n  u += '?page=' + req.query.page;\n  res.redirect(u);",
      "  fetch(process.env.API + '?q=' + req.query.q);",
    ]) {
      expect(flows(body), body).toEqual([]);
    }
  });

  it('the part before the mark still decides: a tainted start is reported, and so is a mark only in tainted text', () => {
    expect(flows("  res.redirect(req.query.to + '?from=' + req.query.from);")).toEqual([
      { kind: 'open-redirect', sink: 4, source: 4, label: 'http' },
    ]);
    expect(flows('  res.redirect(`${req.query.to}?ok=1`);')).toEqual([
      { kind: 'open-redirect', sink: 4, source: 4, label: 'http' },
    ]);
    // A mark inside a value built earlier is not seen: the later part stays reported too (conservative).
    expect(flows("  const to = req.query.to + '?x';\n  res.redirect(to + req.query.path);")).toEqual([
      { kind: 'open-redirect', sink: 5, source: 4, label: 'http' },
      { kind: 'open-redirect', sink: 5, source: 5, label: 'http' },
    ]);
  });

  it('a mark in the text does not clean other kinds: the query value is still HTML', () => {
    expect(flows("  res.send('<a href=\"/find?q=' + req.query.q + '\">again</a>');")).toEqual([
      { kind: 'xss', sink: 4, source: 4, label: 'http' },
    ]);
  });
});
