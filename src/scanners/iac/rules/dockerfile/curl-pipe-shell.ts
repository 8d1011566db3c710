import type { DockerfileRule } from './rule.js';
import { base, posIn, runCommands, runs, runScript } from './shell.js';

/** PowerShell: `iwr URL | iex`, `iex (New-Object Net.WebClient).DownloadString(URL)`. */
const PWSH = /\b(iwr|irm|Invoke-WebRequest|Invoke-RestMethod|DownloadString)\b[^\n|]{0,500}\|\s*(iex|Invoke-Expression)\b/i;
const PWSH_IEX = /\b(iex|Invoke-Expression)\b[^\n]{0,100}\b(DownloadString|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b/i;
const SUBST = /\b((?:ba|z|k|da)?sh)\s+(?:-[a-z]+\s+)*(?:["']?\$\(|<\()\s*(curl|wget)\b/;

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'python', 'python3', 'perl', 'ruby', 'node', 'php']);

export const curlPipeShell: DockerfileRule = {
  id: 'iac/dockerfile/curl-pipe-shell',
  title: 'Remote script piped into a shell',
  severity: 'high',
  cwe: [494],
  description:
    'A RUN downloads a script with curl or wget and pipes it straight into an interpreter. Whatever the server (or anyone on the path) returns at build time is executed, with no review and no integrity check.',
  remediation: 'Download the script to a file, verify its checksum or signature, then run it; or install the tool from a signed package.',
  check(m, report) {
    // `sh -c "$(curl ...)"` and `bash <(curl ...)`: same thing without a pipe.
    for (const ins of runs(m)) {
      const script = runScript(ins);
      const hit = SUBST.exec(script);
      if (hit) report(ins, `${hit[2]} output is run by ${hit[1]}`, { at: posIn(ins, hit.index), key: `${hit[2]}|${hit[1]}|subst` });
      const ps = PWSH.exec(script) ?? PWSH_IEX.exec(script);
      if (ps) report(ins, 'a downloaded PowerShell script is run with Invoke-Expression', { at: posIn(ins, ps.index), key: 'iex' });
    }
    for (const { ins, cmd, eff, all, i } of runCommands(m)) {
      const tool = base(eff[0]);
      if (tool !== 'curl' && tool !== 'wget') continue;
      if (cmd.next !== '|') continue;
      const nextCmd = all[i + 1];
      if (!nextCmd) continue;
      const words = nextCmd.words.filter((w) => w !== 'sudo' && !w.startsWith('-') && !/^[A-Za-z_]\w*=/.test(w));
      const sh = base(words[0]);
      if (!SHELLS.has(sh)) continue;
      report(ins, `${tool} output is piped into ${sh}`, { at: posIn(ins, cmd.offsets[0]), key: `${tool}|${sh}` });
    }
  },
};
