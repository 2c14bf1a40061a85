/**
 * The azl-wsl version, read once from package.json: the one way every manifest, install record,
 * SBOM, diagnostics bundle and `azl-wsl --version` learns it. The engine bundle a WSL builder
 * runs carries a package.json where this module looks (wsl/builder/engine-bundle.ts).
 */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The version; a package.json that is missing or has none is a packaging bug, never a silent 0.0.0. */
export function toolVersion(): string {
  if (cached === undefined) {
    const file = new URL('../package.json', import.meta.url);
    const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
    if (typeof version !== 'string' || version === '') throw new Error(`${file.pathname} names no version.`);
    cached = version;
  }
  return cached;
}
