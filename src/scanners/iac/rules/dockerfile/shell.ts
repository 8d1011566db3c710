/**
 * Small helpers the RUN rules share: the script a RUN executes and a quote-aware split of it
 * into simple commands. Heuristic by nature (no full shell parser), linear in the script.
 */
import type { DockerfileModel, Instruction, Pos } from '../../formats/dockerfile/parse.js';

export interface Command {
  /** Words with quotes removed. */
  words: string[];
  /** Offset of each word in the script. */
  offsets: number[];
  /** The operator that ended this command ('|', '&&', '||', ';', '\n', '&', ''). */
  next: string;
  /** The operator that came before it. */
  prev: string;
  /** Nesting inside `$( )` / `( )`: 0 at top level. */
  depth: number;
}

/** The shell script a RUN runs: shell form text plus heredoc bodies fed to a shell. */
export function runScript(ins: Instruction): string {
  if (ins.json) {
    const [a, b, ...rest] = ins.json;
    if (a !== undefined && /(^|\/)(ba|da|z|a)?sh$/.test(a) && b === '-c') return rest.join(' ');
    return ins.json.join(' ');
  }
  let s = ins.args;
  // A heredoc is a script when the RUN has no command of its own (`RUN <<EOF`) or feeds a
  // shell (`RUN bash <<EOF`); otherwise (`RUN cat <<EOF > /etc/x.conf`) it is file content.
  const first = ins.args.replace(/<<-?["']?[A-Za-z_][A-Za-z0-9_]*["']?/g, ' ').trim().split(/\s+/)[0] ?? '';
  if (first === '' || /^(\/usr)?(\/bin\/)?(ba|da|z|a|k)?sh$/.test(first) || first === 'set') {
    for (const h of ins.heredocs) s += '\n' + h.body;
  }
  return s;
}

/** Everything a RUN mentions, including heredoc bodies written to files. */
export function runText(ins: Instruction): string {
  if (ins.json) return runScript(ins);
  let s = ins.args;
  for (const h of ins.heredocs) s += '\n' + h.body;
  return s;
}

const OP_CHARS = new Set(['&', '|', ';', '\n', '(', ')', '`']);
const OPS = ['&&', '||', ';;', '|&', ';', '|', '&', '\n', '(', ')', '`', '{', '}'];

export function commands(script: string): Command[] {
  const out: Command[] = [];
  let words: string[] = [];
  let offsets: number[] = [];
  let cur = '';
  let start = -1;
  let quote = '';
  let prev = '';
  let depth = 0;
  const endWord = (): void => {
    if (start >= 0) {
      words.push(cur);
      offsets.push(start);
    }
    cur = '';
    start = -1;
  };
  const endCmd = (op: string): void => {
    endWord();
    if (words.length) out.push({ words, offsets, next: op, prev, depth });
    words = [];
    offsets = [];
    prev = op;
  };
  for (let k = 0; k < script.length; k++) {
    const c = script[k] ?? '';
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && k + 1 < script.length) cur += script[++k] ?? '';
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      if (start < 0) start = k;
      quote = c;
      continue;
    }
    if (c === '\\' && k + 1 < script.length) {
      if (start < 0) start = k;
      cur += script[++k] ?? '';
      continue;
    }
    if (c === '#' && start < 0 && (k === 0 || /\s/.test(script[k - 1] ?? ''))) {
      while (k + 1 < script.length && script[k + 1] !== '\n') k++;
      continue;
    }
    if (c === '$' && script[k + 1] === '(') {
      endCmd('$(');
      depth++;
      k++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      continue;
    }
    const op = OP_CHARS.has(c) ? OPS.find((o) => script.startsWith(o, k)) : undefined;
    if (op && !(op === '{' || op === '}') ) {
      endCmd(op);
      if (op === '(') depth++;
      else if (op === ')') depth = Math.max(0, depth - 1);
      k += op.length - 1;
      continue;
    }
    if (start < 0) start = k;
    cur += c;
  }
  endCmd('');
  return out;
}

const WRAPPERS = new Set(['sudo', 'env', 'command', 'exec', 'nohup', 'time', 'then', 'do', 'else', 'if', 'while', 'until', '!']);

/** Words of the command without leading `VAR=x`, `sudo`, `env`, `exec`..., or `then`/`do`. */
export function effective(words: string[]): string[] {
  let k = 0;
  while (k < words.length) {
    const w = words[k] ?? '';
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) k++;
    else if (WRAPPERS.has(w)) {
      k++;
      if (w === 'sudo') while (k < words.length && (words[k] ?? '').startsWith('-')) k++;
    } else break;
  }
  return words.slice(k);
}

/** Basename of a command word (`/usr/bin/curl` -> `curl`). */
export function base(w: string | undefined): string {
  if (!w) return '';
  const i = w.lastIndexOf('/');
  return i < 0 ? w : w.slice(i + 1);
}

/** Position of a script offset when it lies in the shell-form text, else the instruction start. */
export function posIn(ins: Instruction, offset: number | undefined): Pos | undefined {
  if (offset === undefined || ins.json || offset >= ins.args.length) return undefined;
  return ins.posOf(offset);
}

/** RUN instructions of the given stages (all stages when omitted). */
export function runs(m: DockerfileModel, stages?: number[]): Instruction[] {
  return m.instructions.filter((i) => i.keyword === 'RUN' && (!stages || stages.includes(i.stage)));
}

const CACHE = new WeakMap<Instruction, Command[]>();

/** The commands of a RUN's script, tokenized once per instruction and shared by all rules. */
export function runCommandsOf(ins: Instruction): Command[] {
  let all = CACHE.get(ins);
  if (!all) {
    all = commands(runScript(ins));
    CACHE.set(ins, all);
  }
  return all;
}

/** Each simple command of every RUN, with its instruction and its index in `all`. */
export function* runCommands(m: DockerfileModel, stages?: number[]): Generator<{ ins: Instruction; cmd: Command; eff: string[]; all: Command[]; i: number }> {
  for (const ins of runs(m, stages)) {
    const all = runCommandsOf(ins);
    for (let i = 0; i < all.length; i++) {
      const cmd = all[i] as Command;
      yield { ins, cmd, eff: effective(cmd.words), all, i };
    }
  }
}

/** Offset of the first word equal to or starting with one of `names` in a command. */
export function wordOffset(cmd: Command, test: (w: string) => boolean): number | undefined {
  const i = cmd.words.findIndex(test);
  return i < 0 ? undefined : cmd.offsets[i];
}

/** Indices of the final stage and the stages it builds on: what ends up in the image. */
export function finalLineage(m: DockerfileModel): number[] {
  const last = m.stages[m.stages.length - 1];
  if (!last) return [];
  const out: number[] = [];
  let cur: typeof last | undefined = last;
  while (cur && out.length <= m.stages.length) {
    out.push(cur.index);
    cur = cur.parent !== undefined ? m.stages[cur.parent] : undefined;
  }
  return out;
}

/** Instructions with `keyword` in the given stages, in file order. */
export function instructionsOf(m: DockerfileModel, keyword: string, stages?: number[]): Instruction[] {
  return m.instructions.filter((i) => i.keyword === keyword && (!stages || stages.includes(i.stage)));
}
