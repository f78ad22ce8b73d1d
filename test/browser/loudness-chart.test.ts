/**
 * The console's loudness chart in a headless Chromium: one bar per track, the threshold line, the
 * verdict, and the values table for screen readers. Screenshots go to test-output/screenshots/loudness-*.png.
 */
import type { LoudnessResult } from '../../functions/shared/asset';
import { bundle, loadModulePage } from '../fixtures/console/module-page';
import type { Browser, Page } from './support/browser';
import { closeBrowser, launchBrowser } from './support/browser';
import { screenshot } from './support/playback';
import { BROWSER_TEST_TIMEOUT_MS } from './support/timeouts';

/** The page's entry: renders a loudness result (as JSON) into #root. */
const ENTRY = `
import { renderLoudnessChart } from './console/web/loudness/loudness-chart';
Object.assign(globalThis, { renderLoudness: (json: string) => renderLoudnessChart(document.getElementById('root') as HTMLElement, JSON.parse(json)) });
`;

/** What the entry puts on the page's window (the project compiles without the DOM's types). */
interface ChartWindow {
  renderLoudness(json: string): void;
}

const SIX_TRACKS: LoudnessResult = {
  thresholdDb: -50,
  maxLoudness: [-12.4, -14.02, -144, -23.5, -61.3, -144],
  loudnessMap: [1, 1, 0, 1, 0, 0],
  silentTracks: [3, 5, 6],
  layout: '5.1',
};

let browser: Browser;
let page: Page;
let script: string;
let errors: string[];

async function render(loudness: LoudnessResult): Promise<void> {
  await page.evaluate((json) => (globalThis as unknown as ChartWindow).renderLoudness(json), JSON.stringify(loudness));
}

beforeAll(async () => {
  [browser, script] = await Promise.all([launchBrowser(), bundle(ENTRY)]);
}, BROWSER_TEST_TIMEOUT_MS);

beforeEach(async () => {
  page = await browser.newPage();
  await page.setViewport({ width: 800, height: 560 });
  errors = await loadModulePage(page, script);
});

afterEach(async () => {
  await page?.close();
});

afterAll(async () => {
  await closeBrowser(browser);
});

describe('the loudness chart', () => {
  it(
    'draws one bar per track with the verdict and a hidden values table',
    async () => {
      // Act
      await render(SIX_TRACKS);
      await screenshot(page, 'loudness-six-tracks');

      // Assess
      expect(await page.$eval('.loudness-chart', (chart) => chart.getAttribute('data-bars'))).toBe('6');
      expect(await page.$eval('canvas', (canvas) => [canvas.getAttribute('role'), canvas.clientHeight > 200])).toEqual(['img', true]);
      const text = await page.$eval('.loudness-summary', (summary) => summary.textContent);
      expect(text).toContain('1 1 0 1 0 0');
      expect(text).toContain('Silent: tracks 3, 5, 6');
      expect(text).toContain('5.1 surround');
      const cells = await page.$$eval('.visually-hidden table tbody tr', (rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
      );
      expect(cells[2]).toEqual(['3', '−144.0 dB', 'silent']);
      expect(cells).toHaveLength(6);
      // Visually hidden, yet in the document for screen readers.
      expect(
        await page.$eval('.visually-hidden', (hidden) => [hidden.clientWidth <= 1, hidden.clientHeight <= 1, !!hidden.querySelector('table th')]),
      ).toEqual([true, true, true]);
      expect(errors).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'replaces its chart when called again, with a single track',
    async () => {
      await render(SIX_TRACKS);

      await render({ thresholdDb: -50, maxLoudness: [-18.2], loudnessMap: [1], silentTracks: [], layout: 'stereo' });
      await screenshot(page, 'loudness-one-track');

      expect(await page.$$eval('.loudness-chart', (charts) => charts.map((chart) => chart.getAttribute('data-bars')))).toEqual(['1']);
      expect(await page.$$eval('canvas', (canvases) => canvases.length)).toBe(1);
      expect(await page.$eval('.loudness-summary', (summary) => summary.textContent)).toContain('Every track is audible');
      expect(errors).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'shows no chart and says so when no track was measured',
    async () => {
      await render({ thresholdDb: -50, maxLoudness: [], loudnessMap: [], silentTracks: [], layout: 'none' });

      expect(await page.$eval('.loudness-chart', (chart) => chart.getAttribute('data-bars'))).toBe('0');
      expect(await page.$$eval('canvas', (canvases) => canvases.length)).toBe(0);
      expect(await page.$eval('.loudness-summary', (summary) => summary.textContent)).toContain('No audio tracks were measured.');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
