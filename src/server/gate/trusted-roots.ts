import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RampartError } from '../../core/errors.js';
import { MAX_TRUSTED_ROOT_CHARS } from './signature-policy.js';
import { trustMaterialOf, type TrustedRoots } from './signature-verify.js';

/** More trusted roots than a server needs; bounds start-up work. */
const MAX_FILES = 64;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.json$/;

/**
 * Reads the Sigstore TrustedRoot files of a directory once, at start: policies name them by file
 * name (`signature.trustedRootFile`), so no request makes the server read a path it was given.
 * A missing directory is no roots; an unreadable or invalid file stops the start, naming it.
 */
export async function loadTrustedRoots(dir: string | undefined): Promise<TrustedRoots> {
  const roots = new Map<string, unknown>();
  if (!dir) return roots;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return roots;
    throw new RampartError('E_TRUSTED_ROOT', `cannot read the trusted-root directory ${dir}: ${(e as Error).message}`);
  }
  if (names.length > MAX_FILES) throw new RampartError('E_TRUSTED_ROOT', `${dir}: more than ${MAX_FILES} trusted-root files`);
  for (const name of names) {
    const file = join(dir, name);
    if (!NAME.test(name)) throw new RampartError('E_TRUSTED_ROOT', `${file}: a trusted-root file name is letters, digits, . _ - and ends in .json`);
    const st = await stat(file);
    if (!st.isFile()) continue;
    if (st.size > MAX_TRUSTED_ROOT_CHARS) throw new RampartError('E_TRUSTED_ROOT', `${file}: larger than ${MAX_TRUSTED_ROOT_CHARS} bytes`);
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      throw new RampartError('E_TRUSTED_ROOT', `${file}: not JSON`);
    }
    try {
      trustMaterialOf(doc);
    } catch (e) {
      throw new RampartError('E_TRUSTED_ROOT', `${file}: ${(e as Error).message}`);
    }
    roots.set(name, doc);
  }
  return roots;
}
