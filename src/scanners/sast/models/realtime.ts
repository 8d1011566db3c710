/**
 * WebSocket servers (socket.io, ws): a message from a connected client is request data like a
 * request body; Electron's main process gets renderer messages the same way (ipcMain). The engine gives handler parameters roles, not taint, so the message's members
 * are the sources (`msg.text`); a message used whole (`exec(msg)`) is not seen (models/types.ts
 * has no way to taint a handler parameter itself outside decorators).
 */
import type { TaintModel } from './types.js';

const SOCKET = '@socketio.socket';
const WS = '@ws.socket';
/** What an Electron renderer sends over IPC: a renderer showing remote content is as untrusted. */
const IPC_ARG = '@electron.ipc-arg';

export const realtimeModel: TaintModel = {
  framework: 'websocket',
  handlers: [
    ...['socket.io()', 'socket.io.Server()', 'socket.io().of()', 'socket.io.Server().of()'].map((io) => ({
      framework: 'socket.io', register: `${io}.on`, params: [SOCKET],
    })),
    { framework: 'socket.io', register: `${SOCKET}.on`, params: ['@socketio.message', '@socketio.message'] },
    ...['ws.Server()', 'ws.WebSocketServer()'].map((s) => ({
      framework: 'ws', register: `${s}.on`, params: [WS, '@http.request'],
    })),
    { framework: 'ws', register: `${WS}.on`, params: ['@ws.message'] },
    // ipcMain.on('channel', (event, ...args)) / ipcMain.handle(…): the arguments come from a renderer.
    { framework: 'electron', register: 'electron.ipcMain.{on,once,handle,handleOnce}',
      params: [null, IPC_ARG, IPC_ARG, IPC_ARG, IPC_ARG] },
  ],
  sources: [
    { api: '@socketio.message.*', label: 'http', description: 'a socket.io message from a client' },
    { api: '@socketio.socket.handshake', label: 'http', description: 'the socket.io handshake (query, headers)' },
    { api: '@ws.message.*', label: 'http', description: 'a WebSocket message from a client' },
    { api: `${IPC_ARG}.*`, label: 'message', description: 'an IPC message from an Electron renderer' },
  ],
};
