/**
 * `npm run dev:web`: the renderer in any browser, backed by the real services over the fixture
 * repositories and the wsl.exe simulator. The npm script builds the renderer first.
 */
import { startFixtureHost } from './fixture-setup.js';

const port = Number(process.env.PORT ?? 5178);
const host = await startFixtureHost({ port, onProgress: (line) => console.log(line) });
console.log(`azl-wsl web host: ${host.url}  (simulated WSL state in ${host.simulator.stateDir}; Ctrl-C to stop)`);
const stop = async () => {
  await host.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
