/**
 * The Windows system proxy (WinHTTP), as a fallback when HTTPS_PROXY/HTTP_PROXY are not set:
 * `netsh winhttp show proxy` on win32 only. The result goes through the same validation as
 * the environment variables.
 */
import { resolveProxySettings, type ProxySettings } from '../../rootfs/oci/proxy-settings.js';
import { runProgram } from '../../common/run-program.js';

/**
 * Parses `netsh winhttp show proxy` output: "Proxy Server(s) :  host:port" (or per-scheme
 * `http=h:p;https=h:p`) and "Bypass List :  a;b;<local>". Undefined for "Direct access".
 */
export function parseNetshWinhttp(text: string): { server: string; bypass: string[] } | undefined {
  const server = /Proxy Server\(s\)\s*:\s*(\S+)/i.exec(text)?.[1];
  if (!server) return undefined;
  const bypassText = /Bypass List\s*:\s*(\S.*)$/im.exec(text)?.[1]?.trim() ?? '';
  const bypass = bypassText === '(none)' ? [] : bypassText.split(/[;,\s]+/).filter((entry) => entry && entry !== '<local>');
  return { server, bypass };
}

/** Environment-style proxy variables for a WinHTTP proxy string. */
export function winhttpToEnv(parsed: { server: string; bypass: string[] }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  if (parsed.server.includes('=')) {
    for (const part of parsed.server.split(';')) {
      const [scheme, value] = part.split('=');
      if (scheme === 'https' && value) env.HTTPS_PROXY = value;
      if (scheme === 'http' && value) env.HTTP_PROXY = value;
    }
  } else {
    env.HTTPS_PROXY = parsed.server;
    env.HTTP_PROXY = parsed.server;
  }
  if (parsed.bypass.length > 0) env.NO_PROXY = parsed.bypass.join(',');
  return env;
}

/** Proxy settings from the environment, else (on Windows) the WinHTTP system proxy. */
export async function resolveBuildProxy(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<ProxySettings> {
  const fromEnv = resolveProxySettings(env);
  if (fromEnv.httpsProxy || fromEnv.httpProxy || platform !== 'win32') return fromEnv;
  try {
    const result = await runProgram('netsh', ['winhttp', 'show', 'proxy'], { name: 'netsh winhttp' });
    const parsed = result.exitCode === 0 ? parseNetshWinhttp(result.stdout.toString('utf8')) : undefined;
    return parsed ? resolveProxySettings(winhttpToEnv(parsed)) : fromEnv;
  } catch {
    return fromEnv;
  }
}
