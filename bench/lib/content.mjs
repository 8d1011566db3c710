// Plausible source text in many languages, made from templates and the seeded PRNG.
// The point is honest prefilter load: ordinary code is full of identifiers such as
// refreshToken, password_hash, cacheKey, secretName, apiKeyHeader, and config that reads
// secrets from the environment. None of it is a credential; only bench/lib/secrets.mjs plants those.
import { HEX, LOWER_ALNUM, BASE64, ALNUM } from './prng.mjs';

const NOUNS = [
  'user', 'account', 'order', 'session', 'config', 'cache', 'request', 'response', 'payload', 'client', 'server',
  'handler', 'record', 'item', 'invoice', 'customer', 'product', 'message', 'event', 'queue', 'worker', 'job',
  'file', 'path', 'buffer', 'stream', 'header', 'cookie', 'profile', 'report', 'metric', 'schedule', 'tenant',
  'region', 'bucket', 'policy', 'role', 'permission', 'group', 'node', 'cluster', 'pipeline', 'build',
  'artifact', 'release', 'deployment', 'service', 'endpoint', 'route', 'model', 'schema', 'field', 'index',
  'query', 'result', 'batch', 'page', 'cursor', 'limit', 'offset', 'retry', 'timeout', 'status', 'state',
  'context', 'store', 'registry', 'webhook', 'notification', 'email', 'address', 'payment', 'refund', 'cart',
  'price', 'currency', 'shipment', 'inventory', 'ticket', 'comment', 'attachment', 'upload', 'image',
  'template', 'locale', 'version', 'feature', 'flag', 'experiment', 'audit', 'entry', 'snapshot', 'lease',
];
// Identifier parts that contain the keywords secret scanners prefilter on.
const KEYWORD_NOUNS = [
  'token', 'secret', 'password', 'key', 'apiKey', 'credential', 'auth', 'accessToken', 'refreshToken',
  'secretName', 'passwordHash', 'sessionKey', 'signingKey', 'tokenExpiry', 'keyId', 'authHeader',
  'clientSecret', 'cacheKey', 'primaryKey', 'publicKey', 'secretRef', 'tokenStore', 'keyring', 'authorization',
];
const VERBS = [
  'get', 'set', 'load', 'save', 'fetch', 'parse', 'validate', 'build', 'create', 'update', 'delete', 'render',
  'handle', 'compute', 'resolve', 'encode', 'decode', 'verify', 'refresh', 'rotate', 'hash', 'sign', 'apply',
  'merge', 'filter', 'find', 'list', 'count', 'send', 'publish', 'subscribe', 'register', 'schedule', 'retry',
  'normalize', 'format', 'serialize', 'check', 'ensure', 'sync', 'flush', 'open', 'close', 'reset', 'emit',
];
const ADJS = [
  'active', 'pending', 'default', 'current', 'next', 'previous', 'cached', 'raw', 'parsed', 'signed', 'expired',
  'valid', 'remote', 'local', 'primary', 'max', 'min', 'total', 'last', 'first', 'new', 'stale', 'batch',
];
const PROSE = [
  'the', 'service', 'returns', 'a', 'new', 'value', 'when', 'the', 'request', 'is', 'valid', 'otherwise', 'it',
  'retries', 'with', 'exponential', 'backoff', 'and', 'logs', 'an', 'error', 'for', 'each', 'user', 'we', 'keep',
  'in', 'memory', 'only', 'never', 'write', 'to', 'disk', 'this', 'handler', 'reads',
  'configuration', 'from', 'environment', 'see', 'docs', 'below', 'rotation', 'happens', 'every', 'days',
  'store', 'must', 'be', 'reachable', 'before', 'startup', 'cache', 'entries', 'expire', 'after',
  'minutes', 'note', 'that', 'deployment', 'uses', 'rolling', 'updates', 'so', 'old', 'pods', 'drain', 'first',
  'calls', 'are', 'rate', 'limited', 'per', 'tenant', 'come', 'vault', 'at', 'runtime',
];
const PROSE_KEYWORDS = ['token', 'password', 'key', 'secret', 'credentials', 'API', 'auth'];
const PKGS_JS = ['express', 'axios', 'lodash', 'zod', 'pino', 'jsonwebtoken', 'bcrypt', 'ioredis', 'pg', 'dayjs', 'uuid', 'react', '@aws-sdk/client-s3', 'fastify', 'undici', 'yaml'];
const PKGS_PY = ['os', 'sys', 'json', 'logging', 'typing', 'datetime', 'hashlib', 'hmac', 'requests', 'boto3', 'sqlalchemy', 'pydantic', 'fastapi', 'jwt', 'redis', 'pathlib', 'secrets', 'base64'];
const PKGS_GO = ['context', 'fmt', 'errors', 'net/http', 'encoding/json', 'time', 'strings', 'os', 'sync', 'crypto/hmac', 'crypto/sha256', 'database/sql', 'log/slog', 'github.com/go-chi/chi/v5', 'github.com/redis/go-redis/v9', 'go.uber.org/zap'];
const PKGS_JAVA = ['java.util.List', 'java.util.Map', 'java.util.Optional', 'java.time.Instant', 'java.time.Duration', 'org.springframework.stereotype.Service', 'org.springframework.beans.factory.annotation.Value', 'org.slf4j.Logger', 'org.slf4j.LoggerFactory', 'io.jsonwebtoken.Jwts', 'javax.crypto.Mac', 'java.security.MessageDigest', 'org.springframework.http.ResponseEntity'];

// Tuned so that about 4-8% of source lines contain one of the usual secret-scanner keywords
// (key, token, secret, password, auth, api, access, credential): measured on real npm and PyPI
// packages it is 3-4%, application code that handles auth is denser.
const KEYWORD_NOUN_RATE = 0.02;
const KEYWORD_STMT_RATE = 0.12;

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const snakeOf = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

export class Vocab {
  constructor(rng) {
    this.rng = rng;
  }
  noun() {
    return this.rng.chance(KEYWORD_NOUN_RATE) ? this.rng.pick(KEYWORD_NOUNS) : this.rng.pick(NOUNS);
  }
  /**
   * A statement template index in [0, n). Templates listed in kw mention credentials (an
   * Authorization header, a password check); they are kept at a realistic rate.
   */
  stmt(n, kw) {
    let k = this.rng.int(n);
    while (kw.includes(k) && !this.rng.chance(KEYWORD_STMT_RATE)) k = this.rng.int(n);
    return k;
  }
  /** camelCase identifier. */
  id() {
    const r = this.rng;
    const n = this.noun();
    switch (r.int(4)) {
      case 0:
        return n;
      case 1:
        return r.pick(ADJS) + cap(n);
      case 2:
        return r.pick(NOUNS) + cap(n);
      default:
        return n + cap(r.pick(['id', 'list', 'map', 'count', 'name', 'ttl', 'url', 'data', 'opts', 'value']));
    }
  }
  snake() {
    return snakeOf(this.id());
  }
  upper() {
    return snakeOf(this.id()).toUpperCase();
  }
  fn() {
    return this.rng.pick(VERBS) + cap(this.noun()) + (this.rng.chance(0.3) ? cap(this.rng.pick(NOUNS)) : '');
  }
  type() {
    return cap(this.rng.pick(NOUNS)) + (this.rng.chance(0.4) ? this.rng.pick(['Service', 'Repository', 'Client', 'Config', 'Handler', 'Request', 'Response', 'Store', '']) : '');
  }
  words(lo, hi) {
    const n = this.rng.range(lo, hi);
    const w = [];
    for (let i = 0; i < n; i++) w.push(this.rng.chance(0.01) ? this.rng.pick(PROSE_KEYWORDS) : this.rng.pick(PROSE));
    return w.join(' ');
  }
  sentence(lo = 6, hi = 16) {
    const s = this.words(lo, hi);
    return cap(s) + '.';
  }
  msg() {
    return `${this.rng.pick(['failed to', 'could not', 'unable to', 'will', 'did not'])} ${this.rng.pick(VERBS)} ${snakeOf(this.noun()).replace(/_/g, ' ')}`;
  }
  urlPath() {
    const prefix = this.rng.chance(0.3) ? `/api/v${this.rng.range(1, 3)}` : this.rng.pick(['', '/v1', '/internal', '/admin']);
    return `${prefix}/${snakeOf(this.rng.pick(NOUNS))}s/${this.rng.chance(0.5) ? ':id' : snakeOf(this.rng.pick(NOUNS))}`;
  }
  num() {
    return this.rng.pick([0, 1, 2, 3, 5, 10, 30, 60, 100, 250, 1000, 3600, 86400, 65536]);
  }
  hex(n) {
    return this.rng.str(HEX, n);
  }
  uuid() {
    const h = this.rng.str(HEX, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

// ---------------------------------------------------------------- line emitters per language

/** JS/TS statement body (indented by ind). */
function jsStatements(v, out, ind, depth, ts) {
  const r = v.rng;
  const n = r.range(3, 12);
  for (let i = 0; i < n; i++) {
    const k = v.stmt(20, [8, 9, 15, 16, 17]);
    const a = v.id();
    const b = v.id();
    switch (k) {
      case 0:
      case 1:
        out.push(`${ind}const ${a}${ts && r.chance(0.3) ? ': ' + r.pick(['string', 'number', 'boolean', v.type()]) : ''} = ${b}.${v.fn()}(${v.id()});`);
        break;
      case 2:
        out.push(`${ind}const ${a} = await ${r.pick(['client', 'this.http', 'db', 'cache', 'repo'])}.${v.fn()}(\`${v.urlPath()}\`, { ${b}, timeout: ${v.num()} });`);
        break;
      case 3:
        out.push(`${ind}let ${a} = ${r.pick([String(v.num()), `'${v.msg()}'`, 'null', '[]', '{}', 'new Map()', `Date.now() + ${v.num()} * 1000`])};`);
        break;
      case 4:
        if (depth < 2) {
          out.push(`${ind}if (!${a}${r.chance(0.5) ? ` || ${b}.length === 0` : ''}) {`);
          jsStatements(v, out, ind + '  ', depth + 1, ts);
          out.push(`${ind}}`);
        } else out.push(`${ind}if (!${a}) return null;`);
        break;
      case 5:
        if (depth < 2) {
          out.push(`${ind}for (const ${r.pick(['item', 'entry', 'row', 'key', 'token', 'record'])} of ${a}) {`);
          jsStatements(v, out, ind + '  ', depth + 1, ts);
          out.push(`${ind}}`);
        } else out.push(`${ind}${a}.push(${b});`);
        break;
      case 6:
        out.push(`${ind}logger.${r.pick(['info', 'debug', 'warn', 'error'])}('${v.msg()}', { ${a}, ${b} });`);
        break;
      case 7:
        out.push(`${ind}throw new ${r.pick(['Error', 'TypeError', 'HttpError', 'ValidationError'])}(\`${v.msg()}: \${${a}}\`);`);
        break;
      case 8:
        out.push(`${ind}headers['Authorization'] = \`Bearer \${${r.pick(['accessToken', 'token', 'session.token', 'this.authToken'])}}\`;`);
        break;
      case 9:
        out.push(`${ind}const ${r.pick(['apiKey', 'secretKey', 'dbPassword', 'authToken', 'webhookSecret', 'clientSecret'])} = process.env.${v.upper()} ?? '';`);
        break;
      case 10:
        out.push(`${ind}const { ${a}, ${b} } = ${v.id()};`);
        break;
      case 11:
        out.push(`${ind}// ${v.sentence(4, 12)}`);
        break;
      case 12:
        if (depth < 2) {
          out.push(`${ind}try {`);
          jsStatements(v, out, ind + '  ', depth + 1, ts);
          out.push(`${ind}} catch (err) {`);
          out.push(`${ind}  logger.error('${v.msg()}', err);`);
          out.push(`${ind}}`);
        } else out.push(`${ind}await ${a}.${v.fn()}();`);
        break;
      case 13:
        out.push(`${ind}this.${a} = ${b};`);
        break;
      case 14:
        out.push(`${ind}const ${a} = ${b}.filter((x) => x.${v.id()} !== ${r.chance(0.5) ? 'undefined' : `'${r.pick(ADJS)}'`}).map((x) => x.${v.id()});`);
        break;
      case 15:
        out.push(`${ind}const ${r.pick(['cacheKey', 'key', 'lockKey', 'redisKey'])} = \`${snakeOf(v.noun())}:\${${a}}:\${${b}}\`;`);
        break;
      case 16:
        out.push(`${ind}if (${r.pick(['password', 'input.password', 'body.password', 'newPassword'])}.length < ${r.pick(['MIN_PASSWORD_LENGTH', '12', '8'])}) throw new ValidationError('password too short');`);
        break;
      case 17:
        out.push(`${ind}const ${a} = crypto.createHmac('sha256', ${r.pick(['signingKey', 'secret', 'this.key', 'webhookSecret'])}).update(${b}).digest('hex');`);
        break;
      default:
        out.push(`${ind}${a}.${v.fn()}(${b}, ${r.chance(0.5) ? `'${v.msg()}'` : v.num()});`);
    }
  }
  out.push(`${ind}return ${r.pick([v.id(), `{ ${v.id()}, ${v.id()} }`, 'null', 'true', `${v.id()}.${v.fn()}()`])};`);
}

function genJs(v, target, ts, isTest) {
  const r = v.rng;
  const out = [];
  if (r.chance(0.3)) out.push("'use strict';", '');
  for (let i = r.range(2, 9); i > 0; i--) {
    if (r.chance(0.5)) out.push(`import { ${v.id()}, ${v.fn()} } from '${r.chance(0.5) ? './' + snakeOf(v.noun()).replace(/_/g, '-') + '.js' : r.pick(PKGS_JS)}';`);
    else out.push(`import ${v.id()} from '${r.pick(PKGS_JS)}';`);
  }
  if (ts && r.chance(0.6)) out.push(`import type { ${v.type()}, ${v.type()} } from './types.js';`);
  out.push('');
  let bytes = out.join('\n').length;
  while (bytes < target) {
    const start = out.length;
    const kind = isTest ? 9 : r.int(10);
    if (kind <= 4) {
      out.push('/**', ` * ${v.sentence()}`);
      if (r.chance(0.5)) out.push(` * @param {${r.pick(['string', 'object', 'number'])}} ${v.id()} ${v.words(3, 8)}`);
      out.push(' */');
      const args = ts ? `${v.id()}: ${r.pick(['string', v.type()])}, ${v.id()}: ${v.type()} = {}` : `${v.id()}, ${v.id()} = {}`;
      out.push(`export ${r.chance(0.6) ? 'async ' : ''}function ${v.fn()}(${args})${ts ? `: Promise<${v.type()}>` : ''} {`);
      jsStatements(v, out, '  ', 0, ts);
      out.push('}', '');
    } else if (kind <= 6) {
      const cls = v.type();
      out.push(`export class ${cls} {`);
      if (ts) for (let i = r.range(1, 4); i > 0; i--) out.push(`  private ${v.id()}: ${r.pick(['string', 'number', 'Map<string, string>', v.type()])};`);
      out.push(`  constructor(${v.id()}, ${v.id()}) {`, `    this.${v.id()} = ${v.id()};`, '  }', '');
      for (let m = r.range(1, 4); m > 0; m--) {
        out.push(`  ${r.chance(0.5) ? 'async ' : ''}${v.fn()}(${v.id()}) {`);
        jsStatements(v, out, '    ', 1, ts);
        out.push('  }', '');
      }
      out.push('}', '');
    } else if (kind === 7 && ts) {
      out.push(`export interface ${v.type()} {`);
      for (let i = r.range(2, 8); i > 0; i--) out.push(`  ${v.id()}${r.chance(0.3) ? '?' : ''}: ${r.pick(['string', 'number', 'boolean', 'Date', v.type(), 'string[]'])};`);
      out.push('}', '');
    } else if (kind <= 8) {
      out.push(`export const ${v.upper()} = {`);
      for (let i = r.range(3, 10); i > 0; i--) {
        out.push(`  ${v.id()}: ${r.pick([String(v.num()), `'${v.msg()}'`, `process.env.${v.upper()}`, 'true', 'false', `'${v.urlPath()}'`])},`);
      }
      out.push('};', '');
    } else {
      out.push(`describe('${v.fn()}', () => {`);
      for (let i = r.range(1, 4); i > 0; i--) {
        out.push(`  it('${v.words(3, 8)}', async () => {`);
        jsStatements(v, out, '    ', 1, ts);
        out.push(`    expect(${v.id()}).${r.pick(['toBe(true)', 'toEqual([])', 'toBeDefined()', 'toHaveLength(1)', "toMatch(/token/)"])};`, '  });');
      }
      out.push('});', '');
    }
    for (let i = start; i < out.length; i++) bytes += out[i].length + 1;
  }
  return out;
}

function pyStatements(v, out, ind, depth) {
  const r = v.rng;
  for (let i = r.range(2, 10); i > 0; i--) {
    const a = v.snake();
    const b = v.snake();
    switch (v.stmt(14, [6, 7, 11, 12])) {
      case 0:
      case 1:
        out.push(`${ind}${a} = ${b}.${snakeOf(v.fn())}(${v.snake()})`);
        break;
      case 2:
        if (depth < 2) {
          out.push(`${ind}if not ${a}:`);
          pyStatements(v, out, ind + '    ', depth + 1);
        } else out.push(`${ind}${a} = ${a} or ${v.num()}`);
        break;
      case 3:
        if (depth < 2) {
          out.push(`${ind}for ${r.pick(['item', 'row', 'key', 'token', 'entry'])} in ${a}:`);
          pyStatements(v, out, ind + '    ', depth + 1);
        } else out.push(`${ind}${a}.append(${b})`);
        break;
      case 4:
        out.push(`${ind}logger.${r.pick(['info', 'debug', 'warning', 'error'])}("${v.msg()} %s", ${a})`);
        break;
      case 5:
        out.push(`${ind}raise ${r.pick(['ValueError', 'KeyError', 'RuntimeError', 'PermissionError'])}(f"${v.msg()}: {${a}}")`);
        break;
      case 6:
        out.push(`${ind}${r.pick(['api_key', 'secret_key', 'db_password', 'auth_token', 'client_secret'])} = os.environ.get("${v.upper()}", "")`);
        break;
      case 7:
        out.push(`${ind}password_hash = bcrypt.hashpw(${r.pick(['password', 'new_password', 'form.password.data'])}.encode(), bcrypt.gensalt())`);
        break;
      case 8:
        out.push(`${ind}# ${v.sentence(4, 12)}`);
        break;
      case 9:
        out.push(`${ind}${a} = {"${v.snake()}": ${b}, "${v.snake()}": ${v.num()}, "${v.snake()}": "${v.msg()}"}`);
        break;
      case 10:
        if (depth < 2) {
          out.push(`${ind}with open(${a}, "${r.pick(['r', 'rb', 'w'])}") as fh:`);
          out.push(`${ind}    ${b} = fh.read()`);
        } else out.push(`${ind}${a} = None`);
        break;
      case 11:
        out.push(`${ind}response = requests.${r.pick(['get', 'post'])}(f"{base_url}${v.urlPath()}", headers={"Authorization": f"Bearer {${r.pick(['token', 'access_token', 'self.token'])}}"}, timeout=${v.num() || 5})`);
        break;
      case 12:
        out.push(`${ind}cache_key = f"${v.snake()}:{${a}}"`);
        break;
      default:
        out.push(`${ind}self.${a} = ${b}`);
    }
  }
  out.push(`${ind}return ${r.pick([v.snake(), 'None', 'True', `${v.snake()}.${snakeOf(v.fn())}()`])}`);
}

function genPy(v, target, isTest) {
  const r = v.rng;
  const out = [`"""${v.sentence()}"""`, ''];
  for (let i = r.range(2, 8); i > 0; i--) {
    if (r.chance(0.6)) out.push(`import ${r.pick(PKGS_PY)}`);
    else out.push(`from ${r.pick(PKGS_PY)} import ${v.type()}, ${snakeOf(v.fn())}`);
  }
  out.push('', 'logger = logging.getLogger(__name__)', '');
  let bytes = out.join('\n').length;
  while (bytes < target) {
    const start = out.length;
    if (isTest || r.chance(0.5)) {
      if (r.chance(0.3)) out.push(r.pick(['@pytest.fixture', `@app.route("${v.urlPath()}", methods=["GET", "POST"])`, '@staticmethod', '@lru_cache(maxsize=128)']));
      out.push(`def ${isTest ? 'test_' : ''}${snakeOf(v.fn())}(${v.snake()}, ${v.snake()}=None):`, `    """${v.sentence()}"""`);
      pyStatements(v, out, '    ', 0);
      out.push('', '');
    } else {
      out.push(`class ${v.type()}(${r.pick(['object', 'BaseModel', 'Base', 'Exception', 'Protocol'])}):`, `    """${v.sentence()}"""`, '');
      for (let i = r.range(1, 4); i > 0; i--) out.push(`    ${v.snake()}: ${r.pick(['str', 'int', 'bool', 'Optional[str]', 'list[str]'])} = ${r.pick(['""', '0', 'None', 'False', 'Field(default_factory=list)'])}`);
      out.push('');
      for (let m = r.range(1, 4); m > 0; m--) {
        out.push(`    def ${snakeOf(v.fn())}(self, ${v.snake()}):`);
        pyStatements(v, out, '        ', 1);
        out.push('');
      }
      out.push('');
    }
    for (let i = start; i < out.length; i++) bytes += out[i].length + 1;
  }
  return out;
}

function goStatements(v, out, ind, depth) {
  const r = v.rng;
  for (let i = r.range(2, 10); i > 0; i--) {
    const a = v.id();
    const b = v.id();
    switch (v.stmt(12, [5, 6, 9])) {
      case 0:
      case 1:
        out.push(`${ind}${a}, err := ${b}.${cap(v.fn())}(ctx, ${v.id()})`, `${ind}if err != nil {`, `${ind}\treturn nil, fmt.Errorf("${v.msg()}: %w", err)`, `${ind}}`);
        break;
      case 2:
        if (depth < 2) {
          out.push(`${ind}for _, ${r.pick(['item', 'row', 'key', 'tok', 'e'])} := range ${a} {`);
          goStatements(v, out, ind + '\t', depth + 1);
          out.push(`${ind}}`);
        } else out.push(`${ind}${a} = append(${a}, ${b})`);
        break;
      case 3:
        out.push(`${ind}${a} := ${r.pick([String(v.num()), `"${v.msg()}"`, 'make(map[string]string)', `time.Duration(${v.num()}) * time.Second`])}`);
        break;
      case 4:
        out.push(`${ind}slog.${r.pick(['Info', 'Debug', 'Warn', 'Error'])}("${v.msg()}", "${snakeOf(a)}", ${a})`);
        break;
      case 5:
        out.push(`${ind}${r.pick(['apiKey', 'secretKey', 'dbPassword', 'authToken'])} := os.Getenv("${v.upper()}")`);
        break;
      case 6:
        out.push(`${ind}req.Header.Set("Authorization", "Bearer "+${r.pick(['token', 'c.token', 'accessToken'])})`);
        break;
      case 7:
        out.push(`${ind}// ${v.sentence(4, 12)}`);
        break;
      case 8:
        if (depth < 2) {
          out.push(`${ind}if ${a} == nil {`);
          goStatements(v, out, ind + '\t', depth + 1);
          out.push(`${ind}}`);
        } else out.push(`${ind}_ = ${a}`);
        break;
      case 9:
        out.push(`${ind}mac := hmac.New(sha256.New, []byte(${r.pick(['signingKey', 's.secret', 'webhookSecret'])}))`);
        break;
      default:
        out.push(`${ind}${a}.${cap(v.fn())}(${b})`);
    }
  }
  out.push(`${ind}return ${r.pick([v.id(), 'nil'])}, nil`);
}

function genGo(v, target) {
  const r = v.rng;
  const out = [`// Package ${v.noun().toLowerCase()} ${v.words(4, 10)}.`, `package ${r.pick(NOUNS)}`, '', 'import ('];
  for (let i = r.range(3, 9); i > 0; i--) out.push(`\t"${r.pick(PKGS_GO)}"`);
  out.push(')', '');
  let bytes = out.join('\n').length;
  while (bytes < target) {
    const start = out.length;
    if (r.chance(0.3)) {
      const t = v.type();
      out.push(`// ${t} ${v.words(4, 10)}.`, `type ${t} struct {`);
      for (let i = r.range(2, 8); i > 0; i--) {
        const f = v.id();
        out.push(`\t${cap(f)} ${r.pick(['string', 'int', 'int64', 'bool', 'time.Time', '[]string', '*' + v.type()])} \`json:"${snakeOf(f)}${r.chance(0.3) ? ',omitempty' : ''}"\``);
      }
      out.push('}', '');
    } else {
      const recv = r.chance(0.6) ? `(s *${v.type()}) ` : '';
      out.push(`// ${cap(v.fn())} ${v.words(4, 12)}.`, `func ${recv}${cap(v.fn())}(ctx context.Context, ${v.id()} string) (*${v.type()}, error) {`);
      goStatements(v, out, '\t', 0);
      out.push('}', '');
    }
    for (let i = start; i < out.length; i++) bytes += out[i].length + 1;
  }
  return out;
}

function javaStatements(v, out, ind, depth) {
  const r = v.rng;
  for (let i = r.range(2, 9); i > 0; i--) {
    const a = v.id();
    const b = v.id();
    switch (v.stmt(10, [5, 7])) {
      case 0:
      case 1:
        out.push(`${ind}${r.pick(['String', 'var', v.type(), 'Optional<' + v.type() + '>'])} ${a} = ${b}.${v.fn()}(${v.id()});`);
        break;
      case 2:
        if (depth < 2) {
          out.push(`${ind}if (${a} == null) {`, `${ind}    throw new IllegalArgumentException("${v.msg()}");`, `${ind}}`);
        } else out.push(`${ind}Objects.requireNonNull(${a});`);
        break;
      case 3:
        if (depth < 2) {
          out.push(`${ind}for (${v.type()} ${r.pick(['item', 'entry', 'token', 'row'])} : ${a}) {`);
          javaStatements(v, out, ind + '    ', depth + 1);
          out.push(`${ind}}`);
        } else out.push(`${ind}${a}.add(${b});`);
        break;
      case 4:
        out.push(`${ind}log.${r.pick(['info', 'debug', 'warn'])}("${v.msg()} {}", ${a});`);
        break;
      case 5:
        out.push(`${ind}String token = jwtService.generateToken(${r.pick(['user', 'principal', 'account'])}, Duration.ofMinutes(${v.num()}));`);
        break;
      case 6:
        out.push(`${ind}// ${v.sentence(4, 12)}`);
        break;
      case 7:
        out.push(`${ind}if (!passwordEncoder.matches(${r.pick(['rawPassword', 'request.getPassword()', 'password'])}, ${r.pick(['user.getPasswordHash()', 'stored'])})) {`, `${ind}    throw new BadCredentialsException("invalid credentials");`, `${ind}}`);
        break;
      default:
        out.push(`${ind}this.${a}.${v.fn()}(${b});`);
    }
  }
  out.push(`${ind}return ${r.pick([v.id(), 'null', 'ResponseEntity.ok(' + v.id() + ')'])};`);
}

function genJava(v, target) {
  const r = v.rng;
  const cls = v.type();
  const out = [`package com.${r.pick(['acme', 'globex', 'initech'])}.${r.pick(NOUNS)};`, ''];
  for (let i = r.range(3, 10); i > 0; i--) out.push(`import ${r.pick(PKGS_JAVA)};`);
  out.push('', '/**', ` * ${v.sentence()}`, ' */', `@${r.pick(['Service', 'Component', 'RestController', 'Repository'])}`, `public class ${cls} {`, '');
  out.push(`    private static final Logger log = LoggerFactory.getLogger(${cls}.class);`);
  for (let i = r.range(1, 5); i > 0; i--) {
    if (r.chance(0.3)) out.push(`    @Value("\${${snakeOf(v.id()).replace(/_/g, '.')}}")`);
    out.push(`    private ${r.pick(['final ', ''])}${r.pick(['String', 'int', v.type(), 'Duration'])} ${v.id()};`);
  }
  out.push('');
  let bytes = out.join('\n').length;
  while (bytes < target) {
    const start = out.length;
    out.push('    /**', `     * ${v.sentence()}`, '     */');
    out.push(`    public ${r.pick(['String', 'void', v.type(), 'List<' + v.type() + '>', 'ResponseEntity<' + v.type() + '>'])} ${v.fn()}(${v.type()} ${v.id()}, String ${v.id()}) {`);
    javaStatements(v, out, '        ', 0);
    out.push('    }', '');
    for (let i = start; i < out.length; i++) bytes += out[i].length + 1;
  }
  out.push('}');
  return out;
}

function genYaml(v, target) {
  const r = v.rng;
  const out = [];
  let bytes = 0;
  while (bytes < target) {
    const start = out.length;
    const k = r.int(4);
    if (out.length > 0) out.push('---');
    if (k === 0) {
      const name = snakeOf(v.noun()).replace(/_/g, '-') + '-' + r.pick(['api', 'worker', 'web', 'cron']);
      out.push('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, '  labels:', `    app: ${name}`, 'spec:', `  replicas: ${r.range(1, 6)}`, '  template:', '    spec:', '      containers:', `        - name: ${name}`, `          image: registry.internal/${name}:${r.range(1, 9)}.${r.range(0, 30)}.${r.range(0, 9)}`, '          env:');
      for (let i = r.range(2, 8); i > 0; i--) {
        const env = v.upper();
        if (r.chance(0.4)) out.push(`            - name: ${env}`, '              valueFrom:', '                secretKeyRef:', `                  name: ${name}-secrets`, `                  key: ${snakeOf(v.id()).replace(/_/g, '-')}`);
        else out.push(`            - name: ${env}`, `              value: "${r.pick([String(v.num()), 'true', r.pick(ADJS), v.urlPath()])}"`);
      }
      out.push('          resources:', '            limits:', `              memory: ${r.pick(['256Mi', '512Mi', '1Gi'])}`, `              cpu: ${r.pick(['250m', '500m', '1'])}`);
    } else if (k === 1) {
      out.push(`name: ${v.words(2, 4)}`, 'on:', '  push:', '    branches: [main]', '  pull_request:', 'jobs:', `  ${r.pick(['build', 'test', 'deploy', 'release'])}:`, '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - uses: actions/setup-node@v4', '        with:', '          node-version: 20');
      for (let i = r.range(2, 6); i > 0; i--) {
        out.push(`      - name: ${v.words(2, 5)}`, `        run: ${r.pick(['npm ci', 'npm test', 'make build', './scripts/' + snakeOf(v.fn()) + '.sh', 'npm run lint'])}`);
        if (r.chance(0.4)) out.push('        env:', `          ${r.pick(['NPM_TOKEN', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'SLACK_WEBHOOK_URL', 'DEPLOY_KEY'])}: \${{ secrets.${v.upper()} }}`);
      }
    } else {
      const walk = (ind, depth) => {
        for (let i = r.range(2, 7); i > 0; i--) {
          const key = v.snake();
          if (depth < 3 && r.chance(0.35)) {
            out.push(`${ind}${key}:`);
            walk(ind + '  ', depth + 1);
          } else if (r.chance(0.15)) {
            out.push(`${ind}${key}:`);
            for (let j = r.range(1, 4); j > 0; j--) out.push(`${ind}  - ${r.pick([v.snake(), v.urlPath(), String(v.num())])}`);
          } else {
            out.push(`${ind}${key}: ${r.pick([String(v.num()), 'true', 'false', r.pick(ADJS), `"${v.msg()}"`, '${' + v.upper() + '}', v.urlPath(), `${v.num()}s`])}`);
          }
        }
      };
      walk('', 0);
    }
    for (let i = start; i < out.length; i++) bytes += out[i].length + 1;
  }
  return out;
}

function genJson(v, target, lock) {
  const r = v.rng;
  const out = ['{'];
  let bytes = 2;
  if (lock) {
    out.push('  "name": "' + snakeOf(v.noun()) + '",', '  "lockfileVersion": 3,', '  "packages": {');
    while (bytes < target) {
      const start = out.length;
      const pkg = r.pick(PKGS_JS) + (r.chance(0.5) ? '-' + snakeOf(v.noun()) : '');
      out.push(`    "node_modules/${pkg}": {`, `      "version": "${r.range(0, 9)}.${r.range(0, 30)}.${r.range(0, 20)}",`, `      "resolved": "https://registry.npmjs.org/${pkg}/-/${pkg}-1.0.0.tgz",`, `      "integrity": "sha512-${r.str(BASE64, 86)}==",`, `      "license": "${r.pick(['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause'])}"`, '    },');
      for (let i = start; i < out.length; i++) bytes += out[i].length + 1;
    }
    out.push('    "": {}', '  }', '}');
    return out;
  }
  out.push(`  "${v.id()}": [`);
  while (bytes < target) {
    const start = out.length;
    out.push('    {');
    out.push(`      "id": "${v.uuid()}",`);
    for (let i = r.range(2, 8); i > 0; i--) {
      if (r.chance(0.1)) out.push(`      "${r.pick(NOUNS)}Sha": "${v.hex(40)}",`);
      else out.push(`      "${v.id()}": ${r.pick([String(v.num()), 'true', 'false', 'null', `"${v.msg()}"`, `"${v.urlPath()}"`, `"2024-${String(r.range(1, 12)).padStart(2, '0')}-${String(r.range(1, 28)).padStart(2, '0')}T10:${String(r.range(0, 59)).padStart(2, '0')}:00Z"`])},`);
    }
    out.push(`      "${v.id()}": "${r.pick(ADJS)}"`, '    },');
    for (let i = start; i < out.length; i++) bytes += out[i].length + 1;
  }
  out.push('    {}', '  ]', '}');
  return out;
}

function genEnv(v, target) {
  const r = v.rng;
  const out = [`# ${v.sentence(3, 8)}`];
  let bytes = 0;
  while (bytes < target) {
    const k = v.upper();
    const line = r.pick([
      `${k}=${v.num()}`,
      `${k}=${r.pick(ADJS)}`,
      `${k}=`,
      `${k}=\${${v.upper()}}`,
      `${k}=http://localhost:${r.range(3000, 9000)}`,
      `${r.pick(['REDIS_URL', 'CACHE_URL'])}=redis://localhost:6379/${r.range(0, 9)}`,
      `${r.pick(['JWT_SECRET', 'API_KEY', 'DB_PASSWORD', 'SESSION_SECRET'])}=`,
      `# ${v.sentence(3, 9)}`,
      `LOG_LEVEL=${r.pick(['debug', 'info', 'warn'])}`,
    ]);
    out.push(line);
    bytes += line.length + 1;
  }
  return out;
}

function genTf(v, target) {
  const r = v.rng;
  const out = [];
  let bytes = 0;
  while (bytes < target) {
    const start = out.length;
    const k = r.int(5);
    const name = v.snake();
    if (k === 0) {
      out.push(`variable "${name}" {`, `  description = "${v.sentence(3, 8)}"`, `  type        = ${r.pick(['string', 'number', 'bool', 'list(string)'])}`);
      if (r.chance(0.3)) out.push('  sensitive   = true');
      else out.push(`  default     = ${r.pick(['"' + r.pick(ADJS) + '"', String(v.num()), 'false'])}`);
      out.push('}', '');
    } else if (k === 1) {
      out.push(`resource "aws_db_instance" "${name}" {`, `  identifier        = "${name.replace(/_/g, '-')}"`, '  engine            = "postgres"', `  instance_class    = "db.${r.pick(['t3', 'm6g', 'r6g'])}.${r.pick(['micro', 'large', 'xlarge'])}"`, '  username          = var.db_username', '  password          = var.db_password', `  kms_key_id        = aws_kms_key.${v.snake()}.arn`, `  storage_encrypted = ${r.pick(['true', 'false'])}`, '}', '');
    } else if (k === 2) {
      out.push(`resource "aws_s3_bucket" "${name}" {`, `  bucket = "${r.pick(['acme', 'globex'])}-${name.replace(/_/g, '-')}"`, '  tags = {', `    Team = "${r.pick(NOUNS)}"`, `    Env  = "${r.pick(['prod', 'staging', 'dev'])}"`, '  }', '}', '');
    } else if (k === 3) {
      out.push(`resource "aws_secretsmanager_secret" "${name}" {`, `  name       = "${name.replace(/_/g, '/')}"`, `  kms_key_id = aws_kms_key.${v.snake()}.id`, '}', '', `data "aws_secretsmanager_secret_version" "${name}" {`, `  secret_id = aws_secretsmanager_secret.${name}.id`, '}', '');
    } else {
      out.push(`module "${name}" {`, `  source  = "terraform-aws-modules/${r.pick(['vpc', 'eks', 'iam', 'rds'])}/aws"`, `  version = "~> ${r.range(3, 20)}.0"`);
      for (let i = r.range(2, 6); i > 0; i--) out.push(`  ${v.snake()} = ${r.pick(['var.' + v.snake(), String(v.num()), '"' + r.pick(ADJS) + '"', 'true', `local.${v.snake()}`])}`);
      out.push('}', '');
    }
    for (let i = start; i < out.length; i++) bytes += out[i].length + 1;
  }
  return out;
}

function genDocker(v, target) {
  const r = v.rng;
  const out = [`FROM ${r.pick(['node:20-alpine', 'python:3.12-slim', 'golang:1.22 AS build', 'eclipse-temurin:21-jre'])}`, 'WORKDIR /app'];
  let bytes = 40;
  while (bytes < target) {
    const line = r.pick([
      `RUN apt-get update && apt-get install -y --no-install-recommends ${r.pick(['curl', 'ca-certificates', 'git', 'tini'])} && rm -rf /var/lib/apt/lists/*`,
      'COPY package*.json ./',
      `RUN ${r.pick(['npm ci --omit=dev', 'pip install --no-cache-dir -r requirements.txt', 'go build -o /out/app ./cmd/app'])}`,
      'COPY . .',
      `ENV ${v.upper()}=${r.pick([String(v.num()), r.pick(ADJS)])}`,
      `ARG ${r.pick(['NPM_TOKEN', 'BUILD_VERSION', 'GIT_SHA', 'PIP_INDEX_URL'])}`,
      `EXPOSE ${r.range(3000, 9000)}`,
      `HEALTHCHECK CMD curl -f http://localhost:${r.range(3000, 9000)}/health || exit 1`,
      `# ${v.sentence(3, 9)}`,
      'USER 1000',
    ]);
    out.push(line);
    bytes += line.length + 1;
  }
  out.push(`CMD ["${r.pick(['node', 'python', '/out/app'])}", "${r.pick(['server.js', 'main.py', '--serve'])}"]`);
  return out;
}

function genMd(v, target) {
  const r = v.rng;
  const out = [`# ${cap(v.words(2, 5))}`, ''];
  let bytes = 0;
  while (bytes < target) {
    const start = out.length;
    const k = r.int(6);
    if (k === 0) out.push(`## ${cap(v.words(2, 6))}`, '');
    else if (k === 1) {
      for (let i = r.range(2, 6); i > 0; i--) out.push(`- ${v.sentence(4, 14)}`);
      out.push('');
    } else if (k === 2) {
      out.push('```bash', `export ${r.pick(['API_TOKEN', 'GITHUB_TOKEN', 'DB_PASSWORD', 'AWS_SECRET_ACCESS_KEY'])}=${r.pick(['<your-token>', '...', '"$(vault read -field=value secret/app)"', 'changeme'])}`, `curl -H "Authorization: Bearer $API_TOKEN" https://api.internal${v.urlPath()}`, '```', '');
    } else if (k === 3) {
      out.push(`| ${v.noun()} | ${v.noun()} | ${v.noun()} |`, '|---|---|---|');
      for (let i = r.range(2, 8); i > 0; i--) out.push(`| \`${v.id()}\` | ${v.words(2, 6)} | ${v.num()} |`);
      out.push('');
    } else {
      out.push(`${v.sentence(8, 20)} ${v.sentence(6, 18)} ${v.sentence(6, 18)}`, '');
      if (r.chance(0.2)) out.push(`Fixed in commit ${v.hex(40)}.`, '');
    }
    for (let i = start; i < out.length; i++) bytes += out[i].length + 1;
  }
  return out;
}

/** Minified bundle: very long lines (one per ~32-256 KB chunk). */
function genMinJs(v, target) {
  const r = v.rng;
  const out = [];
  let bytes = 0;
  let line = '!function(){"use strict";';
  const vars = 'abcdefghijklmnopqrstuvwxyz';
  while (bytes + line.length < target) {
    const a = r.pick(vars);
    const b = r.pick(vars);
    const c = r.pick(vars) + r.pick(vars);
    line += [
      `function ${c}(${a},${b}){return ${a}.${v.id()}||${b}.${v.id()}}`,
      `var ${c}=${a}(${r.range(1, 999)}),${a}${b}=${c}.${v.id()};`,
      `${a}.exports={${v.id()}:${b},${v.id()}:"${v.msg()}"};`,
      `if(!${a}.${r.pick(['token', 'accessToken', 'apiKey', 'password', 'secret', 'key'])})throw new Error("${v.msg()}");`,
      `${c}.prototype.${v.fn()}=function(${a}){var ${b}=this;return fetch("${v.urlPath()}",{headers:{Authorization:"Bearer "+${b}.${r.pick(['token', 'authToken'])}}})};`,
      `${a}=${a}||{},${b}=${b}||[],${c}=0;for(;${c}<${b}.length;${c}++)${a}[${b}[${c}].${v.id()}]=${b}[${c}];`,
      `"${v.id()}"in ${a}&&(${b}=${a}.${v.id()});`,
      `${a}.${v.id()}="${r.str(LOWER_ALNUM, r.range(4, 9))}";`,
    ][v.stmt(8, [3, 4])];
    if (line.length > r.range(32768, 262144)) {
      out.push(line);
      bytes += line.length + 1;
      line = '';
    }
  }
  out.push(line + '}();');
  return out;
}

/**
 * Kinds of file: ext, directory hints, share of the corpus bytes, size distribution and the
 * language used to render a planted secret (null: nothing is planted there).
 */
export const KINDS = {
  js: { weight: 16, ext: ['.js', '.mjs', '.jsx'], dirs: ['src', 'lib', 'src/routes', 'src/services', 'web/src/components', 'test'], median: 5000, spread: 2.5, lang: 'js' },
  ts: { weight: 15, ext: ['.ts', '.tsx'], dirs: ['src', 'src/api', 'src/core', 'packages/app/src', 'test'], median: 5500, spread: 2.5, lang: 'ts' },
  py: { weight: 14, ext: ['.py'], dirs: ['app', 'app/api', 'scripts', 'tests', 'services/worker'], median: 6000, spread: 2.5, lang: 'py' },
  go: { weight: 10, ext: ['.go'], dirs: ['internal/server', 'pkg/client', 'cmd/app', 'internal/store'], median: 7000, spread: 2.2, lang: 'go' },
  java: { weight: 9, ext: ['.java'], dirs: ['src/main/java/com/acme/service', 'src/main/java/com/acme/web', 'src/test/java/com/acme'], median: 7000, spread: 2.2, lang: 'java' },
  yaml: { weight: 6, ext: ['.yaml', '.yml'], dirs: ['deploy/k8s', '.github/workflows', 'config', 'helm/templates'], median: 2500, spread: 2.5, lang: 'yaml' },
  json: { weight: 7, ext: ['.json'], dirs: ['fixtures', 'config', 'data', 'test/fixtures'], median: 12000, spread: 4, lang: 'json' },
  lock: { weight: 3, ext: ['package-lock.json'], dirs: ['', 'web'], median: 250000, spread: 2, lang: null },
  env: { weight: 0.6, ext: ['.env', '.env.example', '.env.local'], dirs: ['', 'config', 'services/worker'], median: 500, spread: 2, lang: 'env' },
  tf: { weight: 4, ext: ['.tf'], dirs: ['infra', 'infra/modules/db', 'terraform/envs/prod'], median: 3000, spread: 2.2, lang: 'tf' },
  docker: { weight: 0.6, ext: ['Dockerfile'], dirs: ['', 'docker', 'services/worker'], median: 700, spread: 1.8, lang: 'docker' },
  md: { weight: 6, ext: ['.md'], dirs: ['', 'docs', 'docs/guides'], median: 5000, spread: 2.5, lang: 'md' },
  minjs: { weight: 8, ext: ['.min.js', '.bundle.js'], dirs: ['public/assets', 'dist', 'static/js'], median: 300000, spread: 2, lang: 'minjs' },
};

/** Lines of a file of the given kind, about target bytes long. */
export function generateFile(v, kind, target, path) {
  const isTest = /(^|\/)tests?\//.test(path) || /\.test\./.test(path);
  switch (kind) {
    case 'js':
      return genJs(v, target, false, isTest);
    case 'ts':
      return genJs(v, target, true, isTest);
    case 'py':
      return genPy(v, target, isTest);
    case 'go':
      return genGo(v, target);
    case 'java':
      return genJava(v, target);
    case 'yaml':
      return genYaml(v, target);
    case 'json':
      return genJson(v, target, false);
    case 'lock':
      return genJson(v, target, true);
    case 'env':
      return genEnv(v, target);
    case 'tf':
      return genTf(v, target);
    case 'docker':
      return genDocker(v, target);
    case 'md':
      return genMd(v, target);
    case 'minjs':
      return genMinJs(v, target);
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

/** A file name for a kind (without directory). */
export function fileName(v, kind) {
  const r = v.rng;
  const ext = r.pick(KINDS[kind].ext);
  if (kind === 'lock' || kind === 'docker') return ext;
  if (kind === 'env') return ext;
  const base = snakeOf(v.rng.chance(0.5) ? v.fn() : v.noun() + cap(r.pick(NOUNS)));
  switch (kind) {
    case 'go':
    case 'py':
      return base + ext;
    case 'java':
      return v.type() + r.pick(['', 'Service', 'Controller', 'Impl']) + ext;
    case 'js':
    case 'ts':
      return base.replace(/_/g, '-') + (r.chance(0.15) ? '.test' : '') + ext;
    case 'md':
      return r.chance(0.2) ? 'README.md' : base.replace(/_/g, '-') + ext;
    case 'minjs':
      return `${r.pick(['vendor', 'main', 'app', 'chunk'])}.${v.hex(8)}${ext}`;
    default:
      return base.replace(/_/g, '-') + ext;
  }
}

export { ALNUM };
