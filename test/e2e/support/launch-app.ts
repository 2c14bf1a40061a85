/**
 * The set-up every browser test shares: the renderer built once per test file (in a folder of
 * its own), a web host over the fixtures (real services, the wsl.exe simulator), Chromium on a
 * page of the app showing the distribution list, and one `close()` for all of it.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startFixtureHost, type FixtureHost, type FixtureHostOptions } from '../../../electron/web-host/fixture-setup.js';
import { launchChromium } from './browser.js';
import { buildRenderer } from './renderer-build.js';
import { AppPage } from './app-page.js';

/** The window size the tests use unless they check a layout. */
const VIEWPORT = { width: 1280, height: 900 };

export interface LaunchedApp {
  host: FixtureHost;
  browser: Browser;
  page: Page;
  app: AppPage;
  /** Closes the browser and the host (which removes everything it created). */
  close(): Promise<void>;
}

export interface LaunchOptions {
  host?: FixtureHostOptions;
  /** The browser context's options beyond the viewport (permissions, say). */
  context?: BrowserContextOptions;
  /** Runs once the host is up and before the page opens (distributions, images, a policy the page should find). */
  prepare?: (host: FixtureHost) => Promise<void>;
}

export async function launchApp(options: LaunchOptions = {}): Promise<LaunchedApp> {
  const host = await startFixtureHost({ ...options.host, distDir: await buildRenderer() });
  let browser: Browser | undefined;
  try {
    await options.prepare?.(host);
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: VIEWPORT, ...options.context })).newPage();
    const app = new AppPage(page);
    await app.open(host.url);
    const opened = browser;
    return {
      host,
      browser: opened,
      page,
      app,
      close: async () => {
        await opened.close();
        await host.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await host.close();
    throw error;
  }
}
