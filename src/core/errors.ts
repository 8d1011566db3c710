/** Exit codes: 0 clean, 1 policy violated, 2 usage or unusable input. */
export const EXIT_OK = 0;
export const EXIT_POLICY = 1;
export const EXIT_USAGE = 2;

export class RampartError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'RampartError';
  }
}

/** Bad flags or arguments. */
export class UsageError extends RampartError {
  constructor(message: string) {
    super('E_USAGE', message);
    this.name = 'UsageError';
  }
}

/** A target or config that cannot be used at all; names the file. */
export class InputError extends RampartError {
  constructor(
    readonly path: string,
    message: string,
    readonly line?: number,
    code = 'E_INPUT',
  ) {
    super(code, `${path}${line ? `:${line}` : ''}: ${message}`);
    this.name = 'InputError';
  }
}

/** A bug in Rampart; the CLI asks for a report. */
export class InternalError extends RampartError {
  constructor(message: string) {
    super('E_INTERNAL', message, 3);
    this.name = 'InternalError';
  }
}
