import { blocks, isFalse } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, noBlock } from './util.js';

const TYPES = ['google_dataproc_cluster'] as const;
const REF = docs('google_dataproc_cluster');

export const dataprocPublicIp: CloudRule = {
  id: `${GCP}dataproc-public-ip`,
  title: 'Dataproc cluster nodes have public IP addresses',
  severity: 'medium',
  cwe: [284],
  description: 'With internal_ip_only = false every Dataproc VM gets an external IP address, exposing Hadoop/Spark web UIs and services to the internet if a firewall rule allows it.',
  remediation: 'Set `cluster_config.gce_cluster_config.internal_ip_only = true` and use Private Google Access / Cloud NAT.',
  references: [REF, 'https://cloud.google.com/dataproc/docs/concepts/configuring-clusters/network'],
  provider: 'gcp',
  types: TYPES,
  check(r, report) {
    for (const c of blocks(r.attrs, 'cluster_config')) {
      for (const g of blocks(c.block, 'gce_cluster_config', c.path)) {
        if (isFalse(g.block.internal_ip_only)) report(`${g.path}.internal_ip_only`, 'internal_ip_only is false: nodes get external IPs');
      }
    }
  },
};

export const dataprocCmek: CloudRule = {
  id: `${GCP}dataproc-no-cmek`,
  title: 'Dataproc cluster disks not encrypted with a customer-managed key',
  severity: 'low',
  cwe: [311],
  description: 'Without encryption_config, cluster persistent disks use Google-managed keys, so key use cannot be audited or revoked by the data owner.',
  remediation: 'Add `cluster_config { encryption_config { kms_key_name = google_kms_crypto_key.x.id } }`.',
  references: [REF, 'https://cloud.google.com/dataproc/docs/concepts/configuring-clusters/customer-managed-encryption'],
  provider: 'gcp',
  types: TYPES,
  check(r, report) {
    if (noBlock(r.attrs, 'cluster_config')) {
      report(null, 'no cluster_config.encryption_config: disks use Google-managed keys');
      return;
    }
    for (const c of blocks(r.attrs, 'cluster_config')) {
      if (noBlock(c.block, 'encryption_config')) report(null, 'cluster_config has no encryption_config (CMEK)');
    }
  },
};

export const dataprocRules: CloudRule[] = [dataprocPublicIp, dataprocCmek];
