/** Writes electron/build-resources/icon.ico (run after changing app-icon.ts; a unit test checks it is current). */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { appIconIco } from './app-icon.js';

/** The icon electron-builder.yml points at. */
export const APP_ICON_PATH = fileURLToPath(new URL('../build-resources/icon.ico', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(APP_ICON_PATH, appIconIco());
  console.log(`wrote ${APP_ICON_PATH}`);
}
