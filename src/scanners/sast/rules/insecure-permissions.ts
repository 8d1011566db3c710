/**
 * A file or directory made writable by every local user: fs.chmod/fchmod/lchmod (and their Sync and
 * promise forms) with a mode that has the others-write bit (0o002: 0o777, 0o666, '777'), or
 * process.umask() set to a mask without that bit, so every file the process creates afterwards is
 * world-writable. chmod ignores the umask, so its mode is what the file gets. Modes given to
 * mkdir/writeFile/open are not reported: the umask (022 by default) removes the others-write bit.
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, constNumber, constString, factsOf, hitAt, resolve } from './ast-facts.js';

const CHMOD = [
  '{fs,fs-extra,graceful-fs}.{chmod,chmodSync,fchmod,fchmodSync,lchmod,lchmodSync}',
  'fs.promises.{chmod,lchmod}',
];
const OTHERS_WRITE = 0o002;

/** A mode written as a number (0o777, 511), an octal string ('777', '0o666') or parseInt('777', 8). */
function modeValue(node: N | undefined, f: FileFacts): number | undefined {
  if (!node) return undefined;
  const num = constNumber(node, f);
  if (num !== undefined) return num;
  const s = constString(node, f);
  if (s !== undefined) return /^(?:0o?)?[0-7]{3,4}$/i.test(s) ? parseInt(s.replace(/^0o/i, ''), 8) : undefined;
  const n = resolve(node, f);
  if (n?.type === 'CallExpression' && unwrap(n.callee as N).type === 'Identifier' && unwrap(n.callee as N).name === 'parseInt') {
    const [text, radix] = n.arguments as N[];
    const t = constString(text, f);
    if (t !== undefined && constNumber(radix, f) === 8 && /^[0-7]{3,4}$/.test(t)) return parseInt(t, 8);
  }
  return undefined;
}

export const insecurePermissions: AstRule = {
  meta: {
    id: 'sast/js/insecure-permissions',
    title: 'World-writable file permissions',
    severity: 'medium',
    cwe: [732, 276],
    description:
      'A file or directory is given a mode that lets every local user write to it (chmod 0o777 / 0o666, or a umask of 0 ' +
      'before files are created). Another account or a compromised service on the same machine can then replace ' +
      'scripts, configuration or data the program later trusts, or plant files in the directory.',
    remediation:
      'Grant only what is needed: 0o600/0o644 for files, 0o700/0o755 for directories, and leave the umask alone ' +
      '(or set 0o022 / 0o077). Share with a group (0o770) rather than with everyone.',
    references: ['https://cwe.mitre.org/data/definitions/732.html', 'https://nodejs.org/api/fs.html#file-modes'],
  },
  check(file, api) {
    if (!/chmod|umask/.test(file.source)) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of f.calls) {
      if (c.isNew || (c.name === undefined || !/chmod|umask/.test(c.name))) continue;
      const path = c.path;
      if (path === undefined) continue;
      const args = c.node.arguments as N[];
      if (CHMOD.some((p) => apiMatches(p, path))) {
        const mode = modeValue(args[1], f);
        if (mode !== undefined && (mode & OTHERS_WRITE) !== 0) {
          out.push(hitAt(c.node, `${c.name}() gives mode 0o${mode.toString(8)}, writable by every local user; use 0o644/0o755 or tighter`));
        }
      } else if (path === 'process.umask' && args.length > 0) {
        const mask = modeValue(args[0], f);
        if (mask !== undefined && (mask & OTHERS_WRITE) === 0) {
          out.push(hitAt(c.node, `process.umask(0o${mask.toString(8)}) lets every file and directory created afterwards be world-writable; keep 0o022 or tighter`));
        }
      }
    }
    return out;
  },
};
