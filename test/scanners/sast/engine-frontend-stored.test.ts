/**
 * Front-end stored and DOM XSS (written by us): JSON a page fetches from its API is stored data,
 * React state set from a source carries it to the markup, and a classic script's global functions
 * are its API. Text sinks, server-rendered HTML responses and formatted dates stay clean.
 */
import { describe, expect, it } from 'vitest';
import { oneFileScanner } from './scan-root.js';

const scanFile = oneFileScanner('rampart-frontend-stored-');
/** Lines with an XSS finding in one new file. */
async function xssLines(name: string, source: string): Promise<number[]> {
  const found = await scanFile(name, source);
  return found.filter((f) => f.ruleId === 'sast/js/xss').map((f) => f.location.startLine).sort((a, b) => a - b);
}

describe('front-end: records fetched from the API are stored data', () => {
  it('fetch().json() fields built into innerHTML are flagged; the same fields as text are not', async () => {
    expect(await xssLines('list.js', `async function showItems() {
  const res = await fetch('/api/items');
  const items = await res.json();
  for (const it of items) {
    const row = document.createElement('tr');
    row.innerHTML = '<td>' + it.title + '</td>';
    const cell = document.createElement('td');
    cell.textContent = it.title;
    row.appendChild(cell);
  }
}
function showOne() {
  fetch('/api/item/1').then((r) => r.json()).then((item) => {
    document.getElementById('name').innerHTML = \`<b>\${item.name}</b>\`;
    document.getElementById('desc').innerText = item.description;
  });
}
function showPartial() {
  fetch('/partials/sidebar').then((r) => r.text()).then((html) => {
    document.getElementById('side').innerHTML = html;
  });
}
showItems(); showOne(); showPartial();
`)).toEqual([6, 14]);
  });

  it('JSON parsed from a response read as text is the same records; the text itself is not', async () => {
    expect(await xssLines('api.js', `async function load(path) {
  const res = await fetch(path, { credentials: 'same-origin' });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  document.getElementById('bio').innerHTML = '<p>' + data.bio + '</p>';
  document.getElementById('raw').innerHTML = text;
}
load('/api/me');
`)).toEqual([5]);
  });

  it('axios response data and $.getJSON records reach HTML sinks; jQuery text does not', async () => {
    expect(await xssLines('Comments.jsx', `import axios from 'axios';
import React from 'react';
export async function loadComment(id) {
  const { data } = await axios.get('/api/comments/' + id);
  return <div dangerouslySetInnerHTML={{ __html: data.body }} />;
}
export async function loadTitle(id) {
  const res = await axios.get('/api/comments/' + id);
  return <h2>{res.data.title}</h2>;
}
`)).toEqual([5]);
    expect(await xssLines('feed.js', `$(function () {
  $.getJSON('/api/feed', function (posts) {
    posts.forEach(function (p) {
      $('#feed').append('<li>' + p.text + '</li>');
      $('<li>').text(p.author).appendTo('#authors');
    });
  });
});
`)).toEqual([4]);
  });
});

describe('front-end: React state carries what its setter is given', () => {
  it('URL data set in an effect reaches dangerouslySetInnerHTML; a constant or text rendering does not', async () => {
    expect(await xssLines('Banner.jsx', `import React, { useEffect, useState } from 'react';
export function Banner() {
  const [snippet, setSnippet] = useState('');
  useEffect(() => {
    const m = window.location.hash.match(/note=(.*)$/);
    if (m) setSnippet(decodeURIComponent(m[1]));
  }, []);
  return <div dangerouslySetInnerHTML={{ __html: snippet }} />;
}
export function Plain() {
  const [quote, setQuote] = useState(null);
  useEffect(() => {
    setQuote(new URLSearchParams(window.location.search).get('quote'));
  }, []);
  return <blockquote>{quote}</blockquote>;
}
export function Fixed() {
  const [html, setHtml] = useState('');
  useEffect(() => { setHtml('<em>welcome</em>'); }, []);
  return <p dangerouslySetInnerHTML={{ __html: html }} />;
}
`)).toEqual([8]);
  });

  it('fetched records set from a callback whose parameter shadows the state, an object state and a functional update', async () => {
    expect(await xssLines('Posts.jsx', `import React, { useEffect, useState } from 'react';
export default function Posts() {
  const [data, setData] = useState([]);
  const [top, setTop] = useState({ title: '' });
  const [log, setLog] = useState('');
  useEffect(() => {
    fetch('/api/posts').then((r) => r.json()).then((data) => {
      setData(data);
      setTop({ title: data[0].title });
      setLog((prev) => prev + data[0].summary);
    });
  }, []);
  return (
    <section>
      {data.map((p) => <article key={p.id} dangerouslySetInnerHTML={{ __html: p.body }} />)}
      <h1 dangerouslySetInnerHTML={{ __html: top.title }} />
      <pre dangerouslySetInnerHTML={{ __html: log }} />
      <footer>{top.title}</footer>
    </section>
  );
}
`)).toEqual([15, 16, 17]);
  });
});

describe('front-end: event handlers a component declares set the state its markup reads', () => {
  it('records a submit handler fetches reach dangerouslySetInnerHTML; a handler setting a constant does not', async () => {
    expect(await xssLines('Search.jsx', `import React, { useState } from 'react';
export default function Search() {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState([]);
  const [label, setLabel] = useState('');
  function handleSearch(e) {
    e.preventDefault();
    fetch('/search?q=' + encodeURIComponent(query)).then((r) => r.json()).then((data) => setResults(data.results));
  }
  const onReset = () => setLabel('<i>cleared</i>');
  return (
    <form onSubmit={handleSearch}>
      <input value={query} onChange={(e) => setQuery(e.target.value)} />
      <button type="reset" onClick={onReset}>x</button>
      {results.map((r) => <div key={r.id} dangerouslySetInnerHTML={{ __html: r.snippet }} />)}
      <p dangerouslySetInnerHTML={{ __html: label }} />
      <ul>{results.map((r) => <li key={r.id}>{r.title}</li>)}</ul>
    </form>
  );
}
`)).toEqual([15]);
  });
});

describe('front-end: class components and Vue options components', () => {
  it('this.setState from a fetched record or the URL reaches this.state in render; a constant does not', async () => {
    expect(await xssLines('Profile.jsx', `import React from 'react';
export class Bio extends React.Component {
  constructor(props) { super(props); this.state = { bio: '' }; }
  componentDidMount() {
    fetch('/api/me').then((r) => r.json()).then((me) => this.setState({ bio: me.bio }));
  }
  render() { return <div dangerouslySetInnerHTML={{ __html: this.state.bio }} />; }
}
export class Tip extends React.Component {
  state = { tip: '' };
  componentDidMount() { this.setState({ tip: '<b>Tip</b>' }); }
  render() { return <div dangerouslySetInnerHTML={{ __html: this.state.tip }} />; }
}
`)).toEqual([7]);
  });

  it('a fetched record set on a Vue instance in mounted() reaches v-html; text interpolation does not', async () => {
    expect(await xssLines('Note.vue', `<template>
  <div>
    <p v-html="note"></p>
    <p>{{ title }}</p>
  </div>
</template>
<script>
export default {
  data() { return { note: '', title: '' }; },
  async mounted() {
    const r = await fetch('/api/note');
    const d = await r.json();
    this.note = d.html;
  },
};
</script>
`)).toEqual([3]);
  });
});

describe("front-end: a classic script's global functions are its API", () => {
  it('a parameter built into markup is flagged; text sinks, constant markup and formatted dates are not', async () => {
    expect(await xssLines('static/card.js', `function renderCard(card) {
  var title = document.createElement('div');
  title.innerHTML = '<h2>' + card.name + '</h2>';
  var date = document.createElement('div');
  date.innerHTML = '<p>' + formatDate(card.created) + '</p>';
  var body = document.createElement('div');
  body.textContent = card.description;
  var empty = document.createElement('div');
  empty.innerHTML = '<p>Nothing here</p>';
  document.getElementById('cards').appendChild(title);
}
`)).toEqual([3]);
  });

  it('a module or a non-DOM script is not a classic page script', async () => {
    expect(await xssLines('static/row.mjs', `function row(item) {
  const el = document.createElement('tr');
  el.innerHTML = '<td>' + item.name + '</td>';
  return el;
}
export const ready = true;
`)).toEqual([]);
    expect(await xssLines('static/tpl.js', `function tpl(item) {
  return '<td>' + item.name + '</td>';
}
`)).toEqual([]);
  });
});
