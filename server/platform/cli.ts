import { parseArgs } from 'node:util';
import { startPlatform } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env['PLATFORM_PORT'] ?? '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: process.env['PLATFORM_DATA_DIR'] ?? '.data' },
    reset: { type: 'boolean', default: false },
    'no-seed': { type: 'boolean', default: false },
    'seed-tasks': { type: 'string' },
    speed: { type: 'string', default: '1' },
    'no-worker': { type: 'boolean', default: false },
    'api-key': { type: 'string' },
    'org-id': { type: 'string' },
    'keepalive-ms': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run platform -- [--port 4010] [--host 127.0.0.1] [--data .data] [--reset]
       [--seed-tasks N] [--no-seed] [--speed N] [--no-worker] [--api-key KEY] [--org-id ID] [--keepalive-ms MS]`);
  process.exit(0);
}

const started = Date.now();
const platform = await startPlatform({
  port: Number(values.port),
  host: values.host,
  dataDir: values.data,
  reset: values.reset,
  seed: values['no-seed'] ? false : undefined,
  seedTasks: values['seed-tasks'] === undefined ? undefined : Number(values['seed-tasks']),
  speed: Number(values.speed),
  worker: !values['no-worker'],
  apiKey: values['api-key'],
  organizationId: values['org-id'],
  keepAliveMs: values['keepalive-ms'] === undefined ? undefined : Number(values['keepalive-ms']),
});

// Machine-readable lines first: tests and scripts parse them.
console.log(`PLATFORM_URL=${platform.url}`);
console.log(`PLATFORM_ORG_ID=${platform.organizationId}`);
console.log(`PLATFORM_API_KEY=${platform.apiKey}`);
console.log(
  `Reference platform ready in ${Date.now() - started} ms (data: ${values.data}, speed ${values.speed}x)`,
);

let stopping = false;
const shutdown = () => {
  if (stopping) return;
  stopping = true;
  void platform.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
