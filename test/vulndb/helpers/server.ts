import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

export interface Served {
  body: Buffer;
  /** Answer with this status instead (500, 404 ...). */
  status?: number;
  /** Send this many bytes then destroy the connection. */
  cutAfter?: number;
}

/** An osv.dev-shaped mirror on 127.0.0.1: `/<Ecosystem>/all.zip` with ETag and Last-Modified. */
export class MirrorServer {
  readonly files = new Map<string, Served>();
  readonly requests: Array<{ url: string; ifNoneMatch?: string; ifModifiedSince?: string }> = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res) => {
      const url = req.url ?? '';
      this.requests.push({
        url,
        ...(req.headers['if-none-match'] ? { ifNoneMatch: req.headers['if-none-match'] } : {}),
        ...(req.headers['if-modified-since'] ? { ifModifiedSince: req.headers['if-modified-since'] } : {}),
      });
      const f = this.files.get(decodeURIComponent(url));
      if (!f) {
        res.writeHead(404).end('not found');
        return;
      }
      if (f.status) {
        res.writeHead(f.status).end('server error');
        return;
      }
      const etag = `"${createHash('sha256').update(f.body).digest('hex').slice(0, 16)}"`;
      const lastModified = 'Wed, 01 Jan 2099 00:00:00 GMT';
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': f.body.length, ETag: etag, 'Last-Modified': lastModified });
      if (f.cutAfter !== undefined) {
        res.write(f.body.subarray(0, f.cutAfter), () => res.destroy());
        return;
      }
      res.end(f.body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
