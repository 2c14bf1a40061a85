// Bundles the main process (ESM) and the preload (one CommonJS file: sandboxed preloads cannot
// import) into out/electron/, next to which electron-builder packs renderer/dist.
import { build } from 'esbuild';
import { cp } from 'node:fs/promises';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'info' };
await build({
  ...common,
  entryPoints: ['electron/main/main.ts'],
  outfile: 'out/electron/main/main.mjs',
  format: 'esm',
  // Native module and Electron itself stay outside the bundle, and so do the optional plugins of
  // @cyclonedx/cyclonedx-library the engine never uses (XML output, validators; it loads them
  // inside try/catch: the same list as wsl/builder/engine-bundle.ts).
  external: ['electron', 'node-pty', 'xmlbuilder2', 'libxmljs2', 'ajv', 'ajv-formats', 'ajv-formats-draft2019'],
  // jsonc-parser's `main` is a UMD build that requires its own modules at run time; its ES
  // module build bundles (as in wsl/builder/engine-bundle.ts).
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'out/electron/preload/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});
// The engine reads its icon next to its own module (new URL('./assets/…', import.meta.url)).
await cp('rootfs/transform/assets', 'out/electron/main/assets', { recursive: true });
