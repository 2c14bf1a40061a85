/**
 * `npm run dev:web`: the renderer in any browser, backed by the real services over the fixture
 * repositories and the wsl.exe simulator. The npm script builds the renderer first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RENDERER_DIST, startFixtureHost } from './fixture-setup.js';

if (!existsSync(join(RENDERER_DIST, 'index.html'))) {
  console.error(`The renderer is not built (${RENDERER_DIST} has no index.html): run \`npm run dev:web\`, which builds it, or \`npm run build:renderer\`.`);
  process.exit(1);
}

const port = Number(process.env.PORT ?? 5178);
const host = await startFixtureHost({ port, onProgress: (line) => console.log(line) });
console.log(`azl-wsl web host: ${host.url}  (simulated WSL state in ${host.simulator.stateDir}; Ctrl-C to stop)`);
const stop = async () => {
  await host.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
