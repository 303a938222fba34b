import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STATE_FILE = join(ROOT, 'test-results/faults-state.json');

/** Starts faults/harness.ts (platform, fault upstream, gateway) and hands its URLs to the tests. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(join(ROOT, 'test-results/faults'), { recursive: true });
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['faults/harness.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const state = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('harness did not start in 180 s')), 180_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = /^FAULTS_STATE (.+)$/m.exec(out);
      if (line?.[1]) {
        clearTimeout(timer);
        resolve(line[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`harness exited with ${code}:\n${out}`));
    });
  });
  child.stdout.resume();
  process.env.FAULTS_STATE = state;
  writeFileSync(STATE_FILE, state);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve(undefined);
      });
    });
  };
}
