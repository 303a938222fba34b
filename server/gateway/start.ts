import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createGatewayApp, type GatewayAppOptions } from './app.ts';
import type { GatewayConfig } from './config.ts';

export interface RunningGateway {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
  readonly host: string;
  readonly port: number;
  constructor(host: string, port: number) {
    super(
      `Port ${port} on ${host} is already in use. Stop whatever uses it, or pick another with --port N (or PORT=N).`,
    );
    this.host = host;
    this.port = port;
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Listens on `config.host:config.port` (0 = ephemeral); rejects with PortInUseError when taken. */
export function startGateway(
  config: GatewayConfig,
  options: GatewayAppOptions = {},
): Promise<RunningGateway> {
  const app = createGatewayApp(config, options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }) as Server;
    const onError = (error: NodeJS.ErrnoException): void => {
      server.close();
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(config.host, config.port) : error);
    };
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${urlHost(config.host)}:${port}`,
        host: config.host,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Event streams never end on their own; cut them so close() does not hang.
            server.closeAllConnections();
          }),
      });
    });
  });
}
