import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets } from '../../../../wsl/diagnostics/redact-secrets.js';

const SECRETS: Array<[string, string]> = [
  ['proxy credentials in a URL', 'HTTPS_PROXY=http://jane:Hunter2-Proxy@proxy.contoso.com:8080'],
  ['a token-only URL user', 'git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/x/y'],
  ['an Azure SAS signature', 'https://contoso.blob.core.windows.net/wsl/x.wsl?sv=2024-01-01&sr=b&sig=Sas%2BSecret123&se=2026'],
  ['a bearer header', 'Authorization: Bearer abc.def-Bearer-Secret'],
  ['a camelCase setting', 'proxyPassword=Camel-Secret-1'],
  ['a quoted JSON value', '{"clientSecret": "Json-Secret-2", "name": "x"}'],
  ['a yaml setting', 'password: Yaml-Secret-3'],
  ['a SHA-512 crypt hash', `dev:$6$saltsalt$${'H'.repeat(86)}:19000:0:99999:7:::`],
  ['a yescrypt hash', 'root:$y$j9T$abcdefghijklmnop$ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abc:19000::::::'],
  ['a JWT', 'id_token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ['a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA-Pem-Secret\n-----END RSA PRIVATE KEY-----'],
  ['a GitHub token alone', 'token ghp_0123456789abcdefghijABCDEFGHIJ012345 used'],
];

test('every kind of secret is replaced, and the text around it stays useful', () => {
  for (const [what, text] of SECRETS) {
    const out = redactSecrets(text);
    assert.match(out, /\[redacted\]/, what);
    for (const secret of ['Hunter2-Proxy', 'abcdefghijklmnopqrstuvwxyz0123', 'Sas%2BSecret123', 'Bearer-Secret', 'Camel-Secret-1', 'Json-Secret-2', 'Yaml-Secret-3', 'H'.repeat(86), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abc', 'dozjgNryP4J3', 'Pem-Secret', 'ghp_0123456789']) {
      assert.ok(!out.includes(secret), `${what}: ${out}`);
    }
  }
  assert.equal(redactSecrets('HTTPS_PROXY=http://jane:pw@proxy.contoso.com:8080'), 'HTTPS_PROXY=http://[redacted]@proxy.contoso.com:8080', 'the host stays');
  assert.match(redactSecrets('https://x/y.wsl?sv=2024&sig=abc'), /sv=2024&sig=\[redacted\]/);
});

test('ordinary diagnostics pass through unchanged', () => {
  const text = [
    'WSL version: 2.6.1.0',
    'Error code: Wsl/Service/RegisterDistro/ERROR_ALREADY_EXISTS',
    'sha256 781485c134380bcb42900469c4e1dffd49e48a6878481f89287f3e7e662a6858',
    'https://packages.microsoft.com/azurelinux/4.0/base/x86_64',
    '  NAME        STATE           VERSION',
    '* Contoso     Running         2',
    '"RequireSudoPassword": true',
    'dev ALL=(ALL) NOPASSWD: ALL',
    '%wheel ALL=(ALL) PASSWD: ALL',
  ].join('\n');
  assert.equal(redactSecrets(text), text);
});

test('redacted JSON is still JSON', () => {
  const document = JSON.stringify({ message: 'passwordless sudo: dev ALL=(ALL) NOPASSWD: ALL # password=Secret.', proxy: 'http://u:p@h:1', list: ['token=abc', 'x'] }, null, 2);
  const redacted = redactSecrets(document);
  const parsed = JSON.parse(redacted) as { message: string; proxy: string; list: string[] };
  assert.equal(parsed.message, 'passwordless sudo: dev ALL=(ALL) NOPASSWD: ALL # password=[redacted]');
  assert.equal(parsed.proxy, 'http://[redacted]@h:1');
  assert.deepEqual(parsed.list, ['token=[redacted]', 'x']);
});
