/** AST rules of the XSS and browser family that need no data flow: incomplete URL scheme checks, window messaging. */
import type { AstRule } from './types.js';
import { incompleteUrlSchemeCheck } from './incomplete-url-scheme-check.js';
import { insecurePostMessage } from './insecure-postmessage.js';

export const xssRules: AstRule[] = [incompleteUrlSchemeCheck, insecurePostMessage];
