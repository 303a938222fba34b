import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      globals: true,
      restoreMocks: true,
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'node',
            include: ['src/**/*.test.ts'],
            setupFiles: ['./src/testing/setup-msw.ts'],
          },
        },
        {
          extends: true,
          test: {
            name: 'component',
            environment: 'jsdom',
            include: ['src/**/*.test.tsx'],
            setupFiles: ['./src/testing/setup-msw.ts', './src/testing/setup-dom.ts'],
          },
        },
        {
          extends: true,
          test: {
            name: 'server',
            environment: 'node',
            include: ['server/**/*.test.ts', 'bench/**/*.test.ts', 'faults/**/*.test.ts'],
            testTimeout: 30_000,
            hookTimeout: 30_000,
            // Server suites start real processes and ports; 2 cores is the whole machine.
            fileParallelism: false,
          },
        },
      ],
    },
  }),
);
