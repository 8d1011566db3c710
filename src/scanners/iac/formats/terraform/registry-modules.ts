import type { Resource } from '../../model/resource.js';
import { isObject, isUnknown, Unknown, type ObjectValue, type Value } from '../../model/value.js';

/**
 * The most used public modules (terraform-aws-modules) are not fetched, but their inputs are
 * known, and what an input turns into is documented: `publicly_accessible = true` passed to
 * the RDS module is a public database. For those modules this file turns a call into the
 * resources the module creates, carrying only what the call sets explicitly. Every attribute the
 * call does not set reads as Unknown (the module's own default applies, and defaults change
 * between module versions), so rules about a missing attribute stay silent on these resources.
 */
export interface ModuleInput {
  value: Value;
  line: number;
  refs: string[];
}

export interface RegistryCall {
  /** `module.db` or `module.db["eu"]`, with any parent module prefix. */
  address: string;
  name: string;
  file: string;
  line: number;
  endLine: number;
  inputs: Map<string, ModuleInput>;
}

/** `terraform-aws-modules/rds/aws`, `…/security-group/aws//modules/ssh`, git URLs of the same repositories → `rds`, `security-group//ssh`. */
export function registryModuleName(source: string): string | undefined {
  const s = source.trim();
  let m = /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/([a-z0-9-]+)\/aws(?:\/\/modules\/([a-z0-9-]+))?\/?$/i.exec(s);
  if (!m) m = /github\.com[/:]terraform-aws-modules\/terraform-aws-([a-z0-9-]+?)(?:\.git)?(?:\/\/modules\/([a-z0-9-]+))?(?:\?.*)?$/i.exec(s);
  if (!m) return undefined;
  return m[2] ? `${m[1]!.toLowerCase()}//${m[2].toLowerCase()}` : m[1]!.toLowerCase();
}

/** The resources a known registry module call creates, or undefined for any other module. */
export function registryModuleResources(source: string, call: RegistryCall): Resource[] | undefined {
  const name = registryModuleName(source);
  if (!name) return undefined;
  const [base, sub] = name.split('//') as [string, string | undefined];
  const make = MODULES[base];
  return make ? make(call, sub) : undefined;
}

type Maker = (c: RegistryCall, sub: string | undefined) => Resource[];

/** Inputs that are provider attributes of the main resource under the same name. */
const RDS_PASSTHROUGH = ['engine', 'engine_version', 'publicly_accessible', 'storage_encrypted', 'kms_key_id', 'backup_retention_period', 'deletion_protection', 'iam_database_authentication_enabled', 'multi_az', 'auto_minor_version_upgrade', 'performance_insights_enabled', 'performance_insights_kms_key_id', 'monitoring_interval', 'enabled_cloudwatch_logs_exports', 'copy_tags_to_snapshot', 'ca_cert_identifier', 'port', 'vpc_security_group_ids', 'db_subnet_group_name', 'instance_class', 'skip_final_snapshot'];
const AURORA_PASSTHROUGH = ['engine', 'engine_version', 'engine_mode', 'storage_encrypted', 'kms_key_id', 'backup_retention_period', 'deletion_protection', 'iam_database_authentication_enabled', 'enabled_cloudwatch_logs_exports', 'copy_tags_to_snapshot', 'port', 'vpc_security_group_ids', 'skip_final_snapshot'];
/**
 * Inputs the RDS modules default to null in every version: unless the call sets one, the
 * database is not a replica, restore or cluster member (rules use these to skip copies).
 */
const NOT_A_COPY = ['replicate_source_db', 'snapshot_identifier', 'restore_to_point_in_time', 's3_import', 'replication_source_identifier', 'global_cluster_identifier', 'source_db_cluster_identifier', 'cluster_identifier'];
const EC2_PASSTHROUGH = ['ami', 'instance_type', 'associate_public_ip_address', 'monitoring', 'user_data', 'user_data_base64', 'iam_instance_profile', 'vpc_security_group_ids', 'subnet_id', 'ebs_optimized'];

const MODULES: Record<string, Maker> = {
  rds: (c) => [resource(c, 'aws_db_instance', passthrough(c, [...RDS_PASSTHROUGH, ...NOT_A_COPY]), {}, 'this', NOT_A_COPY)],
  'rds-aurora': (c) => [resource(c, 'aws_rds_cluster', passthrough(c, [...AURORA_PASSTHROUGH, ...NOT_A_COPY]), {}, 'this', NOT_A_COPY)],
  'ec2-instance': (c) => {
    const set = passthrough(c, EC2_PASSTHROUGH);
    const meta = c.inputs.get('metadata_options');
    if (meta) set.push(['metadata_options', asBlocks(meta.value), meta]);
    for (const n of ['root_block_device', 'ebs_block_device']) {
      const i = c.inputs.get(n);
      if (i) set.push([n, asBlocks(i.value), i]);
    }
    return [resource(c, 'aws_instance', set)];
  },
  's3-bucket': (c) => {
    const set = passthrough(c, ['bucket', 'acl', 'force_destroy']);
    const nested: [string, string][] = [['versioning', 'versioning'], ['server_side_encryption_configuration', 'server_side_encryption_configuration'], ['logging', 'logging']];
    for (const [input, attr] of nested) {
      const i = c.inputs.get(input);
      if (i && !(isObject(i.value) && Object.keys(i.value).length === 0)) set.push([attr, deepBlocks(i.value), i]);
    }
    const bucket = resource(c, 'aws_s3_bucket', set);
    const pab = passthrough(c, ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']);
    const out = [bucket];
    // The module always manages the bucket's public access block (attach_public_access_block defaults to true).
    if (!isFalseValue(c.inputs.get('attach_public_access_block')?.value)) {
      out.push(resource(c, 'aws_s3_bucket_public_access_block', pab, { bucket: [baseOf(bucket)] }, 'this'));
    }
    return out;
  },
  eks: (c) => {
    const set: Setting[] = [];
    const vpc: ObjectValue = {};
    let vpcLine: ModuleInput | undefined;
    for (const [input, attr] of [['cluster_endpoint_public_access', 'endpoint_public_access'], ['cluster_endpoint_private_access', 'endpoint_private_access'], ['cluster_endpoint_public_access_cidrs', 'public_access_cidrs']] as const) {
      const i = c.inputs.get(input);
      if (i) {
        vpc[attr] = i.value;
        vpcLine ??= i;
      }
    }
    if (vpcLine) set.push(['vpc_config', [openObject(vpc)], vpcLine, Object.fromEntries([...Object.keys(vpc)].map((k) => [k, lineFor(c, k)]))]);
    const logs = c.inputs.get('cluster_enabled_log_types');
    if (logs) set.push(['enabled_cluster_log_types', logs.value, logs]);
    return [resource(c, 'aws_eks_cluster', set)];
  },
  'security-group': (c, sub) => securityGroup(c, sub),
};

/** [attribute, value, the input it came from, optional lines of nested keys]. */
type Setting = [string, Value, ModuleInput, Record<string, number | undefined>?];

function passthrough(c: RegistryCall, names: readonly string[]): Setting[] {
  const out: Setting[] = [];
  for (const n of names) {
    const i = c.inputs.get(n);
    if (i) out.push([n, i.value, i]);
  }
  return out;
}

function lineFor(c: RegistryCall, attr: string): number | undefined {
  const map: Record<string, string> = { endpoint_public_access: 'cluster_endpoint_public_access', endpoint_private_access: 'cluster_endpoint_private_access', public_access_cidrs: 'cluster_endpoint_public_access_cidrs' };
  return c.inputs.get(map[attr] ?? attr)?.line;
}

function resource(c: RegistryCall, type: string, set: Setting[], extraRefs: Record<string, string[]> = {}, local = 'this', nullDefaults: readonly string[] = []): Resource {
  const attrs: ObjectValue = {};
  for (const k of nullDefaults) attrs[k] = null;
  const lines = new Map<string, number>();
  const refs = new Map<string, string[]>(Object.entries(extraRefs));
  for (const [attr, value, input, nested] of set) {
    attrs[attr] = value;
    lines.set(attr, input.line);
    if (Array.isArray(value)) value.forEach((_, i) => lines.set(`${attr}.${i}`, input.line));
    if (nested) for (const [k, l] of Object.entries(nested)) if (l !== undefined) lines.set(`${attr}.0.${k}`, l);
    if (input.refs.length) refs.set(attr, [...(refs.get(attr) ?? []), ...input.refs]);
  }
  return {
    type,
    name: local,
    address: `${c.address}.${type}.${local}`,
    source: 'terraform',
    file: c.file,
    line: c.line,
    endLine: c.endLine,
    attrs: openObject(attrs, `module ${c.name}`),
    lines,
    refs,
  };
}

function baseOf(r: Resource): string {
  return r.address;
}

/**
 * An object whose unset keys read as Unknown: the module's default, which varies by module
 * version, is not something a rule may assume.
 */
function openObject(o: ObjectValue, what = 'the module'): ObjectValue {
  const missing = new Unknown(`not set in the call to ${what}; the module's default applies`);
  return new Proxy(o, {
    get: (t, k) => (typeof k !== 'string' || k in t ? Reflect.get(t, k) : missing),
  });
}

/** A map input standing for a nested block (`metadata_options = { http_tokens = "required" }`) → a one-element block list. */
function asBlocks(v: Value): Value {
  if (isObject(v)) return [v];
  return v;
}

/** Nested maps (the S3 module's `server_side_encryption_configuration`) → nested block lists, as the provider schema has them. */
function deepBlocks(v: Value): Value {
  if (Array.isArray(v)) return v.map(deepBlocks);
  if (!isObject(v)) return v;
  const out: ObjectValue = {};
  for (const [k, x] of Object.entries(v)) out[k] = isObject(x) ? [deepBlocks(x) as ObjectValue] : deepBlocks(x);
  return [out];
}

const isFalseValue = (v: Value | undefined) => v === false || v === 'false';

// ---- security groups ----

/** Named rules of the security-group module: name → [from_port, to_port, protocol]. */
const SG_RULES: Record<string, [number, number, string]> = {
  'all-all': [-1, -1, '-1'],
  'all-tcp': [0, 65535, 'tcp'],
  'all-udp': [0, 65535, 'udp'],
  'all-icmp': [-1, -1, 'icmp'],
  'ssh-tcp': [22, 22, 'tcp'],
  'rdp-tcp': [3389, 3389, 'tcp'],
  'rdp-udp': [3389, 3389, 'udp'],
  'http-80-tcp': [80, 80, 'tcp'],
  'http-8080-tcp': [8080, 8080, 'tcp'],
  'https-443-tcp': [443, 443, 'tcp'],
  'https-8443-tcp': [8443, 8443, 'tcp'],
  'mysql-tcp': [3306, 3306, 'tcp'],
  'postgresql-tcp': [5432, 5432, 'tcp'],
  'mssql-tcp': [1433, 1433, 'tcp'],
  'oracle-db-tcp': [1521, 1521, 'tcp'],
  'redis-tcp': [6379, 6379, 'tcp'],
  'mongodb-27017-tcp': [27017, 27017, 'tcp'],
  'memcached-tcp': [11211, 11211, 'tcp'],
  'elasticsearch-rest-tcp': [9200, 9200, 'tcp'],
  'elasticsearch-java-tcp': [9300, 9300, 'tcp'],
  'kibana-tcp': [5601, 5601, 'tcp'],
  'cassandra-clients-tcp': [9042, 9042, 'tcp'],
  'kafka-broker-tcp': [9092, 9092, 'tcp'],
  'zookeeper-2181-tcp': [2181, 2181, 'tcp'],
  'docker-swarm-mngmt-tcp': [2377, 2377, 'tcp'],
  'winrm-http-tcp': [5985, 5985, 'tcp'],
  'winrm-https-tcp': [5986, 5986, 'tcp'],
  'ldap-tcp': [389, 389, 'tcp'],
  'smtp-tcp': [25, 25, 'tcp'],
  'dns-udp': [53, 53, 'udp'],
  'dns-tcp': [53, 53, 'tcp'],
  'ntp-udp': [123, 123, 'udp'],
};

function securityGroup(c: RegistryCall, sub: string | undefined): Resource[] {
  const group = resource(c, 'aws_security_group', passthrough(c, ['name', 'description', 'vpc_id']));
  const out: Resource[] = [group];
  const cidrs = c.inputs.get('ingress_cidr_blocks');
  const cidrs6 = c.inputs.get('ingress_ipv6_cidr_blocks');
  const named = c.inputs.get('ingress_rules');
  // A preset submodule (//modules/ssh) opens its own rules (`ssh-tcp`) to ingress_cidr_blocks.
  const presets = sub ? Object.keys(SG_RULES).filter((n) => n.startsWith(`${sub}-`)) : [];
  const names: { value: Value; input?: ModuleInput }[] = presets.map((p) => ({ value: p }));
  if (named && Array.isArray(named.value)) for (const v of named.value) names.push({ value: v, input: named });
  else if (named && isUnknown(named.value)) names.push({ value: named.value, input: named });
  let n = 0;
  for (const { value, input } of names) {
    const ports = typeof value === 'string' ? SG_RULES[value] : undefined;
    const set: Setting[] = [['type', 'ingress', input ?? cidrs ?? { value: null, line: c.line, refs: [] }]];
    const at = input ?? { value: null, line: c.line, refs: [] };
    if (ports) set.push(['from_port', ports[0], at], ['to_port', ports[1], at], ['protocol', ports[2], at]);
    else set.push(['from_port', new Unknown(`unknown rule name in ${c.address}`), at]);
    if (cidrs) set.push(['cidr_blocks', cidrs.value, cidrs]);
    if (cidrs6) set.push(['ipv6_cidr_blocks', cidrs6.value, cidrs6]);
    out.push(resource(c, 'aws_security_group_rule', set, { security_group_id: [group.address] }, `ingress_rules[${n++}]`));
  }
  for (const key of ['ingress_with_cidr_blocks', 'ingress_with_ipv6_cidr_blocks'] as const) {
    const list = c.inputs.get(key);
    if (!list || !Array.isArray(list.value)) continue;
    list.value.forEach((item, i) => {
      if (!isObject(item)) return;
      const ruleName = typeof item['rule'] === 'string' ? item['rule'] : undefined;
      const ports = ruleName ? SG_RULES[ruleName] : undefined;
      const from = item['from_port'] ?? ports?.[0];
      const to = item['to_port'] ?? ports?.[1];
      const protocol = item['protocol'] ?? ports?.[2];
      const set: Setting[] = [['type', 'ingress', list]];
      if (from !== undefined) set.push(['from_port', numeric(from), list]);
      if (to !== undefined) set.push(['to_port', numeric(to), list]);
      if (protocol !== undefined) set.push(['protocol', protocol, list]);
      // The module takes CIDRs as one comma-separated string per rule, else the call-wide list.
      const own = item[key === 'ingress_with_cidr_blocks' ? 'cidr_blocks' : 'ipv6_cidr_blocks'];
      const blocks = typeof own === 'string' ? own.split(',').map((s) => s.trim()).filter(Boolean) : own ?? (key === 'ingress_with_cidr_blocks' ? cidrs?.value : cidrs6?.value);
      if (blocks !== undefined) set.push([key === 'ingress_with_cidr_blocks' ? 'cidr_blocks' : 'ipv6_cidr_blocks', blocks, list]);
      out.push(resource(c, 'aws_security_group_rule', set, { security_group_id: [group.address] }, `${key}[${i}]`));
    });
  }
  return out;
}

function numeric(v: Value): Value {
  return typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
}
