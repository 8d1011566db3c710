import type { Parser } from 'web-tree-sitter';
import { Unknown, type ObjectValue, type UnknownOrigin, type Value } from '../../model/value.js';
import { EMPTY_SCOPE, Evaluator } from './eval.js';
import { FunctionError } from './functions.js';
import { parseHcl } from './hcl.js';

/**
 * templatefile(): the file's text evaluated as a template (interpolations, directives,
 * functions) with only the given variables in scope, as Terraform does.
 */
export function renderTemplate(
  parser: Parser,
  text: string,
  vars: ObjectValue,
  file: string,
  call: (name: string, args: Value[], at: UnknownOrigin) => Value,
): Value {
  // Parsed as a heredoc body: template syntax without HCL string escapes. The END sentinel
  // keeps a trailing `~}` from trimming into the newline the heredoc syntax needs.
  let marker = 'EOT';
  while (text.includes(marker)) marker += '_';
  const r = parseHcl(parser, `v = <<${marker}\n${text}${END}\n${marker}\n`);
  const a = r.body.attrs[0];
  if (r.errorLine !== undefined || !a) throw new FunctionError(`templatefile(): ${file} is not a valid template`);
  const ev = new Evaluator({ resolve: (name, _names, at) => ({ value: new Unknown(`templatefile(): ${name} is not a template variable`, at), used: 0 }), call }, file);
  const v = ev.eval(a.expr, EMPTY_SCOPE.with(new Map(Object.entries(vars))));
  return typeof v === 'string' && v.endsWith(`${END}\n`) ? v.slice(0, -END.length - 1) : v;
}

const END = '\u0001';
