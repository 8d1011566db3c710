import { makeZip as writeZip } from '../../../vulndb/helpers/zip.js';

/** Java archives for the image tests, written by the shared test zip writer (yauzl only reads). */
export interface ZipEntryInput {
  name: string;
  data: Buffer | string;
  /** Default: deflate. */
  method?: 'store' | 'deflate';
  /** Replace the stored bytes with 0xff (an invalid deflate stream) to make a damaged entry. */
  corrupt?: boolean;
}

export function makeZip(entries: ZipEntryInput[]): Buffer {
  return writeZip(entries.map((e) => ({ name: e.name, data: e.data, store: e.method === 'store', corrupt: e.corrupt })));
}
