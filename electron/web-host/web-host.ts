/**
 * A small Node host for running the renderer in a plain browser: it serves the built renderer
 * and exposes the same API the preload exposes, over a local WebSocket, backed by the same
 * composed services. Used by the end-to-end tests and `npm run dev:web`; never by the app.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { composeServices, type AppServices, type ComposeOptions } from '../main/compose-services.js';
import type { ApiClient } from '../main/api-router.js';
import { CONTENT_SECURITY_POLICY } from '../main/security-policy.js';

export interface WebHostOptions extends ComposeOptions {
  /** The built renderer (renderer/dist). */
  distDir: string;
  /** Default 0: any free port. Always bound to 127.0.0.1. */
  port?: number;
}

export interface WebHost {
  url: string;
  services: AppServices;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Largest message a page may send: a pasted chunk of text, never more. */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

async function serveFile(distDir: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
  const relative = normalize(path === '/' ? '/index.html' : path).replace(/^[/\\]+/, '');
  const file = join(distDir, relative);
  if (!file.startsWith(distDir + sep)) {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
}

/** Starts the host on 127.0.0.1; resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const services = composeServices(options);
  const distDir = normalize(options.distDir);
  const server = createServer((request, response) => {
    if (request.method !== 'GET') {
      response.writeHead(405).end();
      return;
    }
    void serveFile(distDir, request, response);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  server.on('upgrade', (request, socket, head) => {
    // The sender check of this transport: only the page this host served may connect.
    if (request.url !== '/api' || request.headers.origin !== origin) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => connect(ws));
  });

  function connect(ws: WebSocket): void {
    const client: ApiClient = {
      id: randomUUID(),
      send(channel, payload) {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'event', channel, payload }));
      },
    };
    services.router.connect(client);
    ws.on('message', async (raw) => {
      let message: { t?: unknown; id?: unknown; channel?: unknown; args?: unknown };
      try {
        message = JSON.parse(String(raw)) as typeof message;
      } catch {
        return;
      }
      if (message.t !== 'call' || typeof message.id !== 'number' || typeof message.channel !== 'string') return;
      const result = await services.router.call(client, message.channel, message.args);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'result', id: message.id, result }));
    });
    ws.on('close', () => services.router.disconnect(client.id));
  }

  return {
    url: `${origin}/`,
    services,
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.dispose();
    },
  };
}
