import type { DockerfileRule } from './rule.js';
import { base, posIn, runs, runCommandsOf } from './shell.js';

const MANAGERS = new Set(['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper']);
const UPDATE = new Set(['update', 'makecache', 'refresh', 'ref', 'check-update']);
const INSTALL = new Set(['install', 'add', 'upgrade', 'dist-upgrade', 'in', 'update-cache']);

export const updateWithoutInstall: DockerfileRule = {
  id: 'iac/dockerfile/update-without-install',
  title: 'Package index updated in a RUN of its own',
  severity: 'low',
  cwe: [1357],
  description:
    'A RUN that only refreshes the package index is cached as its own layer; later RUNs that install packages then reuse a stale index and install outdated (possibly vulnerable) versions, or fail.',
  remediation: 'Update and install in the same RUN: `RUN apt-get update && apt-get install -y --no-install-recommends pkg && rm -rf /var/lib/apt/lists/*`.',
  check(m, report) {
    for (const ins of runs(m)) {
      const cmds = runCommandsOf(ins).map((c) => ({ c, w: c.words.filter((x) => x !== 'sudo' && !/^[A-Za-z_]\w*=/.test(x)) }));
      const pm = cmds.filter(({ w }) => MANAGERS.has(base(w[0])));
      if (!pm.length) continue;
      const upd = pm.find(({ w }) => w.slice(1).some((x) => UPDATE.has(x)) && !w.slice(1).some((x) => INSTALL.has(x)));
      if (!upd) continue;
      if (pm.some(({ w }) => w.slice(1).some((x) => INSTALL.has(x)))) continue;
      // yum/dnf "update" upgrades packages; only apt/apk/zypper refresh just the index
      const tool = base(upd.w[0]);
      if ((tool === 'yum' || tool === 'dnf' || tool === 'microdnf') && upd.w.includes('update')) continue;
      report(ins, `RUN '${upd.w.join(' ').slice(0, 80)}' refreshes the package index without installing in the same RUN`, { at: posIn(ins, upd.c.offsets[0]), key: tool });
    }
  },
};
