import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp } from './app.ts';
import { testConfig } from './fake-upstream.ts';

/**
 * The real SPA, built with the platform key in the environment (as `npm start` does), must not
 * contain the key, and must load under the gateway's CSP (no inline script).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SENTINEL = 'sk-build-sentinel-c0ffee42';
let outDir: string;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'gateway-build-'));
  const build = spawnSync(
    join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        XPANDER_API_KEY: SENTINEL,
        VITE_XPANDER_API_KEY: undefined,
        XPANDER_BASE_URL: 'http://127.0.0.1:1',
      },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
}, 150_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('built SPA', () => {
  it('contains the API key in no file, source maps included', () => {
    const files = filesUnder(outDir);
    expect(files.some((f) => f.endsWith('index.html'))).toBe(true);
    for (const file of files) {
      expect(readFileSync(file, 'utf8').includes(SENTINEL), relative(outDir, file)).toBe(false);
    }
  });

  it('has no inline script in index.html, so the CSP (script-src self) does not block it', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(content!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
  });

  it('is served by the gateway without the key anywhere in the responses', async () => {
    const app = createGatewayApp(
      testConfig('http://127.0.0.1:1', { distDir: outDir, apiKey: SENTINEL }),
    );
    const paths = [
      '/',
      '/tasks/x',
      ...filesUnder(join(outDir, 'assets')).map((f) => `/${relative(outDir, f)}`),
    ];
    for (const path of paths) {
      const response = await app.request(path, {
        headers: { accept: 'text/html', 'accept-encoding': 'identity' },
      });
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text.includes(SENTINEL), path).toBe(false);
      expect(JSON.stringify([...response.headers]).includes(SENTINEL)).toBe(false);
    }
  });
});
