import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileUrlFromPath, pathFromFileUrl, siblingUrl } from '../../../../wsl/catalog/catalog-url.js';

test('file:// URLs become paths exactly as wsl.exe\'s TryGetPathFromFileUrl does', () => {
  assert.equal(pathFromFileUrl('file:///C:/Images/a b.wsl', 'win32'), 'C:\\Images\\a b.wsl');
  assert.equal(pathFromFileUrl('file://///server/share/x.wsl', 'win32'), '\\\\server\\share\\x.wsl', 'UNC needs five slashes');
  assert.equal(pathFromFileUrl('file:////server/share/x.wsl', 'win32'), '\\server\\share\\x.wsl', 'four: drive-relative');
  assert.equal(pathFromFileUrl('file://server/share/x.wsl', 'win32'), 'server\\share\\x.wsl', 'two slashes: a relative path, as in WSL');
  assert.equal(pathFromFileUrl('file:///C:/a%20b.wsl', 'win32'), 'C:\\a%20b.wsl', 'nothing is percent-decoded');
  assert.equal(pathFromFileUrl('FILE:///C:/x.wsl', 'win32'), undefined, 'the prefix is case-sensitive');
  assert.equal(pathFromFileUrl('https://x/y.wsl', 'win32'), undefined);
  assert.equal(pathFromFileUrl('file:///tmp/cat/x.wsl', 'linux'), '/tmp/cat/x.wsl');
});

test('paths become URLs wsl.exe reads back to the same path (drive, UNC, spaces, Linux)', () => {
  for (const path of ['C:\\Images\\Contoso 4.wsl', '\\\\fileserver\\wsl$\\catalog\\DistributionInfo.json']) {
    const url = fileUrlFromPath(path, 'win32');
    assert.equal(pathFromFileUrl(url, 'win32'), path, url);
  }
  assert.equal(fileUrlFromPath('\\\\fs\\share\\x.wsl', 'win32'), 'file://///fs/share/x.wsl');
  assert.equal(fileUrlFromPath('C:\\x y\\a.wsl', 'win32'), 'file:///C:/x y/a.wsl');
  assert.equal(fileUrlFromPath('/srv/catalog/a.wsl', 'linux'), 'file:///srv/catalog/a.wsl');
});

test('the details file sits beside the manifest, whatever the separators', () => {
  assert.equal(siblingUrl('https://h/wsl/DistributionInfo.json', 'x.json'), 'https://h/wsl/x.json');
  assert.equal(siblingUrl('file:///C:\\share\\DistributionInfo.json', 'x.json'), 'file:///C:\\share\\x.json');
});
