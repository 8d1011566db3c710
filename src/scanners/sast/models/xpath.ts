/**
 * XPath evaluators: an expression built from input (`//user[name='` + name + `']`) lets a quote
 * rewrite the query (`' or '1'='1`) and read any node of the document. Only built text counts
 * (`requiresConcatenation`): a whole expression chosen by the caller is a query feature, and
 * values passed as variables (`xpath.parse(expr).select({ node, variables })`) are data.
 */
import type { SinkSpec, TaintModel } from './types.js';

const DESC = 'is an XPath expression built from untrusted data';

function x(id: string, call: string): SinkSpec {
  return { id, kind: 'xpath-injection', call, requiresConcatenation: true, description: DESC };
}

/** libxmljs documents from a parse, and their root element: `doc.find(expr)`, `doc.root().get(expr)`. */
const LIBXML_DOC = '{libxmljs,libxmljs2}.{parseXml,parseXmlString,parseHtml,parseHtmlString}()';
const FONTOXPATH = [
  'evaluateXPath', 'evaluateXPathToNodes', 'evaluateXPathToFirstNode', 'evaluateXPathToString', 'evaluateXPathToStrings',
  'evaluateXPathToBoolean', 'evaluateXPathToNumber', 'evaluateXPathToNumbers', 'evaluateXPathToArray', 'evaluateXPathToMap',
  'evaluateXPathToAsyncIterator',
].join(',');

export const xpathModel: TaintModel = {
  framework: 'xpath',
  sinks: [
    // xpath (with xmldom): select/select1/evaluate/parse, and the select function useNamespaces returns.
    x('xpath.select', 'xpath.{select,select1,evaluate,parse}'),
    x('xpath.useNamespaces', 'xpath.useNamespaces()'),
    // The browser's DOM XPath.
    x('document.evaluate', 'document.{evaluate,createExpression}'),
    x('XPathEvaluator.evaluate', 'XPathEvaluator().{evaluate,createExpression}'),
    // libxmljs
    x('libxmljs.find', `${LIBXML_DOC}.{find,get}`),
    x('libxmljs.root.find', `${LIBXML_DOC}.root().{find,get}`),
    // fontoxpath
    x('fontoxpath.evaluate', `fontoxpath.{${FONTOXPATH}}`),
  ],
};
