/**
 * The azl-wsl version, read once from package.json: the one way every manifest, install record,
 * SBOM, diagnostics bundle and `azl-wsl --version` learns it.
 *
 * The file is the nearest package.json above this module: the project's own in the source tree
 * (common/ → ../package.json), the one the engine bundle carries beside its job runner
 * (wsl/builder/engine-bundle.ts), the app's at the root of app.asar (out/electron/main/ → ../../../).
 */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The version; no package.json with one above this module is a packaging bug, never a silent 0.0.0. */
export function toolVersion(): string {
  if (cached === undefined) {
    for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
      const file = new URL('package.json', dir);
      let text: string | undefined;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      const version = text === undefined ? undefined : (JSON.parse(text) as { version?: unknown }).version;
      if (typeof version === 'string' && version !== '') {
        cached = version;
        break;
      }
      if (new URL('../', dir).href === dir.href) throw new Error(`No package.json with a version above ${import.meta.url}.`);
    }
  }
  return cached;
}
