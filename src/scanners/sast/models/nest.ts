/** NestJS: methods of `@Controller()` classes; parameter decorators say what each parameter is. */
import type { TaintModel } from './types.js';

export const nestModel: TaintModel = {
  framework: 'nestjs',
  handlers: [
    {
      framework: 'nestjs',
      classDecorator: 'Controller',
      // On Express (Nest's default platform) a returned string is sent with res.send: text/html.
      returnsHtml: true,
      paramDecorators: {
        Body: { label: 'http', description: 'request body (@Body)' },
        Query: { label: 'http', description: 'query string parameters (@Query)' },
        Param: { label: 'http', description: 'route parameters (@Param)', text: true },
        Headers: { label: 'http', description: 'request headers (@Headers)', text: true },
        HostParam: { label: 'http', description: 'Host header parameters (@HostParam)', text: true },
        UploadedFile: { label: 'http', description: 'uploaded file (@UploadedFile)' },
        UploadedFiles: { label: 'http', description: 'uploaded files (@UploadedFiles)' },
        Cookies: { label: 'http', description: 'request cookies (@Cookies)' },
        Req: { role: '@http.request' },
        Request: { role: '@http.request' },
        Res: { role: '@http.response' },
        Response: { role: '@http.response' },
      },
      // Built-in pipes that parse or reject: what reaches the handler is a number, boolean, date,
      // UUID or one of the enum's values. (ParseArrayPipe keeps strings unless told `items`.)
      typedPipes: ['ParseIntPipe', 'ParseFloatPipe', 'ParseBoolPipe', 'ParseUUIDPipe', 'ParseEnumPipe', 'ParseDatePipe'],
      // class-validator DTOs (taint/dtos.ts); a global pipe is added per project (nestGlobalValidation).
      validationPipe: { pipe: 'ValidationPipe' },
    },
  ],
};

/** Where NestJS apps install global pipes: the bootstrap file, or a module providing APP_PIPE. */
const BOOTSTRAP_FILE = /(?:^|\/)(?:main|app|server|bootstrap|index|lambda|serverless)\.[cm]?[jt]s$|\.module\.[cm]?[jt]s$/;
/** Bigger files are not read for it (a bootstrap file is small). */
const MAX_BOOTSTRAP_BYTES = 256 * 1024;

/** A file the checks below may read: named like a bootstrap or module file, and small. */
export function bootstrapCandidate(f: { path: string; size?: number }): boolean {
  return BOOTSTRAP_FILE.test(f.path) && (f.size ?? 0) <= MAX_BOOTSTRAP_BYTES;
}
const NEW_PIPE = /new\s+ValidationPipe\s*\(/g;
/** `transform: true` in the options of the pipe that follows (a window, so no regex spans the file). */
const TRANSFORM = /\btransform\s*:\s*true\b/;
const PIPE_OPTIONS_WINDOW = 400;

/**
 * A ValidationPipe the app installs for every route: `app.useGlobalPipes(new ValidationPipe(…))` (the
 * pipe in the call's own arguments, outside comments) in its bootstrap file, or `{ provide: APP_PIPE, useValue: new ValidationPipe(…) }` / `useClass:
 * ValidationPipe` in a module; whether it transforms. Only bootstrap and module files are read
 * (by name: `main.ts`, `*.module.ts`…), as text, so a scan of a large project reads few files.
 * `read` returns a file's text (undefined when it cannot be read).
 */
export function nestGlobalValidation(files: readonly { path: string; size?: number }[], read: (path: string) => string | undefined): { transform: boolean } | undefined {
  let found: { transform: boolean } | undefined;
  for (const f of files) {
    if (!bootstrapCandidate(f)) continue;
    const raw = read(f.path);
    if (!raw || !raw.includes('ValidationPipe') || !(raw.includes('useGlobalPipes') || raw.includes('APP_PIPE'))) continue;
    // A commented-out `// app.useGlobalPipes(…)` installs nothing.
    const text = withoutComments(raw);
    if (!text.includes('ValidationPipe') || !(globalPipeCall(text) || text.includes('APP_PIPE'))) continue;
    let transform = false;
    NEW_PIPE.lastIndex = 0;
    for (let m = NEW_PIPE.exec(text); m; m = NEW_PIPE.exec(text)) {
      if (TRANSFORM.test(text.slice(m.index, m.index + PIPE_OPTIONS_WINDOW))) transform = true;
    }
    found = { transform: transform || !!found?.transform };
  }
  return found;
}

/** `useGlobalPipes(` calls; the argument list is read up to its closing parenthesis (at most a window). */
const USE_GLOBAL = /\buseGlobalPipes\s*\(/g;
const NEW_PIPE_IN_CALL = /\bnew\s+ValidationPipe\b/;
const CALL_WINDOW = 2000;

/** Is there a `useGlobalPipes(…)` whose arguments hold `new ValidationPipe` (not some other pipe)? */
function globalPipeCall(text: string): boolean {
  USE_GLOBAL.lastIndex = 0;
  for (let m = USE_GLOBAL.exec(text); m; m = USE_GLOBAL.exec(text)) {
    const start = m.index + m[0].length;
    if (NEW_PIPE_IN_CALL.test(text.slice(start, callEnd(text, start)))) return true;
  }
  return false;
}

/** Where the argument list opened just before `start` closes (at most a window on). */
function callEnd(text: string, start: number): number {
  const stop = Math.min(text.length, start + CALL_WINDOW);
  let depth = 1;
  let end = start;
  for (; end < stop && depth > 0; end++) {
    const c = text.charCodeAt(end);
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */) depth--;
  }
  return end;
}

/**
 * The text with `//` and `/* *\/` comments blanked (one pass, linear): quoted strings and template
 * text are skipped so `'http://…'` is not read as a comment. Regex literals are not told apart
 * (a bootstrap file rarely has one holding quotes or slashes that matter here).
 */
function withoutComments(text: string): string {
  let out = '';
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      out += text.slice(from, i);
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      from = i;
    } else if (c === '/' && text[i + 1] === '*') {
      out += text.slice(from, i) + ' ';
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      from = i;
    } else i++;
  }
  return out + text.slice(from);
}

const NEST_CREATE = /\bNestFactory\s*\.\s*create(?:Microservice)?\b/g;
/** `const adapter = new FastifyAdapter(…)`: the adapter handed to create by name. */
const ADAPTER_VAR = /(?<![\w$])([A-Za-z_$][\w$]{0,127})\s*(?::\s*[\w$.<>]+\s*)?=\s*new\s+FastifyAdapter\b/g;
const IDENT = /[A-Za-z_$][\w$]*/g;
const FASTIFY_IN_CALL = /\b(?:FastifyAdapter|NestFastifyApplication)\b/;

/**
 * Does the app run on Fastify? Every `NestFactory.create(…)` in the bootstrap files (read as for
 * nestGlobalValidation) names the Fastify platform: `create(AppModule, new FastifyAdapter())`,
 * `create<NestFastifyApplication>(…)` or an adapter variable built by `new FastifyAdapter`. A
 * project creating any app on Express (the default) stays Express.
 */
export function nestFastify(files: readonly { path: string; size?: number }[], read: (path: string) => string | undefined): boolean {
  let fastify = 0;
  let express = 0;
  for (const f of files) {
    if (!bootstrapCandidate(f)) continue;
    const raw = read(f.path);
    if (!raw || !raw.includes('NestFactory')) continue;
    const text = withoutComments(raw);
    const adapters: string[] = [];
    ADAPTER_VAR.lastIndex = 0;
    for (let m = ADAPTER_VAR.exec(text); m; m = ADAPTER_VAR.exec(text)) adapters.push(m[1]!);
    NEST_CREATE.lastIndex = 0;
    for (let m = NEST_CREATE.exec(text); m; m = NEST_CREATE.exec(text)) {
      // The type arguments and the call's arguments, up to its closing parenthesis.
      const open = text.indexOf('(', m.index + m[0].length);
      if (open < 0 || open - m.index > 200) continue;
      const call = text.slice(m.index, callEnd(text, open + 1));
      const names = new Set(call.match(IDENT));
      if (FASTIFY_IN_CALL.test(call) || adapters.some((a) => names.has(a))) fastify++;
      else express++;
    }
  }
  return fastify > 0 && express === 0;
}

/** `models` with NestJS handlers sending a returned string as text/plain (Fastify) unless they declare HTML. */
export function withNestFastify(models: TaintModel[], fastify: boolean): TaintModel[] {
  if (!fastify) return models;
  return models.map((m) => m.framework !== 'nestjs' || !m.handlers ? m : {
    ...m,
    handlers: m.handlers.map((h) => (h.returnsHtml === true ? { ...h, returnsHtml: 'declared' as const } : h)),
  });
}

/** `models` with the NestJS handler specs' validation pipe made global (the cache key changes with it). */
export function withNestGlobalValidation(models: TaintModel[], global: { transform: boolean } | undefined): TaintModel[] {
  if (!global) return models;
  return models.map((m) => !m.handlers?.some((h) => h.validationPipe) ? m : {
    ...m,
    handlers: m.handlers.map((h) => (h.validationPipe ? { ...h, validationPipe: { ...h.validationPipe, global } } : h)),
  });
}
