/** sast.* config errors name rampart.yaml and the line; a missing sast.rules path is one of them. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_SOURCE_KEY, loadConfig, sectionLines } from '../../src/core/config.js';
import { InputError } from '../../src/core/errors.js';
import { sastOptions } from '../../src/scanners/sast/options.js';
import { tmpTrees } from '../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

/** The error sastOptions throws for the sast section of a rampart.yaml, as the core would pass it. */
async function sastError(yaml: string, dirs: string[] = []): Promise<InputError> {
  const root = trees.make({ 'rampart.yaml': yaml });
  for (const d of dirs) mkdirSync(join(root, d), { recursive: true });
  const path = join(root, 'rampart.yaml');
  const { config } = await loadConfig(path);
  try {
    sastOptions({ ...config.sast, configDir: root }, root);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('no error');
}

describe('sast config errors', () => {
  it('an unknown or wrong key names the file and its line', async () => {
    const e = await sastError('version: 1\n\nsast:\n  soruces: [http]\n');
    expect(e.message).toMatch(/rampart\.yaml:4: sast\.soruces: unknown key "soruces"$/);
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe('E_CONFIG_INVALID');
    const item = await sastError('version: 1\nsast:\n  sources:\n    - http\n    - cookies\n');
    expect(item.message).toMatch(/rampart\.yaml:5: sast\.sources\.1: expected one of/);
    const flag = await sastError('sast:\n  cache: maybe\n');
    expect(flag.message).toMatch(/rampart\.yaml:2: sast\.cache: expected true or false/);
  });

  it('sast.rules naming a folder that does not exist, or a file, is a config error', async () => {
    const missing = await sastError('version: 1\nsast:\n  bestPractices: true\n  rules: ./securty-rules\n', ['security-rules']);
    expect(missing.message).toMatch(/rampart\.yaml:4: sast\.rules: "\.\/securty-rules" does not exist \(.*securty-rules\)$/);
    expect(missing.exitCode).toBe(2);
    const root = trees.make({ 'rampart.yaml': 'sast:\n  rules: rules.yaml\n', 'rules.yaml': 'rules: []\n' });
    const { config } = await loadConfig(join(root, 'rampart.yaml'));
    expect(() => sastOptions({ ...config.sast, configDir: root }, root)).toThrow(/rampart\.yaml:2: sast\.rules: "rules\.yaml" is not a folder/);
  });

  it('a good section loads; the source key is internal and only added to a non-empty section', async () => {
    const root = trees.make({ 'rampart.yaml': 'sast:\n  rules: ./r\n', 'r/a.yaml': 'rules: []\n' });
    const { config } = await loadConfig(join(root, 'rampart.yaml'));
    expect(config.sast[CONFIG_SOURCE_KEY]).toEqual({ file: join(root, 'rampart.yaml'), lines: { rules: 2 } });
    expect(sastOptions({ ...config.sast, configDir: root }, root).rules).toBe(join(root, 'r'));
    const empty = trees.make({ 'rampart.yaml': 'version: 1\n' });
    expect((await loadConfig(join(empty, 'rampart.yaml'))).config.sast).toEqual({});
  });

  it('without a config file the error still names rampart.yaml', () => {
    expect(() => sastOptions({ soruces: [] })).toThrow(/^rampart\.yaml: sast\.soruces: unknown key/);
  });

  it('sectionLines gives keys and list items under a section', () => {
    expect(sectionLines('a: 1\nsast:\n  sources:\n    - http\n  cache: false\n', 'sast')).toEqual({ sources: 3, 'sources.0': 4, cache: 5 });
    expect(sectionLines('a: [', 'sast')).toEqual({});
  });
});
