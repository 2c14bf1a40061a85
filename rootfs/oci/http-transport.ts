/**
 * HTTP(S) requests for the registry client over node:http/node:https only.
 *
 * Adds what corporate networks need: a forward proxy (absolute-form requests for http://
 * targets, a CONNECT tunnel for https:// targets, Basic proxy credentials from the proxy URL)
 * and extra root CAs. Proxy credentials go only into the Proxy-Authorization header; every
 * message names the proxy through `redactProxyUrl`.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { readFile } from 'node:fs/promises';
import { cancelledError } from '../../common/errors.js';
import { RegistryError } from './registry-error.js';
import { proxyFor, redactProxyUrl, type ProxySettings } from './proxy-settings.js';

/** A silent connection is given up after this long (then retried): registries answer well within it. */
const IDLE_TIMEOUT_MS = 30_000;
/** Few requests go in parallel (one per layer download); keep a handful of sockets warm. */
const MAX_SOCKETS = 8;

export interface TransportOptions {
  proxy?: ProxySettings;
  /** PEM files with extra root certificates (a corporate TLS-inspecting proxy, a private registry). */
  caFiles?: string[];
}

export interface TransportRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** TLS verification failures: retrying cannot help, a CA file can. */
const TLS_TRUST_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A network-level failure; `retryable` says whether trying again may help. */
export class TransportFailure extends RegistryError {
  constructor(
    readonly retryable: boolean,
    ...args: ConstructorParameters<typeof RegistryError>
  ) {
    super(...args);
  }
}

/** Loads extra CA certificates, failing clearly on a missing or non-PEM file. */
export async function loadCaCertificates(files: readonly string[] = []): Promise<string[]> {
  const extra: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new RegistryError('CA_INVALID', `The CA certificate file ${file} cannot be read.`, {
        hint: 'Check the path of the certificate file (PEM format).',
        cause: error,
      });
    }
    const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    if (!pems) {
      throw new RegistryError('CA_INVALID', `${file} holds no PEM certificate.`, {
        hint: 'Export the root certificate as PEM (text starting with -----BEGIN CERTIFICATE-----).',
      });
    }
    extra.push(...pems);
  }
  return extra;
}

/** Sends requests directly or through the configured proxy. */
/**
 * A whole (small) response body, stopping at `limit` bytes: past it the response is dropped and
 * `tooLarge()` is thrown, so a hostile or broken server cannot make this process hold more.
 */
export async function readBoundedBody(response: AsyncIterable<unknown> & { destroy(): void }, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      response.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export class HttpTransport {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  private readonly httpsAgent: https.Agent;

  private constructor(
    private readonly proxy: ProxySettings | undefined,
    private readonly ca: string[] | undefined,
  ) {
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, ca });
  }

  /** Creates a transport, reading the CA files once. */
  static async create(options: TransportOptions = {}): Promise<HttpTransport> {
    const extra = await loadCaCertificates(options.caFiles);
    return new HttpTransport(options.proxy, extra.length > 0 ? [...tls.rootCertificates, ...extra] : undefined);
  }

  /** Sends one request and resolves with the response head (any status); the caller reads the body. */
  async request(url: URL, options: TransportRequest = {}): Promise<http.IncomingMessage> {
    if (options.signal?.aborted) throw cancelledError('The image download');
    const proxy = proxyFor(this.proxy, url);
    const headers = { 'user-agent': 'azl-wsl', ...options.headers };
    if (!proxy) {
      const module = url.protocol === 'https:' ? https : http;
      const agent = url.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
      return this.send(() => module.request(url, { method: options.method ?? 'GET', headers, agent }), url, options.signal);
    }
    const proxyUrl = new URL(proxy);
    const proxyAuth = proxyAuthorization(proxyUrl);
    if (url.protocol === 'http:') {
      const module = proxyUrl.protocol === 'https:' ? https : http;
      return this.send(
        () =>
          module.request({
            host: proxyUrl.hostname,
            port: proxyUrl.port || (proxyUrl.protocol === 'https:' ? 443 : 80),
            method: options.method ?? 'GET',
            path: url.href,
            headers: { ...headers, host: url.host, ...(proxyAuth ? { 'proxy-authorization': proxyAuth } : {}) },
            agent: false,
            ca: this.ca,
          }),
        url,
        options.signal,
        proxy,
      );
    }
    const tunnel = await this.connectTunnel(proxyUrl, proxyAuth, url, options.signal);
    return this.send(
      () =>
        https.request(url, {
          method: options.method ?? 'GET',
          headers,
          // No agent: Node then uses createConnection (with `agent: false` it would open its own socket).
          createConnection: () => tls.connect({ socket: tunnel, host: url.hostname, servername: net.isIP(url.hostname) ? undefined : url.hostname, ca: this.ca }),
        }),
      url,
      options.signal,
      proxy,
    );
  }

  /** Closes idle sockets. */
  dispose(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private connectTunnel(proxyUrl: URL, proxyAuth: string | undefined, target: URL, signal?: AbortSignal): Promise<Duplex> {
    const module = proxyUrl.protocol === 'https:' ? https : http;
    const authority = `${target.hostname}:${target.port || 443}`;
    return new Promise<Duplex>((resolve, reject) => {
      const request = module.request({
        host: proxyUrl.hostname,
        port: proxyUrl.port || (proxyUrl.protocol === 'https:' ? 443 : 80),
        method: 'CONNECT',
        path: authority,
        headers: { host: authority, ...(proxyAuth ? { 'proxy-authorization': proxyAuth } : {}) },
        agent: false,
        ca: this.ca,
      });
      const onAbort = (): void => {
        request.destroy(cancelledError('The image download'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new Error('timed out')));
      request.on('connect', (response, socket) => {
        signal?.removeEventListener('abort', onAbort);
        if (response.statusCode === 200) {
          resolve(socket);
          return;
        }
        socket.destroy();
        reject(proxyStatusError(response.statusCode ?? 0, proxyUrl.href));
      });
      request.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(networkError(error, target, proxyUrl.href));
      });
      request.end();
    });
  }

  private send(
    create: () => http.ClientRequest,
    url: URL,
    signal: AbortSignal | undefined,
    proxy?: string,
  ): Promise<http.IncomingMessage> {
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = create();
      const onAbort = (): void => {
        request.destroy(cancelledError('The image download'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new Error('timed out')));
      request.on('response', (response) => {
        response.once('close', () => signal?.removeEventListener('abort', onAbort));
        if (proxy && url.protocol === 'http:' && response.statusCode === 407) {
          response.resume();
          reject(proxyStatusError(407, proxy));
          return;
        }
        resolve(response);
      });
      request.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(networkError(error, url, proxy));
      });
      request.end();
    });
  }
}

function proxyAuthorization(proxyUrl: URL): string | undefined {
  if (!proxyUrl.username) return undefined;
  const user = decodeURIComponent(proxyUrl.username);
  const password = decodeURIComponent(proxyUrl.password);
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function proxyStatusError(status: number, proxy: string): TransportFailure {
  const shown = redactProxyUrl(proxy);
  if (status === 407) {
    return new TransportFailure(false, 'PROXY_REFUSED', `The proxy ${shown} asks for credentials it did not accept (HTTP 407).`, {
      hint: 'Put the proxy user name and password into HTTPS_PROXY as http://user:password@host:port.',
    });
  }
  return new TransportFailure(status >= 500, 'PROXY_REFUSED', `The proxy ${shown} refused the connection (HTTP ${status}).`, {
    hint: 'Check that the proxy allows connections to the registry, or add the registry to NO_PROXY.',
  });
}

function networkError(error: Error & { code?: string }, url: URL, proxy?: string): Error {
  if (error instanceof RegistryError || (error as { code?: string }).code === 'CANCELLED') return error;
  const via = proxy ? ` through the proxy ${redactProxyUrl(proxy)}` : '';
  if (error.code && TLS_TRUST_ERRORS.has(error.code)) {
    return new TransportFailure(false, 'REGISTRY_UNREACHABLE', `The certificate of ${url.host} is not trusted (${error.code}).`, {
      hint: 'If your network inspects TLS or the registry uses a private CA, pass that CA certificate as a PEM file (caFiles).',
      cause: error,
    });
  }
  return new TransportFailure(true, 'REGISTRY_UNREACHABLE', `Cannot reach ${url.host}${via}: ${error.code ?? error.message}.`, {
    hint: proxy ? 'Check the proxy address and that it is running.' : 'Check the network connection, or set HTTPS_PROXY if your network needs a proxy.',
    cause: error,
  });
}
