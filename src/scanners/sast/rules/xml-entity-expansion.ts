/**
 * libxmljs with `noent: true` expands external entities: `<!ENTITY x SYSTEM "file:///etc/passwd">`
 * reads local files or makes requests. The option is off by default, so turning it on is the bug.
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches } from '../ir/api-names.js';
import { type N, boolValue, callsNamed, factsOf, hitAt, objectOf, propValue } from './ast-facts.js';

const PARSERS = '{libxmljs,libxmljs2}.{parseXml,parseXmlString,parseHtml,parseHtmlString}';
const DOC_PARSERS = '{libxmljs,libxmljs2}.Document.{fromXml,fromHtml}';
const SAX = '{libxmljs,libxmljs2}.{SaxParser,SaxPushParser}';

export const xmlEntityExpansion: AstRule = {
  meta: {
    id: 'sast/js/xml-entity-expansion',
    title: 'XML parser expands external entities',
    severity: 'high',
    cwe: [611],
    description:
      'libxmljs/libxmljs2 parse with noent: true, which substitutes entities, including external ones. A document with ' +
      'an external entity (SYSTEM "file:///etc/passwd" or an internal URL) makes the server read files or send requests, ' +
      'and entity nesting can exhaust memory.',
    remediation:
      'Remove noent (it defaults to false) and keep nonet: true; if entities are really needed, parse only trusted documents.',
    references: ['https://cwe.mitre.org/data/definitions/611.html', 'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of callsNamed(f, 'parseXml', 'parseXmlString', 'parseHtml', 'parseHtmlString', 'fromXml', 'fromHtml', 'SaxParser', 'SaxPushParser')) {
      if (!c.path) continue;
      const args = c.node.arguments as N[];
      let opts: N | undefined;
      if (apiMatches(PARSERS, c.path) || apiMatches(DOC_PARSERS, c.path)) opts = objectOf(args[1], f);
      else if (apiMatches(SAX, c.path)) opts = objectOf(args[0], f) ?? objectOf(args[1], f);
      else continue;
      if (boolValue(propValue(opts, 'noent')) === true) {
        // Reported on the whole call (its first line): a taint finding of untrusted XML reaching
        // the same call is the same defect with its flow, and supersedes this one (overlap.ts).
        out.push(hitAt(c.node, `noent: true makes ${c.path.split('.').pop()} expand external entities (file reads, SSRF); remove it`));
      }
    }
    return out;
  },
};
