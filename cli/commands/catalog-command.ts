/** `azl-wsl catalog add|list|remove|use`: an internal catalog in WSL's own format, so `wsl --install Contoso-AzureLinux` works. */
import { defineCommand, type CommandContext } from '../command.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';
import { createProgressRenderer } from '../output/progress-renderer.js';
import { openRegistry } from '../../wsl/registry/registry.js';
import { addCatalogEntry, removeCatalogEntry } from '../../wsl/catalog/catalog-folder.js';
import { catalogEntries, catalogUrl, readCatalog, type LoadedCatalog } from '../../wsl/catalog/catalog-reader.js';
import { configuredCatalogs, registerCatalog, unregisterCatalog, DISTRIBUTION_LIST_URL, DISTRIBUTION_LIST_URL_APPEND, type CatalogMode } from '../../wsl/catalog/catalog-registration.js';
import { archiveForArch, checkManifest, formatFindings } from '../../wsl/catalog/distribution-manifest.js';
import { AzlError } from '../../common/errors.js';

const ACTIONS = ['add', 'list', 'remove', 'use'] as const;

export const catalogCommand = defineCommand({
  name: 'catalog',
  summary: 'Publish images to an internal WSL catalog and point WSL at it',
  help: `Usage: azl-wsl catalog add IMAGE.wsl --catalog PATH --flavor F --name N --friendly "TEXT" [options]
       azl-wsl catalog list [--catalog PATH|URL] [--json]
       azl-wsl catalog remove N --catalog PATH
       azl-wsl catalog use PATH|URL [--replace]      (administrator)
       azl-wsl catalog use --none [--replace]        (administrator)

A catalog is WSL's own DistributionInfo.json with the images beside it, on a file share or a
web server: once WSL is pointed at it, "wsl --install N" and "azl-wsl install --catalog-name N"
install from it. Entries follow WSL's rules: the name starts with the flavor, exactly one
Default per flavor, .wsl URLs with their SHA-256.

add:
  --catalog PATH         catalog folder (or its .json, or a file:// URL); created when new
  --flavor F             the family (wsl --install F installs its Default entry)
  --name N               the entry; WSL registers the distribution under this name
  --friendly "TEXT"      the name shown by wsl --list --online
  --default              make N the flavor's Default (the first entry of a flavor always is)
  --arm64 IMAGE          the arm64 build of the same image
  --version V            image version (default: IMAGE_VERSION in the image's os-release,
                         else the digits after the flavor in N, as in Contoso-AzureLinux-4.0.2)
  --base-url URL         where the folder will be published (https://…/); entries point there
                         instead of at file:// paths
  --no-validate          skip WSL's image rules (not recommended)
list:
  --catalog PATH|URL     the catalog to list (default: the ones WSL is pointed at)
remove:
  --catalog PATH         the catalog folder; the entry's images are deleted too
use:
  PATH|URL               sets HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss\\${DISTRIBUTION_LIST_URL_APPEND}
                         (searched before Microsoft's list); needs an administrator terminal
  --replace              sets ${DISTRIBUTION_LIST_URL} instead: replaces Microsoft's list
                         (needed for "wsl --install" on machines that cannot reach it)
  --none                 removes the value
  --no-check             set it even when the catalog cannot be read from here
  --json                 print the result as JSON`,
  options: {
    catalog: { type: 'string' },
    flavor: { type: 'string' },
    name: { type: 'string' },
    friendly: { type: 'string' },
    default: { type: 'boolean' },
    arm64: { type: 'string' },
    version: { type: 'string' },
    'base-url': { type: 'string' },
    'no-validate': { type: 'boolean' },
    replace: { type: 'boolean' },
    none: { type: 'boolean' },
    'no-check': { type: 'boolean' },
  },
  positionals: { max: 2, complete: ACTIONS },
  completions: { catalog: 'file', arm64: 'file' },
  async run(context, { values, positionals }) {
    const [action, target] = positionals;
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
      throw usageError(action ? `Unknown catalog action "${action}"; use add, list, remove or use.` : 'Say what to do: add, list, remove or use.', 'catalog');
    }
    const out = (result: Record<string, unknown>, text: string): number => {
      context.stdout(values.json ? JSON.stringify({ kind: 'result', ...result }) + '\n' : text.endsWith('\n') ? text : `${text}\n`);
      return EXIT_OK;
    };

    if (action === 'add') {
      if (!target) throw usageError('Name the image to add: catalog add IMAGE.wsl …', 'catalog');
      const missing = (['catalog', 'flavor', 'name', 'friendly'] as const).filter((key) => values[key] === undefined);
      if (missing.length > 0) throw usageError(`catalog add needs --${missing.join(', --')}.`, 'catalog');
      const renderer = createProgressRenderer({ mode: values.json ? 'json' : context.isTTY ? 'tty' : 'plain', write: values.json ? context.stdout : context.stderr });
      let result;
      try {
        result = await addCatalogEntry({
          catalog: values.catalog!,
          image: target,
          arm64Image: values.arm64,
          flavor: values.flavor!,
          name: values.name!,
          friendlyName: values.friendly!,
          makeDefault: values.default,
          version: values.version,
          baseUrl: values['base-url'],
          validate: !values['no-validate'],
          signal: context.signal,
          onProgress: renderer.listener,
        });
      } finally {
        renderer.finish();
      }
      return out(
        { action: 'add', manifest: result.manifestUrl, flavor: result.flavor, entry: result.entry, version: result.details.version ?? null, replaced: result.replaced },
        `${result.replaced ? 'Replaced' : 'Added'} ${result.entry.Name} (flavor ${result.flavor}${result.entry.Default ? ', Default' : ''}, version ${result.details.version ?? 'unknown'}) in ${result.manifestUrl}\n` +
          `Point WSL at it with: azl-wsl catalog use ${result.manifestUrl}`,
      );
    }

    if (action === 'remove') {
      if (!target) throw usageError('Name the entry to remove: catalog remove NAME --catalog PATH', 'catalog');
      if (!values.catalog) throw usageError('catalog remove needs --catalog PATH.', 'catalog');
      const result = await removeCatalogEntry({ catalog: values.catalog, name: target, signal: context.signal });
      return out(
        { action: 'remove', flavor: result.flavor, removed: result.removed.Name, newDefault: result.newDefault ?? null, deletedFiles: result.deletedFiles },
        `Removed ${result.removed.Name} from the flavor ${result.flavor}${result.newDefault ? `; ${result.newDefault} is now its Default` : ''}.`,
      );
    }

    if (action === 'use') return useCatalog(context, values, target, out);

    // list
    if (target) throw usageError(`Unexpected argument "${target}".`, 'catalog');
    const registry = openRegistry({ env: context.env, signal: context.signal });
    const locations = values.catalog !== undefined ? [values.catalog] : await configuredLocations(registry);
    if (locations.length === 0) {
      return out({ action: 'list', catalogs: [] }, 'WSL is not pointed at any catalog on this machine. Publish one with `azl-wsl catalog add` and point WSL at it with `azl-wsl catalog use URL`.');
    }
    const catalogs: LoadedCatalog[] = [];
    for (const location of locations) catalogs.push(await readCatalog(location, { signal: context.signal }));
    const json = catalogs.map((catalog) => ({
      url: catalog.url,
      findings: checkManifest(catalog.manifest),
      entries: catalogEntries(catalog).map(({ flavor, entry, details }) => ({
        flavor,
        name: entry.Name,
        friendlyName: entry.FriendlyName,
        default: entry.Default === true,
        version: details?.version ?? null,
        url: archiveForArch(entry)?.Url ?? null,
        sha256: archiveForArch(entry)?.Sha256 ?? null,
      })),
    }));
    const lines: string[] = [];
    for (const catalog of json) {
      lines.push(`Catalog ${catalog.url}`);
      const width = Math.max(4, ...catalog.entries.map((entry) => entry.name.length));
      lines.push(`  ${'NAME'.padEnd(width)}  ${'VERSION'.padEnd(14)}  FRIENDLY NAME`);
      for (const entry of catalog.entries) lines.push(`${entry.default ? '*' : ' '} ${entry.name.padEnd(width)}  ${(entry.version ?? '-').padEnd(14)}  ${entry.friendlyName}`);
      if (catalog.findings.length > 0) lines.push(`  Problems (WSL's rules):\n${formatFindings(catalog.findings).replace(/^/gm, '    ')}`);
    }
    return out({ action: 'list', catalogs: json }, lines.join('\n'));
  },
});

async function configuredLocations(registry: ReturnType<typeof openRegistry>): Promise<string[]> {
  const configured = await configuredCatalogs(registry);
  return [configured.append, configured.replace].filter((url): url is string => url !== undefined);
}

async function useCatalog(
  context: CommandContext,
  values: { replace?: boolean; none?: boolean; 'no-check'?: boolean },
  target: string | undefined,
  out: (result: Record<string, unknown>, text: string) => number,
): Promise<number> {
  const mode: CatalogMode = values.replace ? 'replace' : 'append';
  const valueName = mode === 'append' ? DISTRIBUTION_LIST_URL_APPEND : DISTRIBUTION_LIST_URL;
  const registry = openRegistry({ env: context.env, signal: context.signal });
  if (values.none) {
    if (target) throw usageError('catalog use --none takes no address.', 'catalog');
    const removed = await unregisterCatalog(registry, mode);
    return out({ action: 'use', mode, value: valueName, url: null, removed }, removed ? `Removed ${valueName}: WSL no longer uses that catalog.` : `${valueName} was not set; nothing changed.`);
  }
  if (!target) throw usageError('Give the catalog address (PATH or URL), or --none.', 'catalog');
  const url = catalogUrl(target);
  if (!values['no-check']) {
    const catalog = await readCatalog(url, { signal: context.signal });
    const findings = checkManifest(catalog.manifest);
    if (findings.length > 0) {
      throw new AzlError('CATALOG_INVALID', `The catalog ${url} breaks WSL's rules; WSL was not pointed at it.`, { hint: 'Fix the catalog (see below) and run the command again.', detail: formatFindings(findings) });
    }
  }
  await registerCatalog(registry, url, mode);
  return out(
    { action: 'use', mode, value: valueName, url },
    `WSL now ${mode === 'append' ? 'searches' : 'uses only'} the catalog ${url} (${valueName}).\nTry: wsl --list --online`,
  );
}
