/**
 * Graph check: a database that is publicly accessible AND whose security group lets the whole
 * internet reach its port. Either half alone is a weaker finding (other rules); together the
 * database answers connections from anywhere.
 */
import type { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';
import type { Value } from '../../model/value.js';
import { blocks, isOpenToWorld, isTrue, num, str, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, lower } from './rds-util.js';

const SG = 'aws_security_group';

/** Default listener port by engine; undefined when the engine is unknown. */
function defaultPort(r: Resource): number | undefined {
  if (r.type === 'aws_redshift_cluster' || r.type === 'aws_redshiftserverless_workgroup') return 5439;
  const e = lower(r.attrs['engine']);
  if (e === undefined) return undefined;
  if (e.includes('postgres')) return 5432;
  if (e.includes('mysql') || e.includes('mariadb') || e === 'aurora') return 3306;
  if (e.startsWith('oracle')) return 1521;
  if (e.startsWith('sqlserver')) return 1433;
  if (e.startsWith('db2')) return 50000;
  return undefined;
}

/** Does a rule with this protocol and port range admit TCP traffic to `port` (undefined: only an all-ports rule is sure to)? */
function admits(protocol: Value | undefined, from: Value | undefined, to: Value | undefined, port: number | undefined): boolean {
  const p = typeof protocol === 'number' ? String(protocol) : typeof protocol === 'string' ? protocol.toLowerCase() : undefined;
  if (p === '-1' || p === 'all') return true;
  if (p !== 'tcp' && p !== '6') return false;
  const lo = num(from);
  const hi = num(to);
  if (lo === undefined || hi === undefined) return false;
  if (port === undefined) return lo <= 1 && hi >= 65535;
  return lo <= port && port <= hi;
}

/**
 * A description of the first rule that opens `port` of the group to the internet (inline
 * ingress, aws_security_group_rule, aws_vpc_security_group_ingress_rule), else undefined.
 */
export function openIngress(sg: Resource, port: number | undefined, graph: ResourceGraph): string | undefined {
  for (const { block, path } of blocks(sg.attrs, 'ingress')) {
    const open = [...strings(block['cidr_blocks']), ...strings(block['ipv6_cidr_blocks'])].find(isOpenToWorld);
    if (open && admits(block['protocol'], block['from_port'], block['to_port'], port)) return `${sg.address} ${path} allows ${open}`;
  }
  for (const rule of graph.referrers(sg, ['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'])) {
    if (!graph.targets(rule, 'security_group_id').includes(sg)) continue;
    const a = rule.attrs;
    if (rule.type === 'aws_security_group_rule') {
      if (str(a['type']) !== 'ingress') continue;
      const open = [...strings(a['cidr_blocks']), ...strings(a['ipv6_cidr_blocks'])].find(isOpenToWorld);
      if (open && admits(a['protocol'], a['from_port'], a['to_port'], port)) return `${rule.address} allows ${open}`;
    } else {
      const open = [...strings(a['cidr_ipv4']), ...strings(a['cidr_ipv6'])].find(isOpenToWorld);
      if (open && admits(a['ip_protocol'], a['from_port'], a['to_port'], port)) return `${rule.address} allows ${open}`;
    }
  }
  return undefined;
}

export const dbReachableFromInternet = awsRule({
  id: 'db-reachable-from-internet',
  title: 'Database reachable from the internet',
  severity: 'critical',
  cwe: [284, 668],
  description: 'The database is publicly accessible and a security group attached to it admits 0.0.0.0/0 (or ::/0) on its port, so anyone on the internet can reach the listener and try credentials or exploits.',
  remediation: 'Set `publicly_accessible = false`, and restrict the security group ingress to the application subnets or security groups.',
  types: ['aws_db_instance', 'aws_rds_cluster', 'aws_rds_cluster_instance', 'aws_redshift_cluster', 'aws_redshiftserverless_workgroup'],
  doc: 'db_instance',
  check(r, report, { graph }) {
    if (!isTrue(r.attrs['publicly_accessible'])) return;
    // Aurora instances listen on their cluster's port behind the cluster's security groups.
    let holder = r;
    if (r.type === 'aws_rds_cluster_instance') {
      const cluster = graph.targets(r, 'cluster_identifier', ['aws_rds_cluster'])[0];
      if (!cluster) return;
      holder = cluster;
    }
    const port = num(holder.attrs['port']) ?? (holder.attrs['port'] === undefined ? defaultPort(holder) : undefined);
    // Redshift Serverless names its groups security_group_ids; the rest vpc_security_group_ids.
    const sgAttr = holder.type === 'aws_redshiftserverless_workgroup' ? 'security_group_ids' : 'vpc_security_group_ids';
    for (const sg of graph.targets(holder, sgAttr, [SG])) {
      const why = openIngress(sg, port, graph);
      if (why) {
        report('publicly_accessible', `${r.address} is publicly accessible and ${why} on port ${port ?? 'any'}`);
        return;
      }
    }
  },
});

export const rdsExposureRules: CloudRule[] = [dbReachableFromInternet];
