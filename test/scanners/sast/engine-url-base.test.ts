import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import type { FileExports } from '../../../src/scanners/sast/taint/summary.js';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import axios from 'axios';
const app = express();
`;

/** Findings as kind@line (line 4 is the first line after HEAD). */
function hits(body: string, opts: { imported?: Record<string, FileExports>; env?: boolean } = {}): string[] {
  return brief(run(HEAD + body, { models: MODELS, ...(opts.imported ? { imported: opts.imported } : {}), ...(opts.env ? { labels: ALL_LABELS } : {}) }))
    .map((h) => `${h.kind}@${h.sink}`).filter((h, i, all) => all.indexOf(h) === i);
}

describe('taint engine: a URL whose scheme and host come from a base the request does not control', () => {
  it('a module const, a config object member, an env variable or an imported constant before a / fixes the host', () => {
    expect(hits(`const API_BASE = 'https://api.example.com';
const config = { usersUrl: 'https://users.example.com' };
app.get('/a/:id', async (req, res) => { await fetch(\`\${API_BASE}/users/\${req.params.id}\`); });
app.get('/b/:id', async (req, res) => { await axios.get(\`\${config.usersUrl}/users/\${req.params.id}\`); });
app.get('/c/:id', async (req, res) => { await axios.get(\`\${process.env.USERS_API}/users/\${req.params.id}\`); });
app.get('/d/:id', async (req, res) => { await axios.get(config.usersUrl + '/users/' + req.params.id); });
app.get('/e/:id', async (req, res) => { await fetch(process.env.USERS_API + '/users?id=' + req.params.id); });
app.get('/f/:id', async (req, res) => { await fetch(\`\${import.meta.env.VITE_API}/u/\${req.params.id}\`); });
`)).toEqual([]);
    // Imported: `import { API } from './consts'` and a member of an imported settings module.
    expect(hits(`import { API } from './consts';
import settings from './settings';
app.get('/a/:id', async (req, res) => { await fetch(\`\${API}/users/\${req.params.id}\`); });
app.get('/b/:id', async (req, res) => { await fetch(settings.api.base + '/users/' + req.params.id); });
`)).toEqual([]);
  });

  it('a local const, a readonly field, configService.get and a base built earlier carry the fixed host along', () => {
    expect(hits(`const BASE = process.env.API_URL || 'http://localhost:4000';
app.get('/a/:id', async (req, res) => {
  const base = BASE;
  const usersUrl = \`\${base}/users/\`;
  await fetch(usersUrl + req.params.id);
  await fetch(\`\${usersUrl}\${req.params.id}/posts\`);
});
class UsersClient {
  private readonly baseUrl = process.env.USERS_URL ?? 'https://users.internal';
  constructor(private readonly configService: ConfigService) {}
  one(id: string) { return fetch(\`\${this.baseUrl}/users/\${id}\`); }
  two(id: string) { return fetch(\`\${this.configService.get('USERS_URL')}/users/\${id}\`); }
}
const client = new UsersClient(cfg);
app.get('/b/:id', async (req, res) => { await client.one(req.params.id); await client.two(req.params.id); });
`)).toEqual([]);
    // chosen between two constants
    expect(hits(`const PROD = 'https://api.example.com';
const DEV = 'http://localhost:4000';
app.get('/a/:id', async (req, res) => {
  const base = process.env.NODE_ENV === 'production' ? PROD : DEV;
  await fetch(\`\${base}/users/\${req.params.id}\`);
});
`)).toEqual([]);
    // scheme literal, host from the environment, port a number
    expect(hits(`const PORT = Number(process.env.PORT);
app.get('/a/:id', async (req, res) => { await fetch(\`http://\${process.env.HOST}:\${PORT}/users/\${req.params.id}\`); });
`)).toEqual([]);
  });

  it('a tainted base, taint before the first / after the base, or no / at all stays SSRF', () => {
    expect(hits(`const API_BASE = 'https://api.example.com';
app.get('/a', async (req, res) => { await fetch(\`\${req.query.host}/users/1\`); });
app.get('/b', async (req, res) => { await fetch(\`\${API_BASE}\${req.query.path}\`); });
app.get('/c', async (req, res) => { await fetch(API_BASE + req.query.path); });
app.get('/d', async (req, res) => { await fetch(\`\${process.env.API}.\${req.query.sub}/x\`); });
app.get('/e', async (req, res) => { await fetch(\`\${process.env.API}:\${req.query.port}/x\`); });
app.get('/f', async (req, res) => { const base = req.query.base; await fetch(\`\${base}/users/\${req.query.id}\`); });
`)).toEqual(['ssrf@5', 'ssrf@6', 'ssrf@7', 'ssrf@8', 'ssrf@9', 'ssrf@10']);
  });

  it('a parameter of a non-handler function is not a fixed base, nor is an unknown value', () => {
    expect(hits(`async function getUser(base: string, id: string) { return fetch(\`\${base}/users/\${id}\`); }
function build(config: { url: string }, id: string) { return fetch(\`\${config.url}/users/\${id}\`); }
app.get('/a/:id', async (req, res) => { await getUser('https://api.example.com', req.params.id); });
app.get('/b/:id', async (req, res) => { await build({ url: 'https://api.example.com' }, req.params.id); });
app.get('/c/:id', async (req, res) => { const u = lookup(); await fetch(\`\${u}/users/\${req.params.id}\`); });
`)).toEqual(['ssrf@4', 'ssrf@5', 'ssrf@8']);
  });

  it('new URL(path, base): a literal path start fixes the host, a tainted or lone-slash path does not', () => {
    expect(hits(`const BASE = process.env.API_URL;
app.get('/a', async (req, res) => { await fetch(new URL('/users/' + req.query.id, BASE)); });
app.get('/b', async (req, res) => { await fetch(new URL(\`/users/\${req.query.id}\`, BASE)); });
`)).toEqual([]);
    expect(hits(`const BASE = process.env.API_URL;
app.get('/a', async (req, res) => { await fetch(new URL(req.query.path, BASE)); });
app.get('/b', async (req, res) => { await fetch(new URL('/' + req.query.path, BASE)); });
app.get('/c', async (req, res) => { await fetch(new URL(\`/\${req.query.path}\`, BASE)); });
`)).toEqual(['ssrf@5', 'ssrf@6', 'ssrf@7']);
  });

  it('open redirect: a fixed front-end base keeps the user on it; a lone / before input does not', () => {
    expect(hits(`const FRONTEND = process.env.FRONTEND_URL;
app.get('/a', (req, res) => { res.redirect(\`\${FRONTEND}/orders/\${req.query.id}\`); });
app.get('/b', (req, res) => { res.redirect('/orders/' + req.query.id); });
`)).toEqual([]);
    expect(hits(`app.get('/a', (req, res) => { res.redirect('/' + req.query.next); });
app.get('/b', (req, res) => { res.redirect(\`/\${req.query.next}\`); });
`)).toEqual(['open-redirect@4', 'open-redirect@5']);
  });

  it('with env sources on, the env base itself is still reported as env data; the path after it is not', () => {
    const r = brief(run(HEAD + `app.get('/a/:id', async (req, res) => { await fetch(\`\${process.env.USERS_API}/users/\${req.params.id}\`); });\n`, { models: MODELS, labels: ALL_LABELS }));
    expect(r.map((h) => h.label)).not.toContain('http');
  });
});
