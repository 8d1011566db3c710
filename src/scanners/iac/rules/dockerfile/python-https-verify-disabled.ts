import type { DockerfileRule } from './rule.js';

export const pythonHttpsVerifyDisabled: DockerfileRule = {
  id: 'iac/dockerfile/python-https-verify-disabled',
  title: 'Python HTTPS certificate verification disabled',
  severity: 'high',
  cwe: [295],
  description:
    'PYTHONHTTPSVERIFY=0 turns off certificate checks in Python\'s standard HTTPS client, and an empty CURL_CA_BUNDLE / REQUESTS_CA_BUNDLE makes `requests` skip them; set in ENV this stays on in the running container.',
  remediation: 'Remove the variable; point REQUESTS_CA_BUNDLE or SSL_CERT_FILE at a CA bundle that includes your private CA.',
  check(m, report) {
    for (const ins of m.instructions) {
      if (ins.keyword !== 'ENV') continue;
      for (const kv of ins.pairs) {
        const v = (kv.value ?? '').trim();
        if (kv.key === 'PYTHONHTTPSVERIFY' && v === '0') report(ins, 'ENV PYTHONHTTPSVERIFY=0 disables HTTPS verification in Python', { at: kv, key: kv.key });
        if ((kv.key === 'CURL_CA_BUNDLE' || kv.key === 'REQUESTS_CA_BUNDLE') && kv.value !== undefined && v === '') {
          report(ins, `ENV ${kv.key}="" disables certificate verification in requests`, { at: kv, key: kv.key });
        }
      }
    }
  },
};
