import type { Ecosystem } from './package.js';
import type { VersionScheme } from './version.js';
import { scheme as alpine } from './ecosystems/alpine/version.js';
import { scheme as cargo } from './ecosystems/cargo/version.js';
import { scheme as composer } from './ecosystems/composer/version.js';
import { scheme as debian } from './ecosystems/debian/version.js';
import { scheme as go } from './ecosystems/go/version.js';
import { scheme as maven } from './ecosystems/maven/version.js';
import { scheme as npm } from './ecosystems/npm/version.js';
import { scheme as nuget } from './ecosystems/nuget/version.js';
import { scheme as pypi } from './ecosystems/pypi/version.js';
import { scheme as rpm } from './ecosystems/rpm/version.js';
import { scheme as rubygems } from './ecosystems/rubygems/version.js';

/** Every version scheme, one per ordering. */
export const schemes: readonly VersionScheme[] = [npm, pypi, go, cargo, rubygems, composer, maven, nuget, debian, rpm, alpine];

const byEcosystem = new Map<string, VersionScheme>();
for (const s of schemes) for (const e of s.ecosystems) byEcosystem.set(e, s);

/**
 * The ordering for an OSV ecosystem name. OSV qualifies OS ecosystems with a release after `:`
 * (`Debian:12`, `Alpine:v3.19`, `Ubuntu:22.04:LTS`, `AlmaLinux:9`, `Red Hat:enterprise_linux:9`):
 * only the part before the first `:` selects the scheme. Names are matched exactly as OSV spells
 * them; undefined for an ecosystem without a scheme.
 */
export function versionScheme(ecosystem: Ecosystem | string): VersionScheme | undefined {
  if (typeof ecosystem !== 'string') return undefined;
  const colon = ecosystem.indexOf(':');
  return byEcosystem.get(colon >= 0 ? ecosystem.slice(0, colon) : ecosystem);
}

/**
 * Orders two versions of one ecosystem (negative, zero, positive). Undefined when the ecosystem
 * has no scheme. Never throws: invalid versions follow the scheme's documented fallback order.
 */
export function compareVersions(ecosystem: Ecosystem | string, a: string, b: string): number | undefined {
  return versionScheme(ecosystem)?.compare(a, b);
}
