import { describe, expect, it } from 'vitest';
import { hits, rulesFrom } from './patterns-helpers.js';

const rule = (body: string): ReturnType<typeof rulesFrom> =>
  rulesFrom(`rules:\n  - id: r\n    message: "hit $X"\n    severity: medium\n${body.replace(/^/gm, '    ')}\n`);
const texts = (body: string, code: string): string[] => hits(rule(body), code).map((h) => h.text);

describe('rule formulas', () => {
  it('pattern-either: any of the alternatives', () => {
    const body = 'pattern-either:\n  - pattern: eval($X)\n  - pattern: new Function($X)';
    expect(texts(body, 'eval(a); new Function(b); Function(c);')).toEqual(['eval(a)', 'new Function(b)']);
  });

  it('pattern-not drops matches the not-pattern also matches at the same place', () => {
    const body = 'patterns:\n  - pattern: exec($X)\n  - pattern-not: exec("...")';
    expect(texts(body, 'exec(cmd); exec("ls -l");')).toEqual(['exec(cmd)']);
  });

  it('pattern-inside keeps only matches within a match of that pattern, sharing metavariables', () => {
    const body = [
      'patterns:',
      '  - pattern-inside: app.$M(..., function ($REQ, $RES) { ... })',
      '  - pattern: $RES.send($REQ.query.$P)',
    ].join('\n');
    const code = [
      "app.get('/a', (req, res) => { res.send(req.query.name); });",
      "app.get('/b', (req, res) => { other.send(req.query.name); });",
      'function outside(req, res) { res.send(req.query.name); }',
    ].join('\n');
    expect(texts(body, code)).toEqual(['res.send(req.query.name)']);
  });

  it('pattern-either of pattern-inside items: inside any of them', () => {
    const body = [
      'patterns:',
      '  - pattern-either:',
      '      - pattern-inside: app.get(...)',
      '      - pattern-inside: router.post(...)',
      '  - pattern: $RES.send($X)',
    ].join('\n');
    const code = "app.get('/', (q, s) => s.send(a)); router.post('/', (q, s) => s.send(b)); other.put('/', (q, s) => s.send(c));";
    expect(texts(body, code)).toEqual(['s.send(a)', 's.send(b)']);
  });

  it('pattern-not-inside drops matches within a match of that pattern', () => {
    const body = ['patterns:', '  - pattern: JSON.parse($X)', '  - pattern-not-inside: try { ... } catch ($E) { ... }'].join('\n');
    const code = 'try { JSON.parse(a); } catch (e) {}\nJSON.parse(b);';
    expect(hits(rule(body), code).map((h) => h.line)).toEqual([2]);
  });

  it('metavariable-regex (RE2, anchored at the start) filters what a metavariable bound', () => {
    const body = [
      'patterns:',
      '  - pattern: crypto.createHash($ALG)',
      '  - metavariable-regex:',
      '      metavariable: $ALG',
      "      regex: (md5|sha1)$",
    ].join('\n');
    expect(texts(body, "crypto.createHash('md5'); crypto.createHash('sha256'); crypto.createHash(\"sha1\");")).toEqual([
      "crypto.createHash('md5')",
      'crypto.createHash("sha1")',
    ]);
  });

  it('focus-metavariable reports the bound code instead of the whole match', () => {
    const body = ['patterns:', '  - pattern: db.query($Q, ...)', '  - focus-metavariable: $Q'].join('\n');
    expect(texts(body, 'db.query(sql, [a]);')).toEqual(['sql']);
  });

  it('nested patterns inside pattern-either', () => {
    const body = [
      'pattern-either:',
      '  - patterns:',
      '      - pattern: fs.readFile($X, ...)',
      '      - pattern-not: fs.readFile("...", ...)',
      '  - pattern: fs.readFileSync($X)',
    ].join('\n');
    expect(texts(body, "fs.readFile(p, cb); fs.readFile('a.txt', cb); fs.readFileSync(q);")).toEqual(['fs.readFile(p, cb)', 'fs.readFileSync(q)']);
  });

  it('pattern-regex matches the source text', () => {
    expect(texts('pattern-regex: "TODO\\\\(security\\\\)"', '// TODO(security): fix\nconst a = 1;')).toEqual(['TODO(security)']);
  });

  it('several rules share one walk and report their own ids', () => {
    const rules = rulesFrom([
      'rules:',
      '  - id: one',
      '    message: one',
      '    severity: low',
      '    pattern: a($X)',
      '  - id: two',
      '    message: two',
      '    severity: low',
      '    pattern: b($X)',
    ].join('\n'));
    const file = 'a(1); b(2); c(3);';
    expect(hits(rules, file).map((h) => h.message)).toEqual(['one', 'two']);
  });

  it('metavariable-pattern: the code a metavariable bound must contain a match', () => {
    const body = [
      'patterns:',
      '  - pattern: $DB.query($SQL, ...)',
      '  - metavariable-pattern:',
      '      metavariable: $SQL',
      '      pattern-either:',
      '        - pattern: $A + $B',
      '        - pattern: "`...${$X}...`"',
    ].join('\n');
    expect(texts(body, 'db.query("a" + id); db.query(`x ${id}`); db.query("static", [id]);')).toEqual(['db.query("a" + id)', 'db.query(`x ${id}`)']);
  });

  it('metavariable-comparison over literal values (Python or JS spelling); non-literals are unknown, not matches', () => {
    const body = [
      'patterns:',
      "  - pattern: \"crypto.generateKeyPairSync('rsa', { ..., modulusLength: $BITS, ... })\"",
      '  - metavariable-comparison:',
      '      metavariable: $BITS',
      '      comparison: int($BITS) < 2048 and not $BITS in [0]',
    ].join('\n');
    const code = [
      "crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });",
      "crypto.generateKeyPairSync('rsa', { modulusLength: 4096 });",
      "crypto.generateKeyPairSync('rsa', { modulusLength: bits });",
      "crypto.generateKeyPairSync('rsa', { modulusLength: '512' });",
    ].join('\n');
    expect(hits(rule(body), code).map((h) => h.line)).toEqual([1, 4]);
    const ports = ['patterns:', '  - pattern: listen($P)', '  - metavariable-comparison:', '      comparison: $P not in [80, 443] && $P < 1024'].join('\n');
    expect(texts(ports, 'listen(21); listen(443); listen(8080);')).toEqual(['listen(21)']);
  });

  it('paths include/exclude limit a rule to some files', () => {
    const rules = rulesFrom([
      'rules:',
      '  - id: p',
      '    message: m',
      '    severity: low',
      '    pattern: eval($X)',
      '    paths:',
      '      include: [src/**]',
      '      exclude: [tests, "*.spec.ts"]',
    ].join('\n'));
    const code = 'eval(x);';
    expect(hits(rules, code, 'src/app.ts')).toHaveLength(1);
    expect(hits(rules, code, 'lib/app.ts')).toHaveLength(0);
    expect(hits(rules, code, 'src/tests/app.ts')).toHaveLength(0);
    expect(hits(rules, code, 'src/app.spec.ts')).toHaveLength(0);
  });

  it('Semgrep keys Rampart does not apply (fix, options, metadata) load without error', () => {
    const rules = rulesFrom([
      'rules:',
      '  - id: k',
      '    message: m',
      '    severity: WARNING',
      '    fix: safe($X)',
      '    options: { symbolic_propagation: true }',
      '    metadata: { category: security, confidence: HIGH }',
      '    pattern: unsafe($X)',
    ].join('\n'));
    expect(hits(rules, 'unsafe(a); safe(b);').map((h) => h.text)).toEqual(['unsafe(a)']);
  });
});

describe('deep expressions', () => {
  it('<... e ...> matches an expression containing e', () => {
    expect(texts('pattern: exec(<... req.query ...>)', 'exec("ls " + req.query.dir); exec(`x ${a(req.query)}`); exec(req.body.x);')).toEqual([
      'exec("ls " + req.query.dir)',
      'exec(`x ${a(req.query)}`)',
    ]);
  });
});
