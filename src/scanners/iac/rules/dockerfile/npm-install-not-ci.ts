import type { DockerfileRule } from './rule.js';
import { base, posIn, runCommands } from './shell.js';

export const npmInstallNotCi: DockerfileRule = {
  id: 'iac/dockerfile/npm-install-not-ci',
  title: 'npm install instead of npm ci',
  severity: 'low',
  cwe: [1357],
  description: '`npm install` without package names may update the lockfile and resolve different versions than the ones reviewed; `npm ci` installs exactly what package-lock.json says and fails if it is out of date.',
  remediation: 'Use `npm ci` (with `--omit=dev` for production images).',
  check(m, report) {
    for (const { ins, cmd, eff } of runCommands(m)) {
      if (base(eff[0]) !== 'npm' || (eff[1] !== 'install' && eff[1] !== 'i')) continue;
      const rest = eff.slice(2);
      if (rest.some((w) => !w.startsWith('-')) || rest.some((w) => w === '-g' || w === '--global')) continue;
      report(ins, `'npm ${eff[1]}' installs from package.json, not exactly from the lockfile`, { at: posIn(ins, cmd.offsets[cmd.words.indexOf('npm')]), key: 'npm' });
    }
  },
};
