import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExtractResult } from '../../../../src/scanners/deps/package.js';

export const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)), 'utf8');

/** `name@version` plus the flags that differ from the common case, and the line. */
export function rows(r: ExtractResult): string[] {
  return r.packages.map((p) => {
    const flags = [p.pinned ? '' : 'unpinned', p.direct ? 'direct' : '', p.dev ? 'dev' : ''].filter(Boolean).join(' ');
    return `${p.name}@${p.version}${flags ? ' ' + flags : ''} :${p.line}`;
  });
}

export function issueRows(r: ExtractResult): string[] {
  return r.issues.map((i) => `${i.kind} :${i.line ?? '-'} ${i.message}`);
}

export function deps(r: ExtractResult): Record<string, string[]> {
  return Object.fromEntries(r.packages.filter((p) => (p.dependsOn ?? []).length > 0).map((p) => [`${p.name}@${p.version}`, p.dependsOn!]));
}
