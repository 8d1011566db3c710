/**
 * Deserialisers that run code by design: node-serialize's unserialize (IIFE in `_$$ND_FUNC$$_`),
 * serialize-to-js's deserialize, funcster, and js-yaml 3 told to use the full schema (the
 * !!js/function type). The taint rule covers the data; this rule flags the unsafe API itself.
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches } from '../ir/api-names.js';
import { type N, callsNamed, factsOf, hitAt, propsKeyed, stringValue } from './ast-facts.js';

const CODE_RUNNING = new Set(['node-serialize.unserialize', 'serialize-to-js.deserialize', 'funcster.deepDeserialize', 'cryo.parse']);

export const insecureDeserializationApi: AstRule = {
  meta: {
    id: 'sast/js/insecure-deserialization-api',
    title: 'Deserialiser that can execute code',
    severity: 'high',
    cwe: [502],
    description:
      'node-serialize.unserialize (and serialize-to-js, funcster, cryo) rebuild functions from the input and can be made ' +
      'to run them immediately; js-yaml 3 with DEFAULT_FULL_SCHEMA builds JavaScript functions and regexps from ' +
      '!!js tags. Any data that reaches them can become remote code execution.',
    remediation:
      'Exchange data as JSON (JSON.parse) and validate it with a schema; with js-yaml use safeLoad (v3) or load with the ' +
      'default schema (v4).',
    references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://github.com/nodeca/js-yaml#load-string---options-'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of callsNamed(f, 'unserialize', 'deserialize', 'deepDeserialize', 'parse')) {
      if (!c.path || !CODE_RUNNING.has(c.path)) continue;
      const arg = c.node.arguments[0] as N | undefined;
      if (!arg || stringValue(arg) !== undefined) continue; // a literal is the program's own data
      out.push(hitAt(c.node, `${c.path}() rebuilds and can execute functions from its input; use JSON.parse with schema validation`));
    }
    for (const p of propsKeyed(f, 'schema')) {
      const path = api.pathOf(p.value);
      if (path && apiMatches('js-yaml.{DEFAULT_FULL_SCHEMA,JS_SCHEMA}', path)) {
        out.push(hitAt(p, `${path.slice(8)} lets YAML build JavaScript functions (!!js/function); use the default safe schema`));
      }
    }
    return out;
  },
};
