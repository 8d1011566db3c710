import yauzl from 'yauzl';
import { InputError } from '../core/errors.js';
import type { ScanIssue } from '../core/scanner.js';

/** Largest single record we read (the biggest real OSV records are a few MB). */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

export interface ZipJsonEntry {
  /** Entry name as stored in the zip. */
  name: string;
  data: Buffer;
}

function issue(zipPath: string, name: string, message: string): ScanIssue {
  return { path: `${zipPath}!/${name}`, kind: 'unparsable', message, scanner: 'vulndb' };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Streams the `.json` entries of a zip without extracting anything to disk. Absolute or
 * path-escaping names, non-JSON entries, encrypted, oversized or undecodable entries are reported
 * through `onIssue` and skipped; a file that is not a readable zip throws an InputError naming it.
 */
export async function* readZipJsonEntries(zipPath: string, onIssue: (i: ScanIssue) => void): AsyncGenerator<ZipJsonEntry> {
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings: false so a bad name is ours to report (yauzl would abort the whole zip).
    zip = await yauzl.openPromise(zipPath, { decodeStrings: false, validateEntrySizes: true, autoClose: true });
  } catch (err) {
    throw new InputError(zipPath, `not a readable zip file (${(err as Error).message})`, undefined, 'E_VULNDB_ZIP');
  }
  try {
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      if (name.endsWith('/')) continue; // directory entry
      const bad = yauzl.validateFileName(name);
      if (bad !== null) {
        onIssue(issue(zipPath, name, `refused entry with an unsafe name (${bad})`));
        continue;
      }
      if (!name.toLowerCase().endsWith('.json')) {
        onIssue(issue(zipPath, name, 'skipped: not a .json entry'));
        continue;
      }
      if (entry.isEncrypted()) {
        onIssue(issue(zipPath, name, 'skipped: encrypted entry'));
        continue;
      }
      if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
        onIssue(issue(zipPath, name, `skipped: ${entry.uncompressedSize} bytes is over the ${MAX_ENTRY_BYTES}-byte limit`));
        continue;
      }
      if (!entry.canDecodeFileData()) {
        onIssue(issue(zipPath, name, `skipped: unsupported compression method ${entry.compressionMethod}`));
        continue;
      }
      let data: Buffer;
      try {
        data = await readAll(await zip.openReadStreamPromise(entry));
      } catch (err) {
        onIssue(issue(zipPath, name, `unreadable entry (${(err as Error).message})`));
        continue;
      }
      yield { name, data };
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(zipPath, `damaged zip file (${(err as Error).message})`, undefined, 'E_VULNDB_ZIP');
  } finally {
    if (zip.isOpen) zip.close();
  }
}

export { issue as zipIssue };
