/**
 * Corporate-network settings for a build: the proxy (from HTTPS_PROXY/HTTP_PROXY/NO_PROXY or
 * the Windows system proxy, validated by rootfs/oci/proxy-settings.ts) and extra root CAs.
 *
 * Proxy credentials are secrets: they reach dnf only through a mode-0600 config file, never
 * argv, logs, progress events, manifests or the image. What goes into an image on request is
 * the proxy address WITHOUT credentials.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProxySettings } from '../oci/proxy-settings.js';
import type { BuildPlan } from '../plan/build-plan.js';
import type { ParityEntry } from '../transform/parity-report.js';
import { loadCaCertificates } from '../oci/http-transport.js';
import { COMMAND_LINE } from '../../common/source-location.js';

export interface NetworkSettings {
  /** Validated proxy settings (may hold credentials). */
  proxy?: ProxySettings;
  /** Extra root CA certificates (PEM files) trusted while building. */
  caFiles: string[];
  /** Write the proxy address (without credentials) into the image. */
  proxyIntoImage: boolean;
  /** Install the extra CAs into the image's trust store. */
  caIntoImage: boolean;
}

/** dnf's proxy options: the address and, separately, the credentials. */
export interface DnfProxy {
  proxy: string;
  username?: string;
  password?: string;
}

/** The URL without user name and password. */
export function stripCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/$/, '');
}

/** The proxy dnf should use (the https one: repositories are https), split for dnf.conf. */
export function dnfProxyFor(proxy: ProxySettings | undefined): DnfProxy | undefined {
  const url = proxy?.httpsProxy ?? proxy?.httpProxy;
  if (!url) return undefined;
  const parsed = new URL(url);
  const username = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  return { proxy: stripCredentials(url), username, password };
}

/** `[main]` lines for dnf.conf (the file must be written with mode 0600 when it holds a password). */
export function dnfProxyLines(proxy: DnfProxy): string[] {
  const lines = [`proxy=${proxy.proxy}`];
  if (proxy.username !== undefined) lines.push(`proxy_username=${proxy.username}`);
  if (proxy.password !== undefined) lines.push(`proxy_password=${proxy.password}`);
  return lines;
}

/** Every form in which the proxy's credentials could show up in text, for redaction. */
export function proxySecrets(proxy: ProxySettings | undefined): string[] {
  const secrets = new Set<string>();
  for (const url of [proxy?.httpsProxy, proxy?.httpProxy]) {
    if (!url) continue;
    const parsed = new URL(url);
    if (parsed.password) {
      secrets.add(parsed.password);
      secrets.add(decodeURIComponent(parsed.password));
    }
  }
  return [...secrets].filter((secret) => secret.length > 0);
}

/** Replaces every secret in `text` with `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The proxy variables as written into an image (credential-free). */
export function imageProxyVariables(proxy: ProxySettings | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (proxy?.httpsProxy) out.push(['https_proxy', stripCredentials(proxy.httpsProxy)], ['HTTPS_PROXY', stripCredentials(proxy.httpsProxy)]);
  if (proxy?.httpProxy) out.push(['http_proxy', stripCredentials(proxy.httpProxy)], ['HTTP_PROXY', stripCredentials(proxy.httpProxy)]);
  if (proxy && proxy.noProxy.length > 0 && out.length > 0) {
    out.push(['no_proxy', proxy.noProxy.join(',')], ['NO_PROXY', proxy.noProxy.join(',')]);
  }
  return out;
}

/** Where the image's proxy settings go. */
export const IMAGE_PROXY_PROFILE = '/etc/profile.d/azl-proxy.sh';
/** Marker on the /etc/environment lines we own, so a rebuild replaces rather than repeats them. */
const ENVIRONMENT_MARKER = '# azl-wsl proxy';

/**
 * The script (run chrooted in the image as a finalize script) that writes the requested
 * network settings: proxy into profile.d, /etc/environment and dnf.conf; CAs into the trust
 * store (`update-ca-trust` on Azure Linux, `update-ca-certificates` on Debian-like roots).
 */
export function intoImageScript(settings: NetworkSettings, caPems: readonly string[]): string | undefined {
  const lines: string[] = ['#!/bin/sh', '# Written by azl-wsl: network settings requested at build time.', 'set -e'];
  const variables = settings.proxyIntoImage ? imageProxyVariables(settings.proxy) : [];
  const dnf = settings.proxyIntoImage ? dnfProxyFor(settings.proxy) : undefined;
  if (variables.length > 0) {
    lines.push('mkdir -p /etc/profile.d');
    lines.push(`cat > ${IMAGE_PROXY_PROFILE} <<'AZL_EOF'`);
    for (const [name, value] of variables) lines.push(`export ${name}=${shellQuote(value)}`);
    lines.push('AZL_EOF', `chmod 644 ${IMAGE_PROXY_PROFILE}`);
    lines.push(`touch /etc/environment`, `sed -i '/${ENVIRONMENT_MARKER}$/d' /etc/environment`);
    for (const [name, value] of variables) lines.push(`printf '%s\\n' ${shellQuote(`${name}=${value} ${ENVIRONMENT_MARKER}`)} >> /etc/environment`);
  }
  if (dnf) {
    // Address only: credentials stay on the build machine.
    for (const conf of ['/etc/dnf/dnf.conf', '/etc/tdnf/tdnf.conf']) {
      lines.push(
        `if [ -f ${conf} ]; then sed -i '/^proxy=/d' ${conf}; if grep -q '^\\[main\\]' ${conf}; then sed -i ${shellQuote(`/^\\[main\\]/a proxy=${dnf.proxy}`)} ${conf}; else printf '[main]\\n%s\\n' ${shellQuote(`proxy=${dnf.proxy}`)} >> ${conf}; fi; fi`,
      );
    }
  }
  if (settings.caIntoImage && caPems.length > 0) {
    // The last line reports where the certificates went and what refreshed the bundle, so the
    // parity note says what really happened (a Debian-like root may have neither tool).
    lines.push('if [ -d /etc/pki/ca-trust/source/anchors ] || command -v update-ca-trust >/dev/null 2>&1; then');
    lines.push('  d=/etc/pki/ca-trust/source/anchors; mkdir -p "$d"');
    caPems.forEach((pem, index) => lines.push(`  cat > "$d/azl-wsl-extra-${index + 1}.pem" <<'AZL_EOF'`, pem.trim(), 'AZL_EOF'));
    lines.push('  chmod 644 "$d"/azl-wsl-extra-*.pem');
    lines.push('  if command -v update-ca-trust >/dev/null 2>&1; then update-ca-trust extract; r=update-ca-trust; else r=none; fi');
    lines.push('else');
    lines.push('  d=/usr/local/share/ca-certificates; mkdir -p "$d"');
    caPems.forEach((pem, index) => lines.push(`  cat > "$d/azl-wsl-extra-${index + 1}.crt" <<'AZL_EOF'`, pem.trim(), 'AZL_EOF'));
    lines.push('  chmod 644 "$d"/azl-wsl-extra-*.crt');
    lines.push('  if command -v update-ca-certificates >/dev/null 2>&1; then update-ca-certificates >/dev/null; r=update-ca-certificates; else r=none; fi');
    lines.push('fi');
    lines.push(`printf '${CA_TRUST_MARKER} %s %s\\n' "$d" "$r"`);
  }
  return lines.length > 3 ? lines.join('\n') + '\n' : undefined;
}

/** Prefix of the line the into-image script prints after installing CAs: `<marker> <folder> <tool|none>`. */
export const CA_TRUST_MARKER = 'azl-wsl-ca-trust:';

/** Where the image's extra CAs went and which tool refreshed its trust bundle (`none`: no tool in the image). */
export interface CaTrustOutcome {
  anchorsDir: string;
  refresh: 'update-ca-trust' | 'update-ca-certificates' | 'none';
}

/** Reads the into-image script's CA report line, if `line` is one. */
export function parseCaTrustLine(line: string): CaTrustOutcome | undefined {
  const match = new RegExp(`^${CA_TRUST_MARKER} (/\\S+) (update-ca-trust|update-ca-certificates|none)\\s*$`).exec(line.trim());
  return match ? { anchorsDir: match[1], refresh: match[2] as CaTrustOutcome['refresh'] } : undefined;
}

function caNoteReason(count: number, outcome: CaTrustOutcome | undefined): string {
  const what = `${count} extra root CA certificate${count === 1 ? ' was' : 's were'}`;
  if (!outcome) return `${what} added to the image trust store at the user's request`;
  if (outcome.refresh !== 'none') {
    return `${what} added to ${outcome.anchorsDir} and the trust bundle was rebuilt with ${outcome.refresh}, at the user's request`;
  }
  return (
    `${what} placed in ${outcome.anchorsDir} at the user's request, but the image has neither update-ca-trust nor ` +
    'update-ca-certificates, so its trust bundle was NOT rebuilt: the certificates take effect when the image\'s ' +
    'ca-certificates package is installed or updated (its scriptlet rebuilds the bundle) or that command is run by hand'
  );
}

/** Parity notes for what the network settings put into the image (never credentials). */
export function networkParityNotes(settings: NetworkSettings, caCount: number, caOutcome?: CaTrustOutcome): ParityEntry[] {
  const notes: ParityEntry[] = [];
  const variables = settings.proxyIntoImage ? imageProxyVariables(settings.proxy) : [];
  if (variables.length > 0) {
    const address = stripCredentials(settings.proxy!.httpsProxy ?? settings.proxy!.httpProxy!);
    notes.push({
      action: 'note',
      subject: 'proxy',
      replacement: address,
      reason: `the build's proxy was written to ${IMAGE_PROXY_PROFILE}, /etc/environment and dnf.conf at the user's request (address only, no credentials)`,
    });
  }
  if (settings.caIntoImage && caCount > 0) {
    notes.push({ action: 'note', subject: 'root CA certificates', replacement: String(caCount), reason: caNoteReason(caCount, caOutcome) });
  }
  return notes;
}

/**
 * Adds the into-image settings to the plan as a finalize script written to `scratchDir`
 * (removed by the caller after the build). Returns the plan unchanged when nothing was asked.
 * `notes` takes the CA report line seen in the build's output (see `parseCaTrustLine`).
 */
export async function withNetworkIntoImage(
  plan: BuildPlan,
  settings: NetworkSettings | undefined,
  scratchDir: string,
): Promise<{ plan: BuildPlan; notes: (caOutcome?: CaTrustOutcome) => ParityEntry[] }> {
  if (!settings || (!settings.proxyIntoImage && !settings.caIntoImage)) return { plan, notes: () => [] };
  const pems = settings.caIntoImage ? await loadCaCertificates(settings.caFiles) : [];
  const script = intoImageScript(settings, pems);
  if (!script) return { plan, notes: () => [] };
  const path = join(scratchDir, 'azl-wsl-network.sh');
  await writeFile(path, script, { mode: 0o700 });
  await chmod(path, 0o700);
  const source = COMMAND_LINE;
  return {
    plan: { ...plan, scripts: [...plan.scripts, { kind: 'finalize', path, args: [], env: {}, source }] },
    notes: (caOutcome) => networkParityNotes(settings, pems.length, caOutcome),
  };
}
