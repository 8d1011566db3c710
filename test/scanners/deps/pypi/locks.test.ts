import { describe, expect, it } from 'vitest';
import { extractor as poetry, extractPoetryLock } from '../../../../src/scanners/deps/ecosystems/pypi/poetry-lock.js';
import { extractor as uv, extractUvLock } from '../../../../src/scanners/deps/ecosystems/pypi/uv-lock.js';
import { extractor as pdm, extractPdmLock } from '../../../../src/scanners/deps/ecosystems/pypi/pdm-lock.js';
import { extractor as pylock, extractPylock } from '../../../../src/scanners/deps/ecosystems/pypi/pylock.js';
import { extractor as pipfile, extractPipfileLock } from '../../../../src/scanners/deps/ecosystems/pypi/pipfile-lock.js';
import { pypiExtractors } from '../../../../src/scanners/deps/ecosystems/pypi/index.js';
import type { ExtractResult } from '../../../../src/scanners/deps/package.js';
import { deps, fixture, issueRows, rows } from './helpers.js';

type Extract = (f: { path: string; content: string }) => ExtractResult;
const on = (fn: Extract, name: string, path = name) => fn({ path, content: fixture(name) });

describe('accepts', () => {
  it('each extractor takes its own file names only', () => {
    const table: [string, string][] = [
      ['poetry.lock', 'pypi/poetry-lock'],
      ['sub/uv.lock', 'pypi/uv-lock'],
      ['pdm.lock', 'pypi/pdm-lock'],
      ['pylock.toml', 'pypi/pylock'],
      ['x/pylock.dev.toml', 'pypi/pylock'],
      ['Pipfile.lock', 'pypi/pipfile-lock'],
      ['requirements.txt', 'pypi/requirements'],
    ];
    for (const [path, id] of table) expect(pypiExtractors.filter((e) => e.accepts(path)).map((e) => e.id), path).toEqual([id]);
    for (const path of ['Pipfile', 'pyproject.toml', 'pylock.a.b.toml', 'poetry.lock.bak', 'package-lock.json'])
      expect(pypiExtractors.filter((e) => e.accepts(path)), path).toEqual([]);
    expect([poetry, uv, pdm, pylock, pipfile].every((e) => e.ecosystem === 'PyPI')).toBe(true);
  });
});

describe('pypi/poetry-lock', () => {
  it('reads Poetry 2 groups, dependencies, and roots as direct', () => {
    const r = on(extractPoetryLock, 'poetry.lock');
    expect(rows(r)).toEqual([
      'certifi@2024.2.2 :4',
      'charset-normalizer@3.3.2 :15',
      'colorama@0.4.6 dev :24',
      'idna@3.6 :34',
      'pytest@8.0.2 direct dev :43',
      'iniconfig@2.0.0 dev :59',
      'requests@2.31.0 direct :68',
      'urllib3@2.2.1 :86',
      'flask-login@0.7.0.dev0 direct :109',
    ]);
    expect(deps(r)).toEqual({
      'pytest@8.0.2': ['colorama@0.4.6', 'iniconfig@2.0.0'],
      'requests@2.31.0': ['certifi@2024.2.2', 'charset-normalizer@3.3.2', 'idna@3.6', 'urllib3@2.2.1'],
    });
    expect(issueRows(r)).toEqual(['other :95 skipped acme-utils: local directory source ../acme-utils']);
    expect(r.packages[6]!.purl).toBe('pkg:pypi/requests@2.31.0');
  });

  it('reads lock-version 1.1 categories', () => {
    const r = on(extractPoetryLock, 'poetry-1.1.lock', 'poetry.lock');
    expect(rows(r)).toEqual(['jinja2@3.1.2 direct :2', 'markupsafe@2.1.3 :16', 'flake8@6.1.0 direct dev :24']);
    expect(r.issues).toEqual([]);
  });

  it('keeps good entries of a bad lock and reports an unknown lock-version', () => {
    const r = on(extractPoetryLock, 'poetry-bad.lock', 'poetry.lock');
    expect(rows(r)).toEqual(['ok@1.0.0 direct :2']);
    expect(issueRows(r)).toEqual([
      'unparsable :- unknown poetry.lock lock-version 9.0; read as 2.x',
      'unparsable :6 package entry without version',
      'unparsable :8 package entry without name',
    ]);
  });

  it('reports truncated, non-TOML and empty files', () => {
    expect(issueRows(on(extractPoetryLock, 'poetry-truncated.lock'))).toEqual(['unparsable :6 not TOML: Invalid TOML document: unfinished string']);
    expect(on(extractPoetryLock, 'not-toml.lock').issues[0]).toMatchObject({ kind: 'unparsable', line: 1, path: 'not-toml.lock', scanner: 'deps' });
    expect(issueRows(extractPoetryLock({ path: 'poetry.lock', content: '' }))).toEqual([
      'unparsable :- no [[package]] entries and no [metadata]: not a poetry.lock',
    ]);
  });
});

describe('pypi/uv-lock', () => {
  it('reads the graph from the project root: direct, dev groups and extras', () => {
    const r = on(extractUvLock, 'uv.lock');
    expect(rows(r)).toEqual([
      'anyio@4.3.0 :44',
      'click@8.1.7 :57',
      'colorama@0.4.6 :65',
      'fastapi@0.110.0 direct :70',
      'h2@4.1.0 :79',
      'httpx@0.27.0 direct :84',
      'idna@3.6 :98',
      'iniconfig@2.0.0 dev :103',
      'pydantic@2.6.4 :108',
      'pytest@8.1.1 direct dev :113',
      'ruff@0.3.4 direct dev :122',
      'sniffio@1.3.1 :127',
      'starlette@0.36.3 :132',
      'typer@0.12.0 direct :140',
    ]);
    expect(deps(r)['httpx@0.27.0']).toEqual(['anyio@4.3.0', 'idna@3.6', 'h2@4.1.0']);
    expect(deps(r)['pytest@8.1.1']).toEqual(['colorama@0.4.6', 'iniconfig@2.0.0']);
    // the editable root acme-api is not a package; a local directory source is skipped with an issue
    expect(r.packages.some((p) => p.name === 'acme-api')).toBe(false);
    expect(issueRows(r)).toEqual(['other :148 skipped vendored-helper: local path source']);
  });

  it('picks the locked version a dependency names when several are locked', () => {
    const r = extractUvLock({
      path: 'uv.lock',
      content: [
        'version = 1',
        '[[package]]',
        'name = "app"',
        'version = "1.0.0"',
        'source = { virtual = "." }',
        'dependencies = [{ name = "numpy", version = "1.26.4", source = { registry = "https://pypi.org/simple" }, marker = "python_version < \'3.13\'" }]',
        '[[package]]',
        'name = "numpy"',
        'version = "1.26.4"',
        'source = { registry = "https://pypi.org/simple" }',
        '[[package]]',
        'name = "numpy"',
        'version = "2.1.0"',
        'source = { registry = "https://pypi.org/simple" }',
      ].join('\n'),
    });
    expect(rows(r)).toEqual(['numpy@1.26.4 direct :8', 'numpy@2.1.0 :12']);
  });

  it('keeps good entries of an unknown lock version and reports it', () => {
    const r = on(extractUvLock, 'uv-unknown.lock', 'uv.lock');
    expect(rows(r)).toEqual(['six@1.16.0 direct :4']);
    expect(issueRows(r)).toEqual(['unparsable :- unknown uv.lock version 7; read as version 1', 'unparsable :9 package entry without version']);
    expect(issueRows(extractUvLock({ path: 'uv.lock', content: '' }))).toEqual(['unparsable :- no top-level `version`: not a uv.lock']);
    expect(on(extractUvLock, 'poetry-truncated.lock', 'uv.lock').issues[0]).toMatchObject({ kind: 'unparsable', line: 6 });
  });
});

describe('pypi/pdm-lock', () => {
  it('reads groups, PEP 508 dependency strings, and folds extras entries into their package', () => {
    const r = on(extractPdmLock, 'pdm.lock');
    expect(rows(r)).toEqual([
      'certifi@2024.2.2 :14',
      'exceptiongroup@1.2.0 dev :24',
      'pytest@8.1.1 direct dev :32',
      'pluggy@1.4.0 dev :43',
      'requests@2.31.0 direct :50',
      'pysocks@1.7.1 :73',
      'urllib3@2.2.1 :79',
      'ruff@0.3.4 direct dev :86',
    ]);
    expect(deps(r)).toEqual({
      'pytest@8.1.1': ['exceptiongroup@1.2.0', 'pluggy@1.4.0'],
      'requests@2.31.0': ['certifi@2024.2.2', 'urllib3@2.2.1', 'pysocks@1.7.1'],
    });
    expect(issueRows(r)).toEqual(['other :93 skipped mylocal: local path ./libs/mylocal']);
  });

  it('reports bad and unknown-version locks', () => {
    const r = extractPdmLock({ path: 'pdm.lock', content: '[metadata]\nlock_version = "5.0"\n\n[[package]]\nname = "x"\n\n[[package]]\nname = "y"\nversion = "1"\n' });
    expect(rows(r)).toEqual(['y@1 direct :8']);
    expect(issueRows(r)).toEqual(['unparsable :- unknown pdm.lock lock_version 5.0; read as 4.x', 'unparsable :5 package entry without version']);
    expect(on(extractPdmLock, 'not-toml.lock', 'pdm.lock').packages).toEqual([]);
  });
});

describe('pypi/pylock', () => {
  it('reads PEP 751 packages, markers, dependency groups and dependencies', () => {
    const r = on(extractPylock, 'pylock.toml');
    expect(rows(r)).toEqual([
      'attrs@25.1.0 :10',
      'cattrs@24.1.2 direct :30',
      'pytest@8.3.4 direct dev :38',
      'iniconfig@2.0.0 dev :46',
      // docs is a default group, so not dev; an extra is not a dev group
      'sphinx@7.2.6 direct :51',
      'cryptography@42.0.5 direct :56',
    ]);
    expect(deps(r)).toEqual({ 'cattrs@24.1.2': ['attrs@25.1.0'], 'pytest@8.3.4': ['iniconfig@2.0.0'] });
    expect((r.packages[2] as { marker?: string }).marker).toBe("'dev' in dependency_groups");
    expect(issueRows(r)).toEqual(['other :61 skipped acme-tools: VCS source without a version']);
  });

  it('without recorded dependencies nothing is claimed direct', () => {
    const r = extractPylock({ path: 'pylock.toml', content: 'lock-version = "1.0"\n[[packages]]\nname = "six"\nversion = "1.16.0"\n' });
    expect(rows(r)).toEqual(['six@1.16.0 :3']);
  });

  it('reports missing and unknown lock-version and bad entries', () => {
    expect(issueRows(extractPylock({ path: 'pylock.toml', content: '' }))).toEqual(['unparsable :- no `lock-version`: not a PEP 751 lock file']);
    const r = extractPylock({ path: 'pylock.toml', content: 'lock-version = "2.0"\npackages = [{ version = "1" }, { name = "ok", version = "2" }]\n' });
    expect(rows(r)).toEqual(['ok@2 :undefined']);
    expect(issueRows(r)).toEqual(['unparsable :- unknown pylock lock-version 2.0; read as 1.0', 'unparsable :- packages entry without name']);
  });
});

describe('pypi/pipfile-lock', () => {
  it('reads default and develop, with lines, markers and skipped VCS/path entries', () => {
    const r = on(extractPipfileLock, 'Pipfile.lock');
    expect(rows(r)).toEqual([
      'certifi@2024.2.2 :19',
      'django@4.2.11 :26',
      'sqlparse@0.4.4 :41',
      'pytest@8.0.2 dev :47',
      'typing-extensions@>=4.0 unpinned dev :55',
    ]);
    expect((r.packages[0] as { marker?: string }).marker).toBe("python_version >= '3.6'");
    expect(issueRows(r)).toEqual([
      'other :33 skipped internal-lib: VCS entry without a version',
      'other :37 skipped mypackage: local path entry without a version',
    ]);
  });

  it('reports truncated, non-JSON and unknown-spec files, keeping what it can', () => {
    expect(issueRows(on(extractPipfileLock, 'Pipfile-truncated.lock'))).toEqual(['unparsable :9 not JSON: Unterminated string in JSON at position 141']);
    const notJson = on(extractPipfileLock, 'Pipfile-not-json.lock');
    expect(notJson.packages).toEqual([]);
    expect(notJson.issues[0]!.message).not.toContain('six');
    const r = on(extractPipfileLock, 'Pipfile-unknown.lock');
    expect(rows(r)).toEqual(['six@1.16.0 :1']);
    expect(issueRows(r)).toEqual([
      'unparsable :- unknown pipfile-spec 9; read as 6',
      'unparsable :1 default.bad is not an object',
      'other :1 skipped noversion: unversioned entry without a version',
    ]);
    expect(issueRows(extractPipfileLock({ path: 'Pipfile.lock', content: '[]' }))).toEqual(['unparsable :- not a JSON object: not a Pipfile.lock']);
  });
});

describe('every PyPI extractor on hostile input', () => {
  it('never throws and returns an issue for binary junk', () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const e of pypiExtractors) {
      const r = e.extract({ path: 'x', content: junk });
      expect(r.issues.length, e.id).toBeGreaterThan(0);
    }
  });
});
