// @ts-check
import js from '@eslint/js';
import pluginQuery from '@tanstack/eslint-plugin-query';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import { defineConfig, globalIgnores } from 'eslint/config';
import { readdirSync } from 'node:fs';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/**
 * The layer direction of docs/architecture: lib <- hooks, stores, components <- features <- app.
 * Features never import each other or app; contract imports only zod; server imports only
 * src/contract from the SPA; mocks never import features or components.
 */
const layerZones = [
  {
    target: './src/lib',
    from: ['./src/hooks', './src/stores', './src/components', './src/features', './src/app'],
    message: 'lib/ is the bottom layer: pure helpers only.',
  },
  {
    target: ['./src/hooks', './src/stores', './src/components'],
    from: ['./src/features', './src/app'],
    message: 'Shared layers may not reach up into features/ or app/.',
  },
  { target: './src/features', from: './src/app', message: 'Features never import app/.' },
  ...features.map((name) => ({
    target: `./src/features/${name}`,
    from: './src/features',
    except: [`./${name}`],
    message: 'Features never import each other; move the shared piece down a layer.',
  })),
  {
    target: './src/contract',
    from: [
      './src/api',
      './src/app',
      './src/components',
      './src/features',
      './src/hooks',
      './src/lib',
      './src/mocks',
      './src/stores',
    ],
    message: 'contract/ imports only zod.',
  },
  {
    target: './src/api',
    from: [
      './src/app',
      './src/components',
      './src/features',
      './src/hooks',
      './src/stores',
      './src/mocks',
    ],
    message: 'api/ is the wire: contract and lib only.',
  },
  {
    target: './src/mocks',
    from: ['./src/features', './src/components', './src/app'],
    message: 'mocks/ describe the network; they never import UI.',
  },
  {
    target: './server',
    from: './src',
    except: ['./contract'],
    message: 'server/ imports only src/contract from the SPA.',
  },
];

export default defineConfig([
  globalIgnores([
    'dist',
    'node_modules',
    'test-results',
    'playwright-report',
    '.data',
    'bench/results',
  ]),
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'import-x/no-cycle': ['error', { maxDepth: 8, ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Tests of the wire layer describe the network with the shared msw mocks.
    files: ['src/api/**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: layerZones.map((zone) =>
            zone.target === './src/api'
              ? { ...zone, from: zone.from.filter((f) => f !== './src/mocks') }
              : zone,
          ),
        },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [
      reactHooks.configs.flat.recommended,
      reactRefresh.configs.vite,
      pluginQuery.configs['flat/recommended'],
    ],
    rules: {
      'react-refresh/only-export-components': 'off',
      // TanStack Virtual's useVirtualizer is flagged by design; the compiler skips those components.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    files: ['src/api/**', 'src/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', '@tanstack/react-*', 'zustand'],
              message: 'The wire layer has no React.',
            },
          ],
        },
      ],
    },
  },
  prettier,
]);
