import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ConsoleStore } from '../store/console-store.ts';
import { openStore } from '../store/open-store.ts';
import { createGatewayApp, type GatewayAppOptions } from './app.ts';
import { assertSafeToServe, type GatewayConfig } from './config.ts';

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

/**
 * Listens on `config.host:config.port` (0 = ephemeral); rejects with PortInUseError when taken
 * and with ConfigError when the auth settings would expose the console. Opens the configured
 * store unless one is given, and then closes it with the gateway.
 */
export async function startGateway(
  config: GatewayConfig,
  options: GatewayAppOptions = {},
): Promise<RunningGateway> {
  assertSafeToServe(config);
  const ownStore: ConsoleStore | undefined = options.store ? undefined : await openStore(config);
  const app = createGatewayApp(config, { ...options, store: options.store ?? ownStore });
  const closeStore = async (): Promise<void> => {
    await ownStore?.close().catch(() => {});
  };
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }) as Server;
    const onError = (error: NodeJS.ErrnoException): void => {
      server.close();
      void closeStore();
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
            server.close(() => void closeStore().then(done));
            // Event streams never end on their own; cut them so close() does not hang.
            server.closeAllConnections();
          }),
      });
    });
  });
}
