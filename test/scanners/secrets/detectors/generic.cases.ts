import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x6e9e);
const v = () => g.tok(CS.alnum, 32);
const hex = () => g.tok(CS.hex, 40);

export const cases: FamilyCases = {
  'secrets/generic/high-entropy-assignment': {
    flagged: [
      `API_KEY=${v()}`, // .env
      `export SERVICE_TOKEN="${v()}"`, // shell
      `const apiKey = '${v()}';`, // JS/TS
      `client_secret = "${v()}"`, // Python / TOML
      `authToken := "${v()}"`, // Go
      `private static final String SECRET_KEY = "${v()}";`, // Java
      `config.secret_key_base = '${hex()}${hex()}'`, // Ruby
      `$db_password = '${g.tok(CS.b64, 20)}';`, // PHP
      `'api_key' => '${v()}',`, // PHP array
      `private const string ClientSecret = "${v()}";`, // C#
      `  webhookSecret: ${v()}`, // YAML
      `{"accessToken": "${v()}", "expires": 3600}`, // JSON
      `[auth]\npassword = ${g.tok(CS.b64, 24)}`, // INI
      `variable "x" {}\nresource "x" "y" {\n  api_token = "${v()}"\n}`, // Terraform
      `ENV API_TOKEN=${v()}`, // Dockerfile
      `ARG NPM_SECRET ${v()}`, // Dockerfile, space form
      `<add key="ApiKey" value="x" />\n<connection password="${g.tok(CS.b64, 22)}" />`, // XML attribute
      `<password>${g.tok(CS.b64, 20)}</password>`, // XML element
      `headers = {"Authorization": "Bearer ${v()}"}`,
      `process.env.CLIENT_SECRET = process.env.CLIENT_SECRET || '${v()}';`,
      `const signingKey = config.signingKey ?? "${v()}";`,
      `os.environ.setdefault("ADMIN_PASSWORD", "${v()}")`,
      `\tos.Setenv("SERVICE_API_KEY", "${v()}")`,
      `props.setProperty("jwt.secret", "${v()}");`,
      `  signing_key = "${v()}"`,
    ],
    clean: [
      'API_KEY=',
      'API_KEY=changeme',
      'API_KEY=<your-api-key>',
      'API_KEY=xxxxxxxxxxxxxxxxxxxxxxxx',
      'API_KEY=${API_KEY}',
      'token: "{{ .Values.token }}"',
      'apiKey: process.env.API_KEY,',
      'password = os.environ["DB_PASSWORD"]',
      'secret = os.getenv("APP_SECRET")',
      'auth_token = System.getenv("AUTH_TOKEN");',
      'password = true',
      'token_length = 32',
      'secret_path = "/var/run/secrets/kubernetes.io/serviceaccount/token"',
      'token_url = "https://oauth2.googleapis.com/token"',
      'private_key_file = "keys/deploy_rsa.pem"',
      `"controllers/passphrase.js": "${hex()}",`, // a file → commit map in a manifest
      `"src/auth/secret-store.ts": "${hex()}"`,
      `secret_name = "${g.uuid()}"`,
      `api_key_id = "${g.uuid()}"`,
      'secret = generate_secret(32)',
      'password: hunter',
      'passwordField: "current-password"',
      'token: tokenFromHeader',
      'credentials: CREDENTIALS_FILE',
      `"integrity": "sha512-${g.tok(CS.b64, 86)}=="`,
      `password_hash = "${g.tok(CS.hex, 64)}"`,
      `token_sha256 = "${g.tok(CS.hex, 64)}"`,
      'aws_access_key = "AKIAIOSFODNN7EXAMPLE"',
      'secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
      `csrf_token = "${v()}"`,
      `public_key = "${v()}"`,
      `next_page_token = "${v()}"`,
      'tokenizer = AutoTokenizer.from_pretrained(name)',
      'password: !vault |',
      `# the token is ${v()}`,
      `let token = self.token_store.get(id)`,
      `secret: settings.APP_SECRET`,
      'password = 12345678901234',
      'token = 2024-05-01T10:00:00Z',
      'api_key: string;',
      '"Unexpected_token_1012": "Neočekávaný token",',
      '"Unexpected_token_expected": "Unexpected token9 expected",',
      '[![codecov](https://codecov.io/gh/org/repo/branch/main/graph/badge.svg?token=yZL6LtXkOA)](https://codecov.io)',
      'const secretToken = secretToken;',
      'export const accessToken = useAccessToken$();',
      'const secret = process.env.APP_SECRET || generateSecret();',
      'logger.info("token", tokenValue);',
      't("password", "Passwort");',
      'os.environ.get("API_TOKEN", "")',
      '    private_key: "_RSAPrivateKey",',
      '        self, private_key: ed25519.Ed25519PrivateKey, f_priv: _FragList',
      'exports2.CONNECTION_TOKEN_CHARS = exports2.HEADER_CHARS = exports2.TOKEN;',
      '            "access_token":"2YotnFZFEjr1zCsicMWpAA",',
      "  password: 'bm90IG15IHJlYWwgcGFzc3dvcmQ=',",
      '"oauth_token_secret=secret%3Dpassword&oauth_token=lock%26key"',
    ],
  },
  'secrets/generic/password-assignment': {
    flagged: [
      'DB_PASSWORD=hunter2hunter2',
      `password: "Winter2024!"`,
      `const adminPassword = 'Sunny-Day-42';`,
      `<property name="x" password="Tr0ub4dor9"/>`,
    ],
    clean: [
      'password: hunter',
      'password = "password"',
      'DB_PASSWORD=${DB_PASSWORD}',
      'DB_PASSWORD=',
      'password: P@ssw0rd',
      'password_min_length = 12',
      'password_reset_url = "/account/reset"',
      `DB_PASSWORD=${v()}`,
      'passed = "yes_it_did"',
      'password = getpass.getpass()',
      'passwordPolicy: strongPasswords',
      'exports.cannotHaveAUsernamePasswordPort = cannotHaveAUsernamePasswordPort;',
      'const pass = !this.result.issues || this.result.issues.length === 0;',
      '  pass: matchResult?.pass ?? false,',
      'struct PassByValue : std::false_type {};',
      '  // Fourth pass: Remaps outs to flat-ids.',
      'bool can_one_pass = is_one_pass_ && ncap <= kMax;',
      '    readonly STENCIL_PASS_DEPTH_FAIL: 0x0B95;',
      'wasm-opt --pass-arg=asyncify-imports@env.await_promise_sync -Oz',
      '        :type passphrase: :py:data:`bytes`',
      '    proxy_url="socks5h://<username>:<password>@proxy-host"',
      "      $pass = '-anonymous@'",
      '# com.sun.management.jmxremote.password.toHashes = true|false',
      '      "activePassword": "2024-11-20T10:04:00Z",',
      's.templatePassword="w6i7m4k";var ib=n',
      '    MovedAttribute("HTTPPasswordMgr", "urllib2", "urllib.request"),',
      '    {"pwd", PyInit_pwd},',
      '# METHOD can be "trust", "reject", "md5", "password", "scram-sha-256",',
    ],
  },
  'secrets/generic/name-value-pair': {
    flagged: [
      `env:\n  - name: DB_PASSWORD\n    value: "${v()}"\n  - name: LOG_LEVEL\n    value: info`,
      `"environment": [{"name": "STRIPE_WEBHOOK_SECRET", "value": "${v()}"}]`,
      `- name: API_TOKEN\n  value: ${v()}`,
      `variable "signing_key" {\n  type    = string\n  default = "${v()}"\n}`,
    ],
    clean: [
      `env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}`,
      `- name: DB_PASSWORD\n  value: "\${DB_PASSWORD}"`,
      `- name: DB_HOST\n  value: "${v()}"`,
      `- name: API_TOKEN_FILE\n  value: /run/secrets/${g.tok(CS.alnum, 12)}`,
      `{"name": "secret_name", "value": "${v()}"}`,
      'variable "db_password" {\n  type      = string\n  sensitive = true\n}',
      `variable "token_ttl" {\n  default = "${v()}"\n}`,
    ],
  },
};
