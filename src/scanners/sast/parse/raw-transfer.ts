/**
 * oxc's raw transfer: the parser writes its AST into a buffer shared with JS and a generated
 * deserializer builds the ESTree objects straight from it, about a third of the CPU of the JSON
 * hand-over (native JSON text, then JSON.parse). The package's own wrapper
 * (`experimentalRawTransfer`) refuses Node < 22 on a version check only: the real limit on Node 20
 * is that no typed array may span the whole 6 GiB ArrayBuffer, and nothing here makes one. This is
 * that wrapper's glue, written for one reused buffer per thread. Anything that fails returns
 * undefined and the caller takes the JSON path.
 */
import { createRequire } from 'node:module';
import { getBufferOffset, parseRawSync } from 'oxc-parser/src-js/bindings';
import { ACTIVE_SIZE, BLOCK_ALIGN, BLOCK_SIZE, BUFFER_SIZE, IS_TS_FLAG_POS } from 'oxc-parser/src-js/generated/constants';
import type { RawTransferResult, TransferBuffer } from 'oxc-parser/src-js/raw-transfer-types';
import type { ParserOptions } from 'oxc-parser';

type Deserializer = typeof import('oxc-parser/src-js/generated/deserialize/ts');

/** `TextEncoder.encodeInto` cannot write into a view over 1 GiB (the package's own limit). */
const MAX_SOURCE_BYTES = 2 ** 30;

/** Per thread: undefined = not tried yet, null = unavailable (allocation or loading refused). */
let buffer: TransferBuffer | null | undefined;
let tsDeserializer: Deserializer | undefined;
let jsDeserializer: Deserializer | undefined;
const encoder = new TextEncoder();

/**
 * The transfer buffer: 2 GiB aligned on 4 GiB inside a 6 GiB ArrayBuffer. Only virtual memory;
 * pages count once written. Kept for the thread's life (workers parse file after file). Undefined
 * when the allocation is refused (e.g. `ulimit -v`) — exported so a test can ask for too much.
 */
export function openTransferBuffer(bytes = BLOCK_SIZE + BLOCK_ALIGN): TransferBuffer | undefined {
  try {
    const ab = new ArrayBuffer(bytes);
    // A small view: the binding reads only its data pointer, and Node 20 refuses a view over 4 GiB.
    const offset = getBufferOffset(new Uint8Array(ab, 0, 16));
    const view = new Uint8Array(ab, offset, BUFFER_SIZE) as TransferBuffer;
    view.int32 = new Int32Array(ab, offset, BUFFER_SIZE / 4);
    view.float64 = new Float64Array(ab, offset, BUFFER_SIZE / 8);
    // The parser also writes its allocator footer, past what the deserializer may read.
    view.block = new Uint8Array(ab, offset, BLOCK_SIZE);
    return view;
  } catch {
    return undefined;
  }
}

/** The generated deserializers are 5,000-line modules: loaded on first use, in parsing threads only. */
function deserializer(ts: boolean): Deserializer {
  // require() of these ES modules needs Node >= 20.19; before that it throws and the caller falls back.
  const load = (name: string) => createRequire(import.meta.url)(`oxc-parser/src-js/generated/deserialize/${name}`) as Deserializer;
  return ts ? (tsDeserializer ??= load('ts')) : (jsDeserializer ??= load('js'));
}

/**
 * Parses through the shared buffer. Undefined when raw transfer cannot be used for this source
 * (the caller parses it the JSON way): buffer refused, source too long, or a step threw.
 */
export function parseRaw(path: string, source: string, options: ParserOptions): RawTransferResult | undefined {
  if (buffer === undefined) buffer = openTransferBuffer() ?? null;
  if (buffer === null) return undefined;
  const maxBytes = source.length * 3;
  if (maxBytes > MAX_SOURCE_BYTES) return undefined;
  // The source goes at the end of the active region; the parser allocates the AST from the start.
  const sourceStart = ACTIVE_SIZE - maxBytes;
  const { read, written } = encoder.encodeInto(source, new Uint8Array(buffer.buffer, buffer.byteOffset + sourceStart, maxBytes));
  if (read !== source.length) return undefined;
  let d: Deserializer | undefined;
  try {
    parseRawSync(path, buffer.block, sourceStart, written, options);
    const isTs = buffer[IS_TS_FLAG_POS] !== 0;
    d = deserializer(isTs);
    const data = d.deserialize(buffer, source, sourceStart, written);
    // The JSON path lists a hashbang as a line comment in the JS-shaped AST (not in the TS one).
    const hashbang = (data.program as { hashbang?: { value: string; start: number; end: number } | null }).hashbang;
    if (!isTs && hashbang) data.comments.unshift({ type: 'Line', value: hashbang.value, start: hashbang.start, end: hashbang.end });
    return data;
  } catch {
    // A deserializer that threw still holds the buffer and source.
    d?.resetBuffer();
    return undefined;
  }
}
