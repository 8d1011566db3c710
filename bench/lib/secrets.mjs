// Synthetic secrets planted in the benchmark corpora. Every value is made at run time from the
// seeded PRNG: none is a real credential, and this file holds no literal token (so scanning the
// repository itself stays clean). Formats follow the public token layouts that both Rampart and
// gitleaks document; `gitleaks` below says whether gitleaks' default rules cover the type.
import { crc32 } from 'node:zlib';
import { ALNUM, DIGITS } from './prng.mjs';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const AWS_TAIL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const URLSAFE = ALNUM + '_-';

function base62(n, width) {
  let s = '';
  let v = n >>> 0;
  while (v > 0) {
    s = BASE62[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, '0');
}

/** GitHub / npm style: prefix + 30 random base62 + base62(CRC32(random part)) padded to 6. */
function crcToken(rng, prefix) {
  const body = rng.str(BASE62, 30);
  return prefix + body + base62(crc32(body), 6);
}

// Words that secret scanners treat as "placeholder" markers; a planted value must look real.
const PLACEHOLDERISH = [
  'example', 'sample', 'changeme', 'change', 'placeholder', 'dummy', 'your', 'insert', 'redacted', 'replace',
  'foobar', 'secret', 'fake', 'lorem', 'todo', 'fixme', 'test', 'password', 'abcdefgh', '12345678', '000000',
];

/** True when a generated value would be dropped as a placeholder (or by gitleaks' EXAMPLE rule). */
export function looksPlaceholder(v) {
  const s = v.toLowerCase();
  for (const w of PLACEHOLDERISH) if (s.includes(w)) return true;
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s.charCodeAt(i) === s.charCodeAt(i - 1) ? run + 1 : 1;
    if (run >= 5) return true;
  }
  return false;
}

// Private keys are structurally valid (a DER SEQUENCE of INTEGERs, the OpenSSH magic), as real
// ones are, because scanners such as Rampart check the structure to drop fake blocks. The
// numbers are random bytes: no key here is mathematically usable.
function randomBytes(rng, n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256);
  return b;
}
function derLen(n) {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  return Buffer.from([0x82, n >> 8, n & 0xff]);
}
const tlv = (tag, body) => Buffer.concat([Buffer.from([tag]), derLen(body.length), body]);
const derInt = (rng, n) => {
  const b = randomBytes(rng, n);
  b[0] |= 0x80; // full width, so a leading zero keeps it positive
  return tlv(0x02, Buffer.concat([Buffer.from([0]), b]));
};
function pkcs1(rng) {
  const small = (v) => tlv(0x02, Buffer.from(v));
  return tlv(0x30, Buffer.concat([small([0]), derInt(rng, 256), small([1, 0, 1]), derInt(rng, 256), derInt(rng, 128), derInt(rng, 128), derInt(rng, 128), derInt(rng, 128), derInt(rng, 128)]));
}
function pkcs8(rng) {
  const algo = Buffer.from('300d06092a864886f70d0101010500', 'hex'); // rsaEncryption, NULL
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([0])), algo, tlv(0x04, pkcs1(rng))]));
}
function sec1(rng) {
  const oid = Buffer.from('a00a06082a8648ce3d030107', 'hex'); // prime256v1
  const pub = tlv(0xa1, tlv(0x03, Buffer.concat([Buffer.from([0, 4]), randomBytes(rng, 64)])));
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), tlv(0x04, randomBytes(rng, 32)), oid, pub]));
}
function openssh(rng) {
  const str = (b) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, typeof b === 'string' ? Buffer.from(b) : b]);
  };
  const pub = Buffer.concat([str('ssh-ed25519'), str(randomBytes(rng, 32))]);
  const check = randomBytes(rng, 4);
  const priv = Buffer.concat([check, check, str('ssh-ed25519'), str(randomBytes(rng, 32)), str(randomBytes(rng, 64)), str('deploy@ci'), Buffer.from([1, 2, 3, 4, 5])]);
  const one = Buffer.alloc(4);
  one.writeUInt32BE(1);
  return Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), str('none'), str('none'), str(''), one, str(pub), str(priv)]);
}
function wrap(b64, width) {
  const out = [];
  for (let i = 0; i < b64.length; i += width) out.push(b64.slice(i, i + width));
  return out;
}

/**
 * Secret types. make(rng) -> value (private keys: an array of lines). names: identifiers a
 * developer would assign such a value to. gitleaks: rule id in gitleaks' default config, or null.
 */
export const SECRET_TYPES = {
  'github-pat': {
    weight: 14,
    gitleaks: 'github-pat',
    make: (rng) => crcToken(rng, 'ghp_'),
    names: ['GITHUB_TOKEN', 'GH_TOKEN', 'githubToken', 'gh_pat', 'ciGithubToken'],
  },
  'aws-access-key-id': {
    weight: 14,
    gitleaks: 'aws-access-token',
    make: (rng) => 'AKIA' + rng.str(AWS_TAIL, 16),
    names: ['AWS_ACCESS_KEY_ID', 'aws_access_key_id', 'awsAccessKeyId', 'accessKeyId'],
  },
  'slack-bot-token': {
    weight: 10,
    gitleaks: 'slack-bot-token',
    make: (rng) => `xoxb-${rng.range(1, 9)}${rng.str(DIGITS, 10)}-${rng.range(1, 9)}${rng.str(DIGITS, 11)}-${rng.str(ALNUM, 24)}`,
    names: ['SLACK_BOT_TOKEN', 'slackBotToken', 'slack_token', 'SLACK_TOKEN'],
  },
  'stripe-live-key': {
    weight: 10,
    gitleaks: 'stripe-access-token',
    make: (rng) => (rng.chance(0.5) ? 'sk_live_' + rng.str(ALNUM, 24) : 'sk_live_51' + rng.str(ALNUM, 97)),
    names: ['STRIPE_SECRET_KEY', 'stripeSecretKey', 'stripe_api_key', 'STRIPE_KEY'],
  },
  'private-key': {
    weight: 10,
    gitleaks: 'private-key',
    make: (rng) => {
      const kind = rng.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY']);
      const der = kind === 'RSA PRIVATE KEY' ? pkcs1(rng) : kind === 'PRIVATE KEY' ? pkcs8(rng) : kind === 'EC PRIVATE KEY' ? sec1(rng) : openssh(rng);
      const body = wrap(der.toString('base64'), kind === 'OPENSSH PRIVATE KEY' ? 70 : 64);
      return [`-----BEGIN ${kind}-----`, ...body, `-----END ${kind}-----`];
    },
    names: ['PRIVATE_KEY', 'privateKey', 'tls_key', 'signingKeyPem', 'SSH_PRIVATE_KEY'],
  },
  'postgres-url': {
    weight: 10,
    gitleaks: null, // no default gitleaks rule for connection strings
    make: (rng) => {
      const user = rng.pick(['app', 'orders_svc', 'billing', 'api_rw', 'reporting', 'admin', 'etl']);
      const pw = rng.str(ALNUM, rng.range(16, 28));
      const host = `${rng.pick(['db', 'pg', 'postgres', 'rds'])}-${rng.range(1, 9)}.${rng.pick(['prod', 'internal', 'eu-west-1', 'core'])}.${rng.pick(['acmecorp.net', 'northwind.io', 'globex.cloud', 'initech.dev'])}`;
      return `postgres://${user}:${pw}@${host}:5432/${rng.pick(['orders', 'billing', 'app', 'analytics', 'users'])}`;
    },
    names: ['DATABASE_URL', 'databaseUrl', 'db_dsn', 'PG_CONNECTION'],
  },
  'generic-secret': {
    weight: 14,
    gitleaks: 'generic-api-key',
    make: (rng) => rng.str(ALNUM, rng.range(28, 40)),
    names: ['API_SECRET', 'client_secret', 'authToken', 'SERVICE_API_KEY', 'webhookSecret', 'ADMIN_PASSWORD', 'jwt_secret', 'signingKey'],
  },
  'npm-token': {
    weight: 6,
    gitleaks: 'npm-access-token',
    make: (rng) => crcToken(rng, 'npm_'),
    names: ['NPM_TOKEN', 'npmToken', 'NPM_AUTH_TOKEN'],
  },
  'gitlab-pat': {
    weight: 4,
    gitleaks: 'gitlab-pat',
    make: (rng) => 'glpat-' + rng.str(URLSAFE, 20),
    names: ['GITLAB_TOKEN', 'gitlabToken', 'CI_PUSH_TOKEN'],
  },
  'gcp-api-key': {
    weight: 4,
    gitleaks: 'gcp-api-key',
    make: (rng) => 'AIza' + rng.str(URLSAFE, 35),
    names: ['GOOGLE_API_KEY', 'mapsApiKey', 'firebase_api_key'],
  },
  'sendgrid-key': {
    weight: 4,
    gitleaks: 'sendgrid-api-token',
    make: (rng) => 'SG.' + rng.str(URLSAFE, 22) + '.' + rng.str(URLSAFE, 43),
    names: ['SENDGRID_API_KEY', 'sendgridKey', 'MAIL_API_KEY'],
  },
};

export const SECRET_TYPE_IDS = Object.keys(SECRET_TYPES);

/** A fresh value of a type, never placeholder-like, never seen before (by `seen`). */
export function makeSecret(rng, type, seen) {
  const t = SECRET_TYPES[type];
  for (;;) {
    const v = t.make(rng);
    const key = Array.isArray(v) ? v.join('\n') : v;
    const check = Array.isArray(v) ? v.slice(1, -1).join('') : type === 'postgres-url' ? key.split(':')[2].split('@')[0] : key;
    if (!Array.isArray(v) && looksPlaceholder(check)) continue;
    if (type === 'aws-access-key-id' && /EXAMPLE$/.test(v)) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    return v;
  }
}

function camel(name) {
  if (!/[_A-Z]/.test(name) || /^[a-z][a-zA-Z0-9]*$/.test(name)) return name;
  const parts = name.toLowerCase().split('_');
  return parts[0] + parts.slice(1).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}
const upper = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
const snake = (name) => upper(name).toLowerCase();

/**
 * Renders a planted secret as lines of the given language. Returns { lines, at, span }: the
 * secret starts on lines[at] and covers span lines (private keys span many).
 */
export function renderSecret(rng, lang, type, value) {
  const name = rng.pick(SECRET_TYPES[type].names);
  if (Array.isArray(value)) return renderMultiline(rng, lang, name, value);
  const U = upper(name);
  const c = camel(name);
  const s = snake(name);
  let line;
  switch (lang) {
    case 'js':
    case 'ts':
    case 'minjs':
      line = rng.pick([`const ${c} = '${value}';`, `  ${c}: "${value}",`, `export const ${U} = \`${value}\`;`, `process.env.${U} = process.env.${U} || '${value}';`]);
      break;
    case 'py':
      line = rng.pick([`${U} = "${value}"`, `    ${s} = '${value}'`, `os.environ.setdefault("${U}", "${value}")`, `    "${s}": "${value}",`]);
      break;
    case 'go':
      line = rng.pick([`const ${c} = "${value}"`, `\t${c[0].toUpperCase() + c.slice(1)}: "${value}",`, `\tos.Setenv("${U}", "${value}")`]);
      break;
    case 'java':
      line = rng.pick([`    private static final String ${U} = "${value}";`, `        String ${c} = "${value}";`, `        props.setProperty("${s.replace(/_/g, '.')}", "${value}");`]);
      break;
    case 'yaml':
      line = rng.pick([`${s}: ${value}`, `  ${s}: "${value}"`, `        - name: ${U}\n          value: "${value}"`]);
      break;
    case 'json':
      line = `  "${rng.chance(0.5) ? s : c}": "${value}",`;
      break;
    case 'env':
      line = rng.pick([`${U}=${value}`, `${U}="${value}"`, `export ${U}=${value}`]);
      break;
    case 'tf':
      if (rng.chance(0.5)) line = `  ${s} = "${value}"`;
      else return { lines: [`variable "${s}" {`, '  type    = string', `  default = "${value}"`, '}'], at: 2, span: 1 };
      break;
    case 'docker':
      line = rng.pick([`ENV ${U}=${value}`, `ARG ${U}=${value}`]);
      break;
    case 'md':
      line = rng.pick([`export ${U}=${value}`, `    ${U}=${value}`, `Set \`${U}=${value}\` before running the service.`]);
      break;
    default:
      line = `${U}=${value}`;
  }
  const lines = line.split('\n');
  return { lines, at: lines.length - 1, span: 1 };
}

function renderMultiline(rng, lang, name, pem) {
  const U = upper(name);
  const c = camel(name);
  const s = snake(name);
  switch (lang) {
    case 'js':
    case 'ts':
      return { lines: [`const ${c} = \`${pem[0]}`, ...pem.slice(1), '`;'], at: 0, span: pem.length };
    case 'py':
      return { lines: [`${U} = """${pem[0]}`, ...pem.slice(1, -1), `${pem[pem.length - 1]}"""`], at: 0, span: pem.length };
    case 'yaml':
      return { lines: [`${s}: |`, ...pem.map((l) => '  ' + l)], at: 1, span: pem.length };
    case 'tf':
      return { lines: [`  ${s} = <<EOT`, ...pem, 'EOT'], at: 1, span: pem.length };
    case 'json':
      // As in a cloud service-account file: one line with \n escapes.
      return { lines: [`  "${s}": "${pem.join('\\n')}\\n",`], at: 0, span: 1 };
    case 'env':
      return { lines: [`${U}="${pem[0]}`, ...pem.slice(1, -1), `${pem[pem.length - 1]}"`], at: 0, span: pem.length };
    case 'go':
      return { lines: [`var ${c} = \`${pem[0]}`, ...pem.slice(1), '`'], at: 0, span: pem.length };
    case 'java':
      return { lines: [`    private static final String ${U} = """`, ...pem.map((l) => '        ' + l), '        """;'], at: 1, span: pem.length };
    case 'md':
      return { lines: ['```', ...pem, '```'], at: 1, span: pem.length };
    default:
      return { lines: [...pem], at: 0, span: pem.length };
  }
}

/**
 * Held-out forms: the same secret values placed in constructions the standard corpus never uses
 * (client constructors, HTTP headers, setters, folded YAML, compose lists, shell commands). For
 * measuring accuracy on forms a scanner was not tuned on: `gen-corpus.mjs --forms holdout`.
 * Keep these out of detector test cases, or they stop being held out.
 */
export function renderSecretHoldout(rng, lang, type, value) {
  if (Array.isArray(value)) return renderSecret(rng, lang, type, value);
  const name = rng.pick(SECRET_TYPES[type].names);
  const U = upper(name);
  const c = camel(name);
  const s = snake(name);
  const one = (line) => ({ lines: [line], at: 0, span: 1 });
  switch (lang) {
    case 'js':
    case 'ts':
    case 'minjs':
      return one(rng.pick([
        `const client = new ServiceClient({ ${c}: '${value}', region: 'eu-west-1' });`,
        `  const res = await fetch(url, { headers: { 'X-Api-Key': '${value}' } });`,
        `  config.set('${s.replace(/_/g, '.')}', "${value}");`,
      ]));
    case 'py':
      return one(rng.pick([
        `client = ServiceClient(${s}="${value}", timeout=30)`,
        `    headers = {"Authorization": "Bearer ${value}", "Accept": "application/json"}`,
        `    settings.${U} = '${value}'  # rotated quarterly`,
      ]));
    case 'go':
      return one(rng.pick([
        `\treq.Header.Set("X-Api-Token", "${value}")`,
        `\tcfg := Config{Endpoint: endpoint, ${c[0].toUpperCase() + c.slice(1)}: "${value}", Retries: 3}`,
      ]));
    case 'java':
      return one(rng.pick([
        `    @Value("\${${s.replace(/_/g, '.')}:${value}}")`,
        `        conn.setRequestProperty("Authorization", "token ${value}");`,
        `        props.put("${s.replace(/_/g, '.')}", "${value}");`,
      ]));
    case 'yaml':
      return rng.chance(0.5) ? { lines: [`  ${s}: >-`, `    ${value}`], at: 1, span: 1 } : one(`      - ${U}=${value}`);
    case 'json':
      return one(`  "credentials": { "${rng.chance(0.5) ? s : c}": "${value}", "scope": "read" },`);
    case 'env':
      return one(`${U}='${value}'  # rotated 2024-05`);
    case 'tf':
      return one(`  ${s} = "${value}" # from the ops vault, 2024`);
    case 'docker':
      return one(`RUN curl -fsSL -H "Authorization: token ${value}" https://artifacts.internal/install.sh | sh`);
    case 'md':
      return one(`    curl -H "Authorization: Bearer ${value}" https://api.internal/v1/me`);
    default:
      return renderSecret(rng, lang, type, value);
  }
}
