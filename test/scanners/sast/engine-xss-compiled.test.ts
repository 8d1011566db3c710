import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function hits(src: string, path = 'src/page.js') {
  return brief(run(src, { path, models: MODELS })).map((h) => `${h.kind}@${h.sink}`);
}

describe('taint engine: XSS in compiled front-end code', () => {
  it("compiled JSX: createElement's dangerouslySetInnerHTML is a sink, reported at the property; sanitised HTML and other props are not", () => {
    expect(hits(`var _react = require('react');
var _react2 = _interopRequireDefault(_react);
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }
function Preview() {
  var h = location.hash.slice(1);
  return _react2.default.createElement('div', {
    className: 'preview',
    dangerouslySetInnerHTML: { __html: h }
  });
}
function Clean() {
  var h = location.hash.slice(1);
  return _react2.default.createElement('div', { className: h, dangerouslySetInnerHTML: { __html: DOMPurify.sanitize(h) } }, h);
}`)).toEqual(['xss@8']);
  });

  it('the JSX runtime and Preact compile to calls too', () => {
    expect(hits(`import { jsx as _jsx } from 'react/jsx-runtime';
import { h } from 'preact';
export const A = () => _jsx('div', { dangerouslySetInnerHTML: { __html: location.search } });
export const B = () => h('div', { title: location.search });`)).toEqual(['xss@3']);
  });

  it("TypeScript's __importDefault keeps the module: its .default members are the package's", () => {
    expect(hits(`const child_process_1 = __importDefault(require('child_process'));
const express_1 = __importDefault(require('express'));
const app = (0, express_1.default)();
app.get('/a', (req, res) => { child_process_1.default.exec('ls ' + req.query.dir); });
app.get('/b', (req, res) => { child_process_1.default.execFile('ls', [String(req.query.dir)]); });`, 'src/server.js')).toEqual(['command-injection@4']);
  });

  it("an option holding markup is reported at the option's line (jQuery UI button label)", () => {
    expect(hits(`var title = location.hash.slice(1);
$('<button>').button({
  icons: { primary: 'x' },
  label: title
});
$('<button>').button({
  icons: { primary: 'x' },
  label: 'Close'
});`)).toEqual(['xss@4']);
  });
});
