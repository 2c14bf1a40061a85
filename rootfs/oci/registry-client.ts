/**
 * A Docker Registry HTTP API v2 / OCI distribution client for pulling.
 *
 * `/v2/` probe, anonymous bearer tokens from the `WWW-Authenticate` challenge, manifests by tag
 * or digest, blobs (with Range for resuming), redirects to blob storage, retries with back-off
 * on 429/5xx/network failures. Only GET is used: some proxies reject HEAD.
 */
import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { cancelledError } from '../../common/errors.js';
import { RegistryError } from './registry-error.js';
import { readBoundedBody, TransportFailure, type HttpTransport } from './http-transport.js';
import { MANIFEST_ACCEPT } from './media-types.js';

/** How many times a request is tried, and the first back-off delay (doubled each time). */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

/** Five tries over about 15 s rides out a registry restart or a short rate-limit window. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000 };
/** A Retry-After longer than this is not waited for: the user is better told to try later. */
const MAX_RETRY_AFTER_MS = 60_000;
/** Registries redirect blobs to storage once; more hops than this is a loop. */
const MAX_REDIRECTS = 5;
/** Manifests and indexes are small JSON documents; anything bigger is not one. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface RegistryClientOptions {
  /** Talk plain http (a loopback or lab registry); https otherwise. */
  plainHttp?: boolean;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  /** Diagnostic lines (retries, redirects); never carries credentials. */
  onLog?: (text: string) => void;
}

export interface FetchedManifest {
  mediaType: string;
  digest: string;
  body: Buffer;
}

/** A failure worth another try, carrying the error to report if tries run out. */
class Retryable extends Error {
  constructor(
    readonly failure: Error,
    readonly retryAfterMs?: number,
  ) {
    super(failure.message);
  }
}

/** Parses `Bearer realm="…",service="…",scope="…"`. */
export function parseChallenge(header: string | undefined): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const match = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const part of match[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[part[1].toLowerCase()] = part[2] !== undefined ? part[2].replace(/\\(.)/g, '$1') : part[3];
  }
  return { scheme: match[1].toLowerCase(), params };
}

function retryAfter(response: IncomingMessage): number | undefined {
  const value = response.headers['retry-after'];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/**
 * A redirect target or token realm as a URL the client may follow: http or https only (a
 * `file:`, `ftp:` or `data:` location from a hostile registry is refused, not attempted).
 */
export function followableUrl(location: string, base: URL | undefined, registry: string, what = 'redirect'): URL {
  let next: URL;
  try {
    next = base ? new URL(location, base) : new URL(location);
  } catch {
    throw new RegistryError('REGISTRY_FAILED', `${registry} sent a ${what} to "${location.slice(0, 200)}", which is not a URL.`, {
      hint: 'The registry is misconfigured or hostile; use another registry or mirror.',
    });
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new RegistryError('REGISTRY_FAILED', `${registry} sent a ${what} to a ${next.protocol} URL; only http and https are followed.`, {
      hint: 'The registry is misconfigured or hostile; use another registry or mirror.',
    });
  }
  return next;
}

/** Reads a whole (small) response body, refusing more than `limit` bytes. */
export async function readBody(response: IncomingMessage, limit = MAX_MANIFEST_BYTES): Promise<Buffer> {
  return readBoundedBody(response, limit, () => new RegistryError('REGISTRY_FAILED', `The registry sent a document larger than ${limit} bytes where a manifest was expected.`));
}

/** Pulls manifests and blobs of one repository. */
export class RegistryClient {
  private token: string | undefined;
  private readonly base: string;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly transport: HttpTransport,
    readonly registry: string,
    readonly repository: string,
    private readonly options: RegistryClientOptions = {},
  ) {
    this.base = `${options.plainHttp ? 'http' : 'https'}://${registry}`;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** Checks that the host speaks the v2 API, and gets a pull token if it asks for one. */
  async ping(): Promise<void> {
    const response = await this.withRetries('the registry API check', () => this.get('/v2/', {}, 'probe'));
    response.resume();
  }

  /** Fetches a manifest or index by tag or digest, checking its digest. */
  async getManifest(reference: string): Promise<FetchedManifest> {
    const body = await this.withRetries(`manifest ${reference}`, async () => {
      const response = await this.get(`/v2/${this.repository}/manifests/${reference}`, { accept: MANIFEST_ACCEPT }, 'manifest', reference);
      try {
        return { body: await readBody(response), response };
      } catch (error) {
        if (error instanceof RegistryError) throw error;
        throw new Retryable(this.interrupted(`manifest ${reference}`, error));
      }
    });
    const digest = `sha256:${createHash('sha256').update(body.body).digest('hex')}`;
    const expected = reference.startsWith('sha256:') ? reference : (body.response.headers['docker-content-digest'] as string | undefined);
    if (expected && expected.startsWith('sha256:') && expected !== digest) {
      throw new RegistryError('DIGEST_MISMATCH', `The manifest of ${this.repository}:${reference} does not match its digest ${expected} (got ${digest}).`, {
        hint: 'Try again; if it persists, a proxy or mirror is altering registry responses.',
      });
    }
    let mediaType = String(body.response.headers['content-type'] ?? '').split(';')[0].trim();
    try {
      const parsed = JSON.parse(body.body.toString('utf8')) as { mediaType?: string };
      if (typeof parsed.mediaType === 'string') mediaType = parsed.mediaType;
    } catch {
      throw new RegistryError('REGISTRY_FAILED', `The manifest of ${this.repository}:${reference} is not valid JSON.`);
    }
    return { mediaType, digest, body: body.body };
  }

  /** Opens a blob from `offset` on (206 when the registry honours the range, 200 when it restarts). */
  async openBlob(digest: string, offset = 0): Promise<IncomingMessage> {
    const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
    return this.withRetries(`blob ${digest}`, () => this.get(`/v2/${this.repository}/blobs/${digest}`, headers, 'blob', digest));
  }

  /** Runs `work`, retrying Retryable failures with exponential back-off (or the server's Retry-After). */
  async withRetries<T>(what: string, work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        const retryable = error instanceof Retryable ? error : error instanceof TransportFailure && error.retryable ? new Retryable(error) : undefined;
        if (!retryable) throw error;
        if (attempt >= this.retry.attempts) throw retryable.failure;
        if (retryable.retryAfterMs !== undefined && retryable.retryAfterMs > MAX_RETRY_AFTER_MS) throw retryable.failure;
        const delay = retryable.retryAfterMs ?? this.retry.baseDelayMs * 2 ** (attempt - 1);
        this.options.onLog?.(`${what}: ${retryable.failure.message} Trying again in ${Math.round(delay)} ms (attempt ${attempt + 1} of ${this.retry.attempts}).`);
        await this.pause(delay);
      }
    }
  }

  /** Back-off delay that ends early (as a cancellation) when the signal fires. */
  async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.options.signal });
    } catch {
      throw cancelledError('The image download');
    }
  }

  /** The error for a body that stopped half-way (worth a retry). */
  interrupted(what: string, cause: unknown): RegistryError {
    return new TransportFailure(true, 'REGISTRY_UNREACHABLE', `The download of ${what} from ${this.registry} was interrupted.`, {
      hint: 'Check the network connection and try again; the download resumes where it stopped.',
      cause,
    });
  }

  private async get(path: string, headers: Record<string, string>, kind: 'probe' | 'manifest' | 'blob', name = ''): Promise<IncomingMessage> {
    let url = new URL(this.base + path);
    let sendAuth = true;
    for (let hop = 0, authTried = false; ; ) {
      const auth: Record<string, string> = sendAuth && this.token ? { authorization: `Bearer ${this.token}` } : {};
      const response = await this.transport.request(url, { headers: { ...headers, ...auth }, signal: this.options.signal });
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        if (++hop > MAX_REDIRECTS) throw new RegistryError('REGISTRY_FAILED', `${this.registry} redirected ${path} too many times.`);
        const next = followableUrl(response.headers.location, url, this.registry);
        // Blob storage behind a redirect has its own (signed URL) auth: never forward our token there.
        if (next.host !== url.host) sendAuth = false;
        url = next;
        continue;
      }
      if (status === 401 && !authTried && sendAuth) {
        authTried = true;
        response.resume();
        await this.authenticate(response.headers['www-authenticate']);
        continue;
      }
      if ((status === 200 && kind !== 'blob') || ((status === 200 || status === 206) && kind === 'blob')) return response;
      response.resume();
      throw this.statusError(status, kind, name, response);
    }
  }

  private async authenticate(header: string | undefined): Promise<void> {
    const challenge = parseChallenge(header);
    if (!challenge || challenge.scheme !== 'bearer' || !challenge.params.realm) {
      throw new RegistryError('REGISTRY_UNAUTHORIZED', `${this.registry} requires credentials to pull ${this.repository}${challenge ? ` (${challenge.scheme} authentication)` : ''}.`, {
        hint: 'Only anonymous pulls are supported: use a public image or a mirror that allows anonymous pulls.',
      });
    }
    const realm = followableUrl(challenge.params.realm, undefined, this.registry, 'token service');
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', challenge.params.scope ?? `repository:${this.repository}:pull`);
    const response = await this.transport.request(realm, { signal: this.options.signal });
    const status = response.statusCode ?? 0;
    if (status !== 200) {
      response.resume();
      if (status === 429 || status >= 500) throw this.statusError(status, 'probe', '', response);
      throw new RegistryError('REGISTRY_UNAUTHORIZED', `${this.registry} refused an anonymous pull token for ${this.repository} (HTTP ${status}).`, {
        hint: 'The repository may be private or not exist; check the image name, or use a mirror that allows anonymous pulls.',
      });
    }
    let token: unknown;
    try {
      const body = JSON.parse((await readBody(response)).toString('utf8')) as { token?: unknown; access_token?: unknown };
      token = body.token ?? body.access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') {
      throw new RegistryError('REGISTRY_UNAUTHORIZED', `The token service of ${this.registry} did not return a token.`, {
        hint: 'Check that the registry address is right; a proxy may be replacing the response.',
      });
    }
    this.token = token;
  }

  private statusError(status: number, kind: 'probe' | 'manifest' | 'blob', name: string, response: IncomingMessage): Error {
    const where = `${this.registry}/${this.repository}`;
    if (status === 401 || status === 403) {
      return new RegistryError('REGISTRY_UNAUTHORIZED', `${this.registry} refused access to ${this.repository} (HTTP ${status}).`, {
        hint: 'The repository may be private: only anonymous pulls are supported.',
      });
    }
    if (status === 404 && kind === 'probe') {
      return new RegistryError('REGISTRY_FAILED', `${this.registry} does not serve the registry v2 API.`, {
        hint: 'Check the registry host name and port.',
      });
    }
    if (status === 404 && kind === 'manifest') {
      return new RegistryError('IMAGE_NOT_FOUND', `The image ${where}:${name} does not exist.`, {
        hint: 'Check the repository and tag; for a mirror, check that it holds this image.',
      });
    }
    if (status === 404) {
      return new RegistryError('IMAGE_NOT_FOUND', `${where} has no blob ${name}, although its manifest names it.`, {
        hint: 'The image is incomplete on this registry or mirror; try again later or pull from another mirror.',
      });
    }
    if (status === 429) {
      return new Retryable(
        new RegistryError('REGISTRY_RATE_LIMITED', `${this.registry} is limiting requests (HTTP 429).`, {
          hint: 'Wait a few minutes and try again, or use a registry mirror.',
        }),
        retryAfter(response),
      );
    }
    if (status >= 500) {
      return new Retryable(
        new RegistryError('REGISTRY_FAILED', `${this.registry} had a server error (HTTP ${status}).`, {
          hint: 'The registry has a problem; try again later.',
        }),
        retryAfter(response),
      );
    }
    return new RegistryError('REGISTRY_FAILED', `${this.registry} answered HTTP ${status} for ${kind === 'probe' ? '/v2/' : `${kind} ${name}`}.`, {
      hint: 'Check the registry address; a proxy may be rejecting the request.',
    });
  }
}
