import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveProxySettings } from '../../../../rootfs/oci/proxy-settings.js';
import {
  dnfProxyFor,
  dnfProxyLines,
  intoImageScript,
  parseCaTrustLine,
  networkParityNotes,
  proxySecrets,
  redactSecrets,
  stripCredentials,
  withNetworkIntoImage,
} from '../../../../rootfs/executor/network-settings.js';
import { dnfConfWithProxy } from '../../../../rootfs/executor/job-runner.js';
import { samplePlan } from '../build/sample-plan.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';
const proxy = resolveProxySettings({ HTTPS_PROXY: 'http://ann:p%40ss-w0rd@proxy.corp:8080', NO_PROXY: 'localhost,.corp' });

test('dnf gets the proxy address and the credentials as separate options', () => {
  const dnf = dnfProxyFor(proxy);
  assert.deepEqual(dnf, { proxy: 'http://proxy.corp:8080', username: 'ann', password: 'p@ss-w0rd' });
  assert.deepEqual(dnfProxyLines(dnf!), ['proxy=http://proxy.corp:8080', 'proxy_username=ann', 'proxy_password=p@ss-w0rd']);
  assert.equal(dnfProxyFor(resolveProxySettings({})), undefined);
});

test('credentials are stripped and redacted in every spelling', () => {
  assert.equal(stripCredentials('http://a:b@h:1'), 'http://h:1');
  const secrets = proxySecrets(proxy);
  assert.ok(secrets.includes('p@ss-w0rd') && secrets.includes('p%40ss-w0rd'));
  assert.equal(redactSecrets('auth p@ss-w0rd and p%40ss-w0rd', secrets), 'auth *** and ***');
});

test('the into-image script writes the address only, and CAs only when asked', () => {
  const script = intoImageScript({ proxy, caFiles: [], proxyIntoImage: true, caIntoImage: true }, [PEM])!;
  assert.match(script, /export https_proxy='http:\/\/proxy\.corp:8080'/);
  assert.match(script, /no_proxy='localhost,\.corp'/);
  assert.match(script, /update-ca-trust extract/);
  assert.match(script, /update-ca-certificates/);
  assert.ok(script.includes('MIIBfake'));
  assert.equal(script.includes('p@ss') || script.includes('p%40ss') || script.includes('ann'), false);
  assert.equal(intoImageScript({ proxy, caFiles: [], proxyIntoImage: false, caIntoImage: false }, [PEM]), undefined);
  const notes = networkParityNotes({ proxy, caFiles: [], proxyIntoImage: true, caIntoImage: true }, 1);
  assert.deepEqual(notes.map((note) => note.subject), ['proxy', 'root CA certificates']);
  assert.equal(JSON.stringify(notes).includes('ss-w0rd'), false);
});

test('the CA note says where the certificates went and whether the trust bundle was rebuilt', () => {
  const settings = { caFiles: [], proxyIntoImage: false, caIntoImage: true };
  const none = parseCaTrustLine('azl-wsl-ca-trust: /usr/local/share/ca-certificates none');
  assert.deepEqual(none, { anchorsDir: '/usr/local/share/ca-certificates', refresh: 'none' });
  assert.equal(parseCaTrustLine('some dnf output'), undefined);
  const [pending] = networkParityNotes(settings, 2, none);
  assert.match(pending.reason, /2 extra root CA certificates were placed in \/usr\/local\/share\/ca-certificates/);
  assert.match(pending.reason, /trust bundle was NOT rebuilt/);
  const [rebuilt] = networkParityNotes(settings, 1, parseCaTrustLine('azl-wsl-ca-trust: /etc/pki/ca-trust/source/anchors update-ca-trust\r'));
  assert.match(rebuilt.reason, /added to \/etc\/pki\/ca-trust\/source\/anchors and the trust bundle was rebuilt with update-ca-trust/);
  assert.match(intoImageScript(settings, [PEM])!, /printf 'azl-wsl-ca-trust: %s %s\\n' "\$d" "\$r"/);
});

test('withNetworkIntoImage adds one finalize script and leaves the plan alone when nothing is asked', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-net-'));
  try {
    const ca = join(dir, 'corp.pem');
    await writeFile(ca, PEM + '\n');
    const plan = samplePlan();
    const none = await withNetworkIntoImage(plan, { proxy, caFiles: [ca], proxyIntoImage: false, caIntoImage: false }, dir);
    assert.equal(none.plan, plan);
    const asked = await withNetworkIntoImage(plan, { proxy, caFiles: [ca], proxyIntoImage: false, caIntoImage: true }, dir);
    const added = asked.plan.scripts.at(-1)!;
    assert.equal(asked.plan.scripts.length, plan.scripts.length + 1);
    assert.equal(added.kind, 'finalize');
    assert.match(await readFile(added.path, 'utf8'), /MIIBfake/);
    await assert.rejects(withNetworkIntoImage(plan, { caFiles: [join(dir, 'missing.pem')], proxyIntoImage: false, caIntoImage: true }, dir), /CA certificate file .* cannot be read/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the builder dnf.conf gets the proxy in [main], replacing an old one', () => {
  const text = dnfConfWithProxy('[main]\ngpgcheck=1\nproxy=http://old:1\n', ['proxy=http://new:2']);
  assert.equal(text, '[main]\nproxy=http://new:2\ngpgcheck=1\n');
  assert.equal(dnfConfWithProxy('', ['proxy=http://p:1']).startsWith('[main]\nproxy=http://p:1\n'), true);
});
