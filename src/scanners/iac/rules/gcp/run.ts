import { isObject } from '../../model/value.js';
import { str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, iamTypes, reportPublicGrants } from './util.js';

export const runPublic: CloudRule = {
  id: `${GCP}run-public-invoker`,
  title: 'Cloud Run service invocable by anyone',
  severity: 'low',
  cwe: [306],
  description: 'Granting roles/run.invoker (or any role) to allUsers/allAuthenticatedUsers makes the service callable without authentication; right for public websites, wrong for internal APIs.',
  remediation: 'Grant roles/run.invoker to specific service accounts or groups, unless the service is meant to be public (then suppress with a rampart:ignore and a reason).',
  references: [docs('google_cloud_run_service_iam'), 'https://cloud.google.com/run/docs/authenticating/public'],
  provider: 'gcp',
  types: [...iamTypes('google_cloud_run_service'), ...iamTypes('google_cloud_run_v2_service'), ...iamTypes('google_cloud_run_v2_job')],
  check(r, report) {
    reportPublicGrants(r, report, 'Cloud Run service');
  },
};

const INGRESS_ANNOTATION = 'run.googleapis.com/ingress';

export const runIngressAll: CloudRule = {
  id: `${GCP}run-ingress-all`,
  title: 'Cloud Run service accepts traffic from the internet directly',
  severity: 'low',
  cwe: [284],
  description: 'Ingress "all" lets any client reach the service URL directly, bypassing a load balancer with Cloud Armor or IAP in front of it.',
  remediation: 'Set `ingress = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"` (v2) or the `run.googleapis.com/ingress` annotation to "internal-and-cloud-load-balancing".',
  references: [docs('google_cloud_run_v2_service'), 'https://cloud.google.com/run/docs/securing/ingress'],
  provider: 'gcp',
  types: ['google_cloud_run_service', 'google_cloud_run_v2_service'],
  check(r, report) {
    if (r.type === 'google_cloud_run_v2_service') {
      if (str(r.attrs.ingress)?.trim().toUpperCase() === 'INGRESS_TRAFFIC_ALL') report('ingress', 'ingress is INGRESS_TRAFFIC_ALL');
      return;
    }
    const meta = r.attrs.metadata;
    const m = Array.isArray(meta) ? meta[0] : meta;
    if (!isObject(m) || !isObject(m.annotations)) return;
    if (str(m.annotations[INGRESS_ANNOTATION])?.trim().toLowerCase() === 'all') {
      report(`metadata.0.annotations.${INGRESS_ANNOTATION}`, `${INGRESS_ANNOTATION} is "all"`);
    }
  },
};

export const runRules: CloudRule[] = [runPublic, runIngressAll];
