import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { field, getString, podSc } from './util.js';

/** Sysctls the Pod Security Standards baseline allows. */
const SAFE = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

export const unsafeSysctls: KubeRule = {
  id: `${PREFIX}unsafe-sysctls`,
  title: 'Unsafe sysctl',
  severity: 'medium',
  cwe: [693],
  description: 'Sysctls outside the safe, namespaced set can affect every pod on the node or disable kernel protections (Pod Security Standards baseline: securityContext.sysctls[*].name must be in the safe list).',
  remediation: 'Remove the sysctl, or tune it on dedicated nodes outside the workload spec.',
  references: [PSS_URL],
  check(o, report) {
    const p = o.podSpec;
    if (!p) return;
    const f = field(podSc(p), 'sysctls');
    if (f?.node.type !== 'seq') return;
    for (const s of f.node.items) {
      const name = getString(s, 'name');
      if (name !== undefined && !SAFE.has(name)) report(s.pos, `pod sets unsafe sysctl ${name}`, `${p.path}.securityContext.sysctls[${name}]`);
    }
  },
};
