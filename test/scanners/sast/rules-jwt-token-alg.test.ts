/** sast/js/jwt-misuse: verification whose algorithm the token chooses, and options passed through unpinned. */
import { afterAll, describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { jwtMisuse } from '../../../src/scanners/sast/rules/jwt-misuse.js';
import type { ProjectFacts } from '../../../src/scanners/sast/rules/types.js';
import { tmpTrees } from '../../helpers/tmp.js';
import { scanRoot } from './scan-root.js';

function lines(src: string, project?: ProjectFacts): number[] {
  const o = parseSource('lib/token.js', src);
  if (!o.ok) throw new Error(o.message);
  return jwtMisuse.check(o.file, new ApiNames(o.file.program), project).map((h) => o.file.lines.position(h.start).line).sort((a, b) => a - b);
}

describe('jwt-misuse: the algorithm taken from the token header', () => {
  it('a verify picking its HMAC/RSA method by header.alg is flagged once', () => {
    expect(lines(`var methods = { HS256: 'sha256', RS256: 'RSA-SHA256' };
exports.decodeToken = function decodeToken(token, key) {
  var parts = token.split('.');
  var header = JSON.parse(Buffer.from(parts[0], 'base64').toString());
  var method = methods[header.alg];
  if (!method) throw new Error('unsupported ' + header.alg);
  return check(parts, method, key);
};`)).toEqual([5]);
  });

  it('an algFrom(token) helper feeding the verifier is flagged', () => {
    expect(lines(`function algFromToken(t) { return readHeader(t).alg; }
function verifySignature(sig, key) {
  var impl = signer(algFromToken(sig));
  return impl.verify(body(sig), tail(sig), key);
}
module.exports = verifySignature;`)).toEqual([3]);
  });

  it('the header alg stored in a variable that picks the verifier is flagged', () => {
    expect(lines(`exports.verifyJwt = function verifyJwt(token, keys) {
  var header = JSON.parse(Buffer.from(token.split('.')[0], 'base64').toString());
  var alg = header.alg;
  return verifiers[alg](token, keys);
};`)).toEqual([3]);
  });

  it('a decode() that only returns the header alg selects no verifier: clean', () => {
    expect(lines(`exports.decode = function decode(token) {
  var parts = token.split('.');
  var header = JSON.parse(Buffer.from(parts[0], 'base64').toString());
  return { alg: header.alg, typ: header.typ, payload: JSON.parse(Buffer.from(parts[1], 'base64').toString()) };
};`)).toEqual([]);
  });

  it('the header alg checked against the caller allow-list, or a pinned algorithm, is clean', () => {
    expect(lines(`exports.verifyToken = function verifyToken(token, key, allowed) {
  var header = parseHeader(token);
  if (allowed.indexOf(header.alg) === -1) throw new Error('algorithm not allowed');
  return signer(header.alg).verify(token, key);
};
exports.decodePinned = function decodePinned(token, key, algorithm) {
  var header = parseHeader(token);
  if (header.alg !== algorithm) throw new Error('wrong algorithm');
  return signer(algorithm).verify(token, key);
};
function describeToken(token) { return 'alg ' + parseHeader(token).alg; }`)).toEqual([]);
  });
});

describe('jwt-misuse: verify options passed through from the caller', () => {
  it('a middleware factory handing its options to jwt.verify with no algorithms check is flagged', () => {
    expect(lines(`var jwt = require('jsonwebtoken');
module.exports = function (options) {
  var secret = options.secret;
  return function (req, res, next) {
    var token = req.headers.authorization.split(' ')[1];
    jwt.verify(token, secret, options, function (err, decoded) { req.user = decoded; next(err); });
  };
};`)).toEqual([6]);
  });

  it('the same factory requiring options.algorithms is clean', () => {
    expect(lines(`var jwt = require('jsonwebtoken');
module.exports = function (options) {
  if (!options || !options.algorithms) throw new Error('algorithms should be set');
  var secret = options.secret;
  return function (req, res, next) {
    var token = req.headers.authorization.split(' ')[1];
    jwt.verify(token, secret, options, function (err, decoded) { req.user = decoded; next(err); });
  };
};`)).toEqual([]);
  });
});

describe('jwt-misuse: options passed through, by the declared jsonwebtoken version', () => {
  const WRAPPER = `const jwt = require('jsonwebtoken');
exports.verifyToken = function verifyToken(token, key, options) { return jwt.verify(token, key, options); };
`;
  it('jsonwebtoken 8 (or no version known) is flagged; 9, which holds a key to its own algorithm family, is clean', () => {
    expect(lines(WRAPPER)).toEqual([2]);
    expect(lines(WRAPPER, { jsonwebtokenMajor: 8 })).toEqual([2]);
    expect(lines(WRAPPER, { jsonwebtokenMajor: 9 })).toEqual([]);
  });

  const trees = tmpTrees();
  afterAll(() => trees.cleanup());
  it("the scanner reads the version from the project's package.json", async () => {
    const found = async (range: string) => {
      const root = trees.make({ 'package.json': JSON.stringify({ name: 'app', dependencies: { jsonwebtoken: range } }), 'lib/token.js': WRAPPER });
      return (await scanRoot(root, ['lib/token.js'])).filter((f) => f.ruleId === 'sast/js/jwt-misuse').map((f) => f.location.startLine);
    };
    expect(await found('^8.5.1')).toEqual([2]);
    expect(await found('^9.0.2')).toEqual([]);
  });
});
