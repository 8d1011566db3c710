import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { multipartHeaderInjection } from '../../../src/scanners/sast/rules/multipart-header-injection.js';

function lines(source: string): number[] {
  const o = parseSource('lib/form.js', source);
  if (!o.ok) throw new Error(o.message);
  return multipartHeaderInjection.check(o.file, new ApiNames(o.file.program)).map((h) => o.file.lines.position(h.start).line);
}

describe('sast/js/multipart-header-injection', () => {
  it('flags a field name and a file name spliced raw into the part header a library writes', () => {
    expect(lines([
      "var CRLF = '\\r\\n';",
      'Form.prototype.partHeader = function (field, opts) {',
      "  var disposition = ['form-data', 'name=\"' + field + '\"'];", // 3
      "  if (opts.filename) disposition.push(`filename=\"${opts.filename}\"`);", // 4
      "  return '--' + this.boundary + CRLF + 'Content-Disposition: ' + disposition.join('; ') + CRLF + CRLF;",
      '};',
    ].join('\n'))).toEqual([3, 4]);
  });

  it('clean: escaped names, fixed names, HTML attributes, and files that write no header block', () => {
    expect(lines([
      "var CRLF = '\\r\\n';",
      "function esc(s) { return String(s).replace(/\\r/g, '%0D').replace(/\\n/g, '%0A').replace(/\"/g, '%22'); }",
      'Form.prototype.partHeader = function (field, opts) {',
      "  var disposition = ['form-data', 'name=\"' + esc(field) + '\"', 'filename=\"' + 'blob' + '\"'];",
      "  return 'Content-Disposition: ' + disposition.join('; ') + CRLF;",
      '};',
      "Form.prototype.input = function (name) { return '<input name=\"' + name + '\">'; };",
    ].join('\n'))).toEqual([]);
    expect(lines("res.setHeader('Content-Disposition', 'attachment; filename=\"' + name + '\"');")).toEqual([]);
  });
});
