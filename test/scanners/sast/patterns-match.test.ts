import { describe, expect, it } from 'vitest';
import { hits, one, rulesFrom } from './patterns-helpers.js';

const texts = (pattern: string, code: string, path?: string): string[] => hits(one(pattern), code, path).map((h) => h.text);

describe('pattern matching: expressions', () => {
  it('metavariables bind any expression and interpolate into the message', () => {
    const r = hits(one('db.query("..." + $X)', 'query built from $X'), 'db.query("select * from t where id=" + req.query.id);\ndb.query("select 1");');
    expect(r).toEqual([{ text: 'db.query("select * from t where id=" + req.query.id)', message: 'query built from req.query.id', line: 1 }]);
  });

  it('long bindings are shown on one line and shortened in messages', () => {
    const body = Array.from({ length: 40 }, (_, i) => `  step${i}();`).join('\n');
    const [h] = hits(one('run($X)', 'runs $X'), `run(function () {\n${body}\n});`);
    expect(h!.message).toMatch(/^runs function \(\) \{ step0\(\); step1\(\);.*…$/);
    expect(h!.message.length).toBeLessThanOrEqual('runs '.length + 80);
  });

  it('the same metavariable twice must bind equal code (spacing, parentheses and quotes aside)', () => {
    const p = '$X == $X';
    expect(texts(p, 'if (a.b == a.b) {}\nif (a["b"] == (a . b)) {}\nif (a.b == a.c) {}')).toEqual(['a.b == a.b', 'a["b"] == (a . b)']);
  });

  it('string literals match regardless of quote style, "..." matches any string', () => {
    expect(texts("setHeader('X-Frame-Options', $V)", 'res.setHeader("X-Frame-Options", v); setHeader(`X-Frame-Options`, w); setHeader("Other", v);')).toEqual([
      'setHeader(`X-Frame-Options`, w)',
    ]);
    expect(texts('crypto.createHash("...")', 'crypto.createHash("md5"); crypto.createHash(`sha1`); crypto.createHash(alg); crypto.createHash(`x${y}`)')).toEqual([
      'crypto.createHash("md5")',
      'crypto.createHash(`sha1`)',
    ]);
  });

  it('... in argument lists stands for any number of arguments', () => {
    const code = 'f(); f(1); f(1, 2, 3); g(1);';
    expect(texts('f(...)', code)).toEqual(['f()', 'f(1)', 'f(1, 2, 3)']);
    expect(texts('f(..., 3)', code)).toEqual(['f(1, 2, 3)']);
    expect(texts('f($A, ...)', code)).toEqual(['f(1)', 'f(1, 2, 3)']);
    expect(texts('f($A)', code)).toEqual(['f(1)']);
  });

  it('$...NAME is an ellipsis that binds the arguments it stands for', () => {
    expect(hits(one('log($...ARGS, secret)', 'logged with $...ARGS'), 'log(a, b, secret); log(secret); log(a, b);').map((h) => h.message)).toEqual([
      'logged with a, b',
      'logged with ',
    ]);
    // Bound twice, the sequences must be equal.
    expect(texts('f($...A) + g($...A)', 'f(1, 2) + g(1, 2); f(1) + g(2);')).toEqual(['f(1, 2) + g(1, 2)']);
  });

  it('objects match when the listed properties are present, in any order', () => {
    const code = "cookie('s', v, { httpOnly: true, secure: false }); cookie('s', v, { secure: true }); cookie('s', v, { 'secure': false });";
    expect(texts('cookie(..., { ..., secure: false, ... })', code)).toEqual([
      "cookie('s', v, { httpOnly: true, secure: false })",
      "cookie('s', v, { 'secure': false })",
    ]);
    // Without `...` the object must have exactly the listed properties.
    expect(texts('cookie(..., { secure: false })', code)).toEqual(["cookie('s', v, { 'secure': false })"]);
  });

  it('arrays take ... too', () => {
    expect(texts("jwt.verify($T, $K, { algorithms: [..., 'none', ...] })", "jwt.verify(t, k, { algorithms: ['HS256', 'none'] }); jwt.verify(t, k, { algorithms: ['HS256'] })")).toEqual([
      "jwt.verify(t, k, { algorithms: ['HS256', 'none'] })",
    ]);
  });

  it('a.b and a["b"] are alike; parentheses, casts and non-null assertions are ignored', () => {
    expect(texts('document.write($X)', 'document["write"](a); (document as any).write(b); document!.write(c); document.writeln(d);')).toEqual([
      'document["write"](a)',
      '(document as any).write(b)',
      'document!.write(c)',
    ]);
  });

  it('a.b matches a?.b; a pattern written with ?. wants optional chaining', () => {
    expect(texts('user.profile.$F', 'user.profile.name; user?.profile?.age;')).toEqual(['user.profile.name', 'user?.profile?.age']);
    expect(texts('$X?.$Y', 'a.b; c?.d;')).toEqual(['c?.d']);
    expect(texts('$F?.()', 'f(); g?.();')).toEqual(['g?.()']);
  });

  it('export default', () => {
    expect(texts('export default $X', 'export default router;', 'routes.js')).toEqual(['export default router;']);
  });

  it('member names can be metavariables', () => {
    expect(hits(one('req.query.$F', 'param $F'), 'const a = req.query.id; const b = req.body.x;').map((h) => h.message)).toEqual(['param id']);
  });

  it('calls match through import and require aliases of the module the pattern names', () => {
    const code = [
      "import { exec } from 'child_process';",
      "import * as cp from 'node:child_process';",
      "const { exec: run } = require('child_process');",
      'exec(a); cp.exec(b); run(c); other.exec(d);',
    ].join('\n');
    expect(texts('child_process.exec(...)', code)).toEqual(['exec(a)', 'cp.exec(b)', 'run(c)']);
  });

  it('a bare global pattern does not match a local of the same path elsewhere', () => {
    expect(texts('eval($X)', 'eval(a); window.eval(b); obj.eval(c);')).toEqual(['eval(a)', 'window.eval(b)']);
  });

  it('functions: params with ..., bodies with ..., arrows and async handlers alike', () => {
    const code = "app.get('/a', async (req, res) => { res.send(req.query.q); });\napp.get('/b', auth, function (rq, rs) { rs.end(); });\napp.get('/c');";
    expect(texts('app.get(..., function ($REQ, $RES) { ... })', code)).toEqual([
      "app.get('/a', async (req, res) => { res.send(req.query.q); })",
      "app.get('/b', auth, function (rq, rs) { rs.end(); })",
    ]);
    expect(texts('function $F(...) { ... }', 'function a(x) { return x } const b = () => 1;')).toEqual(['function a(x) { return x }']);
  });

  it('... as a whole expression matches anything', () => {
    expect(texts('new Function(...)', 'new Function("a", body); Function(x); new Fn(y);')).toEqual(['new Function("a", body)']);
  });

  it('template literals match by their text and expressions', () => {
    expect(texts('`SELECT ${$X}`', 'q(`SELECT ${id}`); q(`DELETE ${id}`);')).toEqual(['`SELECT ${id}`']);
    // `...` inside template text stands for any text.
    expect(texts('`SELECT ...${$X}...`', 'q(`SELECT * FROM t WHERE id = ${id} LIMIT 1`); q(`DELETE ${id}`); q(`SELECT 1`);')).toEqual([
      '`SELECT * FROM t WHERE id = ${id} LIMIT 1`',
    ]);
  });

  it('binary operators, assignments and members', () => {
    expect(texts('$EL.innerHTML = $V', 'el.innerHTML = html; el.textContent = html; a.b.innerHTML += x;')).toEqual(['el.innerHTML = html']);
  });

  it('spreads in patterns are spreads, not ellipses', () => {
    expect(texts('Object.assign({}, ...$ARGS)', 'Object.assign({}, ...parts); Object.assign({}, a, b);')).toEqual(['Object.assign({}, ...parts)']);
  });

  it('JSX files are matched too', () => {
    expect(texts('{ __html: $X }', 'const a = <div dangerouslySetInnerHTML={{ __html: x }} />;', 'view.tsx')).toEqual(['{ __html: x }']);
  });
});

describe('pattern matching: statements', () => {
  it('a statement sequence with ... between statements', () => {
    const p = '$X = req.query.$F; ... eval($X);';
    expect(texts(p, 'function f() { let x; x = req.query.id; log(x); eval(x); }')).toEqual(['x = req.query.id; log(x); eval(x);']);
    expect(texts(p, 'function f() { let x; x = req.query.id; eval(y); }')).toEqual([]);
    // Order matters.
    expect(texts(p, 'function f() { eval(x); x = req.query.id; }')).toEqual([]);
  });

  it('a declaration counts as the assignment; the last statement may be nested in a later one', () => {
    const p = '$X = req.query.$F; ... eval($X);';
    const code = 'function f() {\n  const x = req.query.id;\n  if (ok) {\n    return eval(x);\n  }\n}';
    expect(hits(one(p), code).map((h) => h.line)).toEqual([2]);
  });

  it('multi-line YAML block patterns, with ... on lines of their own', () => {
    const rules = rulesFrom([
      'rules:',
      '  - id: ml',
      '    message: $X from the request reaches eval',
      '    severity: high',
      '    pattern: |',
      '      const $X = req.body.$F;',
      '      ...',
      '      eval($X);',
    ].join('\n'));
    expect(hits(rules, 'function h(req) {\n  const code = req.body.code;\n  check(code);\n  eval(code);\n}').map((h) => [h.line, h.message])).toEqual([
      [2, 'code from the request reaches eval'],
    ]);
  });

  it('return patterns are parsed inside a function body', () => {
    expect(texts('return $X.password;', 'function f(u) { return u.password; } function g(u) { return u.name; }')).toEqual(['return u.password;']);
  });

  it('if statements', () => {
    expect(texts('if ($X == null) { ... }', 'if (a == null) { f(); } else { g(); } if (a != null) {}')).toEqual(['if (a == null) { f(); } else { g(); }']);
  });

  it('a block in a pattern also matches a lone statement', () => {
    expect(texts('if ($X) { ... }', 'if (a) f(); if (b) { g(); }')).toEqual(['if (a) f();', 'if (b) { g(); }']);
  });

  it('classes with ... in the body and method patterns', () => {
    const p = 'class $C extends React.Component { ... componentWillMount() { ... } ... }';
    const code = 'class A extends React.Component { state = {}; componentWillMount() { load(); } render() {} }\nclass B extends React.Component { render() {} }';
    expect(hits(one(p, '$C uses componentWillMount'), code).map((h) => h.message)).toEqual(['A uses componentWillMount']);
  });

  it('variable declarations of any kind', () => {
    expect(texts('var $X = require("...")', "const a = require('fs'); let b = require(`path`); var c = load('x');")).toEqual([
      "const a = require('fs');",
      'let b = require(`path`);',
    ]);
  });
});

describe('pattern matching: JSX', () => {
  it('elements match by name and the listed attributes, in any order, with values compared as expressions', () => {
    const code = [
      'const a = <div className="x" dangerouslySetInnerHTML={{ __html: html }} />;',
      'const b = <div className="x">{text}</div>;',
      'const c = <span dangerouslySetInnerHTML={{ __html: "<b>static</b>" }}></span>;',
    ].join('\n');
    expect(hits(one('<$EL dangerouslySetInnerHTML={{ __html: $X }} />', 'raw HTML in $EL: $X'), code, 'view.tsx').map((h) => h.message)).toEqual([
      'raw HTML in div: html',
      'raw HTML in span: "<b>static</b>"',
    ]);
    expect(texts('<a href={$U}>{...}</a>', 'const l = <a target="_blank" href={url}>go {name}</a>; const m = <a>x</a>;', 'view.tsx')).toEqual([
      '<a target="_blank" href={url}>go {name}</a>',
    ]);
  });
});
