/**
 * Taint models are data: where untrusted data enters (sources), where it does harm (sinks), what
 * makes it safe (sanitizers) and what passes it on (propagators), per framework or library.
 *
 * Everything is keyed by API paths, the way a value was reached from a module or a global:
 *   - a module import or require:      `child_process`, `fs/promises`, `express`
 *   - a member of it:                  `child_process.exec`, `express.static`
 *   - a call (or `new`) result:        `express()`, `express.Router()`, `mysql.createConnection()`
 *   - chained:                         `express().get`, `mysql.createConnection().query`
 *   - a global:                        `eval`, `fetch`, `document.write`, `location.hash`, `process.argv`
 *   - a role the models give a value:  `@http.request`, `@http.response`, `@koa.context`
 *     (handler parameters get roles; roles then have members like any API path:
 *     `@http.request.query`, `@http.response.send`)
 * `node:` prefixes are dropped (`node:fs` is `fs`) and a module subpath is dotted
 * (`fs/promises` is `fs.promises`, so `fs.promises.readFile` covers both spellings); `window.`,
 * `globalThis.` and `self.` before a global are dropped. `util.promisify(f)` is `f`.
 *
 * An API pattern is an API path where a segment may be `*` (any one member name) and a segment may
 * list alternatives `{get,post,put}`. Matching is exact otherwise.
 */

/** Kinds of harm; each is one taint rule (rules/taint.ts gives id, CWE, title). */
export type SinkKind =
  | 'sql-injection'
  | 'nosql-injection'
  | 'command-injection'
  | 'code-injection'
  | 'xss'
  | 'path-traversal'
  | 'ssrf'
  | 'open-redirect'
  | 'prototype-pollution'
  | 'redos'
  | 'deserialization'
  | 'xxe'
  | 'header-injection'
  | 'log-injection'
  | 'template-injection'
  | 'ldap-injection'
  | 'xpath-injection'
  | 'argument-injection';

/** Where untrusted data came from. `env` and `argv` are off unless `sast.sources` turns them on. */
/**
 * `stored`: data read back from the application's database (rows of a query, documents of a find),
 * which other users may have written; it counts at XSS sinks only (taint/context.ts sourceFlow).
 */
export type SourceLabel = 'http' | 'browser' | 'env' | 'argv' | 'message' | 'library-input' | 'stored';

export interface SourceSpec {
  /**
   * Reading this API path (member read, or the result of calling it) gives tainted data.
   * e.g. `@http.request.query`, `@http.request.get` (call), `location.hash`, `process.argv`.
   */
  api: string;
  /**
   * `read`: the member read itself is tainted; `call`: the result of calling it is; `callback`: the
   * parameter `param` (default the first) of a function passed to the call is (`req.on('data',
   * (chunk) => …)`), when its first argument is the literal `event`. Default read.
   */
  on?: 'read' | 'call' | 'callback';
  event?: string;
  /** With `callback`: which parameter is the data, 0 or 1 (`db.all(sql, (err, rows) => …)`: 1). */
  param?: 0 | 1;
  label: SourceLabel;
  /** Shown as the first step of the code flow, e.g. "query string parameters". */
  description: string;
  /** Always text (route parameters, the URL, a header value): it cannot carry query operators (NoSQL). */
  text?: boolean;
  /** A source of browser code only: not in a file that is server code (models/browser.ts `serverCode`). */
  browserOnly?: boolean;
}

/** How a handler function's parameters get roles or taint. */
export interface HandlerSpec {
  framework: string;
  /**
   * A call that registers handlers, e.g. `express().{get,post,put,delete,patch,all,use}`.
   * Every function argument (or the `handler` property of an object argument) is a handler.
   */
  register?: string;
  /** With `register`: only when the call's first argument is this string (`.on('entry', (entry) => …)`). */
  event?: string;
  /** Handler functions exported by name from files whose path matches `file` (a RegExp source),
   *  e.g. Next.js `app/.../route.ts` exports GET/POST; `default` for a default export. */
  exports?: { file: string; names: string[] };
  /** NestJS-style: methods of classes with this class decorator are handlers. */
  classDecorator?: string;
  /** Roles (API roots starting with `@`) for the handler's parameters by position; null skips one. */
  params?: (string | null)[];
  /**
   * Parameter decorators that make the parameter tainted or give it a role:
   * `{ Body: { label: 'http' }, Req: { role: '@http.request' } }`.
   */
  paramDecorators?: Record<string, { label?: SourceLabel; role?: string; description?: string; text?: boolean }>;
  /**
   * What the handler returns is the response body and a string is sent as HTML (NestJS on Express,
   * hapi): text built from request data in a `return` is XSS (taint/handlers.ts returnSink).
   * `'declared'`: only a handler declaring an HTML content type (`@Header('Content-Type', 'text/html')`)
   * sends HTML (NestJS on Fastify, which sends a returned string as text/plain).
   */
  returnsHtml?: boolean | 'declared';
  /**
   * Pipe classes that, named among a parameter decorator's arguments (`@Param('id', ParseIntPipe)`,
   * `@Query('n', new ParseIntPipe())`), turn the value into a number, boolean, UUID or enum member
   * or reject the request: the parameter is clean.
   */
  typedPipes?: string[];
  /**
   * NestJS: the pipe class that checks a DTO-typed `@Body()` / `@Query()` against its class-validator
   * decorators (taint/dtos.ts), when named on the decorator or in `@UsePipes`; `global` when the app
   * installs it for every route (found per project, models/nest.ts), and whether it transforms.
   */
  validationPipe?: { pipe: string; global?: { transform: boolean } };
  /**
   * Fallback when the registration cannot be seen (an app passed in from another file): a function
   * whose parameter names match, position by position (lowercase, alternatives), gets `params`.
   */
  paramNames?: string[][];
  /**
   * With `paramNames`: only generator functions match, and `this` takes the role `params[0]`
   * (Koa v1 middleware `function* (next) { this.request … }`, exported and registered elsewhere).
   */
  generator?: boolean;
}

/**
 * A sink that takes text only when it was built from tainted parts: `true` for every source, or
 * `'library-input'` for a library's parameters only (a request value passed whole as the SQL is
 * the injection; a library passing its caller's query through is not).
 */
export type NeedsBuilt = boolean | 'library-input';

export interface SinkSpec {
  /** Stable id, shown in the finding, e.g. `child_process.exec`. */
  id: string;
  kind: SinkKind;
  /** A call of this API pattern is the sink … */
  call?: string;
  /** … or an assignment to this member (`*.innerHTML`, `location.href`) … */
  assign?: string;
  /**
   * … or `src.pipe(transform).pipe(dest)` with dest's API path matching this pattern: the piped
   * data (the receiver) reaches it; for XSS only markup built from input (a stream opened from a
   * tainted file name carries the file, a converter's output is not the markup it was given) …
   */
  pipeInto?: string;
  /** … or a JSX attribute of any element (`dangerouslySetInnerHTML`), with `property` its key. */
  jsxAttribute?: string;
  /**
   * For calls on receivers the engine cannot resolve (a `db` passed in), the method name and a
   * RegExp source the receiver's name must match, e.g. `{ method: 'query', receiver: '(db|conn|pool|client|connection|knex|sequelize)$' }`.
   */
  method?: { name: string; receiver: string };
  /** Dangerous arguments by index (default [0]; -1 is the receiver of a method call); 'all' for every argument. */
  args?: number[] | 'all';
  /**
   * Only this property of the argument (an options object): `url` for `axios({ url })`; for call
   * sinks a dotted path (`user.bio`) is followed member by member, and `a|b` is the first of these
   * the object sets (`hostname|host`: Node uses hostname when both are there).
   */
  property?: string;
  /**
   * The argument must be text built from tainted parts (concatenation, template, format) rather
   * than a whole tainted value: SQL text, where a whole value is as likely an identifier list.
   */
  requiresConcatenation?: NeedsBuilt;
  /**
   * Only when an options argument has this property set truthy (spawn with `{ shell: true }`),
   * or set to the given literal value. Without `property`, the argument itself must be a string
   * literal equal to `equals` ignoring case (`res.setHeader('Location', x)` is a redirect;
   * `res.setHeader('X-Id', x)` is not), or to any string of a list (the names a view answers to).
   */
  when?: { arg: number; property?: string; equals?: string | number | boolean | readonly string[] };
  /**
   * Not a sink when one of these options arguments sets the property to a value the request does
   * not choose: `res.sendFile(name, { root })` resolves name under root and refuses '..'. A root
   * from the request (`{ root: req.query.dir }`) leaves the call a sink.
   */
  unless?: { arg: number; property: string }[];
  /**
   * Only when this argument's text names a log (`'audit.log'`, `path.join(dir, 'logs/auth.log')`,
   * `LOG_FILE`, `this.logPath`): `fs.appendFile` of a line to a log file is a logger.
   */
  logTarget?: number;
  /**
   * `spawn('sh', ['-c', line])`: only when argument 0 is a literal naming a shell (sh, bash,
   * cmd.exe, powershell …), and then only the command line its flag (`-c`, `/c`, `-Command`) marks
   * in the argument array given by `args` is dangerous (taint/shell-argv.ts). `'node'`: the program
   * is Node.js (`process.execPath`, 'node') and the code its `-e` / `-p` flag marks is dangerous.
   */
  shellArgv?: boolean | 'node';
  /**
   * `spawn('git', ['clone', url])`: only when argument 0 is a literal naming a program whose options
   * run commands or write files (git, ssh, tar, find, curl …), and then only the elements of the
   * argument array given by `args` that could be read as options: before any `--`, not an ordinary
   * option's value, not text with a fixed start (taint/option-argv.ts).
   */
  optionArgv?: boolean;
  /** Only these source labels reach this sink (e.g. open redirect ignores `env`). Default all. */
  labels?: SourceLabel[];
  /**
   * A response body that is HTML only when the code says so (Fastify's reply is text/plain by
   * default): a sink only once a content-type setter (`TaintModel.contentTypes`) gave the response
   * an HTML type. Any XSS call sink on a response given a non-HTML type (JSON, text/plain) is skipped.
   */
  htmlOnly?: boolean;
  /** A server response body: an array given whole is serialised as JSON, not written as HTML (objects are JSON at every XSS sink). */
  bodyJson?: boolean;
  /** Shown as the last step of the code flow, e.g. "runs a shell command". */
  description: string;
  /**
   * Where the harm happens when it is not the call: a view template's unescaped output
   * (`<%- bio %>` in views/profile.ejs, root-relative). The finding is reported there, with the
   * render call as the step before it, because that line is what the fix changes.
   */
  reportAt?: { path: string; line: number; how: string };
}

export interface SanitizerSpec {
  /** Calling this API pattern returns a value safe for these sink kinds. */
  call?: string;
  /** Or a method of that name on any receiver (`.toFixed`; `.replace` only for redos, where it is the escaping idiom). */
  method?: string;
  /** `all`: the result carries no taint at all (Number, parseInt, Boolean, crypto hashes). */
  kinds: SinkKind[] | 'all';
  description?: string;
}

export interface PropagatorSpec {
  /** Calling this API pattern (or a method of this name on any receiver) passes taint on. */
  call?: string;
  method?: string;
  /**
   * From which arguments ('receiver' for the object a method is called on; 'callback' for what the
   * function argument returns, run here: Vue `computed(() => x)`, React `useMemo(() => x)`) …
   */
  from: ('receiver' | 'callback' | number)[];
  /** … to the result, or into an argument (`Object.assign(target, src)`: 1 → 0). */
  to: 'return' | number;
}

/**
 * A call that sets a response's content type: `res.type('html')`, `res.set('Content-Type', t)`,
 * `res.writeHead(200, { 'Content-Type': t })`. The response (the receiver) then carries it, and
 * its body sinks (`SinkSpec.body`) are judged by it.
 */
export interface ContentTypeSpec {
  call: string;
  /** The argument holding the type (`res.type(t)`), … */
  arg?: number;
  /** … or the argument holding a header name, the type being the next one (`res.set('Content-Type', t)`);
   *  a headers object there (`res.set({ 'Content-Type': t })`) counts too, … */
  header?: number;
  /** … or arguments that may be a headers object (`writeHead(status, [message], headers)`), … */
  headers?: number[];
  /** … or arguments that may be a fetch-style init whose `headers` holds them (`new Response(body, { headers })`). */
  init?: number[];
}

export interface TaintModel {
  /** `express`, `node-core`, `browser`, … */
  framework: string;
  handlers?: HandlerSpec[];
  sources?: SourceSpec[];
  sinks?: SinkSpec[];
  sanitizers?: SanitizerSpec[];
  propagators?: PropagatorSpec[];
  contentTypes?: ContentTypeSpec[];
  /**
   * Root-relative folders ('' for the root) holding a package.json, and whether that package is a
   * library others import (project-versions.ts `packageFolders`): a file's nearest one decides
   * whether its exported functions' parameters are `library-input`.
   */
  packages?: Record<string, boolean>;
}
