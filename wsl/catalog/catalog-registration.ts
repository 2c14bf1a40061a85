/**
 * Pointing WSL at a catalog: the machine-wide values wsl.exe reads on every `--list --online`
 * and `--install <Name>` (Distribution.cpp `GetAvailable`), both REG_SZ under
 * `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Lxss`:
 * - `DistributionListUrlAppend`: a manifest looked up *before* Microsoft's list (its entries win,
 *   and wsl.exe says "is provided by an override manifest");
 * - `DistributionListUrl`: replaces Microsoft's list altogether.
 * wsl.exe reads the main list even when the append list has the entry, so a machine that cannot
 * reach Microsoft's list (an offline fleet) needs `replace`; azl-wsl itself reads only these.
 */
import { AzlError } from '../../common/errors.js';
import { LXSS_MACHINE_KEY, stringValue, type Registry } from '../registry/registry.js';
import { readCatalog, type LoadedCatalog, type ReadCatalogOptions } from './catalog-reader.js';

export const DISTRIBUTION_LIST_URL = 'DistributionListUrl';
export const DISTRIBUTION_LIST_URL_APPEND = 'DistributionListUrlAppend';

export type CatalogMode = 'append' | 'replace';

export interface ConfiguredCatalogs {
  append?: string;
  replace?: string;
}

function valueName(mode: CatalogMode): string {
  return mode === 'append' ? DISTRIBUTION_LIST_URL_APPEND : DISTRIBUTION_LIST_URL;
}

/** The catalog URLs this machine's WSL is pointed at. */
export async function configuredCatalogs(registry: Registry): Promise<ConfiguredCatalogs> {
  const key = await registry.read(LXSS_MACHINE_KEY);
  const append = stringValue(key, DISTRIBUTION_LIST_URL_APPEND)?.trim();
  const replace = stringValue(key, DISTRIBUTION_LIST_URL)?.trim();
  return { append: append || undefined, replace: replace || undefined };
}

/** Sets the registry value for `mode` to `url` (needs elevation). */
export async function registerCatalog(registry: Registry, url: string, mode: CatalogMode): Promise<void> {
  await registry.setValue(LXSS_MACHINE_KEY, valueName(mode), { type: 'REG_SZ', data: url });
}

/** Removes the value for `mode`; false when it was not set. */
export async function unregisterCatalog(registry: Registry, mode: CatalogMode): Promise<boolean> {
  return registry.deleteValue(LXSS_MACHINE_KEY, valueName(mode));
}

/**
 * The configured catalogs read in WSL's order (the append list first, then a replacement
 * list), or a clear error when none is configured. Microsoft's own list is never read.
 */
export async function loadConfiguredCatalogs(registry: Registry, options: ReadCatalogOptions = {}): Promise<LoadedCatalog[]> {
  const urls = await configuredCatalogs(registry);
  const ordered = [urls.append, urls.replace].filter((url): url is string => url !== undefined);
  if (ordered.length === 0) {
    throw new AzlError('CATALOG_INVALID', 'No image catalog is configured on this machine.', {
      hint: `Your IT department sets one (HKLM\\…\\Lxss\\${DISTRIBUTION_LIST_URL_APPEND}, e.g. with "azl-wsl catalog use URL" as administrator), or pass --catalog URL.`,
    });
  }
  return Promise.all(ordered.map((url) => readCatalog(url, options)));
}
