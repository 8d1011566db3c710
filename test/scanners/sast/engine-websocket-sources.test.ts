/** WebSocket servers: a client's message is remote input, whole (`eval(msg)`) as well as its members. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const lines = (code: string) => brief(run(code, { models: MODELS, path: 'server.js' })).map((h) => `${h.sink}:${h.kind}`);

describe('ws, socket.io and @fastify/websocket messages', () => {
  it('ws: message data whole, an addEventListener event, and the upgrade request', () => {
    expect(lines(`const { WebSocketServer } = require('ws');
const cp = require('child_process');
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (socket, req) => {
  socket.on('message', (data) => { eval(data.toString()); });
  socket.on('message', (raw) => { cp.exec('convert ' + raw); });
  socket.addEventListener('message', (e) => { new Function(e.data)(); });
  cp.exec('ping ' + req.url);
});`)).toEqual(['5:code-injection', '6:command-injection', '7:code-injection', '8:command-injection']);
  });

  it('socket.io: any event name, the payload and a second argument', () => {
    expect(lines(`const { Server } = require('socket.io');
const cp = require('child_process');
const mysql = require('mysql2');
const db = mysql.createPool({});
const io = new Server(3000);
io.on('connection', (socket) => {
  socket.on('calc', (expr, ack) => { ack(eval(expr)); });
  socket.on('room', (user, id) => { db.query('SELECT * FROM rooms WHERE id = ' + id); });
  socket.on('ls', (payload) => { cp.exec('ls ' + payload.dir); });
});`)).toEqual(['7:code-injection', '8:sql-injection', '9:command-injection']);
  });

  it('@fastify/websocket: the socket (v8+) and connection.socket (before v8)', () => {
    expect(lines(`const fastify = require('fastify')();
const cp = require('child_process');
fastify.register(require('@fastify/websocket'));
fastify.get('/ws', { websocket: true }, (socket, req) => {
  socket.on('message', (msg) => { cp.exec('ls ' + msg); });
});
fastify.get('/old', { websocket: true }, (connection, req) => {
  connection.socket.on('message', (msg) => { eval(String(msg)); });
});`)).toEqual(['5:command-injection', '8:code-injection']);
  });

  it('clean: validated or numeric messages, fixed commands, and a client socket the code opened', () => {
    expect(lines(`const WebSocket = require('ws');
const { Server } = require('socket.io');
const cp = require('child_process');
const mysql = require('mysql2');
const db = mysql.createPool({});
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const n = Number(data);
    db.query('SELECT * FROM t WHERE id = ' + n);
    db.query('SELECT * FROM t WHERE id = ?', [String(data)]);
    cp.execFile('ls', ['-l']);
  });
});
const io = new Server(3000);
io.on('connection', (socket) => {
  socket.on('room', (id) => { db.query('SELECT * FROM rooms WHERE id = ?', [id]); });
});
const feed = new WebSocket('wss://feed.example.com');
feed.on('message', (data) => { eval(data.toString()); });`)).toEqual([]);
  });
});
