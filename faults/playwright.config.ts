import { defineConfig, devices } from '@playwright/test';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Fault, security and accessibility journeys (docs perf-reliability-anchors §3b, R1-R17)
 * against platform -> fault upstream -> gateway, started by global-setup.ts on free ports.
 * Figures go to test-results/faults/*.json; `npm run test:faults` turns them into the table.
 */
export default defineConfig({
  testDir: './journeys',
  outputDir: '../test-results/faults-artifacts',
  globalSetup: './global-setup.ts',
  workers: 1, // 2 cores; journeys share one platform and one fault upstream
  fullyParallel: false,
  retries: 0, // a fault that only sometimes breaks the console is a finding, not noise
  reporter: process.env.PW_REPORTER ? [[process.env.PW_REPORTER]] : [['list']],
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    // Other suites in the same tree wipe test-results/ when they start; traces then fail to save.
    trace: process.env.CI ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: CHROMIUM,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
});
