import { describe, expect, it } from 'vitest';
import type { TaintModel } from '../../../src/scanners/sast/models/types.js';
import { ALL_LABELS, brief, run, TEST_MODEL } from './engine-helpers.js';

/** Library-input hits only (the file is a package's lib/, every label on). */
function lib(src: string, models?: TaintModel[]) {
  return brief(run(src, { path: 'lib/index.js', labels: ALL_LABELS, ...(models ? { models } : {}) })).filter((b) => b.label === 'library-input');
}

/** jQuery-style `.html()` on an element the engine cannot resolve, open to library input. */
const HTML_METHOD: TaintModel = {
  framework: 'html-method',
  sinks: [{ id: 'method.html', kind: 'xss', method: { name: 'html', receiver: '' }, labels: ['browser', 'library-input'], description: 'sets markup' }],
};

describe('taint engine: library input built into SQL or HTML text', () => {
  it('an exported function concatenating its argument into SQL text is flagged', () => {
    expect(lib(`const db = require('./db');
exports.findUser = function (name, cb) {
  db.query("SELECT * FROM users WHERE name = '" + name + "'", cb);
};`)).toEqual([{ kind: 'sql-injection', sink: 3, source: 2, label: 'library-input' }]);
  });

  it('placeholders, or the caller passing the whole query, are not', () => {
    expect(lib(`const db = require('./db');
exports.findUser = function (name, cb) {
  db.query('SELECT * FROM users WHERE name = ?', [name], cb);
};
exports.run = function (sql, cb) {
  db.query(sql, cb);
};`)).toEqual([]);
  });

  it('text built in a helper and run by the exported function (summary carries "built")', () => {
    expect(lib(`const db = require('./db');
function byId(table, id) { return db.query('DELETE FROM t WHERE id = ' + id); }
exports.remove = function (id) { return byId('t', id); };`)).toEqual([
      { kind: 'sql-injection', sink: 2, source: 3, label: 'library-input' },
    ]);
  });

  it('an option concatenated into markup written with innerHTML is flagged', () => {
    expect(lib(`module.exports = function tip(el, opts) {
  el.innerHTML = '<span title="' + opts.title + '">x</span>';
};`)).toEqual([{ kind: 'xss', sink: 2, source: 1, label: 'library-input' }]);
  });

  it('a whole argument that is meant to be markup, or escaped parts, are not', () => {
    expect(lib(`const escape = require('escape-html');
exports.setHtml = function (el, html) { el.innerHTML = html; };
exports.tip = function (el, opts) { el.innerHTML = '<span title="' + escape(opts.title) + '">x</span>'; };`)).toEqual([]);
  });

  it('.html(markup) on an unresolved element: built from a row label is flagged, a whole argument is not', () => {
    const models = [TEST_MODEL, HTML_METHOD];
    expect(lib(`exports.hover = function (el, row) {
  var content = "<div class='label'>" + row.label + "</div>";
  el.html(content);
};`, models)).toEqual([{ kind: 'xss', sink: 3, source: 1, label: 'library-input' }]);
    expect(lib(`exports.fill = function (el, markup) { el.html(markup); };`, models)).toEqual([]);
  });

  it('nothing in a file that exports nothing, and nothing without the library-input label', () => {
    expect(lib(`const db = require('./db');
function findUser(name) { db.query("SELECT * FROM users WHERE name = '" + name + "'"); }
findUser('x');`)).toEqual([]);
    const src = `const db = require('./db');
exports.findUser = function (name) { db.query("SELECT * FROM users WHERE name = '" + name + "'"); };`;
    expect(brief(run(src, { path: 'lib/index.js' }))).toEqual([]);
  });
});

describe('taint engine: methods of an object literal an exported factory returns are library entry points', () => {
  it('module.exports = function () { return { base: { fetchById(…) {…} } } } and () => ({ run(code) {…} })', () => {
    expect(lib(`var mysql = require('mysql');
module.exports = function () {
  var conn;
  return {
    base: { fetchById: function (table, id, cb) {
      conn.query("SELECT * FROM " + table + " WHERE id='" + id + "'", cb);
    } },
    count: function (cb) { conn.query('SELECT COUNT(*) FROM t', cb); },
  };
};`)).toEqual([
      // Two parameters (table, id) concatenated: a flow each.
      { kind: 'sql-injection', sink: 6, source: 5, label: 'library-input' },
      { kind: 'sql-injection', sink: 6, source: 5, label: 'library-input' },
    ]);
    expect(lib(`export const make = () => ({
  run(code) { return eval(code); },
});`)).toEqual([{ kind: 'code-injection', sink: 2, source: 2, label: 'library-input' }]);
  });

  it('not from a function the file does not export', () => {
    expect(lib(`function helpers() {
  return { run: function (code) { return eval(code); } };
}
exports.version = '1.0.0';
helpers();`)).toEqual([]);
  });
});

describe('taint engine: library input counts for SQL/XSS only next to literal SQL words or markup', () => {
  it('text glued from computed parts (a DDL generator, a wrapper looked up in a table) is not flagged', () => {
    expect(lib(`const db = require('./db');
const wrapMap = { tr: ['<table>', '</table>'] };
exports.drop = function (schema) { return db.query(db.quoteIdentifier(schema) + ';'); };
exports.fragment = function (el, tag, elem) { const w = wrapMap[tag]; el.innerHTML = w[0] + elem + w[1]; };`)).toEqual([]);
  });

  it('the literal words may sit in a helper that returns the text (summary carries them)', () => {
    expect(lib(`const db = require('./db');
function where(col, v) { return ' WHERE ' + col + " = '" + v + "'"; }
exports.find = function (table, v) { return db.query('SELECT * FROM ' + table + where('name', v)); };`)).toEqual([
      { kind: 'sql-injection', sink: 3, source: 3, label: 'library-input' },
      { kind: 'sql-injection', sink: 3, source: 3, label: 'library-input' },
    ]);
  });
});

describe('taint engine: SQL/HTML text from library input counts only from exported functions\' own parameters', () => {
  it('a constructor argument kept in a field and built into SQL later is not flagged (execution still is)', () => {
    expect(lib(`const { exec } = require('child_process');
const db = require('./db');
class Job {
  constructor(table, cmd) { this.table = table; this.cmd = cmd; }
  insert() { db.query('insert into ' + this.table + ' values (1)'); }
  run() { exec('tool ' + this.cmd); }
}
module.exports = Job;`)).toEqual([{ kind: 'command-injection', sink: 6, source: 4, label: 'library-input' }]);
  });
});
