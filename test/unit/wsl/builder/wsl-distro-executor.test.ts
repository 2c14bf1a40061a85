import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AzlError } from '../../../../common/errors.js';
import { WslDistroExecutor } from '../../../../wsl/builder/wsl-distro-executor.js';

/** A wsl.exe that cannot exist: anything that reaches the builder fails with WSL_MISSING. */
const executor = new WslDistroExecutor({ wslPath: '/nonexistent/azl-wsl-test/wsl.exe' });
const request = { profilePath: '/nonexistent/images.toml', repo: [] as string[], setRepo: [] as string[], gpgCheck: true };

test('a repository option the parser does not know is refused before the builder is touched, as on this machine', async () => {
  for (const asked of [{ repo: ['file:///srv/repo,priority=1'] }, { setRepo: ['https://mirror.example/repo,gpgkey=/k.asc,sslverify=0'] }]) {
    await assert.rejects(
      executor.resolve({ ...request, ...asked }),
      (error: unknown) => error instanceof AzlError && error.code === 'USAGE' && /priority=1|sslverify=0/.test(error.message),
    );
    await assert.rejects(
      executor.build({ ...request, ...asked, outDir: '/nonexistent/out', format: 'wsl' }),
      (error: unknown) => error instanceof AzlError && error.code === 'USAGE',
    );
  }
});
