/**
 * Records fetched from an API are stored data in browser code only (written by us): in server code
 * (an Express app, a Next.js API route) the same fetch/axios call is the server asking another
 * service, and its answer sent in a response is no stored XSS. The browser file stays flagged.
 */
import { describe, expect, it } from 'vitest';
import { oneFileScanner } from './scan-root.js';

const scanFile = oneFileScanner('rampart-fetched-server-');
async function xssLines(name: string, source: string): Promise<number[]> {
  const found = await scanFile(name, source);
  return found.filter((f) => f.ruleId === 'sast/js/xss').map((f) => f.location.startLine).sort((a, b) => a - b);
}

describe('fetched records: browser code only', () => {
  it('an Express app sending what fetch().json() / axios data returned is not flagged', async () => {
    expect(await xssLines('server.js', `const express = require('express');
const axios = require('axios');
const app = express();
app.get('/forecast', async (req, res) => {
  const r = await fetch('https://forecast.example.org/today');
  const body = await r.json();
  res.send('<h2>' + body.headline + '</h2>');
});
app.get('/health', async (req, res) => {
  const { data } = await axios.get('https://status.example.org/ping');
  res.send(data);
});
app.listen(8080);
`)).toEqual([]);
  });

  it('a Next.js API route with fetched JSON is not flagged; request input still is', async () => {
    expect(await xssLines('pages/api/quote.js', `export default async function handler(req, res) {
  const r = await fetch('https://quotes.example.org/random');
  const q = await r.json();
  res.setHeader('Content-Type', 'text/html');
  res.end('<blockquote>' + q.text + '</blockquote>');
  res.end('<p>' + req.query.who + '</p>');
}
`)).toEqual([6]);
  });

  it('the same fetched record written as markup in a browser file is flagged', async () => {
    expect(await xssLines('panel.js', `async function showQuote() {
  const r = await fetch('/api/quote');
  const q = await r.json();
  document.getElementById('quote').innerHTML = '<q>' + q.text + '</q>';
}
showQuote();
`)).toEqual([4]);
  });
});
