/**
 * The NestJS bootstrap checks (nest.ts) read every file named like a bootstrap or module file on
 * every scan: ~1,030 `index.ts` on the 502k-line bench corpus, ~40 ms of a one-file re-scan. A file
 * whose text holds neither `ValidationPipe` nor `NestFactory` adds nothing to either check, so such
 * files are remembered by stat print (taint/cache.ts) in the scan's cache folder and not read again
 * until they change. Exact: a changed file, a file with either word, or one without a trustworthy
 * stat print (no walk stat, modified just now) is read as before.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { statPrint } from '../taint/cache.js';

const FILE = 'nest-bootstrap-v1.txt';

interface Candidate {
  path: string;
  size: number;
  stat?: { mtimeMs: number; ctimeMs: number; ino: number };
}

export class NestBootstrapMemo {
  /** path → stat print of a file known to hold neither word. */
  private readonly old = new Map<string, string>();
  private readonly next = new Map<string, string>();
  private readonly prints = new Map<string, string | undefined>();
  private readonly now = Date.now();

  private constructor(private readonly dir: string | undefined) {
    if (!dir) return;
    let text = '';
    try {
      text = readFileSync(join(dir, FILE), 'utf8');
    } catch {
      return; // none yet (or unreadable): every candidate is read
    }
    for (const line of text.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab > 0) this.old.set(line.slice(tab + 1), line.slice(0, tab));
    }
  }

  /** The memo of the cache folder `dir` (none: nothing remembered, nothing saved). */
  static load(dir: string | undefined): NestBootstrapMemo {
    return new NestBootstrapMemo(dir);
  }

  /** `files` without those known (same stat print) to hold neither word. */
  unknown<T extends Candidate>(files: readonly T[]): T[] {
    const out: T[] = [];
    for (const f of files) {
      const print = f.stat ? statPrint({ size: f.size, ...f.stat }, this.now) : undefined;
      this.prints.set(f.path, print);
      if (print !== undefined && this.old.get(f.path) === print) this.next.set(f.path, print);
      else out.push(f);
    }
    return out;
  }

  /** A candidate's text as read for the checks (undefined: unreadable). */
  note(path: string, text: string | undefined): void {
    const print = this.prints.get(path);
    if (print === undefined || text === undefined || path.includes('\n')) return; // one line per entry
    if (text.includes('ValidationPipe') || text.includes('NestFactory')) this.next.delete(path);
    else this.next.set(path, print);
  }

  /** Writes the memo when it changed (temp file + rename); a failure only costs the reads next time. */
  save(): void {
    if (!this.dir || !this.changed()) return;
    const tmp = join(this.dir, `${FILE}.${process.pid}.tmp`);
    try {
      mkdirSync(this.dir, { recursive: true });
      let text = '';
      for (const [path, print] of this.next) text += `${print}\t${path}\n`;
      writeFileSync(tmp, text);
      renameSync(tmp, join(this.dir, FILE));
    } catch {
      rmSync(tmp, { force: true });
    }
  }

  private changed(): boolean {
    if (this.next.size !== this.old.size) return true;
    for (const [path, print] of this.next) if (this.old.get(path) !== print) return true;
    return false;
  }
}
