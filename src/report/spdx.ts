import { createHash, randomUUID } from 'node:crypto';
import { licenseIds, UNLICENSED_REF } from '../scanners/deps/licenses.js';
import {
  contentDigest,
  imageName,
  imageOs,
  isImageInventory,
  isOsPurl,
  packageLayer,
  projectName,
  publishablePurl,
  sbomModel,
  uuidFromHash,
  type SbomComponent,
  type SbomInput,
} from './cyclonedx.js';

/*
 * SPDX 2.3 JSON: one package per purl plus one for the project, related by DESCRIBES,
 * DEPENDS_ON and DEV_DEPENDENCY_OF. Rampart reads declared metadata only, so licenseDeclared
 * carries what the package says and licenseConcluded stays NOASSERTION (no conclusion was drawn).
 */

export const SPDX_VERSION = 'SPDX-2.3';
/** Base of documentNamespace; a unique URI per document, as SPDX 2.3 section 6.5 asks. */
const NAMESPACE_BASE = 'https://github.com/rampart-scanner/rampart/spdx';
const NOASSERTION = 'NOASSERTION';

export interface SpdxInput extends SbomInput {
  /** Overrides the generated documentNamespace (must be a unique absolute URI). */
  documentNamespace?: string;
}

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  filesAnalyzed: false;
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  primaryPackagePurpose: 'APPLICATION' | 'LIBRARY' | 'CONTAINER' | 'OPERATING_SYSTEM';
  sourceInfo?: string;
  annotations?: Array<{ annotationDate: string; annotationType: 'OTHER'; annotator: string; comment: string }>;
  externalRefs?: Array<{ referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }>;
  comment?: string;
}

interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: 'DESCRIBES' | 'DEPENDS_ON' | 'DEV_DEPENDENCY_OF' | 'CONTAINS';
  relatedSpdxElement: string;
}

export interface SpdxDocument {
  spdxVersion: string;
  dataLicense: 'CC0-1.0';
  SPDXID: 'SPDXRef-DOCUMENT';
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: SpdxRelationship[];
  hasExtractedLicensingInfos?: Array<{ licenseId: string; extractedText: string; name: string; comment: string }>;
}

/** SPDXID: `SPDXRef-` then letters, digits, `.` and `-` only (SPDX 2.3, 7.2). */
export function spdxId(prefix: string, text: string): string {
  const body = text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return `SPDXRef-${prefix}${body ? `-${body}` : ''}`;
}

/** SPDX dates: YYYY-MM-DDThh:mm:ssZ, no fraction. */
function spdxDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function packageIds(components: readonly SbomComponent[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const c of components) {
    const base = spdxId('Package', `${c.pkg.ecosystem}-${c.pkg.name}${c.pkg.pinned ? `-${c.pkg.version}` : ''}`);
    let id = base;
    // Distinct purls can sanitise alike (qualifiers, @scope vs scope-): disambiguate by the purl's hash.
    if (used.has(id)) id = `${base}-${createHash('sha256').update(c.ref).digest('hex').slice(0, 8)}`;
    used.add(id);
    ids.set(c.ref, id);
  }
  return ids;
}

export function toSpdx(input: SpdxInput): SpdxDocument {
  const model = sbomModel(input.packages);
  const image = isImageInventory(input);
  const name = image ? imageName(input.root) : projectName(input.root);
  const created = spdxDate(input.now ?? new Date());
  const uuid = input.now ? uuidFromHash('spdx', contentDigest(model, input.root), created) : randomUUID();
  const rootId = spdxId(image ? 'Image' : 'Project', name);
  const annotator = `Tool: rampart-${input.toolVersion}`;
  const ids = packageIds(model.components);
  const refs = new Set<string>();

  const packages: SpdxPackage[] = [
    {
      SPDXID: rootId,
      name,
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      licenseConcluded: NOASSERTION,
      licenseDeclared: NOASSERTION,
      copyrightText: NOASSERTION,
      primaryPackagePurpose: image ? 'CONTAINER' : 'APPLICATION',
      comment: image ? 'The scanned container image.' : 'The scanned project.',
    },
  ];
  const os = image ? imageOs(input.packages) : undefined;
  const osId = os ? spdxId('OperatingSystem', `${os.name}${os.version ? `-${os.version}` : ''}`) : undefined;
  if (os && osId) {
    packages.push({
      SPDXID: osId,
      name: os.name,
      ...(os.version ? { versionInfo: os.version } : {}),
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      licenseConcluded: NOASSERTION,
      licenseDeclared: NOASSERTION,
      copyrightText: NOASSERTION,
      primaryPackagePurpose: 'OPERATING_SYSTEM',
      comment: 'The distribution of the image, from its package database.',
    });
  }
  for (const c of model.components) {
    const purl = publishablePurl(c);
    if (c.license) for (const id of licenseIds(c.license)) if (id.startsWith('LicenseRef-')) refs.add(id);
    packages.push({
      SPDXID: ids.get(c.ref)!,
      name: c.pkg.name,
      ...(c.pkg.pinned ? { versionInfo: c.pkg.version } : {}),
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      licenseConcluded: NOASSERTION,
      licenseDeclared: c.license ?? NOASSERTION,
      copyrightText: NOASSERTION,
      primaryPackagePurpose: 'LIBRARY',
      sourceInfo: `recorded in ${c.sources.join(', ')}`,
      ...(purl ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }] } : {}),
      ...(c.pkg.pinned ? {} : { comment: `Unpinned requirement: ${c.pkg.version}` }),
      ...layerAnnotation(c, created, annotator),
    });
  }

  const relationships: SpdxRelationship[] = [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: rootId }];
  if (osId) {
    relationships.push({ spdxElementId: rootId, relationshipType: 'CONTAINS', relatedSpdxElement: osId });
  }
  for (const c of model.components) {
    const id = ids.get(c.ref)!;
    // An image contains every package in it (OS packages through the distribution, when known).
    if (image) relationships.push({ spdxElementId: osId && isOsPurl(c.ref) ? osId : rootId, relationshipType: 'CONTAINS', relatedSpdxElement: id });
    else if (c.dev) relationships.push({ spdxElementId: id, relationshipType: 'DEV_DEPENDENCY_OF', relatedSpdxElement: rootId });
    else if (c.direct) relationships.push({ spdxElementId: rootId, relationshipType: 'DEPENDS_ON', relatedSpdxElement: id });
  }
  for (const c of model.components) {
    for (const dep of c.dependsOn ?? []) {
      relationships.push({ spdxElementId: ids.get(c.ref)!, relationshipType: 'DEPENDS_ON', relatedSpdxElement: ids.get(dep)! });
    }
  }

  const doc: SpdxDocument = {
    spdxVersion: SPDX_VERSION,
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: input.documentNamespace ?? `${NAMESPACE_BASE}/${encodeURIComponent(name)}-${uuid}`,
    creationInfo: { created, creators: [`Tool: rampart-${input.toolVersion}`] },
    packages,
    relationships,
  };
  if (refs.size > 0) {
    // Every LicenseRef used must be defined in the document (SPDX 2.3, 10.1).
    doc.hasExtractedLicensingInfos = [...refs].sort().map((licenseId) => ({
      licenseId,
      name: licenseId.slice('LicenseRef-'.length),
      extractedText:
        licenseId === UNLICENSED_REF ? 'UNLICENSED: the package grants no licence to use it (npm convention for proprietary packages).' : NOASSERTION,
      comment: 'Named by the package metadata; Rampart did not read the licence text.',
    }));
  }
  return doc;
}

/** The layer a package of an image came from, as an SPDX annotation. */
function layerAnnotation(c: SbomComponent, date: string, annotator: string): Pick<SpdxPackage, 'annotations'> {
  const layer = packageLayer(c.pkg);
  if (!layer) return {};
  const digest = layer.diffId ?? layer.digest;
  const comment = `rampart:layer=${layer.index + 1}${digest ? ` digest=${digest}` : ''}${layer.createdBy ? ` createdBy=${layer.createdBy}` : ''}`;
  return { annotations: [{ annotationDate: date, annotationType: 'OTHER', annotator, comment }] };
}

/** The document as the JSON text `rampart sbom --format spdx` writes. */
export function formatSpdx(input: SpdxInput): string {
  return `${JSON.stringify(toSpdx(input), null, 2)}\n`;
}
