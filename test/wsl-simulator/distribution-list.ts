/**
 * The distribution lists wsl.exe installs from (Distribution.cpp `GetAvailable`,
 * `ReadFromManifest`, `LookupByName`): Microsoft's list, or the one HKLM `DistributionListUrl`
 * names instead, plus the override list HKLM `DistributionListUrlAppend` names. Both are read
 * on every call, without a cache; the main list is always read, so a failing main list fails
 * the command even when the override list has the entry. `file://` addresses are read from disk
 * (the third slash skipped, nothing decoded), http(s) ones fetched; this machine is offline
 * except for loopback, and Microsoft's URL answers only when AZL_WSL_SIM_DISTRIBUTION_LIST
 * names a file to stand in for it.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { catalogText } from './catalog-messages.js';
import { readMachineValue } from './machine-registry.js';
import type { SimulatorContext } from './simulator-context.js';

export const DEFAULT_DISTRIBUTION_LIST_URL = 'https://raw.githubusercontent.com/microsoft/WSL/master/distributions/DistributionInfo.json';
const LXSS_MACHINE_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss';
/** WSL's HRESULT for a std::exception (a JSON parse or type error) is not in its name table. */
const BAD_MANIFEST_TOKEN = '0x8007023e';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface ArchiveInfo {
  Url: string;
  Sha256: string;
}

export interface ModernEntry {
  Name: string;
  FriendlyName: string;
  Default?: boolean;
  Amd64Url?: ArchiveInfo;
  Arm64Url?: ArchiveInfo;
}

export interface LegacyEntry {
  Name: string;
  FriendlyName: string;
  Amd64: boolean;
}

export interface DistributionList {
  /** Flavors in file order (nlohmann::ordered_map). */
  modern?: Array<[string, ModernEntry[]]>;
  legacy?: LegacyEntry[];
  defaultName?: string;
}

export interface AvailableDistributions {
  manifest: DistributionList;
  override?: DistributionList;
}

/** A failure with wsl.exe's message and error token; the caller adds the context path. */
export class ListFailure extends Error {
  constructor(
    readonly text: string,
    readonly token: string,
  ) {
    super(text);
  }
}

/** `file://` → path as TryGetPathFromFileUrl does (Linux: the skipped leading `/` put back). */
export function pathFromFileUrl(url: string): string | undefined {
  if (!url.startsWith('file://')) return undefined;
  let rest = url.slice('file://'.length);
  if (rest.startsWith('/')) rest = rest.slice(1);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** The system text and token for a local file that cannot be opened. */
export async function missingFileFailure(ctx: SimulatorContext, path: string): Promise<{ text: string; token: string }> {
  const parentExists = await stat(dirname(path)).then((info) => info.isDirectory(), () => false);
  return parentExists ? { text: catalogText(ctx, 'fileNotFound'), token: 'ERROR_FILE_NOT_FOUND' } : { text: catalogText(ctx, 'pathNotFound'), token: 'ERROR_PATH_NOT_FOUND' };
}

/** A web address the offline simulator can reach, or the failure WinINet would give. */
export function checkReachable(ctx: SimulatorContext, url: string): { text: string; token: string } | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return { text: catalogText(ctx, 'nameNotResolved'), token: 'WININET_E_NAME_NOT_RESOLVED' };
  }
  return LOOPBACK_HOSTS.has(host) ? undefined : { text: catalogText(ctx, 'nameNotResolved'), token: 'WININET_E_NAME_NOT_RESOLVED' };
}

/** The failure of an HTTP status WinRT's EnsureSuccessStatusCode rejects. */
export function httpStatusFailure(ctx: SimulatorContext, status: number): { text: string; token: string } {
  if (status === 404) return { text: catalogText(ctx, 'httpNotFound'), token: '0x80190194' };
  return { text: catalogText(ctx, 'httpStatus', status), token: `0x8019${status.toString(16).padStart(4, '0')}` };
}

async function fetchText(ctx: SimulatorContext, url: string): Promise<string> {
  if (url === DEFAULT_DISTRIBUTION_LIST_URL && ctx.settings.distributionListFile) return readFile(ctx.settings.distributionListFile, 'utf8');
  const path = pathFromFileUrl(url);
  if (path !== undefined) {
    try {
      // wsl.exe reads a local manifest byte by byte as characters (wifstream, "C" locale).
      return (await readFile(path)).toString('latin1');
    } catch {
      const failure = await missingFileFailure(ctx, path);
      throw new ListFailure(catalogText(ctx, 'couldNotFetchList', url, failure.text), failure.token);
    }
  }
  const unreachable = checkReachable(ctx, url);
  if (unreachable) throw new ListFailure(catalogText(ctx, 'couldNotFetchList', url, unreachable.text), unreachable.token);
  let response: Response;
  try {
    response = await fetch(url, { headers: { 'Cache-Control': 'no-cache' } });
  } catch {
    throw new ListFailure(catalogText(ctx, 'couldNotFetchList', url, catalogText(ctx, 'nameNotResolved')), 'WININET_E_CANNOT_CONNECT');
  }
  if (!response.ok) {
    const failure = httpStatusFailure(ctx, response.status);
    throw new ListFailure(catalogText(ctx, 'couldNotFetchList', url, failure.text), failure.token);
  }
  return response.text();
}

function isArchive(value: unknown): value is ArchiveInfo {
  const record = value as Partial<ArchiveInfo> | null;
  return !!record && typeof record === 'object' && typeof record.Url === 'string' && (record.Sha256 === undefined || typeof record.Sha256 === 'string');
}

/** Parses a list with WSL's types: any field of the wrong type fails the whole list. */
function parseList(text: string): DistributionList {
  const fail = (): never => {
    throw new Error('bad manifest');
  };
  const value = JSON.parse(text) as Record<string, unknown>;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail();
  const list: DistributionList = {};
  if (value.Distributions !== undefined && value.Distributions !== null) {
    if (!Array.isArray(value.Distributions)) fail();
    list.legacy = (value.Distributions as Array<Record<string, unknown>>).map((entry) => {
      if (!entry || typeof entry !== 'object' || (entry.Name !== undefined && typeof entry.Name !== 'string')) fail();
      return { Name: String(entry.Name ?? ''), FriendlyName: String(entry.FriendlyName ?? ''), Amd64: entry.Amd64 === true };
    });
  }
  if (value.Default !== undefined && value.Default !== null) {
    if (typeof value.Default !== 'string') fail();
    list.defaultName = value.Default as string;
  }
  if (value.ModernDistributions !== undefined) {
    const modern = value.ModernDistributions as Record<string, unknown>;
    if (modern === null || typeof modern !== 'object' || Array.isArray(modern)) fail();
    list.modern = Object.entries(modern).map(([flavor, entries]) => {
      if (!Array.isArray(entries)) fail();
      return [
        flavor,
        (entries as Array<Record<string, unknown>>).map((entry) => {
          if (!entry || typeof entry !== 'object') fail();
          for (const key of ['Name', 'FriendlyName']) if (entry[key] !== undefined && entry[key] !== null && typeof entry[key] !== 'string') fail();
          if (entry.Default !== undefined && entry.Default !== null && typeof entry.Default !== 'boolean') fail();
          for (const key of ['Amd64Url', 'Arm64Url']) if (entry[key] !== undefined && entry[key] !== null && !isArchive(entry[key])) fail();
          return {
            Name: String(entry.Name ?? ''),
            FriendlyName: String(entry.FriendlyName ?? ''),
            Default: typeof entry.Default === 'boolean' ? entry.Default : undefined,
            Amd64Url: isArchive(entry.Amd64Url) ? { Url: entry.Amd64Url.Url, Sha256: entry.Amd64Url.Sha256 ?? '' } : undefined,
            Arm64Url: isArchive(entry.Arm64Url) ? { Url: entry.Arm64Url.Url, Sha256: entry.Arm64Url.Sha256 ?? '' } : undefined,
          };
        }),
      ] as [string, ModernEntry[]];
    });
  }
  return list;
}

/** ReadFromManifest: fetch, parse, drop what this (x64) machine cannot install, default the legacy Default. */
async function readList(ctx: SimulatorContext, url: string): Promise<DistributionList> {
  const text = await fetchText(ctx, url);
  let list: DistributionList;
  try {
    list = parseList(text);
  } catch {
    throw new ListFailure(catalogText(ctx, 'couldNotFetchList', url, catalogText(ctx, 'badManifest')), BAD_MANIFEST_TOKEN);
  }
  if (list.legacy) list.legacy = list.legacy.filter((entry) => entry.Amd64);
  if (list.modern) list.modern = list.modern.map(([flavor, entries]) => [flavor, entries.filter((entry) => entry.Amd64Url !== undefined)]);
  if (list.defaultName === undefined && list.legacy && list.legacy.length > 0) list.defaultName = list.legacy[0].Name;
  return list;
}

/** GetAvailable: the main list (DistributionListUrl or Microsoft's) and the override list. */
export async function getAvailable(ctx: SimulatorContext): Promise<AvailableDistributions> {
  const url = (await readMachineValue(ctx, LXSS_MACHINE_KEY, 'DistributionListUrl')) ?? DEFAULT_DISTRIBUTION_LIST_URL;
  const appendUrl = await readMachineValue(ctx, LXSS_MACHINE_KEY, 'DistributionListUrlAppend');
  const manifest = await readList(ctx, url);
  const override = appendUrl === undefined ? undefined : await readList(ctx, appendUrl);
  return { manifest, override };
}

export type FoundDistribution = { kind: 'modern'; entry: ModernEntry } | { kind: 'legacy'; entry: LegacyEntry };

/** LookupDistributionInManifest: a flavor means its Default entry, else an entry Name; any case. */
function lookupIn(list: DistributionList, name: string, legacy: boolean): FoundDistribution | undefined {
  const wanted = name.toLowerCase();
  if (!legacy) {
    for (const [flavor, entries] of list.modern ?? []) {
      const useDefault = flavor.toLowerCase() === wanted;
      for (const entry of entries) {
        if (useDefault && entry.Default === true) return { kind: 'modern', entry };
        if (entry.Name.toLowerCase() === wanted) return { kind: 'modern', entry };
      }
    }
  }
  const found = list.legacy?.find((entry) => entry.Name.toLowerCase() === wanted);
  return found ? { kind: 'legacy', entry: found } : undefined;
}

/**
 * LookupByName: the override list first (and then the warning that it provided the entry),
 * else the main list, else WSL_E_DISTRO_NOT_FOUND.
 */
export function lookupByName(ctx: SimulatorContext, available: AvailableDistributions, name: string, legacy: boolean): FoundDistribution {
  if (available.override) {
    const found = lookupIn(available.override, name, legacy);
    if (found) {
      ctx.out.warn(catalogText(ctx, 'overridden', name));
      return found;
    }
  }
  const found = lookupIn(available.manifest, name, legacy);
  if (!found) throw new ListFailure(catalogText(ctx, 'invalidDistributionName', name), 'WSL_E_DISTRO_NOT_FOUND');
  return found;
}
