// Debian's Chromium driven by playwright-core: the one browser setup shared by the e2e
// tests, `npm run screenshots` and bench/ui.js. Never a downloaded browser.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.ARIADNE_CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium's own connections fail on a closed network.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable() {
  return existsSync(CHROMIUM_PATH);
}

/** A browser context on a fresh profile directory; close() removes it. */
export async function launchChromium({ viewport = { width: 1440, height: 900 }, deviceScaleFactor = 1 } = {}) {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'ariadne-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport,
    deviceScaleFactor,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
