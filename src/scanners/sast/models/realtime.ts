/**
 * WebSocket servers (socket.io, ws, @fastify/websocket): a message from a connected client is
 * request data like a request body; Electron's main process gets renderer messages the same way
 * (ipcMain). A message handler's data parameter is tainted whole (a callback source, as
 * `req.on('data')`), so `eval(msg)` and `exec('ls ' + data)` are seen, not only `msg.text`.
 * Only server sockets: a socket the code opens itself (`new WebSocket(url)` of `ws`, a socket.io
 * client) talks to a server it chose, whose messages are that server's data, not an attacker's
 * (CodeQL counts them too; we keep them out so API clients in safe packages stay clean).
 */
import type { SourceSpec, TaintModel } from './types.js';

const SOCKET = '@socketio.socket';
const WS = '@ws.socket';
/** What an Electron renderer sends over IPC: a renderer showing remote content is as untrusted. */
const IPC_ARG = '@electron.ipc-arg';
const IO = ['socket.io()', 'socket.io.Server()', 'socket.io().of()', 'socket.io.Server().of()'];

/** `socket.on('<event>', (a, b, ack) => …)`: socket.io events are named by the app, so any event's arguments. */
const socketIoArgs: SourceSpec[] = ([0, 1] as const).map((param) => ({
  api: `${SOCKET}.{on,once}`, on: 'callback', param, label: 'http', description: 'a socket.io message from a client',
}));

/** `socket.on('message', (data) => …)` / `socket.addEventListener('message', (e) => …)` (e.data). */
const wsMessage: SourceSpec = {
  api: `${WS}.{on,once,addListener,addEventListener}`, on: 'callback', event: 'message', label: 'http',
  description: 'a WebSocket message from a client',
};

/**
 * @fastify/websocket: `fastify.get(path, { websocket: true }, (socket, req) => …)` is registered as a
 * route, so its socket has the request's role; before v8 it was a stream with the socket as
 * `.socket`. An HTTP request never emits 'message', so on the request role it can only be this.
 */
const fastifyMessage: SourceSpec[] = ['@http.request', '@http.request.socket'].map((s) => ({
  api: `${s}.{on,once}`, on: 'callback', event: 'message', label: 'http',
  description: 'a WebSocket message from a client (@fastify/websocket)',
}));

export const realtimeModel: TaintModel = {
  framework: 'websocket',
  handlers: [
    ...IO.map((io) => ({ framework: 'socket.io', register: `${io}.on`, params: [SOCKET] })),
    ...['ws.Server()', 'ws.WebSocketServer()'].map((s) => ({
      framework: 'ws', register: `${s}.on`, params: [WS, '@http.request'],
    })),
    // ipcMain.on('channel', (event, ...args)) / ipcMain.handle(…): the arguments come from a renderer.
    { framework: 'electron', register: 'electron.ipcMain.{on,once,handle,handleOnce}',
      params: [null, IPC_ARG, IPC_ARG, IPC_ARG, IPC_ARG] },
  ],
  sources: [
    ...socketIoArgs,
    { api: `${SOCKET}.handshake`, label: 'http', description: 'the socket.io handshake (query, headers)' },
    wsMessage,
    ...fastifyMessage,
    { api: `${IPC_ARG}.*`, label: 'message', description: 'an IPC message from an Electron renderer' },
  ],
};
