/** Browser tests start a browser and play media in real time: their per-test timeout is generous. */
export const BROWSER_TEST_TIMEOUT_MS = 120000;
