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

/** The raw-transfer entry points parse/raw-transfer.ts drives (see that file for why). */
declare module 'oxc-parser/src-js/bindings' {
  import type { ParserOptions } from 'oxc-parser';

  /** Offset into `buffer` of the first byte aligned on 4 GiB (only the view's data pointer is read). */
  export function getBufferOffset(buffer: Uint8Array): number;
  /** Parses the UTF-8 source written at `sourceStart` in `block` and writes the AST into `block`. */
  export function parseRawSync(filename: string, block: Uint8Array, sourceStart: number, sourceLen: number, options?: ParserOptions | null): void;
}

declare module 'oxc-parser/src-js/generated/constants' {
  export const BLOCK_SIZE: number;
  export const BLOCK_ALIGN: number;
  export const BUFFER_SIZE: number;
  export const ACTIVE_SIZE: number;
  export const IS_TS_FLAG_POS: number;
}

declare module 'oxc-parser/src-js/generated/deserialize/ts' {
  import type { RawTransferResult, TransferBuffer } from 'oxc-parser/src-js/raw-transfer-types';
  export function deserialize(buffer: TransferBuffer, sourceText: string, sourceStart: number, sourceByteLen: number): RawTransferResult;
  /** Drops the deserializer's references to the buffer and source (it keeps them after a throw). */
  export function resetBuffer(): void;
}

declare module 'oxc-parser/src-js/generated/deserialize/js' {
  import type { RawTransferResult, TransferBuffer } from 'oxc-parser/src-js/raw-transfer-types';
  export function deserialize(buffer: TransferBuffer, sourceText: string, sourceStart: number, sourceByteLen: number): RawTransferResult;
  export function resetBuffer(): void;
}

/** Types only (no such file in the package): what the generated deserializers take and return. */
declare module 'oxc-parser/src-js/raw-transfer-types' {
  import type { Comment, OxcError } from 'oxc-parser';
  import type { Program } from '@oxc-project/types';

  /** The transfer buffer with the views the deserializers read, as the package's own glue builds it. */
  export interface TransferBuffer extends Uint8Array {
    int32: Int32Array;
    float64: Float64Array;
    block: Uint8Array;
  }

  export interface RawTransferResult {
    program: Program;
    comments: Comment[];
    errors: OxcError[];
    module: unknown;
  }
}
