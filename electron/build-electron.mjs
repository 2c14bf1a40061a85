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
  // Native module and Electron itself stay outside the bundle.
  external: ['electron', 'node-pty'],
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
