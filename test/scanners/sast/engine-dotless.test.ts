import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import fs from 'fs';
import path from 'path';
const app = express();
`;
// Bodies start on line 5.
function flows(body: string) {
  return brief(run(HEAD + body));
}
const PT = (sink: number, source: number) => ({ kind: 'path-traversal', sink, source, label: 'http' });

describe("taint engine: a '..' check leaves a path that may still be absolute", () => {
  it('used alone as a path it stays tainted; joined under a fixed root it is clean', () => {
    expect(flows(`app.get('/a', (req, res) => {
  const name = req.query.f;
  if (name.includes('..')) return res.sendStatus(400);
  fs.readFile(name, () => {});
  fs.readFile(path.join('/srv/www', name), () => {});
  fs.readFile(path.join(__dirname, 'public', name), () => {});
});`)).toEqual([PT(8, 6)]);
  });

  it('indexOf and split forms behave the same', () => {
    expect(flows(`app.get('/a', (req, res) => {
  const name = String(req.query.f);
  if (name.indexOf('..') !== -1) return res.end();
  fs.readFile(name, () => {});
  fs.readFile(path.join('/srv', name), () => {});
});
app.get('/b', (req, res) => {
  const name = String(req.query.f);
  if (name.split('/').includes('..')) return res.end();
  fs.readFile(name, () => {});
  fs.readFile(path.join('/srv', name), () => {});
});`)).toEqual([PT(8, 6), PT(14, 12)]);
  });

  it('path.resolve(root, x) is not a confinement: an absolute x replaces the root', () => {
    expect(flows(`app.get('/a', (req, res) => {
  const name = req.query.f;
  if (name.includes('..')) return res.end();
  fs.readFile(path.resolve('/srv', name), () => {});
});`)).toEqual([PT(8, 6)]);
  });

  it('a root chosen by the request does not confine; one from the command line does', () => {
    expect(flows(`const base = process.argv[2];
app.get('/a', (req, res) => {
  const name = req.query.f;
  if (name.includes('..')) return res.end();
  fs.readFile(path.join(req.query.root, name), () => {});
  fs.readFile(path.join(base, name), () => {});
});`)).toEqual([PT(9, 7), PT(9, 9)]);
  });

  it('a helper that returns the checked name unjoined on one path leaks it (angular-http-server shape)', () => {
    expect(flows(`const opts = { path: process.argv[2] };
function resolveUrl(filename) {
  if (filename.includes('..')) return null;
  if (filename && opts.path) return path.join(opts.path, filename);
  return filename;
}
function joined(filename) {
  if (filename.includes('..')) return null;
  return path.join('/srv/www', filename);
}
app.get('/a', (req, res) => {
  const url = req.url.split('?')[0];
  fs.readFile(resolveUrl(req.query.f) || 'dummy', () => {});
  fs.readFile(joined(req.query.f), () => {});
});`)).toEqual([PT(17, 17)]);
  });

  it('string building: after a directory it is confined; alone or after a bare slash it is not', () => {
    expect(flows(`app.get('/a', (req, res) => {
  const name = req.query.f;
  if (name.includes('..')) return res.end();
  fs.readFile('/srv/reports/' + name, () => {});
  fs.readFile(\`\${__dirname}/files/\${name}\`, () => {});
  fs.readFile('/' + name, () => {});
  fs.readFile(\`/\${name}\`, () => {});
  fs.readFile(name + '.txt', () => {});
});`)).toEqual([PT(10, 6), PT(11, 6), PT(12, 6)]);
  });

  it("a '..' check plus !path.isAbsolute(x) confines; a '/' check alone always did", () => {
    expect(flows(`app.get('/a', (req, res) => {
  const name = req.query.f;
  if (name.includes('..') || path.isAbsolute(name)) return res.end();
  fs.readFile(name, () => {});
});
app.get('/b', (req, res) => {
  const name = req.query.f;
  if (name.includes('/')) return res.end();
  fs.readFile(name, () => {});
});`)).toEqual([]);
  });

  it('the check on one branch only does not hold after the merge', () => {
    expect(flows(`app.get('/a', (req, res) => {
  let name = req.query.f;
  if (req.query.strict && name.includes('..')) return res.end();
  fs.readFile(path.join('/srv', name), () => {});
});`)).toEqual([PT(8, 6)]);
  });
});

describe("taint engine: the '..' mark through a helper", () => {
  it('a helper checking for .. and returning the name is completed by the caller joining it under a root', () => {
    expect(flows(`const opts = { path: process.argv[2] };
function resolveUrl(filename) {
  if (filename.includes('..')) return null;
  if (filename && opts.path) return path.join(opts.path, filename);
  return filename;
}
app.get('/a', (req, res) => {
  const name = resolveUrl(req.query.f) || 'dummy';
  fs.readFile(path.join('.', path.normalize(name)), () => {});
  fs.readFile(name, () => {});
});`)).toEqual([PT(14, 12)]);
  });
});

describe("taint engine: the '..' mark carried by a summary (parameter → return)", () => {
  const LIB = `import path from 'path';
export function checked(name) {
  if (name.includes('..')) throw new Error('bad path');
  return name;
}
export function halfChecked(name, strict) {
  if (strict && name.includes('..')) throw new Error('bad path');
  return name;
}
`;
  const imported = { './lib.js': run(LIB, { path: 'src/lib.ts' }).exports };

  it('an imported checker: the caller joining the result under a fixed root is clean', () => {
    expect(brief(run(HEAD + `import { checked } from './lib.js';
app.get('/a', (req, res) => {
  const name = checked(req.query.f);
  fs.readFile(path.join('/srv/www', name), () => {});
});`, { imported }))).toEqual([]);
  });

  it('an imported checker: the result used alone (maybe absolute) is flagged', () => {
    expect(brief(run(HEAD + `import { checked } from './lib.js';
app.get('/a', (req, res) => {
  const name = checked(req.query.f);
  fs.readFile(name, () => {});
});`, { imported }))).toEqual([PT(8, 7)]);
  });

  it('a checker whose check can be skipped carries no mark: joined under a root it stays flagged', () => {
    expect(brief(run(HEAD + `import { halfChecked } from './lib.js';
app.get('/a', (req, res) => {
  const name = halfChecked(req.query.f, req.query.strict);
  fs.readFile(path.join('/srv/www', name), () => {});
});`, { imported }))).toEqual([PT(8, 7)]);
  });

  it('a local checker is applied from its summary with the same result', () => {
    expect(flows(`function checked(name) {
  if (name.includes('..')) throw new Error('bad path');
  return name;
}
app.get('/a', (req, res) => {
  fs.readFile(path.join('/srv/www', checked(req.query.f)), () => {});
  fs.readFile(checked(req.query.g), () => {});
});`)).toEqual([PT(11, 11)]);
  });
});
