/**
 * Classic browser scripts: a file a page loads with a plain `<script src>` (no import, export,
 * require, module.exports or AMD define) shares its top-level functions as globals with the page's
 * other scripts, which call them with what they fetched or read (`function getCard(card) {
 * el.innerHTML = '<h2>' + card.name + '</h2>' }`, called from another file with a record of the
 * API). Those calls are invisible here, so the functions are the script's API, like a library's
 * exports: their parameters count for the markup they build (exports.ts libraryHits, XSS only).
 * Only scripts that touch the DOM, and only function declarations at the top level.
 *
 * Their callers are other scripts (or inline ones in templates), which often pass constants
 * (`showLoading('list', 'Loading...')`) and which a per-file analysis does not see; so these flows
 * are reported at low severity, with that caveat (sast/index.ts), and a concrete source at the same
 * sink wins over them.
 */
import type { AnyNode } from '../parse/walk.js';
import type { Analyzer } from './context.js';

type N = AnyNode & Record<string, any>;

/** Module syntax or a module system in the text: not a classic script. `^[ \t]*`, not `^\s*`: with the m flag `\s*` crosses line starts and retries from each, quadratic on runs of blank lines. */
const MODULE_TEXT = /^[ \t]*(?:import|export)\b|\brequire\s*\(|\bmodule\.exports\b|\bexports\.[\w$]+\s*=|\bdefine\s*\(/m;
/** The script writes the page. */
const DOM_TEXT = /\bdocument\s*\.\s*(?:getElementById|querySelector|querySelectorAll|createElement|getElementsBy\w+)\s*\(/;
/** A classic script's file name (not .mjs/.cjs or TypeScript: those are modules or compiled). */
const SCRIPT_FILE = /\.js$/;
/** Most entry functions summarised per file (each costs a summary run). */
const MAX_ENTRIES = 64;

/** Added to the parameter step of such a flow: sast/index.ts reports it low. */
export const CLASSIC_CALLER = 'a global of a classic script';
/** Does a flow start at a classic script's global function parameter (its source step's message)? */
export function classicCaller(sourceMessage: string | undefined): boolean {
  return sourceMessage !== undefined && sourceMessage.endsWith(`(${CLASSIC_CALLER})`);
}

/** The top-level function declarations of a classic browser script, or none. */
export function classicScriptEntries(A: Analyzer): AnyNode[] {
  const src = A.file.source;
  if (!SCRIPT_FILE.test(A.file.path) || MODULE_TEXT.test(src) || !DOM_TEXT.test(src)) return [];
  const out: AnyNode[] = [];
  for (const s of (A.file.program as N).body as N[]) {
    if (s.type === 'FunctionDeclaration' && s.params.length > 0 && out.length < MAX_ENTRIES) out.push(s);
  }
  return out;
}
