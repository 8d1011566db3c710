// Monorepo generator for bench/deps.mjs: N lockfiles of mixed formats (package-lock.json v3,
// pnpm-lock.yaml v9, requirements.txt, go.mod, Cargo.lock v3, Gemfile.lock, poetry.lock 2.0) with
// realistic sizes. A few per cent of each file's packages are real advisory packages from the OSV
// exports at a version inside an affected range ("planted"), a few more are advisory packages at
// their newest fixed version ("safe"), the rest are synthetic names no advisory names.
// Deterministic: same OSV data + seed + count -> same bytes.
import { mkdirSync, rmSync, writeFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Rng, HEX, BASE64 } from './prng.mjs';

export const CORPUS_VERSION = 2;

/** Lockfile kinds: file name, ecosystem, share of the files, median package count. */
export const KINDS = [
  { kind: 'package-lock', file: 'package-lock.json', eco: 'npm', share: 40, median: 600 },
  { kind: 'pnpm-lock', file: 'pnpm-lock.yaml', eco: 'npm', share: 30, median: 400 },
  { kind: 'requirements', file: 'requirements.txt', eco: 'PyPI', share: 35, median: 40 },
  { kind: 'go-mod', file: 'go.mod', eco: 'Go', share: 30, median: 50 },
  { kind: 'cargo-lock', file: 'Cargo.lock', eco: 'crates.io', share: 25, median: 250 },
  { kind: 'gemfile-lock', file: 'Gemfile.lock', eco: 'RubyGems', share: 20, median: 120 },
  { kind: 'poetry-lock', file: 'poetry.lock', eco: 'PyPI', share: 20, median: 80 },
];
export const CORPUS_ECOSYSTEMS = ['Go', 'PyPI', 'crates.io', 'RubyGems', 'npm'];

// ---------- advisory pools (read from the OSV zips with the built reader) ----------

function parseNum(v) {
  // leading dotted-numeric release, the rest as suffix (a one-line string only). The suffix is a
  // slice, not `(.*)$`: with `.*` after `\d+` a string with a line break backtracks quadratically.
  const m = /^\d+(?:\.\d+)*/.exec(v);
  if (!m || /[\n\r\u2028\u2029]/.test(v)) return null;
  return { parts: m[0].split('.').map(Number), suffix: v.slice(m[0].length) };
}

/** A version just below `fixed` on the dotted-numeric release (drops any suffix), or null. */
function below(fixed) {
  const p = parseNum(fixed);
  if (!p) return null;
  const parts = p.parts.slice();
  if (parts.length < 2) return null;
  for (let i = parts.length - 1; i >= 1; i--) {
    if (parts[i] > 0) {
      parts[i]--;
      return parts.join('.');
    }
  }
  return null; // would need a major decrement: skip
}

// '0', '0.0.0-0', git hashes and RubyGems' '<bump>.A' range sentinels are not versions a lockfile holds
const bad = (v) => !v || v === '0' || /^0\.0\.0(-0)?$/.test(v) || /^[0-9a-f]{40}$/.test(v) || /\.A$/.test(v);

/** Candidate affected versions of one affected[] entry. */
function affectedVersions(aff) {
  const out = new Set();
  for (const v of aff.versions ?? []) if (!bad(v)) out.add(v);
  for (const r of aff.ranges ?? []) {
    if (r.type !== 'SEMVER' && r.type !== 'ECOSYSTEM') continue;
    let intro = null;
    for (const e of r.events ?? []) {
      if ('introduced' in e) {
        intro = e.introduced;
        if (!bad(intro)) out.add(intro);
      } else if ('fixed' in e) {
        if (bad(intro)) {
          const b = below(e.fixed);
          if (b) out.add(b);
        }
        intro = null;
      } else if ('last_affected' in e) {
        if (!bad(e.last_affected)) out.add(e.last_affected);
        intro = null;
      }
    }
  }
  return [...out];
}

function newestFixed(aff) {
  let best = null;
  for (const r of aff.ranges ?? []) for (const e of r.events ?? []) if (e.fixed && !bad(e.fixed)) best = e.fixed; // events are in order
  return best;
}

/** Go module versions must be valid for go.mod: skip majors >= 2 without a /vN suffix, and non-semver. */
function goOk(name, v) {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(v)) return false;
  const major = Number(v.split('.')[0]);
  const sfx = /\/v(\d+)$/.exec(name);
  if (sfx) return Number(sfx[1]) === major;
  return major < 2;
}

export async function loadPools(osvDir, distDir) {
  const { readZipJsonEntries } = await import(pathToFileURL(resolve(distDir, 'vulndb/zip.js')).href);
  const pools = {};
  for (const eco of CORPUS_ECOSYSTEMS) {
    const byName = new Map();
    const zip = join(osvDir, eco, 'all.zip');
    if (!existsSync(zip)) continue;
    for await (const entry of readZipJsonEntries(zip, () => {})) {
      let rec;
      try {
        rec = JSON.parse(entry.data.toString('utf8'));
      } catch {
        continue;
      }
      if (rec.withdrawn) continue;
      for (const aff of rec.affected ?? []) {
        const name = aff.package?.name;
        if (aff.package?.ecosystem !== eco || !name) continue;
        if (eco === 'Go' && (name === 'stdlib' || name === 'toolchain' || !name.includes('.'))) continue;
        let vs = affectedVersions(aff);
        let safe = newestFixed(aff);
        if (eco === 'Go') {
          vs = vs.filter((v) => goOk(name, v));
          if (safe && !goOk(name, safe)) safe = null;
        }
        if (!vs.length) continue;
        let p = byName.get(name);
        if (!p) byName.set(name, (p = { name, vulnerable: new Set(), safe: null }));
        for (const v of vs) p.vulnerable.add(v);
        if (safe) p.safe = safe;
      }
    }
    pools[eco] = [...byName.values()]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((p) => ({ name: p.name, vulnerable: [...p.vulnerable].sort(), safe: p.safe }));
  }
  return pools;
}

// ---------- lockfile writers ----------

const integrity = (rng) => `sha512-${rng.str(BASE64, 86)}==`;
const sha256 = (rng) => rng.str(HEX, 64);
const semverish = (rng) => `${rng.range(0, 4)}.${rng.range(0, 30)}.${rng.range(0, 15)}`;

function npmName(rng, i, prefix) {
  return rng.chance(0.15) ? `@${prefix}${rng.int(20)}/lib-${i}` : `${prefix}-lib-${i}`;
}

function packageLock(rng, app, pkgs) {
  const packages = { '': { name: app, version: '1.0.0', dependencies: {}, devDependencies: {} } };
  const top = [];
  for (const p of pkgs) {
    let key = `node_modules/${p.name}`;
    if (packages[key] && packages[key].version !== p.version) {
      // nested duplicate under some other top-level package
      key = `node_modules/${rng.pick(top)}/node_modules/${p.name}`;
    }
    if (packages[key]) continue;
    const e = {
      version: p.version,
      resolved: `https://registry.npmjs.org/${p.name}/-/${p.name.split('/').pop()}-${p.version}.tgz`,
      integrity: integrity(rng),
      license: 'MIT',
    };
    if (p.dev) e.dev = true;
    if (top.length > 3 && rng.chance(0.5)) {
      e.dependencies = {};
      for (let k = rng.int(5); k > 0; k--) e.dependencies[rng.pick(top)] = '^1.0.0';
    }
    packages[key] = e;
    if (!key.includes('/node_modules/', 13)) {
      top.push(p.name);
      if (p.direct) packages[''][p.dev ? 'devDependencies' : 'dependencies'][p.name] = `^${p.version}`;
    }
  }
  return JSON.stringify({ name: app, version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
}

function pnpmLock(rng, pkgs) {
  const q = (s) => (s.startsWith('@') ? `'${s}'` : s);
  const seen = new Set();
  const list = pkgs.filter((p) => !seen.has(`${p.name}@${p.version}`) && seen.add(`${p.name}@${p.version}`));
  let s = "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\nimporters:\n\n  .:\n";
  const direct = list.filter((p) => p.direct && !p.dev);
  const dev = list.filter((p) => p.direct && p.dev);
  const sect = (title, arr) => {
    const names = new Set();
    let t = '';
    for (const p of arr) {
      if (names.has(p.name)) continue;
      names.add(p.name);
      t += `      ${q(p.name)}:\n        specifier: ^${p.version}\n        version: ${p.version}\n`;
    }
    return t ? `    ${title}:\n${t}` : '';
  };
  s += sect('dependencies', direct) + sect('devDependencies', dev);
  s += '\npackages:\n\n';
  for (const p of list) s += `  ${q(`${p.name}@${p.version}`)}:\n    resolution: {integrity: ${integrity(rng)}}\n    engines: {node: '>=14'}\n\n`;
  s += 'snapshots:\n\n';
  for (const p of list) {
    const deps = [];
    for (let k = rng.int(4); k > 0; k--) deps.push(rng.pick(list));
    const uniq = [...new Map(deps.filter((d) => d.name !== p.name).map((d) => [d.name, d])).values()];
    s += `  ${q(`${p.name}@${p.version}`)}:${uniq.length ? '' : ' {}'}\n`;
    if (uniq.length) {
      s += '    dependencies:\n';
      for (const d of uniq) s += `      ${q(d.name)}: ${d.version}\n`;
    }
    s += '\n';
  }
  return s;
}

function pyDisplay(rng, name) {
  // requirements.txt is written by people: some names keep their PyPI display case or use '_'
  if (rng.chance(0.1)) return name.charAt(0).toUpperCase() + name.slice(1);
  if (rng.chance(0.05)) return name.replace(/-/g, '_');
  return name;
}

function requirements(rng, pkgs) {
  let s = '#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n#    pip-compile requirements.in\n#\n';
  for (const p of pkgs) {
    // some lines carry extras or an environment marker, as pip-compile writes them
    const extra = rng.chance(0.05) ? '[security]' : '';
    const marker = rng.chance(0.05) ? ' ; python_version >= "3.8"' : '';
    s += `${pyDisplay(rng, p.name)}${extra}==${p.version}${marker}\n`;
    if (rng.chance(0.4)) s += `    # via ${rng.pick(pkgs).name}\n`;
  }
  return s;
}

function goMod(rng, app, pkgs) {
  const goV = rng.pick(['1.21', '1.21.5', '1.22.0', '1.22.4', '1.23.2', '1.24.1', '1.25.0']);
  let s = `module example.com/bench/${app}\n\ngo ${goV}\n\nrequire (\n`;
  const seen = new Set();
  const list = pkgs.filter((p) => !seen.has(p.name) && seen.add(p.name));
  const direct = list.filter((p) => p.direct);
  const indirect = list.filter((p) => !p.direct);
  for (const p of direct) s += `\t${p.name} v${p.version}\n`;
  s += ')\n\nrequire (\n';
  for (const p of indirect) s += `\t${p.name} v${p.version} // indirect\n`;
  return s + ')\n';
}

function cargoLock(rng, app, pkgs) {
  let s = '# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 3\n\n';
  const seen = new Set();
  const list = pkgs.filter((p) => !seen.has(`${p.name}@${p.version}`) && seen.add(`${p.name}@${p.version}`));
  const all = [{ name: app, version: '0.1.0', local: true }, ...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const versions = new Map();
  for (const p of list) versions.set(p.name, (versions.get(p.name) ?? 0) + 1);
  // Cargo names a dependency "name version" when the lockfile holds several versions of it
  const ref = (d) => (versions.get(d.name) > 1 ? `${d.name} ${d.version}` : d.name);
  for (const p of all) {
    s += `[[package]]\nname = "${p.name}"\nversion = "${p.version}"\n`;
    if (!p.local) s += `source = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${sha256(rng)}"\n`;
    if (p.local || rng.chance(0.5)) {
      const deps = new Set();
      for (let k = rng.int(p.local ? 12 : 4); k > 0; k--) deps.add(ref(rng.pick(list)));
      if (deps.size) s += `dependencies = [\n${[...deps].sort().map((d) => ` "${d}",`).join('\n')}\n]\n`;
    }
    s += '\n';
  }
  return s;
}

function gemfileLock(rng, pkgs) {
  const seen = new Set();
  const list = pkgs.filter((p) => !seen.has(p.name) && seen.add(p.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  let s = 'GEM\n  remote: https://rubygems.org/\n  specs:\n';
  for (const p of list) {
    // a few gems are locked for a platform: "name (version-platform)"
    s += `    ${p.name} (${p.version}${rng.chance(0.05) ? '-x86_64-linux' : ''})\n`;
    for (let k = rng.int(3); k > 0; k--) s += `      ${rng.pick(list).name} (>= 0)\n`;
  }
  s += '\nPLATFORMS\n  ruby\n  x86_64-linux\n\nDEPENDENCIES\n';
  for (const p of list.filter((x) => x.direct)) s += `  ${p.name}\n`;
  return s + '\nBUNDLED WITH\n   2.4.22\n';
}

function poetryLock(rng, pkgs) {
  const seen = new Set();
  const list = pkgs.filter((p) => !seen.has(p.name) && seen.add(p.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  let s = '# This file is automatically @generated by Poetry 1.8.2 and should not be changed by hand.\n\n';
  for (const p of list) {
    s += `[[package]]\nname = "${p.name}"\nversion = "${p.version}"\ndescription = "A package"\noptional = false\npython-versions = ">=3.8"\nfiles = [\n    {file = "${p.name.replace(/-/g, '_')}-${p.version}-py3-none-any.whl", hash = "sha256:${sha256(rng)}"},\n]\n\n`;
    if (rng.chance(0.3)) s += `[package.dependencies]\n${rng.pick(list).name} = ">=1.0"\n\n`;
  }
  return s + `[metadata]\nlock-version = "2.0"\npython-versions = "^3.10"\ncontent-hash = "${sha256(rng)}"\n`;
}

// ---------- monorepo ----------

/** Synthetic package names no advisory uses, in each ecosystem's style. */
function synthetic(rng, eco, i, app) {
  switch (eco) {
    case 'npm':
      return { name: npmName(rng, i, 'bench'), version: semverish(rng) };
    case 'PyPI':
      return { name: `bench-py-${i}`, version: `${rng.range(0, 5)}.${rng.range(0, 20)}.${rng.range(0, 9)}` };
    case 'Go':
      return { name: `example.com/bench-mods/m${i}`, version: `${rng.range(0, 1)}.${rng.range(0, 20)}.${rng.range(0, 9)}` };
    case 'crates.io':
      return { name: `bench-crate-${i}`, version: semverish(rng) };
    case 'RubyGems':
      return { name: `bench-gem-${i}`, version: `${rng.range(0, 6)}.${rng.range(0, 12)}.${rng.range(0, 9)}` };
    default:
      throw new Error(`${eco} in ${app}`);
  }
}

function render(kind, rng, app, pkgs) {
  switch (kind) {
    case 'package-lock':
      return packageLock(rng, app, pkgs);
    case 'pnpm-lock':
      return pnpmLock(rng, pkgs);
    case 'requirements':
      return requirements(rng, pkgs);
    case 'go-mod':
      return goMod(rng, app, pkgs);
    case 'cargo-lock':
      return cargoLock(rng, app, pkgs);
    case 'gemfile-lock':
      return gemfileLock(rng, pkgs);
    case 'poetry-lock':
      return poetryLock(rng, pkgs);
  }
  throw new Error(kind);
}

/**
 * Writes the monorepo to `out` (replaced) and a manifest `${out}.manifest.json` last.
 * Returns the manifest. Reuses an existing corpus when its manifest's parameters match.
 */
export async function ensureMonorepo({ out, osvDir, distDir, files = 200, seed = 1, log = () => {} }) {
  const manifestPath = `${out}.manifest.json`;
  const params = { version: CORPUS_VERSION, files, seed, osvDir };
  if (existsSync(manifestPath) && existsSync(out)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (JSON.stringify(m.params) === JSON.stringify(params)) return m;
  }
  const t = performance.now();
  const pools = await loadPools(osvDir, distDir);
  rmSync(manifestPath, { force: true });
  rmSync(out, { recursive: true, force: true });
  const rng = new Rng(seed);
  // file count per kind, by share
  const totalShare = KINDS.reduce((a, k) => a + k.share, 0);
  const counts = KINDS.map((k) => Math.floor((files * k.share) / totalShare));
  for (let i = 0; counts.reduce((a, b) => a + b, 0) < files; i++) counts[i % counts.length]++;
  const manifest = { params, files: [], planted: 0, packages: 0, bytes: 0 };
  const areas = ['services', 'packages', 'tools', 'apps', 'libs'];
  let fileNo = 0;
  let synthNo = 0;
  KINDS.forEach((k, ki) => {
    const pool = pools[k.eco] ?? [];
    for (let f = 0; f < counts[ki]; f++) {
      const r = rng.fork(`${k.kind}-${f}`);
      const app = `${k.kind}-${String(f).padStart(3, '0')}`;
      const rel = `${r.pick(areas)}/${app}/${k.file}`;
      const n = Math.max(5, Math.round(r.logNormal(k.median, 2)));
      const vulnRate = pool.length && r.chance(0.8) ? 0.01 + r.float() * 0.04 : 0;
      const pkgs = [];
      const planted = [];
      for (let i = 0; i < n; i++) {
        const direct = r.chance(k.eco === 'npm' ? 0.1 : 0.4);
        const dev = k.eco === 'npm' && r.chance(0.15);
        const x = r.float();
        if (x < vulnRate) {
          const p = r.pick(pool);
          const version = r.pick(p.vulnerable);
          pkgs.push({ name: p.name, version, direct, dev, planted: true });
        } else if (pool.length && x < vulnRate + 0.03) {
          const p = r.pick(pool);
          if (p.safe) pkgs.push({ name: p.name, version: p.safe, direct, dev });
        } else {
          pkgs.push({ ...synthetic(r, k.eco, synthNo++, app), direct, dev });
        }
      }
      // one entry per name where the format allows only one (the renderers keep the first)
      const byName = ['requirements', 'go-mod', 'gemfile-lock', 'poetry-lock'].includes(k.kind);
      const seen = new Set();
      const kept = pkgs.filter((p) => {
        const id = byName ? p.name : `${p.name}@${p.version}`;
        return !seen.has(id) && seen.add(id);
      });
      planted.length = 0;
      for (const p of kept) if (p.planted) planted.push(`${p.name}@${p.version}`);
      const text = render(k.kind, r, app, kept);
      const path = join(out, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      manifest.files.push({ path: rel, kind: k.kind, ecosystem: k.eco, packages: kept.length, planted, bytes: Buffer.byteLength(text) });
      manifest.planted += planted.length;
      manifest.packages += kept.length;
      manifest.bytes += Buffer.byteLength(text);
      fileNo++;
    }
  });
  manifest.generatedMs = Math.round(performance.now() - t);
  writeFileSync(`${manifestPath}.tmp`, JSON.stringify(manifest, null, 1));
  renameSync(`${manifestPath}.tmp`, manifestPath);
  log(`generated ${fileNo} lockfiles in ${out} (${(manifest.bytes / 1e6).toFixed(1)} MB, ${manifest.packages} package entries, ${manifest.planted} planted vulnerable) in ${(manifest.generatedMs / 1000).toFixed(1)} s`);
  return manifest;
}
