/** Deserializers that run code, and XML parsers that expand external entities. */
import type { TaintModel } from './types.js';

export const serializationModel: TaintModel = {
  framework: 'serialization',
  sinks: [
    { id: 'node-serialize.unserialize', kind: 'deserialization', call: 'node-serialize.unserialize',
      description: 'is deserialized by node-serialize, which runs embedded functions' },
    { id: 'serialize-to-js.deserialize', kind: 'deserialization', call: 'serialize-to-js.deserialize',
      description: 'is deserialized by evaluating it as JavaScript' },
    { id: 'funcster.deepDeserialize', kind: 'deserialization', call: 'funcster.{deepDeserialize,deserialize}',
      description: 'is deserialized with its functions recreated from text' },
    { id: 'cryo.parse', kind: 'deserialization', call: 'cryo.parse',
      description: 'is deserialized by cryo, which recreates functions from text' },
    // Front matter: gray-matter's default engines eval a `---js` block (md-to-pdf CVE-2021-23639).
    // It looks up `engines[lang] || engines[alias(lang)]`, and js, JS, javascript… all alias to
    // `javascript`: only an engine (or parser) under that key replaces the evaluating one. An
    // `engines.js` alone still leaves `---javascript` and `---JS` evaluated (md-to-pdf 5.0.0).
    { id: 'gray-matter', kind: 'code-injection', call: 'gray-matter',
      unless: [{ arg: 1, property: 'engines.javascript' }, { arg: 1, property: 'parsers.javascript' }],
      description: 'is parsed by gray-matter, whose default engines run a ---js front matter block as JavaScript' },
    { id: 'js-yaml.load', kind: 'deserialization', call: 'js-yaml.{load,loadAll}',
      description: 'is parsed by js-yaml load (js-yaml 3 builds functions and regexps from !!js tags)' },
    { id: 'libxmljs.parseXml', kind: 'xxe', call: '{libxmljs,libxmljs2}.{parseXml,parseXmlString,parseHtml}',
      when: { arg: 1, property: 'noent', equals: true },
      description: 'is parsed as XML with external entities expanded (noent: true)' },
    { id: 'libxmljs.Document.fromXml', kind: 'xxe', call: '{libxmljs,libxmljs2}.Document.fromXml',
      when: { arg: 1, property: 'noent', equals: true },
      description: 'is parsed as XML with external entities expanded (noent: true)' },
  ],
};
