/**
 * Aho-Corasick over bytes with ASCII case folding. Hand-written because the npm matchers work on
 * UTF-16 strings, and the engine works on raw Buffers so a file is never decoded just to be
 * prefiltered. One pass over the text tells which keywords occur, whatever their number.
 */
export class KeywordIndex {
  // Dense goto table: state * 256 + byte -> next state (after failure links are folded in).
  private readonly next: Int32Array;
  // For each state, the keyword ids that end there (including via suffix links).
  private readonly outputs: number[][];
  // 1 where outputs[state] is non-empty: a typed-array test per byte is cheaper than an array load.
  private readonly hasOut: Uint8Array;
  /** Per keyword: 1 when scan() should also record where it occurs (see `positions`). */
  private readonly wantPos: Uint8Array;
  readonly size: number;

  constructor(
    readonly keywords: string[],
    positional: boolean[] = [],
  ) {
    const trie: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    keywords.forEach((kw, id) => {
      let s = 0;
      for (const b of Buffer.from(kw.toLowerCase(), 'utf8')) {
        let t = trie[s]!.get(b);
        if (t === undefined) {
          t = trie.length;
          trie.push(new Map());
          out.push([]);
          trie[s]!.set(b, t);
        }
        s = t;
      }
      out[s]!.push(id);
    });
    const n = trie.length;
    const next = new Int32Array(n * 256);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let b = 0; b < 256; b++) {
      const t = trie[0]!.get(b);
      if (t !== undefined) {
        next[b] = t;
        queue.push(t);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      out[s] = out[s]!.concat(out[fail[s]!]!);
      for (let b = 0; b < 256; b++) {
        const t = trie[s]!.get(b);
        if (t !== undefined) {
          fail[t] = next[fail[s]! * 256 + b]!;
          next[s * 256 + b] = t;
          queue.push(t);
        } else {
          next[s * 256 + b] = next[fail[s]! * 256 + b]!;
        }
      }
    }
    // Fold ASCII upper case onto lower case so matching is case-insensitive.
    for (let s = 0; s < n; s++) {
      for (let b = 65; b <= 90; b++) next[s * 256 + b] = next[s * 256 + b + 32]!;
    }
    this.next = next;
    this.outputs = out;
    this.hasOut = Uint8Array.from(out, (o) => (o.length ? 1 : 0));
    this.wantPos = Uint8Array.from(keywords, (_k, i) => (positional[i] ? 1 : 0));
    this.size = keywords.length;
  }

  /**
   * Marks found[id] = 1 for every keyword present in buf[start, end); returns how many found.
   * For positional keywords, also appends (id, end offset) pairs of each occurrence to `positions`.
   */
  scan(buf: Uint8Array, found: Uint8Array, start = 0, end = buf.length, positions?: number[]): number {
    const next = this.next;
    const hasOut = this.hasOut;
    let s = 0;
    let count = 0;
    for (let i = start; i < end; i++) {
      s = next[(s << 8) | buf[i]!]!;
      if (hasOut[s] === 1) {
        const o = this.outputs[s]!;
        for (let k = 0; k < o.length; k++) {
          const id = o[k]!;
          if (found[id] === 0) {
            found[id] = 1;
            count++;
          }
          if (positions && this.wantPos[id] === 1) positions.push(id, i + 1);
        }
      }
    }
    return count;
  }
}
