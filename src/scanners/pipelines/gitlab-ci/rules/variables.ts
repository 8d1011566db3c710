import { get, type Pipeline, type YEntry } from '../parse.js';

/** Every `variables:` entry written in the pipeline (top level and in each job or template), with its owner. */
export function allVariableEntries(p: Pipeline): { owner: string; entry: YEntry }[] {
  const out: { owner: string; entry: YEntry }[] = [];
  const seen = new Set<string>();
  const add = (owner: string, vars: ReturnType<typeof get>): void => {
    if (vars?.kind !== 'map') return;
    for (const e of vars.entries.values()) {
      const k = `${e.keyPos.path}:${e.keyPos.line}:${e.keyPos.column}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ owner, entry: e });
    }
  };
  add('global', get(p.top, 'variables'));
  for (const [name, m] of p.raw) add(name, get(m, 'variables'));
  return out;
}
