import { afterAll, describe, expect, it } from 'vitest';
import { tmpTrees } from '../../helpers/tmp.js';
import { scanRoot } from './scan-root.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const PKG = '{ "name": "certkit", "version": "1.0.0", "main": "lib/index.js" }';

/** Findings of one rule as `file:line`, sorted. */
async function lines(files: Record<string, string>, rule: string): Promise<string[]> {
  const root = trees.make(files);
  const findings = await scanRoot(root, Object.keys(files));
  return findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.path}:${f.location.startLine}`).sort();
}

// A shell helper in its own file; an exported class builds command lines from its callers' input.
const SHELL_HELPER = [
  "const cp = require('child_process');",
  'function run(cmd, options = {}) {',
  '  return cp.execSync(cmd, options);', // 3
  '}',
  'exports.run = run;',
].join('\n');

describe('SAST library input: a command built here and run by a helper in another file', () => {
  it('is reported where it is built, and the helper keeps its own line', async () => {
    const hosts = [
      "const utils = require('./utils');",
      'class Hosts {',
      '  add(domain) {',
      "    utils.run(`echo '127.0.0.1 ${domain}' | sudo tee -a /etc/hosts`);", // 4
      '  }',
      '}',
      'exports.default = Hosts;',
    ].join('\n');
    expect(await lines({ 'package.json': PKG, 'lib/utils.js': SHELL_HELPER, 'lib/hosts.js': hosts }, 'sast/js/command-injection'))
      .toEqual(['lib/hosts.js:4', 'lib/utils.js:3']);
  });

  it('passing the caller\'s text on whole, or a fixed command, adds nothing at the call', async () => {
    const passOn = [
      "const utils = require('./utils');",
      'exports.exec = (cmd) => utils.run(cmd);',
      "exports.version = () => utils.run('openssl version');",
    ].join('\n');
    expect(await lines({ 'package.json': PKG, 'lib/utils.js': SHELL_HELPER, 'lib/pass.js': passOn }, 'sast/js/command-injection'))
      .toEqual(['lib/utils.js:3']);
  });

  it('tslib\'s __importDefault(require(m)).default is the module (sudo-prompt runs a shell)', async () => {
    const sudo = [
      "const tslib_1 = require('tslib');",
      "const sudo_prompt_1 = tslib_1.__importDefault(require('sudo-prompt'));",
      'function addHost(domain) {',
      "  sudo_prompt_1.default.exec(`echo 127.0.0.1 ${domain} >> hosts`, { name: 'x' }, () => {});", // 4
      "  sudo_prompt_1.default.exec('ipconfig /flushdns', { name: 'x' }, () => {});",
      '}',
      'exports.addHost = addHost;',
    ].join('\n');
    expect(await lines({ 'package.json': PKG, 'lib/win.js': sudo }, 'sast/js/command-injection')).toEqual(['lib/win.js:4']);
  });
});

describe('SAST path traversal: routers and old-style guards', () => {
  it('a router handler\'s third parameter holds the path\'s captures', async () => {
    const server = [
      "const fs = require('fs');",
      "const http = require('http');",
      "const route = require('beeline').route;",
      'const router = route({',
      "  '/`path...`': function (request, response, details) {",
      "    fs.createReadStream(process.cwd() + '/' + details.path).pipe(response);", // 6
      '  },',
      "  '/about': function (request, response, opts) {",
      "    fs.createReadStream(opts.file).pipe(response);", // options of the app's own, not captures
      '  },',
      '});',
      'http.createServer(router).listen(8080);',
    ].join('\n');
    expect(await lines({ 'server.js': server }, 'sast/js/path-traversal')).toEqual(['server.js:6']);
  });

  it('a (req, res, params) helper the file calls with its own object has no captures; one a router calls does', async () => {
    const server = [
      "const http = require('http');",
      'function renderPage(req, res, params) {',
      "  res.end('<h1>' + params.title + '</h1>');", // the caller's title: clean
      '}',
      'const show = (req, res, params) => {',
      "  res.end('<p>' + params.name + '</p>');", // 6: only a router calls it
      '};',
      'const pages = { home: renderPage, show };',
      'http.createServer((req, res) => {',
      "  if (req.url === '/') return renderPage(req, res, { title: 'Home' });",
      '  return pages.show(req, res, {});',
      '}).listen(8080);',
      'module.exports = pages;',
    ].join('\n');
    expect(await lines({ 'server.js': server }, 'sast/js/xss')).toEqual(['server.js:6']);
  });

  it('~rel.indexOf(\'..\') guards like indexOf(\'..\') !== -1', async () => {
    const server = [
      "const fs = require('fs');",
      "const path = require('path');",
      "require('http').createServer(function (req, res) {",
      "  const file = process.cwd() + '/' + req.url;",
      "  if (~path.relative(process.cwd(), file).indexOf('..')) { res.statusCode = 401; return res.end(); }",
      '  fs.createReadStream(file).pipe(res);', // clean: refused above
      '});',
      "require('http').createServer(function (req, res) {",
      "  const file = process.cwd() + '/' + req.url;",
      "  if (~file.indexOf('..')) fs.createReadStream(file).pipe(res);", // 10: only when it has '..'
      '});',
    ].join('\n');
    expect(await lines({ 'server.js': server }, 'sast/js/path-traversal')).toEqual(['server.js:10']);
  });
});

describe('SAST zip slip: an archive library\'s own \'entry\' listeners', () => {
  it('entry names written under the destination without a check are flagged; other events and checked names are not', async () => {
    const extract = [
      "const fs = require('fs');",
      "const path = require('path');",
      "const Parse = require('./parse');",
      'module.exports = function Extract(opts) {',
      '  const parser = new Parse();',
      "  parser.on('entry', function (entry) {",
      '    entry.pipe(fs.createWriteStream(path.join(opts.path, entry.path)));', // 7
      '  });',
      "  parser.on('close', function (info) {",
      '    fs.writeFileSync(path.join(opts.path, info.path), \'done\');', // not an entry
      '  });',
      "  parser.on('entry', (header, stream) => {",
      '    const dest = path.resolve(opts.path, header.name);',
      "    if (!dest.startsWith(path.resolve(opts.path) + path.sep)) return stream.resume();",
      '    stream.pipe(fs.createWriteStream(dest));', // contained
      '  });',
      '  return parser;',
      '};',
    ].join('\n');
    const archivePkg = '{ "name": "unpackit", "version": "1.0.0", "main": "lib/extract.js" }';
    expect(await lines({ 'package.json': archivePkg, 'lib/extract.js': extract, 'lib/parse.js': 'module.exports = class Parse {};' }, 'sast/js/path-traversal'))
      .toEqual(['lib/extract.js:7']);
  });

  it('a directory walker\'s \'entry\' events are files on disk: an entry only in a package whose name or dependencies say archive', async () => {
    const mirror = [
      "const fs = require('fs');",
      "const path = require('path');",
      'module.exports = function mirror(walker, opts) {',
      "  walker.on('entry', (entry) => {",
      '    fs.copyFileSync(entry.fullPath, path.join(opts.dest, entry.path));', // 5
      '  });',
      '};',
    ].join('\n');
    const pkg = (deps: string) => `{ "name": "mirrorkit", "version": "1.0.0", "main": "lib/mirror.js", "dependencies": { ${deps} } }`;
    expect(await lines({ 'package.json': pkg('"readdirp": "^3.6.0", "klaw": "^4.1.0"'), 'lib/mirror.js': mirror }, 'sast/js/path-traversal')).toEqual([]);
    expect(await lines({ 'lib/mirror.js': mirror }, 'sast/js/path-traversal')).toEqual([]);
    expect(await lines({ 'package.json': pkg('"tar-stream": "^3.1.0"'), 'lib/mirror.js': mirror }, 'sast/js/path-traversal')).toEqual(['lib/mirror.js:5']);
  });
});

describe('SAST code injection: gray-matter front matter', () => {
  it('default engines eval a ---js block of the caller\'s document; engines chosen by the library do not', async () => {
    const convert = [
      "const matter = require('gray-matter');",
      'exports.convert = function (input) {',
      '  const { data } = matter(input.content);', // 3
      "  const safe = matter(input.content, { engines: { javascript: () => { throw new Error('js front matter is off'); } } });",
      '  return [data, safe.data];',
      '};',
    ].join('\n');
    expect(await lines({ 'package.json': PKG, 'lib/convert.js': convert }, 'sast/js/code-injection')).toEqual(['lib/convert.js:3']);
  });

  it('only a javascript engine replaces the evaluating one: an engines.js alone leaves ---javascript and ---JS evaluated', async () => {
    const convert = [
      "const matter = require('gray-matter');",
      'const refuse = () => { throw new Error(\'js front matter is off\'); };',
      'exports.convert = function (input) {',
      '  const a = matter(input.content, { engines: { js: refuse } });', // 4
      '  const b = matter(input.content, { engines: { javascript: refuse } });',
      '  const c = matter(input.content, { parsers: { javascript: refuse } });',
      '  const d = matter(input.content, { engines: { yaml: refuse } });', // 7
      '  return [a.data, b.data, c.data, d.data];',
      '};',
    ].join('\n');
    expect(await lines({ 'package.json': PKG, 'lib/convert.js': convert }, 'sast/js/code-injection')).toEqual(['lib/convert.js:4', 'lib/convert.js:7']);
  });
});

describe('SAST command injection: execa before 2.0', () => {
  it('execa.shell runs the caller\'s text through the shell; a fixed line is clean', async () => {
    const kill = [
      "const sh = require('execa').shell;",
      'module.exports = function (port) {',
      "  sh('lsof -v');",
      '  return sh(`lsof -i tcp:${port} | grep LISTEN`);', // 4
      '};',
    ].join('\n');
    expect(await lines({ 'package.json': PKG, 'lib/kill.js': kill }, 'sast/js/command-injection')).toEqual(['lib/kill.js:4']);
  });
});
