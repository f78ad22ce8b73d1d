/** How values read on the pages. */

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

export function usd(value: number | undefined): string {
  return value === undefined ? '' : `$${value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`;
}

export function when(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function bytes(size: number | undefined): string {
  if (size === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = size;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** The status as a CSS class: colours say final, failed or in progress. */
export function statusClass(status: string | undefined): string {
  return `status status-${(status ?? 'unknown').toLowerCase()}`;
}
