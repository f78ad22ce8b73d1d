/**
 * The console's execution view in a headless Chromium: the pipeline's graph coloured by each state's
 * outcome, the attempt buttons of a redriven execution, the history table, and a live refresh.
 * Screenshots go to test-output/screenshots/execution-*.png.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundle, loadModulePage } from '../fixtures/console/module-page';
import type { Browser, Page } from './support/browser';
import { closeBrowser, launchBrowser } from './support/browser';
import { screenshot } from './support/playback';
import { BROWSER_TEST_TIMEOUT_MS } from './support/timeouts';

const ROOT = path.resolve(__dirname, '..', '..');
const DEFINITION = fs.readFileSync(path.join(ROOT, 'state-machines/pipeline.asl.json'), 'utf8');
/** The page's entry: renders a view (as JSON) into #root. */
const ENTRY = `
import { renderExecution } from './console/web/execution/execution-view';
Object.assign(globalThis, { renderView: (json: string) => renderExecution(document.getElementById('root') as HTMLElement, JSON.parse(json)) });
`;

/** What the entry puts on the page's window (the project compiles without the DOM's types). */
interface ViewWindow {
  renderView(json: string): void;
}

/** The view renderExecution takes (console/web/execution/execution-view.ts, type-checked with the DOM types, apart from Node code). */
interface ExecutionView {
  execution: { status: string; cause?: string; stopDate?: string; redriveDate?: string; [field: string]: unknown };
  definition: string;
  events: { id: number; type: string; timestamp: string; [field: string]: unknown }[];
}

let browser: Browser;
let page: Page;
let script: string;
let errors: string[];

function view(name: string): ExecutionView {
  const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/console', `${name}.json`), 'utf8')) as Omit<ExecutionView, 'definition'>;
  return { ...fixture, definition: DEFINITION };
}

async function render(shown: ExecutionView): Promise<void> {
  await page.evaluate((json) => (globalThis as unknown as ViewWindow).renderView(json), JSON.stringify(shown));
}

/** data-outcome of every state node, by state name. */
function outcomes(): Promise<Record<string, string>> {
  return page.$$eval('svg g[data-state]', (nodes) =>
    Object.fromEntries(nodes.map((node) => [node.getAttribute('data-state'), node.getAttribute('data-outcome')])),
  );
}

beforeAll(async () => {
  [browser, script] = await Promise.all([launchBrowser(), bundle(ENTRY)]);
}, BROWSER_TEST_TIMEOUT_MS);

beforeEach(async () => {
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1100 });
  errors = await loadModulePage(page, script);
});

afterEach(async () => {
  await page?.close();
});

afterAll(async () => {
  await closeBrowser(browser);
});

describe('the execution view', () => {
  it(
    'colours a successful run: its path succeeded, the other states not entered; with a legend and the history table',
    async () => {
      // Act
      await render(view('succeeded-dash'));
      await screenshot(page, 'execution-succeeded');

      // Assess
      expect(await outcomes()).toEqual({
        Register: 'succeeded',
        Probe: 'succeeded',
        ChooseBranch: 'succeeded',
        SubmitStitchJob: 'not-entered',
        SubmitDashJob: 'succeeded',
        SubmitLoudnessJob: 'not-entered',
        CompleteTranscode: 'succeeded',
        ClassifyLoudness: 'not-entered',
        Duplicate: 'not-entered',
        Rejected: 'not-entered',
        AwaitsManifest: 'not-entered',
      });
      expect(await page.$eval('svg > title', (title) => title.textContent)).toMatch(/a1b2c3: Original run, succeeded/);
      expect(await page.$$eval('.sfx-legend li', (items) => items.map((item) => item.textContent))).toEqual(
        expect.arrayContaining(['Succeeded', 'Failed', 'Caught error', 'In progress', 'Not entered']),
      );
      expect(await page.$$eval('table th', (cells) => cells.map((cell) => cell.textContent))).toContain('Type');
      expect(await page.$$eval('table tbody tr', (rows) => rows.length)).toBe(view('succeeded-dash').events.length);
      expect(await page.$$eval('.sfx-edge-label', (labels) => labels.map((label) => label.textContent))).toEqual(
        expect.arrayContaining(['$.origin == "ivs"', 'Default', 'DuplicateEvent']),
      );
      expect(await page.$$eval('path[data-kind="catch"]', (paths) => paths.every((edge) => edge.getAttribute('stroke-dasharray') !== null))).toBe(
        true,
      );
      expect(errors).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'shows a failed run: the failing state red, the states after it grey, the cause whole',
    async () => {
      // Prepare
      const failed = view('failed-stitch');

      // Act
      await render(failed);
      await screenshot(page, 'execution-failed');
      await page.$eval('tr.sfx-error-row', (row) => row.scrollIntoView({ block: 'center' }));
      await screenshot(page, 'execution-failed-history');

      // Assess
      const shown = await outcomes();
      expect(shown).toMatchObject({ SubmitStitchJob: 'failed', CompleteTranscode: 'not-entered', ChooseBranch: 'succeeded' });
      const causes = await page.$$eval('.sfx-cause', (cells) => cells.map((cell) => cell.textContent));
      expect(causes).toContain(failed.execution.cause);
      expect(errors).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'shows a caught failure orange and the catch edge taken',
    async () => {
      await render(view('caught-not-media'));
      await screenshot(page, 'execution-caught');

      expect(await outcomes()).toMatchObject({ Register: 'succeeded', Probe: 'caught', Rejected: 'succeeded', ChooseBranch: 'not-entered' });
      expect(await page.$eval('path[data-from="Probe"][data-to="Rejected"]', (edge) => edge.getAttribute('data-taken'))).toBe('true');
      expect(errors).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'shows a redriven run at its latest attempt, lets the keyboard choose the original run, and keeps that choice on refresh',
    async () => {
      // Prepare: the redrive still running (its first events only), then finished.
      const finished = view('redriven-stitch');
      const redriven = finished.events.findIndex((event) => event.type === 'ExecutionRedriven');
      const running: ExecutionView = {
        ...finished,
        execution: { ...finished.execution, status: 'RUNNING', stopDate: undefined },
        events: finished.events.slice(0, redriven + 4),
      };
      await render(running);
      expect(
        await page.$$eval('.sfx-attempts button', (buttons) => buttons.map((button) => [button.textContent, button.getAttribute('aria-pressed')])),
      ).toEqual([
        ['Original run · failed', 'false'],
        ['Redrive 1 · running', 'true'],
      ]);
      expect(await outcomes()).toMatchObject({ Register: 'succeeded', SubmitStitchJob: 'in-progress', CompleteTranscode: 'not-entered' });
      await screenshot(page, 'execution-redrive-running');

      // Act: the keyboard picks the original run, then the view refreshes with the finished redrive.
      await page.focus('.sfx-attempts button[data-attempt="0"]');
      await page.keyboard.press('Enter');
      const original = await outcomes();
      await render(finished);
      const afterRefresh = await outcomes();
      await screenshot(page, 'execution-redrive-original');
      await page.click('.sfx-attempts button[data-attempt="1"]');
      const latest = await outcomes();
      await screenshot(page, 'execution-redrive-latest');

      // Assess
      expect(original).toMatchObject({ SubmitStitchJob: 'failed', CompleteTranscode: 'not-entered' });
      expect(afterRefresh).toEqual(original);
      expect(await page.$eval('.sfx-execution', (root) => root.getAttribute('data-status'))).toBe('SUCCEEDED');
      expect(latest).toMatchObject({
        Register: 'succeeded',
        SubmitStitchJob: 'succeeded',
        CompleteTranscode: 'succeeded',
        SubmitDashJob: 'not-entered',
      });
      expect(await page.$eval('g[data-state="Register"]', (node) => node.getAttribute('data-carried'))).toBe('true');
      expect(await page.$eval('path[data-from="CompleteTranscode"][data-to="End"]', (edge) => edge.getAttribute('data-taken'))).toBe('true');
      expect(await page.$eval('path[data-from="Register"][data-to="Probe"]', (edge) => edge.getAttribute('data-taken'))).toBe('earlier');
      expect(errors).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'keeps an opened input open across a refresh',
    async () => {
      const running = view('running-loudness');
      await render(running);
      await page.click('tr[data-event-id="2"] details summary');

      await render(running);

      expect(await page.$eval('tr[data-event-id="2"] details', (details) => (details as unknown as { open: boolean }).open)).toBe(true);
      expect(await outcomes()).toMatchObject({ SubmitLoudnessJob: 'in-progress' });
      await screenshot(page, 'execution-running');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'draws histories recorded on the local cloud, a function error cause shown whole',
    async () => {
      const caught = view('recorded-caught');
      const cause = caught.events.find((event) => event.type === 'TaskFailed')?.taskFailedEventDetails as { cause: string };

      await render(view('recorded-redriven'));
      const redriven = await outcomes();
      await screenshot(page, 'execution-recorded-redriven');
      await render(caught);
      await page.$eval('tr.sfx-error-row', (row) => row.scrollIntoView({ block: 'center' }));
      await screenshot(page, 'execution-recorded-caught-history');

      expect(redriven).toMatchObject({ SubmitDashJob: 'succeeded', CompleteTranscode: 'succeeded', Register: 'succeeded' });
      expect(await outcomes()).toMatchObject({ Probe: 'caught', Rejected: 'succeeded' });
      expect(await page.$$eval('.sfx-cause', (cells) => cells.map((cell) => cell.textContent))).toContain(cause.cause);
      expect(errors).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
