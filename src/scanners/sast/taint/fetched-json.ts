/**
 * `JSON.parse(await res.text())` of a fetch response: the same records as `res.json()` gives
 * (models/browser.ts FETCHED, stored data in browser code). The text itself stays no source: read
 * as text, a response is usually markup the server rendered on purpose.
 */
import { FETCHED } from '../models/browser.js';
import type { AnyNode } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import { NO_FLOWS, type Flow, type Value } from './value.js';

const FETCHED_TEXT = /^(?:fetch|node-fetch|cross-fetch|isomorphic-fetch)\(\)\.text\(\)$/;

/** The stored flow of JSON parsed from a fetch response's text (`arg`: JSON.parse's argument), or none. */
export function parsedFetchedText(A: Analyzer, n: AnyNode, arg: Value | undefined): Flow[] {
  if (A.serverCode || arg?.api === undefined || !FETCHED_TEXT.test(arg.api)) return NO_FLOWS;
  return [A.sourceFlow(n, 'stored', `${FETCHED} (JSON.parse of the response text)`)];
}
