/**
 * Proxy settings from HTTPS_PROXY / HTTP_PROXY / NO_PROXY, validated once.
 *
 * Corporate machines often carry hand-edited values (`http://http://proxy:8080`, a bare
 * `proxy:8080`, a socks URL); a clear error here beats a confusing connection failure later.
 * Credentials in a proxy URL are kept for the Proxy-Authorization header only and are
 * redacted everywhere text is produced.
 */
import { RegistryError } from './registry-error.js';

export interface ProxySettings {
  /** Proxy for https:// registries (the normal case). */
  httpsProxy?: string;
  /** Proxy for plain-http registries. */
  httpProxy?: string;
  /** Hosts that are reached directly: exact names, `.suffix` or `suffix` domains, `host:port`, or `*`. */
  noProxy: string[];
}

/** Proxy URL with any user name and password replaced by `***`, for logs and errors. */
export function redactProxyUrl(url: string): string {
  // Text-based on purpose: a malformed value (`http://http://user:pw@host`) must be redacted too.
  return url.replace(/\/\/[^/]*@/g, '//***@').replace(/\/$/, '');
}

/** Validates one proxy URL and returns its normalised form (scheme added when missing). */
export function validateProxyUrl(value: string, variable: string): string {
  const text = value.trim();
  const bad = (why: string): RegistryError =>
    new RegistryError('PROXY_INVALID', `${variable} is set to "${redactProxyUrl(text)}", which is not a usable proxy address: ${why}.`, {
      hint: `Set ${variable} to http://host:port (or http://user:password@host:port), or unset it.`,
    });
  if (/^[a-z][a-z0-9+.-]*:\/\/[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw bad('the scheme is written twice');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw bad('it is not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw bad(`the ${parsed.protocol.replace(':', '')} scheme is not supported (use http or https)`);
  if (parsed.hostname === '') throw bad('it has no host name');
  if (parsed.pathname !== '/' && parsed.pathname !== '') throw bad('a proxy address has no path');
  return parsed.toString().replace(/\/$/, '');
}

function pick(env: NodeJS.ProcessEnv, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, value };
  }
  return undefined;
}

/** Reads and validates the proxy variables (lower-case first, as curl does). */
export function resolveProxySettings(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const https = pick(env, ['https_proxy', 'HTTPS_PROXY']);
  const http = pick(env, ['http_proxy', 'HTTP_PROXY']);
  const noProxy = pick(env, ['no_proxy', 'NO_PROXY']);
  return {
    httpsProxy: https ? validateProxyUrl(https.value, https.name) : undefined,
    httpProxy: http ? validateProxyUrl(http.value, http.name) : undefined,
    noProxy: noProxy ? noProxy.value.split(/[\s,]+/).map((entry) => entry.trim().toLowerCase()).filter(Boolean) : [],
  };
}

function bypasses(entry: string, host: string, port: string): boolean {
  if (entry === '*') return true;
  let entryHost = entry;
  const portMatch = /^(.*):(\d+)$/.exec(entry);
  if (portMatch && !entry.startsWith('[')) {
    if (portMatch[2] !== port) return false;
    entryHost = portMatch[1];
  }
  entryHost = entryHost.replace(/^\*?\./, '');
  return host === entryHost || host.endsWith(`.${entryHost}`);
}

/** The proxy URL to use for `target`, or undefined to connect directly. */
export function proxyFor(settings: ProxySettings | undefined, target: URL): string | undefined {
  if (!settings) return undefined;
  const proxy = target.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (!proxy) return undefined;
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return settings.noProxy.some((entry) => bypasses(entry, host, port)) ? undefined : proxy;
}
