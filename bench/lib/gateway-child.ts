/**
 * The gateway as its own process, so the bench can read its resident memory (RSS) without the
 * runner, Playwright's driver and the platform mixed in. Config comes as JSON in
 * BENCH_GATEWAY_CONFIG (overrides for loadConfig); the URL is printed as one JSON line.
 */
import { loadConfig, startGateway, type GatewayConfig } from '../../server/gateway/index.ts';

const overrides = JSON.parse(process.env.BENCH_GATEWAY_CONFIG ?? '{}') as Partial<GatewayConfig>;
const config = loadConfig({}, { host: '127.0.0.1', port: 0, ...overrides });
const gateway = await startGateway(config, {
  log: (message) => process.stderr.write(`[gateway] ${message}\n`),
});
process.stdout.write(`${JSON.stringify({ url: gateway.url, pid: process.pid })}\n`);

const stop = (): void => {
  void gateway.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Die with the runner even when it is killed hard.
process.stdin.on('end', stop);
process.stdin.resume();
