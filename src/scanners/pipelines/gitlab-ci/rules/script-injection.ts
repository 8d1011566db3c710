import { get, ownerOf, posInLine, scriptLines, str, variableValue, type Job, type Pipeline, type YNode } from '../parse.js';
import type { GitlabRule } from './types.js';

/** Predefined variables whose value a merge-request author or committer chooses. */
const ALWAYS_TAINTED = [
  'CI_MERGE_REQUEST_TITLE', 'CI_MERGE_REQUEST_DESCRIPTION', 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME',
  'CI_MERGE_REQUEST_LABELS', 'CI_COMMIT_MESSAGE', 'CI_COMMIT_TITLE', 'CI_COMMIT_DESCRIPTION',
  'CI_COMMIT_AUTHOR', 'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME', 'CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME',
  'CI_EXTERNAL_PULL_REQUEST_TITLE', 'CI_EXTERNAL_PULL_REQUEST_DESCRIPTION', 'CI_OPEN_MERGE_REQUESTS',
  'CI_COMMIT_TAG_MESSAGE',
];
/** Branch names: attacker-chosen when the job runs for merge requests. */
const REF_TAINTED = ['CI_COMMIT_REF_NAME', 'CI_COMMIT_BRANCH'];

/** Interpreters that evaluate a quoted argument as code. */
const EVAL_CONTEXT = /\b(?:eval|(?:ba|z|da)?sh\s+-c|python3?\s+-c|node\s+-e|perl\s+-e|ruby\s+-e|php\s+-r)\s*$/;

function runsForMergeRequests(p: Pipeline, job: Job): boolean {
  const text = (n: YNode | undefined): string => (n ? n.src.text.slice(n.start, n.end) : '');
  const only = get(job.map, 'only');
  return /merge_request/.test(text(get(job.map, 'rules')) + text(only) + text(p.workflowRules));
}

/**
 * Occurrences of `$NAME` / `${NAME}` outside single quotes, with whether they sit in double
 * quotes. `$(...)` opens a fresh, unquoted context even inside double quotes.
 */
function expansions(line: string, names: Set<string>): { name: string; token: string; index: number; quoted: boolean; evalCtx: boolean }[] {
  const out: { name: string; token: string; index: number; quoted: boolean; evalCtx: boolean }[] = [];
  type Frame = { quote: '' | "'" | '"'; quoteStart: number; parens: number; from: number };
  const stack: Frame[] = [{ quote: '', quoteStart: 0, parens: 0, from: 0 }];
  for (let i = 0; i < line.length; i++) {
    const top = stack[stack.length - 1]!;
    const c = line[i]!;
    if (top.quote === "'") { if (c === "'") top.quote = ''; continue; }
    if (c === '\\') { i++; continue; }
    if (c === '$' && line[i + 1] === '(' && line[i + 2] !== '(') {
      stack.push({ quote: '', quoteStart: 0, parens: 0, from: i + 2 });
      i++;
      continue;
    }
    if (top.quote === '"') {
      if (c === '"') { top.quote = ''; continue; }
    } else {
      if (c === "'" || c === '"') { top.quote = c; top.quoteStart = i; continue; }
      if (c === '(') { top.parens++; continue; }
      if (c === ')') {
        if (top.parens > 0) top.parens--;
        else if (stack.length > 1) stack.pop();
        continue;
      }
    }
    if (c !== '$') continue;
    const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:[^A-Za-z0-9_}][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(line.slice(i));
    if (!m) continue;
    const name = (m[1] ?? m[2])!;
    // `X=$VAR` and `export X=$VAR` are not split or globbed: only flag them when evaluated.
    const assignment = top.quote === '' && /^\s*(?:(?:export|local|readonly|declare(?:\s+-\w+)*)\s+)?[A-Za-z_][A-Za-z0-9_]*=$/.test(line.slice(top.from, i));
    if (names.has(name) && !assignment) {
      const quoted = top.quote === '"';
      out.push({ name, token: m[0], index: i, quoted, evalCtx: quoted && EVAL_CONTEXT.test(line.slice(top.from, top.quoteStart)) });
    }
    i += m[0].length - 1;
  }
  return out;
}

export const scriptInjection: GitlabRule = {
  id: 'pipelines/gitlab-ci/script-injection',
  title: 'Merge-request-controlled variable expanded into a script',
  severity: 'high',
  cwe: [78],
  description:
    'Variables such as CI_MERGE_REQUEST_TITLE, CI_COMMIT_MESSAGE or the source branch name hold text chosen by whoever opens the merge request or pushes the commit. Expanded unquoted in a script line (or inside a string passed to eval, sh -c, python -c ...), shell metacharacters in that text are split, globbed or executed with the job\'s credentials.',
  remediation:
    'Quote the expansion ("$CI_COMMIT_MESSAGE"), never pass it to eval or an interpreter\'s -c/-e argument, and prefer sanitised forms such as CI_COMMIT_REF_SLUG or CI_COMMIT_SHA.',
  references: ['https://docs.gitlab.com/ci/variables/predefined_variables/'],
  check(p, report) {
    const seen = new Set<string>();
    for (const job of p.jobs) {
      const names = new Set(ALWAYS_TAINTED);
      if (runsForMergeRequests(p, job)) for (const n of REF_TAINTED) names.add(n);
      // Data flow through variables: `TITLE: $CI_MERGE_REQUEST_TITLE` taints TITLE.
      for (let round = 0; round < 3; round++) {
        for (const [k, e] of job.variables) {
          const v = str(variableValue(e));
          if (v && expansionsAny(v, names)) names.add(k);
        }
      }
      for (const line of scriptLines(p, job)) {
        const owner = ownerOf(p, line.node, job.name);
        for (const pl of line.text.split('\n')) {
        for (const x of expansions(pl, names)) {
          if (x.quoted && !x.evalCtx) continue;
          const key = `${owner}:${line.section}:${x.name}:${pl.trim()}`;
          if (seen.has(key)) continue;
          seen.add(key);
          report({
            at: posInLine(line.node, pl, x.index, x.token),
            message: x.evalCtx
              ? `Job '${job.name}' expands ${x.name} inside a string evaluated as code in ${line.section}; whoever writes it runs commands in the job.`
              : `Job '${job.name}' expands ${x.name} unquoted in ${line.section}; its author-chosen value is split, globbed and can inject options or arguments.`,
            identity: key,
            ...(x.evalCtx ? {} : { severity: 'medium' as const }),
          });
        }
        }
      }
    }
  },
};

function expansionsAny(v: string, names: Set<string>): boolean {
  for (const n of names) if (v.includes(`$${n}`) || v.includes(`\${${n}}`)) return true;
  return false;
}
