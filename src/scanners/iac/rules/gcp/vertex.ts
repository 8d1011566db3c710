import { blocks, isAbsent, isFalse } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, noBlock } from './util.js';

export const notebookPublicIp: CloudRule = {
  id: `${GCP}notebook-public-ip`,
  title: 'Vertex AI Workbench instance has a public IP address',
  severity: 'medium',
  cwe: [284],
  description: 'Workbench and user-managed notebook VMs get an external IP address unless told otherwise; notebooks hold data and credentials and run arbitrary code, so they should not sit on the internet.',
  remediation: 'Set `no_public_ip = true` (google_notebooks_instance) or `gce_setup { disable_public_ip = true }` (google_workbench_instance).',
  references: [docs('google_workbench_instance'), 'https://cloud.google.com/vertex-ai/docs/workbench/instances/create'],
  provider: 'gcp',
  types: ['google_notebooks_instance', 'google_workbench_instance'],
  check(r, report) {
    if (r.type === 'google_notebooks_instance') {
      const v = r.attrs.no_public_ip;
      if (isFalse(v)) report('no_public_ip', 'no_public_ip is false');
      else if (isAbsent(v)) report(null, 'no_public_ip is not set: the notebook VM gets an external IP');
      return;
    }
    if (noBlock(r.attrs, 'gce_setup')) {
      report(null, 'no gce_setup.disable_public_ip: the instance gets an external IP');
      return;
    }
    for (const g of blocks(r.attrs, 'gce_setup')) {
      const v = g.block.disable_public_ip;
      if (isFalse(v)) report(`${g.path}.disable_public_ip`, 'disable_public_ip is false');
      else if (isAbsent(v)) report(null, 'gce_setup without disable_public_ip = true: the instance gets an external IP');
    }
  },
};

export const vertexRules: CloudRule[] = [notebookPublicIp];
