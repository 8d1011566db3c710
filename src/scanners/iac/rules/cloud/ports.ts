/**
 * Ports of services attackers scan the internet for, shared by the AWS security group, Azure
 * NSG and GCP firewall rules so that one exposure is judged the same on every provider.
 */

/** Databases and data stores. */
export const DATABASE_PORTS: Record<number, string> = {
  1433: 'SQL Server',
  1434: 'SQL Server browser',
  1521: 'Oracle',
  2383: 'SQL Server Analysis Services',
  4333: 'mSQL',
  3306: 'MySQL',
  5432: 'PostgreSQL',
  5601: 'Kibana',
  5984: 'CouchDB',
  6379: 'Redis',
  7000: 'Cassandra inter-node',
  9042: 'Cassandra',
  9200: 'Elasticsearch',
  9300: 'Elasticsearch transport',
  11211: 'Memcached',
  27017: 'MongoDB',
};

/** Plaintext or remote-administration services (SSH and RDP have rules of their own). */
export const ADMIN_PORTS: Record<number, string> = {
  20: 'FTP data',
  21: 'FTP',
  23: 'Telnet',
  111: 'RPC portmapper',
  135: 'MS RPC',
  137: 'NetBIOS name service',
  138: 'NetBIOS datagram service',
  139: 'NetBIOS session service',
  445: 'SMB',
  2049: 'NFS',
  2375: 'Docker API',
  2376: 'Docker API (TLS)',
  2379: 'etcd',
  2380: 'etcd peer',
  5900: 'VNC',
  5985: 'WinRM',
  5986: 'WinRM (TLS)',
  6443: 'Kubernetes API',
  10250: 'kubelet',
};

