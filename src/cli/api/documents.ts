import { UsageError } from '../../core/errors.js';

const MAX_DOCUMENT_BYTES = 256 * 1024;

/**
 * A YAML or JSON document from a file ("-" = stdin), as plain data. YAML is parsed without
 * custom tags and with the alias count capped, so a hostile file cannot expand without end.
 */
export async function readDocument(file: string, flag: string): Promise<unknown> {
  let text: string;
  if (file === '-') {
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of process.stdin as AsyncIterable<Buffer>) {
      n += c.length;
      if (n > MAX_DOCUMENT_BYTES) throw new UsageError(`${flag} -: larger than ${MAX_DOCUMENT_BYTES} bytes`);
      chunks.push(c);
    }
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    const { readFile, stat } = await import('node:fs/promises');
    try {
      if ((await stat(file)).size > MAX_DOCUMENT_BYTES) throw new UsageError(`${flag} ${file}: larger than ${MAX_DOCUMENT_BYTES} bytes`);
      text = await readFile(file, 'utf8');
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const { parseDocument } = await import('yaml');
  // JSON is YAML 1.2, so one parser reads both and reports the line of a mistake.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, customTags: [] });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line;
    throw new UsageError(`${flag} ${file}${line ? `:${line}` : ''}: not valid YAML or JSON (${err.code.toLowerCase().replace(/_/g, ' ')})`);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`${flag} ${file}: expected a mapping (an object) at the top`);
  return data;
}
