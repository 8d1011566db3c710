/**
 * Models specialised per project: its view templates' raw outputs (modelsForProject), and models
 * that depend on the version of a library the project declares. js-yaml 4 made
 * `load` safe (its default schema builds no functions or regexps); only js-yaml 3's `load` runs
 * `!!js/function` tags. So when the project's package.json asks for js-yaml 4 or later, `load` is
 * no sink. A project without a package.json, or one that does not name js-yaml, keeps the sink.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import type { TaintModel } from './types.js';
import { viewLocals } from '../views/index.js';
import { viewModel } from '../views/sinks.js';

const DEP_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** The lowest version the project's package.json range for `name` allows, or undefined. */
export function declaredMinVersion(root: string, name: string): string | undefined {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  for (const field of DEP_FIELDS) {
    const deps = pkg[field];
    if (!deps || typeof deps !== 'object') continue;
    const range = (deps as Record<string, unknown>)[name];
    if (typeof range !== 'string') continue;
    try {
      return semver.minVersion(range)?.version;
    } catch {
      return undefined; // a git URL, a tag, a workspace: protocol — unknown
    }
  }
  return undefined;
}

/**
 * `models` for one project: without the sinks its declared library versions make safe, and with
 * its view templates' unescaped locals as render-call sinks (views/). `files` (root-relative scanned
 * sources) say where to look for `views/` folders and view configuration; without them the tree is
 * walked. These models are hashed into the taint cache's key, so a template whose raw outputs
 * change re-analyses the files (views/sinks.ts puts the output's line in each sink).
 */
export function modelsForProject(models: TaintModel[], root: string, files?: readonly string[]): TaintModel[] {
  const views = viewModel(viewLocals(root, files));
  const withViews = views ? [...models, views] : models;
  const yaml = declaredMinVersion(root, 'js-yaml');
  if (!yaml || semver.major(yaml) < 4) return withViews;
  return withViews.map((m) => (m.sinks?.some((s) => s.id === 'js-yaml.load') ? { ...m, sinks: m.sinks.filter((s) => s.id !== 'js-yaml.load') } : m));
}
