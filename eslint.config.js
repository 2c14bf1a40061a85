// Lint, with the layer rules of docs/ARCHITECTURE.md enforced by `no-restricted-imports`:
// common ← rootfs ← wsl ← (cli, electron main); the renderer sees only electron/contract.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto', 'stream', 'zlib', 'worker_threads'];

/** Import patterns a layer may not use, with the reason shown in the lint message. */
function forbid(patterns, message) {
  // The bare 'electron' module goes in `paths`: as a pattern it would also match the
  // electron/contract folder the renderer is allowed to import.
  const modules = patterns.filter((pattern) => !pattern.includes('/') && !pattern.includes('*'));
  const groups = patterns.filter((pattern) => !modules.includes(pattern));
  return {
    'no-restricted-imports': [
      'error',
      { paths: modules.map((name) => ({ name, message })), patterns: [{ group: groups, message }] },
    ],
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', '.cache/**', 'out/**', 'test-results/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', structuredClone: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: forbid(['**/rootfs/**', '**/wsl/**', '**/cli/**', '**/electron/**', '**/renderer/**', 'electron'], 'common/ is the base layer: it imports nothing of the project above it.'),
  },
  {
    files: ['rootfs/**/*.ts'],
    rules: forbid(['**/wsl/**', '**/cli/**', '**/electron/**', '**/renderer/**', 'electron'], 'rootfs/ is the build engine: plain Node, no install engine, CLI, Electron or UI.'),
  },
  {
    files: ['wsl/**/*.ts'],
    rules: forbid(['**/cli/**', '**/electron/**', '**/renderer/**', 'electron'], 'wsl/ is the install engine: plain Node, shared by the CLI and the app, no Electron or UI.'),
  },
  {
    files: ['cli/**/*.ts'],
    rules: forbid(['**/electron/**', '**/renderer/**', 'electron'], 'The CLI composes the engines; it never imports the desktop app.'),
  },
  {
    files: ['electron/contract/**/*.ts'],
    rules: forbid([...nodeBuiltins, '**/rootfs/**', '**/wsl/**', '**/cli/**', '**/electron/main/**', '**/electron/preload/**', '**/renderer/**', 'electron'], 'electron/contract is shared with the renderer: types and pure validators only, no Node, engines or Electron.'),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: forbid([...nodeBuiltins, '**/common/**', '**/rootfs/**', '**/wsl/**', '**/cli/**', '**/electron/main/**', '**/renderer/**'], 'The preload exposes the contract\'s API object over IPC and nothing else.'),
  },
  {
    files: ['electron/main/**/*.ts', 'electron/web-host/**/*.ts'],
    rules: forbid(['**/renderer/**', '**/cli/**'], 'The main process composes the engines; it never imports the renderer or the CLI.'),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    rules: forbid([...nodeBuiltins, '**/common/**', '**/rootfs/**', '**/wsl/**', '**/cli/**', '**/electron/main/**', '**/electron/preload/**', 'electron'], 'The renderer talks to the system only through the API object typed in electron/contract.'),
  },
);
