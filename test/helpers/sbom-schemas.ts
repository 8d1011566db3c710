import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule.default;
const fixture = (f: string) => JSON.parse(readFileSync(new URL(`../report/fixtures/${f}`, import.meta.url), 'utf8')) as { $id: string };

// CycloneDX 1.6 and SPDX 2.3 schemas, vendored verbatim (see test/report/fixtures/*/README.md).
const cdxAjv = new Ajv({ strict: false, allErrors: true });
addFormats(cdxAjv);
// Formats ajv-formats does not define; loose checks rather than none.
cdxAjv.addFormat('iri-reference', /^\S*$/u);
cdxAjv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
for (const f of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
  const s = fixture(`cyclonedx/${f}`);
  cdxAjv.addSchema(s); // under its $id
  cdxAjv.addSchema(s, new URL(f, 'http://cyclonedx.org/schema/').href); // where the BOM schema's relative $ref points
}
const validateBom = cdxAjv.compile(fixture('cyclonedx/bom-1.6.SNAPSHOT.schema.json'));

const spdxAjv = new Ajv({ strict: false, allErrors: true });
addFormats(spdxAjv);
const validateSpdxDoc = spdxAjv.compile(fixture('spdx/spdx-schema-2.3.json'));

/** Throws with ajv's errors unless doc is a valid CycloneDX 1.6 BOM (after a JSON round trip). */
export function assertCycloneDx<T>(doc: T): T {
  const roundTrip = JSON.parse(JSON.stringify(doc)) as unknown;
  if (!validateBom(roundTrip)) throw new Error(cdxAjv.errorsText(validateBom.errors, { separator: '\n' }));
  return doc;
}

/** Throws with ajv's errors unless doc is a valid SPDX 2.3 document (after a JSON round trip). */
export function assertSpdx<T>(doc: T): T {
  const roundTrip = JSON.parse(JSON.stringify(doc)) as unknown;
  if (!validateSpdxDoc(roundTrip)) throw new Error(spdxAjv.errorsText(validateSpdxDoc.errors, { separator: '\n' }));
  return doc;
}
