import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function hits(src: string) {
  return brief(run(src, { path: 'lib/static.js', models: MODELS })).map((h) => `${h.kind}@${h.sink}`);
}

const HEAD = `const fs = require('fs');
const path = require('path');
module.exports = function serve(root) {
  root = path.normalize(path.resolve(root) + path.sep);
  return function (req, res, next) {
    const file = path.normalize(path.join(root, decodeURIComponent(req.url)));
`;

describe('taint engine: prefix checks of a path with a separator appended', () => {
  it('(p + sep).substr(0, root.length) !== root and friends confine p', () => {
    expect(hits(HEAD + `    if ((file + path.sep).substr(0, root.length) !== root) return next();
    fs.createReadStream(file).pipe(res);
  };
};`)).toEqual([]);
    expect(hits(HEAD + `    if (!(file + '/').startsWith(root)) return next();
    fs.createReadStream(file).pipe(res);
  };
};`)).toEqual([]);
    expect(hits(HEAD + `    if ((file + path.sep).indexOf(root) !== 0) return next();
    fs.createReadStream(file).pipe(res);
  };
};`)).toEqual([]);
  });

  it('a check of another value, or none, leaves the read a sink', () => {
    expect(hits(HEAD + `    if ((root + path.sep).substr(0, file.length) !== file) return next();
    fs.createReadStream(file).pipe(res);
  };
};`)).toEqual(['path-traversal@8']);
    expect(hits(HEAD + `    if ((file + '.bak').startsWith(root)) return next();
    fs.createReadStream(file).pipe(res);
  };
};`)).toEqual(['path-traversal@8']);
  });
});
