/**
 * CRLF injection in multipart/MIME part headers a library writes itself: a field name or file name
 * spliced raw into `Content-Disposition: form-data; name="…"; filename="…"` (form-data < 4.0.6). A
 * CR/LF in it ends the header line and starts a header or a whole part of the caller's choosing;
 * a `"` ends the parameter. Only in files that write the header block's CRLFs themselves (a server's
 * res.setHeader refuses CR/LF, so its `attachment; filename="…"` is not this).
 */
import type { ParsedFile } from '../parse/index.js';
import type { ApiNames } from '../ir/api-names.js';
import { walk, type AnyNode } from '../parse/walk.js';
import type { AstHit, AstRule } from './types.js';
import { hitAt, type N } from './ast-facts.js';

/** A literal that opens a quoted name parameter: `name="`, `; filename="` (not an HTML attribute's ` name="`). */
const OPENS_PARAM = /(?:^|;\s*)(?:file)?name\*?="$/i;
/** The header the parameter belongs to, named shortly before it (the header line, its key or its builder's name). */
const DISPOSITION_NEAR = /disposition|form-data/i;
/** How far back the header's name is looked for. */
const NEAR_CHARS = 800;
/** The file writes part headers itself: the header name and a CRLF. */
const CONTENT_DISPOSITION = /content-disposition/i;
const CRLF_TEXT = /\\r\\n/;

/** A value spliced as is: a name or a member read (a call may escape; a literal or number cannot inject). */
function rawValue(n: N | undefined): boolean {
  let x = n;
  while (x && (x.type === 'ParenthesizedExpression' || x.type === 'TSAsExpression' || x.type === 'TSNonNullExpression')) x = x.expression;
  return !!x && (x.type === 'Identifier' || x.type === 'MemberExpression') && !(x.type === 'Identifier' && x.name === 'undefined');
}

function literalText(n: N | undefined): string | undefined {
  return n?.type === 'Literal' && typeof n.value === 'string' ? n.value : undefined;
}

/** The rightmost literal text of a `+` chain's left side ('a' + b + 'name="' → 'name="'). */
function endText(n: N): string | undefined {
  return n.type === 'BinaryExpression' && n.operator === '+' ? literalText(n.right) : literalText(n);
}

function near(src: string, n: N): boolean {
  const end = n.end as number;
  return DISPOSITION_NEAR.test(src.slice(Math.max(0, (n.start as number) - NEAR_CHARS), end));
}

function check(file: ParsedFile, _api: ApiNames): AstHit[] {
  const src = file.source;
  if (!CONTENT_DISPOSITION.test(src) || !CRLF_TEXT.test(src) || !src.includes('name="')) return [];
  const hits: AstHit[] = [];
  walk(file.program as unknown as AnyNode, (node) => {
    const n = node as N;
    if (n.type === 'BinaryExpression' && n.operator === '+') {
      const before = endText(n.left);
      if (before !== undefined && OPENS_PARAM.test(before) && rawValue(n.right) && near(src, n)) hits.push(hitAt(n.right, message()));
    } else if (n.type === 'TemplateLiteral') {
      for (let i = 0; i < n.expressions.length; i++) {
        const before = String(n.quasis[i]?.value.cooked ?? '');
        if (OPENS_PARAM.test(before) && rawValue(n.expressions[i]) && near(src, n)) hits.push(hitAt(n.expressions[i] as N, message()));
      }
    }
    return true;
  });
  return hits;
}

function message(): string {
  return 'A name spliced raw into a multipart part header: CR/LF in it starts new headers or parts, " ends the parameter; escape CR, LF and " (as %0D, %0A, %22)';
}

export const multipartHeaderInjection: AstRule = {
  meta: {
    id: 'sast/js/multipart-header-injection',
    title: 'Multipart header built from an unescaped name (CRLF injection)',
    severity: 'medium',
    cwe: [93, 113],
    description:
      'A multipart or MIME part header (Content-Disposition) is written with a field name or file ' +
      'name concatenated as is. A caller-supplied name holding CR/LF ends the header line and can add ' +
      'headers or smuggle whole parts into the body sent to the next server.',
    remediation: 'Escape CR, LF and `"` in names before writing them into a header (the WHATWG form-data encoding uses %0D, %0A, %22), or reject names that contain them.',
    references: ['https://cwe.mitre.org/data/definitions/93.html', 'https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#multipart-form-data'],
  },
  check,
};
