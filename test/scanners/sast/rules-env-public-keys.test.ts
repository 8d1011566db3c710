import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { environmentExposure } from '../../../src/scanners/sast/rules/environment-exposure.js';

function lines(source: string): number[] {
  const o = parseSource('a.js', source);
  if (!o.ok) throw new Error(o.message);
  return environmentExposure.check(o.file, new ApiNames(o.file.program)).map((h) => o.file.lines.position(h.start).line).sort((a, b) => a - b);
}

/** Keys public by design, sent to the page that needs them, are no leaked secret (written by us). */
describe('sast/js/environment-exposure: browser keys and client-prefixed variables', () => {
  it('Maps, Firebase web, Mapbox public, Algolia search and captcha site keys are clean; their secret siblings are reported', () => {
    expect(lines(`const express = require('express');
const app = express();
app.get('/map', (req, res) => {
  res.render('map', { mapsKey: process.env.GOOGLE_MAPS_API_KEY, mapbox: process.env.MAPBOX_ACCESS_TOKEN });
});
app.get('/config.json', (req, res) => {
  res.json({ apiKey: process.env.FIREBASE_API_KEY, search: process.env.ALGOLIA_SEARCH_API_KEY, site: process.env.RECAPTCHA_SITE_KEY });
});
app.get('/leak1', (req, res) => res.json({ k: process.env.ALGOLIA_ADMIN_API_KEY }));
app.get('/leak2', (req, res) => res.json({ k: process.env.RECAPTCHA_SECRET_KEY }));
app.get('/leak3', (req, res) => res.json({ k: process.env.FIREBASE_PRIVATE_KEY }));
app.get('/leak4', (req, res) => res.json({ k: process.env.MAPBOX_SECRET_TOKEN }));
`)).toEqual([9, 10, 11, 12]);
  });

  it('variables a front-end build inlines (REACT_APP_, VITE_, NEXT_PUBLIC_…) are clean; the same name without the prefix is reported', () => {
    expect(lines(`const express = require('express');
const app = express();
app.get('/env.js', (req, res) => {
  res.json({
    a: process.env.REACT_APP_API_KEY,
    b: process.env.VITE_API_TOKEN,
    c: process.env.NEXT_PUBLIC_STRIPE_KEY,
    d: process.env.EXPO_PUBLIC_API_KEY,
    e: process.env.GATSBY_API_KEY,
    f: process.env.NUXT_PUBLIC_API_KEY,
    g: process.env.API_KEY,
  });
});
`)).toEqual([11]);
  });
});
