import { describe, expect, it } from 'vitest';
import {
  collectRequirements,
  extractRequirements,
  extractor,
  isDevRequirementsPath,
} from '../../../../src/scanners/deps/ecosystems/pypi/requirements.js';
import { fixture, issueRows, rows } from './helpers.js';

const run = (name: string, path = `app/${name}`) => extractRequirements({ path, content: fixture(name) });

describe('pypi/requirements', () => {
  it('accepts requirements files by name', () => {
    for (const p of ['requirements.txt', 'a/requirements-dev.txt', 'dev-requirements.txt', 'requirements_test.txt', 'requirements.in.txt', 'requirements/base.txt'])
      expect(extractor.accepts(p), p).toBe(true);
    for (const p of ['requirements.in', 'notes.txt', 'myrequirements.txt', 'requirements.txt.bak', 'constraints.txt'])
      expect(extractor.accepts(p), p).toBe(false);
  });

  it('tells development requirements files by name', () => {
    expect(isDevRequirementsPath('requirements-dev.txt')).toBe(true);
    expect(isDevRequirementsPath('requirements/test.txt')).toBe(true);
    expect(isDevRequirementsPath('dev-requirements.txt')).toBe(true);
    expect(isDevRequirementsPath('docs/requirements.txt')).toBe(true);
    expect(isDevRequirementsPath('requirements.txt')).toBe(false);
    expect(isDevRequirementsPath('requirements/prod.txt')).toBe(false);
    expect(isDevRequirementsPath('devices/requirements.txt')).toBe(false);
  });

  it('reads pins, ranges, extras, markers, hashes, continuations and comments', () => {
    const r = run('requirements.txt');
    expect(rows(r)).toEqual([
      'django@4.2.11 direct :8',
      'requests@2.31.0 direct :9',
      'celery@>=5.3,<6 unpinned direct :12',
      'urllib3@~=2.0 unpinned direct :13',
      'importlib-metadata@6.8.0 direct :14',
      'flask-sqlalchemy@3.1.1 direct :15',
      'numpy@==1.26.* unpinned direct :16',
      'pyyaml@* unpinned direct :17',
      'cryptography@!=41.0.0 unpinned direct :18',
      'typing-extensions@4.9.0 direct :19',
      'gunicorn@21.2.0 direct :20',
      'zope-interface@6.1 direct :26',
    ]);
    const req = r.packages[1]!;
    expect(req).toEqual({
      ecosystem: 'PyPI',
      name: 'requests',
      version: '2.31.0',
      purl: 'pkg:pypi/requests@2.31.0',
      direct: true,
      dev: false,
      pinned: true,
      source: 'app/requirements.txt',
      line: 9,
      extras: ['security', 'socks'],
      hashes: [
        'sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f',
        'sha256:942c5a758f98d790eaed1a29cb6eefc7ffb0d1cf7af05c3d2791656dbd6ad1e1',
      ],
    });
    expect(r.packages[4]!.marker).toBe('python_version < "3.10"');
    expect(r.packages[10]!.marker).toBe('sys_platform != "win32" and platform_machine == "x86_64"');
    // an unpinned requirement's purl carries no version a matcher could use
    expect(r.packages[2]!.purl).toBe('pkg:pypi/celery');
    expect(r.packages[7]!.purl).toBe('pkg:pypi/pyyaml');
  });

  it('skips URL, VCS, local and editable requirements with an issue each', () => {
    expect(issueRows(run('requirements.txt'))).toEqual([
      'other :21 skipped editable requirement git+https://github.com/acme/internal-lib.git@v1.2#egg=internal-lib: not a registry package',
      'other :22 skipped URL or VCS requirement git+https://github.com/acme/other.git@main#egg=other: not a registry package',
      'other :23 skipped local path requirement ./vendor/localpkg: not a registry package',
      'other :24 skipped URL or VCS requirement https://files.example.com/pkgs/foo-1.0-py3-none-any.whl: not a registry package',
      'other :25 skipped direct reference mylib @ https://example.com/mylib-1.0.tar.gz: not a registry package',
    ]);
  });

  it('returns -r and -c includes resolved against the file, for the scanner to follow', () => {
    expect(run('requirements.txt').includes).toEqual([
      { kind: 'requirement', path: 'app/requirements/base.txt', raw: 'requirements/base.txt', line: 5 },
      { kind: 'constraint', path: 'app/constraints.txt', raw: 'constraints.txt', line: 6 },
      { kind: 'requirement', path: 'shared/requirements-common.txt', raw: '../shared/requirements-common.txt', line: 27 },
      { kind: 'requirement', path: 'app/test-extras.txt', raw: 'test-extras.txt', line: 28 },
    ]);
  });

  it('marks a development requirements file dev', () => {
    const r = run('requirements-dev.txt');
    expect(rows(r)).toEqual(['pytest@8.0.2 direct dev :2', 'black@24.2.0 direct dev :3', 'mypy@* unpinned direct dev :4']);
    expect(r.includes).toEqual([{ kind: 'requirement', path: 'app/requirements.txt', raw: 'requirements.txt', line: 1 }]);
  });

  it('keeps good lines and reports bad ones', () => {
    const r = run('bad-requirements.txt', 'requirements.txt');
    expect(rows(r)).toEqual(['good-one@1.0.0 direct :1', 'baz@2.0 direct :6']);
    expect(issueRows(r)).toEqual([
      'unparsable :2 bad version specifier for foo: =1.0',
      'unparsable :3 -r without a file name',
      'unparsable :4 bad version specifier for bar: >>2',
      'unparsable :5 not a requirement: *invalid-name==1',
    ]);
    expect(r.issues[0]).toMatchObject({ path: 'requirements.txt', scanner: 'deps' });
    expect(run('empty-requirements.txt')).toEqual({ packages: [], issues: [], includes: [] });
  });

  it('reads pip option spellings and comment rules', () => {
    const r = extractRequirements({
      path: 'requirements.txt',
      content: [
        '--requirement other.txt',
        '--constraint=c.txt',
        '-c "quoted.txt"',
        '--pre',
        '--no-binary :all:',
        '-r https://example.com/r.txt',
        'pkg#not-a-comment==1.0',
        'six==1.16.0 # comment',
        '# pinned==1.0',
        'a==1.0 \\',
        '  ; python_version >= "3"',
        'Foo.Bar_baz==2.0.0+local.1',
        'epoch==1!2.0',
        '',
      ].join('\r\n'),
    });
    expect(r.includes.map((i) => `${i.kind} ${i.path}`)).toEqual(['requirement other.txt', 'constraint c.txt', 'constraint quoted.txt']);
    expect(issueRows(r)).toEqual([
      'other :6 skipped remote requirement file https://example.com/r.txt: not followed',
      'unparsable :7 not a requirement: pkg#not-a-comment==1.0',
    ]);
    expect(rows(r)).toEqual(['six@1.16.0 direct :8', 'a@1.0 direct :10', 'foo-bar-baz@2.0.0+local.1 direct :12', 'epoch@1!2.0 direct :13']);
    expect((r.packages[1] as { marker?: string }).marker).toBe('python_version >= "3"');
  });

  it('splits options, names, extras and comments the same around whitespace runs and line separators', () => {
    const pad = ' '.repeat(20_000);
    const r = extractRequirements({
      path: 'requirements.txt',
      content: [
        `--requirement${pad}other.txt${pad}# why`,
        `--constraint=${pad}c.txt`,
        `flask${pad}[async , dotenv]${pad}==3.0.0${pad}#${pad}`,
        'six[x==1.0',
        'attrs==23.1.0\u2028x',
        `a==1.0${pad}`,
      ].join('\n'),
    });
    expect(r.includes.map((i) => `${i.kind} ${i.path}`)).toEqual(['requirement other.txt', 'constraint c.txt']);
    expect(rows(r)).toEqual(['flask@3.0.0 direct :3', 'a@1.0 direct :6']);
    expect((r.packages[0] as { extras?: string[] }).extras).toEqual(['async', 'dotenv']);
    // `[` without `]` is not extras (so `[x==1.0` is the version); a line separator after the name
    // makes the line no requirement at all.
    expect(issueRows(r).map((l) => l.slice(0, 22))).toEqual(['unparsable :4 bad vers', 'unparsable :5 not a re']);
  });

  it('collectRequirements follows -r and applies -c pins to unpinned requirements', () => {
    const files: Record<string, string> = {
      'app/requirements-dev.txt': fixture('requirements-dev.txt'),
      'app/requirements.txt': fixture('requirements.txt'),
      'app/requirements/base.txt': fixture('requirements/base.txt'),
      'app/constraints.txt': fixture('constraints.txt'),
    };
    const r = collectRequirements('app/requirements-dev.txt', (p) => files[p]);
    expect(r.files).toEqual([
      'app/requirements-dev.txt',
      'app/requirements.txt',
      'app/requirements/base.txt',
      'app/constraints.txt',
      'shared/requirements-common.txt',
      'app/test-extras.txt',
    ]);
    const byName = Object.fromEntries(r.packages.map((p) => [p.name, `${p.version} ${p.pinned ? 'pinned' : 'unpinned'} ${p.source}:${p.line}`]));
    // -c constraints.txt pins PyYAML, idna and mypy (the constraint applies to every requirement pip installs)
    expect(byName['pyyaml']).toBe('6.0.1 pinned app/requirements.txt:17');
    expect(byName['idna']).toBe('3.6 pinned app/requirements/base.txt:3');
    expect(byName['mypy']).toBe('1.8.0 pinned app/requirements-dev.txt:4');
    expect(byName['celery']).toBe('>=5.3,<6 unpinned app/requirements.txt:12');
    expect(r.packages.find((p) => p.name === 'pyyaml')!.purl).toBe('pkg:pypi/pyyaml@6.0.1');
    // the two missing includes are named at their -r lines
    expect(r.issues.filter((i) => i.kind === 'unparsable').map((i) => `${i.path}:${i.line}`)).toEqual(['app/requirements.txt:27', 'app/requirements.txt:28']);
  });
});
