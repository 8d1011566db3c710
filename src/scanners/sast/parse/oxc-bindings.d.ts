/**
 * Types for the two oxc-parser entry points parse/index.ts uses below the package's `parseSync`
 * wrapper (both are exported subpaths of the package: `./src-js/bindings`, `./src-js/wrap`).
 */
declare module 'oxc-parser/src-js/bindings' {
  import type { Comment, OxcError, ParserOptions } from 'oxc-parser';

  /** The native result: each getter hands its field over once (Rust-side memory is taken). */
  export interface RawParseResult {
    /** The AST as JSON text: `{ "node": Program, "fixes": [...] }` (see jsonParseAst). */
    readonly program: string;
    readonly comments: Comment[];
    readonly errors: OxcError[];
  }

  export function parseSync(filename: string, sourceText: string, options?: ParserOptions | null): RawParseResult;
}

declare module 'oxc-parser/src-js/wrap' {
  import type { Program } from '@oxc-project/types';

  /** JSON.parse of the program text, with BigInt and RegExp literal values restored. */
  export function jsonParseAst(programJson: string): Program;
}
