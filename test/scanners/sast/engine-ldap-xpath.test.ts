import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

function flows(src: string, path = 'app.js', labels = ALL_LABELS) {
  return brief(run(src, { models: MODELS, path, labels })).map((h) => `${h.sink}:${h.kind}:${h.label}`);
}

const EXPRESS = `const express = require('express');
const app = express();
`;

describe('LDAP injection models', () => {
  it('a whole filter from the request is the injection; a library passing on its caller\'s filter is not', () => {
    expect(flows(`${EXPRESS}const ldap = require('ldapjs');
const client = ldap.createClient({ url: 'ldap://x' });
app.get('/', (req, res) => client.search('dc=x', { filter: req.query.filter }, () => {}));`)).toEqual(['5:ldap-injection:http']);
    // A package's exported functions: library input reaches command and code execution only
    // (context.ts LIBRARY_KINDS), so a directory helper is not reported for its caller's filter.
    expect(flows(`const ldap = require('ldapjs');
const client = ldap.createClient({ url: 'ldap://x' });
function find(filter) { return client.search('dc=x', { filter }, () => {}); }
function byUid(uid) { return client.search('dc=x', { filter: '(uid=' + uid + ')' }, () => {}); }
module.exports = { find, byUid };`)).toEqual([]);
  });

  it('an LDAP client passed in is known by its name; other search APIs are not LDAP', () => {
    expect(flows(`${EXPRESS}module.exports = (ldapClient, index) => {
  app.get('/a', (req, res) => ldapClient.search('dc=x', { filter: '(cn=' + req.query.cn + ')' }, () => {}));
  app.get('/b', (req, res) => index.search(req.query.q, { filter: 'genre = ' + req.query.genre }));
};`)).toEqual(['4:ldap-injection:http']);
  });

  it('activedirectory: the name after an options object, and the promise wrapper', () => {
    expect(flows(`${EXPRESS}const AD = require('activedirectory2').promiseWrapper;
const ad = new AD({ url: 'ldap://dc' });
app.get('/', async (req, res) => {
  const user = await ad.findUser({ attributes: ['cn'] }, req.query.name);
  const ok = await ad.authenticate(req.query.name + '@corp', req.query.pw);
  res.json({ user, ok });
});`)).toEqual(['6:ldap-injection:http']);
  });

  it("a project's own LDAP escaper by name ends the path, unless it reaches a sink itself", () => {
    const src = (body: string) => `${EXPRESS}const ldap = require('ldapjs');
const { exec } = require('child_process');
const client = ldap.createClient({ url: 'ldap://x' });
function escapeLdapFilter(s) {
  ${body}
  return s.replace(/[*()\\\\\\0]/g, (c) => '\\\\' + c.charCodeAt(0).toString(16));
}
app.get('/', (req, res) => client.search('dc=x', '(uid=' + escapeLdapFilter(req.query.uid) + ')', () => {}));`;
    expect(flows(src(''))).toEqual([]);
    expect(flows(src("exec('logger ' + s);"))).toEqual(['7:command-injection:http', '10:ldap-injection:http']);
  });

  it('ldap-escape tags escape for LDAP only', () => {
    expect(flows(`${EXPRESS}const ldapEscape = require('ldap-escape');
app.get('/', (req, res) => res.send(ldapEscape.filter\`(uid=\${req.query.uid})\`));`)).toEqual(['4:xss:http']);
  });
});

describe('XPath injection models', () => {
  it('only expressions built from input: a whole expression is the caller\'s query', () => {
    expect(flows(`${EXPRESS}const xpath = require('xpath');
app.get('/', (req, res) => {
  res.json([xpath.select(req.query.q, doc), xpath.select("//a[@id='" + req.query.id + "']", doc)]);
});`)).toEqual(['5:xpath-injection:http']);
  });

  it('an id made a number, or passed as a variable, is no injection', () => {
    expect(flows(`${EXPRESS}const xpath = require('xpath');
app.get('/', (req, res) => {
  const ids = req.query.ids.split(',').map(Number);
  res.json([
    xpath.select('//a[@id=' + ids.join(' or @id=') + ']', doc),
    xpath.parse('//a[@name=$name]').select({ node: doc, variables: { name: req.query.name } }),
  ]);
});`)).toEqual([]);
  });

  it("a project's own XPath quoting function by name ends the path", () => {
    expect(flows(`${EXPRESS}const xpath = require('xpath');
const xpathQuote = (s) => "concat('" + s.split("'").join("', \\"'\\", '") + "')";
app.get('/', (req, res) => res.json(xpath.select('//a[@name=' + xpathQuote(req.query.name) + ']', doc)));`)).toEqual([]);
  });
});
