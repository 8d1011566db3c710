import { readFileSync } from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import type { ScanIssue } from '../../../../core/scanner.js';
import { Unknown, type UnknownOrigin, type Value } from '../../model/value.js';
import { EMPTY_SCOPE, Evaluator, type Resolver } from './eval.js';
import { parseHcl } from './hcl.js';
import { JsonSyntaxError, readJson } from './json.js';
import type { RootInput } from './module.js';

/**
 * Root module variable values from the environment and variable files, applied in Terraform's
 * documented precedence (later wins): TF_VAR_ environment, terraform.tfvars,
 * terraform.tfvars.json, *.auto.tfvars(.json) in lexical order, then each -var-file in order.
 */

type CallFn = (name: string, args: Value[], at: UnknownOrigin) => Value;

export interface VarFile {
  /** Shown in issues: repo-relative when inside the scan root. */
  path: string;
  absPath: string;
}

export function rootInputs(parser: Parser, env: Record<string, string | undefined>, files: readonly VarFile[], call: CallFn, issues: ScanIssue[]): Map<string, RootInput> {
  const out = new Map<string, RootInput>();
  for (const [k, v] of Object.entries(env)) if (k.startsWith('TF_VAR_') && v !== undefined && k.length > 7) out.set(k.slice(7), { env: v });
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f.absPath, 'utf8');
    } catch {
      issues.push({ path: f.path, kind: 'unreadable', scanner: 'iac', message: `cannot read variable file ${f.path}` });
      continue;
    }
    for (const [k, v] of readVarFile(parser, f.path, text, call, issues)) out.set(k, { value: v });
  }
  return out;
}

function readVarFile(parser: Parser, path: string, text: string, call: CallFn, issues: ScanIssue[]): Map<string, Value> {
  const out = new Map<string, Value>();
  if (path.endsWith('.json')) {
    try {
      const root = JSON.parse(text) as unknown;
      if (typeof root === 'object' && root !== null && !Array.isArray(root)) for (const [k, v] of Object.entries(root)) out.set(k, v as Value);
    } catch {
      let line = 1;
      try {
        readJson(text);
      } catch (e) {
        if (e instanceof JsonSyntaxError) line = e.line;
      }
      issues.push({ path, line, kind: 'unparsable', scanner: 'iac', message: `invalid JSON in variable file ${path}` });
    }
    return out;
  }
  const r = parseHcl(parser, text);
  if (r.errorLine !== undefined) issues.push({ path, line: r.errorLine, kind: 'unparsable', scanner: 'iac', message: `invalid HCL in variable file ${path} (${r.errorMessage ?? 'syntax error'})` });
  // Variable files hold constants: no references, functions allowed.
  const constants: Resolver = {
    resolve: (root, _names, at) => ({ value: new Unknown(`${root} cannot be referenced in a variable file`, at), used: 0 }),
    call,
  };
  const ev = new Evaluator(constants, path);
  for (const a of r.body.attrs) out.set(a.name, ev.eval(a.expr, EMPTY_SCOPE));
  return out;
}
