import { describe, expect, test } from 'vitest';
import { ResourceGraph } from '../../../../src/scanners/iac/model/graph.js';
import type { Resource } from '../../../../src/scanners/iac/model/resource.js';
import { Unknown, type Value } from '../../../../src/scanners/iac/model/value.js';
import { gcpRules } from '../../../../src/scanners/iac/rules/gcp/index.js';
import { durationSeconds, isDefaultComputeSa, metaFlag, noBlock, policyBindings } from '../../../../src/scanners/iac/rules/gcp/util.js';

const U = new Unknown('test');

describe('gcp util', () => {
  test('metaFlag reads the GCE metadata spellings and nothing else', () => {
    expect(['TRUE', 'true', ' 1 ', true, 1].map((v) => metaFlag(v))).toEqual([true, true, true, true, true]);
    expect(['FALSE', 'false', '0', false, 0].map((v) => metaFlag(v))).toEqual([false, false, false, false, false]);
    expect([U, undefined, null, 'maybe', 2].map((v) => metaFlag(v))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  test('durationSeconds parses Google durations only', () => {
    expect(durationSeconds('7776000s')).toBe(7776000);
    expect(durationSeconds('86400.5s')).toBe(86400.5);
    expect(durationSeconds('90d')).toBeUndefined();
    expect(durationSeconds(U)).toBeUndefined();
  });

  test('policyBindings reads JSON policies and ignores malformed or unknown input', () => {
    const doc = JSON.stringify({ bindings: [{ role: 'roles/viewer', members: ['allUsers', 3] }, { role: 7 }] });
    expect(policyBindings(doc)).toEqual([{ role: 'roles/viewer', members: ['allUsers'] }]);
    expect(policyBindings('{not json')).toEqual([]);
    expect(policyBindings(U)).toEqual([]);
  });

  test('noBlock: only a written-nothing block is absent', () => {
    expect(noBlock({}, 'logging')).toBe(true);
    expect(noBlock({ logging: null }, 'logging')).toBe(true);
    expect(noBlock({ logging: [] }, 'logging')).toBe(true);
    expect(noBlock({ logging: [{ log_bucket: 'b' }] }, 'logging')).toBe(false);
    expect(noBlock({ logging: U }, 'logging')).toBe(false);
    expect(noBlock({ logging: [U] }, 'logging')).toBe(false);
    expect(noBlock(U, 'logging')).toBe(false);
  });

  test('isDefaultComputeSa matches the project-number default account only', () => {
    expect(isDefaultComputeSa('123456789012-compute@developer.gserviceaccount.com')).toBe(true);
    expect(isDefaultComputeSa('compute@p.iam.gserviceaccount.com')).toBe(false);
  });
});

/** A resource as a plan or an evaluator might hand it over, with no source lines. */
function resource(type: string, attrs: { [k: string]: Value }): Resource {
  return { type, name: 'x', address: `${type}.x`, source: 'plan', file: 'plan.json', line: 1, endLine: 1, attrs, lines: new Map(), refs: new Map() };
}

function run(r: Resource): string[] {
  const graph = new ResourceGraph([r]);
  const out: string[] = [];
  for (const rule of gcpRules) {
    if (!rule.types.includes(r.type)) continue;
    rule.check(r, (path) => out.push(`${rule.id}#${path ?? ''}`), { graph });
  }
  return out.sort();
}

describe('gcp rules on plan-shaped resources', () => {
  test('a block list holding an unknown element is not a missing block', () => {
    const bucket = resource('google_storage_bucket', {
      uniform_bucket_level_access: true,
      public_access_prevention: 'enforced',
      versioning: [U],
      logging: [U],
    });
    expect(run(bucket)).toEqual([]);
  });

  test('plan-shaped empty block lists are missing blocks', () => {
    const bucket = resource('google_storage_bucket', {
      uniform_bucket_level_access: true,
      public_access_prevention: 'enforced',
      versioning: [],
      logging: [],
    });
    expect(run(bucket)).toEqual(['iac/gcp/storage-bucket-logging-disabled#', 'iac/gcp/storage-bucket-versioning-disabled#']);
  });

  test('an entirely unknown GKE cluster yields nothing', () => {
    const cluster = resource('google_container_cluster', {
      enable_autopilot: U,
      master_authorized_networks_config: U,
      private_cluster_config: U,
      network_policy: U,
      workload_identity_config: U,
      node_config: U,
      enable_legacy_abac: U,
    });
    expect(run(cluster)).toEqual([]);
  });
});
