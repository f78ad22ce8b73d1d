/**
 * A headless browser for playback tests: the Chromium inside `@sparticuz/chromium` (Linux x64 and
 * arm64; it unpacks to the temp folder at first use), or the Chrome that VOD_CHROME_PATH names
 * (macOS, or any machine with its own Chrome).
 */
import type * as Puppeteer from 'puppeteer-core';

export const CHROME_PATH_ENV = 'VOD_CHROME_PATH';

/** Muted media plays without a user gesture anyway; this keeps a page's play() from being refused. */
const PLAYBACK_ARGS = ['--autoplay-policy=no-user-gesture-required'];

/**
 * @sparticuz/chromium's args turn off CORS (`--disable-web-security`), which the players' media
 * requests must go through, as they do in a user's browser.
 */
const UNWANTED_ARGS = new Set(['--disable-web-security']);

interface SparticuzChromium {
  executablePath(input?: string): Promise<string>;
  args: string[];
}

/**
 * Both packages are ES modules, which jest's CommonJS module system cannot load; Node's own
 * require can (Node 20.19 and later), and they need none of jest's module mocking.
 */
function nodeRequire(id: string): unknown {
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(__filename)(id);
}

export type Browser = Puppeteer.Browser;
export type Page = Puppeteer.Page;

export async function launchBrowser(env: Record<string, string | undefined> = process.env): Promise<Browser> {
  const puppeteer = nodeRequire('puppeteer-core') as typeof Puppeteer;
  const localChrome = env[CHROME_PATH_ENV];
  if (localChrome) return puppeteer.launch({ executablePath: localChrome, args: PLAYBACK_ARGS, headless: true });
  const chromium = (nodeRequire('@sparticuz/chromium') as { default: SparticuzChromium }).default;
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: [...chromium.args.filter((arg) => !UNWANTED_ARGS.has(arg)), ...PLAYBACK_ARGS],
    headless: true,
  });
}

export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  await browser?.close();
}
