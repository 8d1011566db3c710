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
const NEW_PIPE = /new\s+ValidationPipe\s*\(/g;
/** `transform: true` in the options of the pipe that follows (a window, so no regex spans the file). */
const TRANSFORM = /\btransform\s*:\s*true\b/;
const PIPE_OPTIONS_WINDOW = 400;

/**
 * A ValidationPipe the app installs for every route: `app.useGlobalPipes(new ValidationPipe(…))` in
 * its bootstrap file, or `{ provide: APP_PIPE, useValue: new ValidationPipe(…) }` / `useClass:
 * ValidationPipe` in a module; whether it transforms. Only bootstrap and module files are read
 * (by name: `main.ts`, `*.module.ts`…), as text, so a scan of a large project reads few files.
 * `read` returns a file's text (undefined when it cannot be read).
 */
export function nestGlobalValidation(files: readonly { path: string; size?: number }[], read: (path: string) => string | undefined): { transform: boolean } | undefined {
  let found: { transform: boolean } | undefined;
  for (const f of files) {
    if (!BOOTSTRAP_FILE.test(f.path) || (f.size ?? 0) > MAX_BOOTSTRAP_BYTES) continue;
    const text = read(f.path);
    if (!text || !text.includes('ValidationPipe') || !(text.includes('useGlobalPipes') || text.includes('APP_PIPE'))) continue;
    let transform = false;
    NEW_PIPE.lastIndex = 0;
    for (let m = NEW_PIPE.exec(text); m; m = NEW_PIPE.exec(text)) {
      if (TRANSFORM.test(text.slice(m.index, m.index + PIPE_OPTIONS_WINDOW))) transform = true;
    }
    found = { transform: transform || !!found?.transform };
  }
  return found;
}

/** `models` with the NestJS handler specs' validation pipe made global (the cache key changes with it). */
export function withNestGlobalValidation(models: TaintModel[], global: { transform: boolean } | undefined): TaintModel[] {
  if (!global) return models;
  return models.map((m) => !m.handlers?.some((h) => h.validationPipe) ? m : {
    ...m,
    handlers: m.handlers.map((h) => (h.validationPipe ? { ...h, validationPipe: { ...h.validationPipe, global } } : h)),
  });
}
