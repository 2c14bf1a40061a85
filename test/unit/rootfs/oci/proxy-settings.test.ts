import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { proxyFor, redactProxyUrl, resolveProxySettings } from '../../../../rootfs/oci/proxy-settings.js';
import { RegistryError } from '../../../../rootfs/oci/registry-error.js';

const invalid = (pattern: RegExp) => (error: unknown) => error instanceof RegistryError && error.reason === 'PROXY_INVALID' && pattern.test(error.message);

describe('resolveProxySettings', () => {
  it('reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY, lower case first', () => {
    const settings = resolveProxySettings({ HTTPS_PROXY: 'http://upper:8080', https_proxy: 'http://lower:3128', HTTP_PROXY: 'proxy.corp:3128', NO_PROXY: 'localhost, .corp.example ,10.0.0.1:5000' });
    assert.equal(settings.httpsProxy, 'http://lower:3128');
    assert.equal(settings.httpProxy, 'http://proxy.corp:3128');
    assert.deepEqual(settings.noProxy, ['localhost', '.corp.example', '10.0.0.1:5000']);
  });

  it('rejects a doubled scheme, an unsupported scheme and a path, without echoing the password', () => {
    assert.throws(() => resolveProxySettings({ HTTPS_PROXY: 'http://http://proxy:8080' }), invalid(/scheme is written twice/));
    assert.throws(() => resolveProxySettings({ HTTPS_PROXY: 'socks5://proxy:1080' }), invalid(/socks5/));
    assert.throws(() => resolveProxySettings({ HTTPS_PROXY: 'http://proxy:8080/some/path' }), invalid(/no path/));
    assert.throws(
      () => resolveProxySettings({ HTTPS_PROXY: 'http://http://bob:hunter2@proxy:8080' }),
      (error: unknown) => error instanceof RegistryError && !JSON.stringify(error.toJSON()).includes('hunter2'),
    );
  });

  it('bypasses NO_PROXY hosts, domains and host:port entries', () => {
    const settings = resolveProxySettings({ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'mirror.local,.corp.example,10.0.0.1:5000' });
    assert.equal(proxyFor(settings, new URL('https://mcr.microsoft.com/v2/')), 'http://p:1');
    assert.equal(proxyFor(settings, new URL('https://mirror.local/v2/')), undefined);
    assert.equal(proxyFor(settings, new URL('https://reg.corp.example/v2/')), undefined);
    assert.equal(proxyFor(settings, new URL('https://corp.example/v2/')), undefined);
    assert.equal(proxyFor(settings, new URL('https://10.0.0.1:5000/v2/')), undefined);
    assert.equal(proxyFor(settings, new URL('https://10.0.0.1:6000/v2/')), 'http://p:1');
    assert.equal(proxyFor(resolveProxySettings({ HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }), new URL('https://x/')), undefined);
    assert.equal(proxyFor(settings, new URL('http://plain.example/')), undefined, 'no HTTP_PROXY set');
  });

  it('redacts credentials for display', () => {
    assert.equal(redactProxyUrl('http://alice:secret@proxy:8080'), 'http://***@proxy:8080');
    assert.equal(redactProxyUrl('http://proxy:8080'), 'http://proxy:8080');
  });
});
