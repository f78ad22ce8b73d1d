/**
 * An asset's loudness as a Chart.js bar chart: one bar per audio track of its Input Max Loudness,
 * coloured audible or silent by the loudness map, the threshold as a line, the loudness map and the
 * layout verdict as text, and the values in a visually hidden table (`.visually-hidden table`) for screen readers.
 *
 * Contract: the wrapper `.loudness-chart` carries `data-bars="<number of bars>"`; calling again on
 * the same root replaces the chart.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type TooltipItem,
} from 'chart.js';
import type { LoudnessResult } from '../../../functions/shared/asset';
import { formatDb, loudnessChartModel, type LoudnessChartModel } from './loudness-model';

export type { LoudnessResult } from '../../../functions/shared/asset';

// Only what this chart uses, so a bundle keeps the rest of Chart.js out.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

const COLOURS = { audible: '#0073bb', silent: '#aab7b8', threshold: '#d13212' } as const;

const charts = new WeakMap<HTMLElement, Chart>();

type Config = ChartConfiguration<'bar' | 'line', (number | null | { x: number; y: number })[], string[]>;

export function renderLoudnessChart(root: HTMLElement, loudness: LoudnessResult): void {
  const model = loudnessChartModel(loudness);
  charts.get(root)?.destroy();
  charts.delete(root);

  const wrapper = document.createElement('figure');
  wrapper.className = 'loudness-chart';
  wrapper.dataset.bars = String(model.bars.length);
  wrapper.style.margin = '0';
  const style = document.createElement('style');
  style.textContent = STYLES;
  const heading = document.createElement('figcaption');
  heading.className = 'loudness-caption';
  heading.textContent = 'Input Max Loudness per audio track';
  wrapper.append(style, heading);

  if (model.bars.length > 0) {
    const area = document.createElement('div');
    area.className = 'loudness-canvas';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      `Bar chart of ${model.bars.length} tracks' Input Max Loudness against a threshold of ${formatDb(model.thresholdDb)}; the values are in the table that follows.`,
    );
    area.append(canvas);
    wrapper.append(area);
    root.replaceChildren(wrapper);
    charts.set(root, new Chart(canvas, chartConfig(model)));
  } else {
    root.replaceChildren(wrapper);
  }
  // Tables do not shrink below their content: the wrapper is what hides it.
  const hidden = document.createElement('div');
  hidden.className = 'visually-hidden';
  hidden.append(valuesTable(model));
  wrapper.append(summary(model), hidden);
}

function chartConfig(model: LoudnessChartModel): Config {
  const bars = model.bars;
  return {
    type: 'bar',
    data: {
      labels: bars.map((bar) => bar.label),
      datasets: [
        // Two bar datasets on top of each other (grouped: false), so the legend names both colours.
        {
          type: 'bar',
          label: 'Audible',
          data: bars.map((bar) => (bar.audible ? bar.drawn : null)),
          backgroundColor: COLOURS.audible,
          base: model.axisMin,
          // A reading below the axis still shows a stub; its label and tooltip give the real value.
          minBarLength: 4,
          maxBarThickness: 96,
          pointStyle: 'rect',
          grouped: false,
          order: 2,
        },
        {
          type: 'bar',
          label: 'Silent',
          data: bars.map((bar) => (bar.audible ? null : bar.drawn)),
          backgroundColor: COLOURS.silent,
          base: model.axisMin,
          minBarLength: 4,
          maxBarThickness: 96,
          pointStyle: 'rect',
          grouped: false,
          order: 2,
        },
        {
          // On a hidden 0..1 axis, so the line spans the whole chart even for one track.
          type: 'line',
          label: `Threshold ${formatDb(model.thresholdDb)}`,
          data: [
            { x: 0, y: model.thresholdDb },
            { x: 1, y: model.thresholdDb },
          ],
          xAxisID: 'thresholdX',
          borderColor: COLOURS.threshold,
          backgroundColor: COLOURS.threshold,
          borderDash: [6, 4],
          borderWidth: 2,
          pointRadius: 0,
          pointHitRadius: 0,
          pointStyle: 'line',
          order: 1,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { type: 'category', ticks: { font: { size: 12 }, color: '#16191f' }, grid: { display: false } },
        // offset: false, or the bar chart's index-axis default (offset: true) shortens the line.
        thresholdX: { type: 'linear', display: false, min: 0, max: 1, offset: false },
        y: {
          type: 'linear',
          min: model.axisMin,
          max: model.axisMax,
          title: { display: true, text: 'Input Max Loudness (dB)', color: '#16191f' },
          ticks: { color: '#16191f', callback: (value: string | number) => String(value).replace('-', '−') },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { color: '#16191f', usePointStyle: true } },
        tooltip: {
          filter: (item: TooltipItem<'bar' | 'line'>) => item.dataset.type === 'bar' && item.raw !== null,
          callbacks: {
            title: (items: TooltipItem<'bar' | 'line'>[]) => `Track ${bars[items[0]?.dataIndex ?? 0]?.track}`,
            label: (item: TooltipItem<'bar' | 'line'>) => {
              const bar = bars[item.dataIndex];
              return `${formatDb(bar.value)}, ${bar.audible ? 'audible' : 'silent'}${bar.clamped ? ' (below the axis)' : ''}`;
            },
          },
        },
      },
    },
  };
}

function summary(model: LoudnessChartModel): HTMLElement {
  const list = document.createElement('dl');
  list.className = 'loudness-summary';
  const rows: [string, string][] = [
    ['Threshold', formatDb(model.thresholdDb)],
    ['Loudness map', model.mapText || '(none)'],
    ['Verdict', model.verdict],
  ];
  if (model.bars.some((bar) => bar.clamped))
    rows.push(['Note', `↓ marks a reading below ${formatDb(model.axisMin)}, drawn at the bottom of the axis.`]);
  for (const [term, text] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = text;
    list.append(dt, dd);
  }
  return list;
}

function valuesTable(model: LoudnessChartModel): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'loudness-values';
  const caption = document.createElement('caption');
  caption.textContent = `Input Max Loudness per track; threshold ${formatDb(model.thresholdDb)}`;
  const head = document.createElement('tr');
  for (const name of ['Track', 'Input Max Loudness', 'Classified']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const body = document.createElement('tbody');
  for (const bar of model.bars) {
    const row = document.createElement('tr');
    for (const text of [String(bar.track), formatDb(bar.value), bar.audible ? 'audible' : 'silent']) {
      const td = document.createElement('td');
      td.textContent = text;
      row.append(td);
    }
    body.append(row);
  }
  table.append(caption, thead, body);
  return table;
}

const STYLES = `
.loudness-chart { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #16191f; font-size: 14px; }
.loudness-caption { font-weight: 600; font-size: 15px; margin: 0 0 6px; }
.loudness-canvas { position: relative; height: 320px; width: 100%; }
.loudness-summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 0; }
.loudness-summary dt { font-weight: 600; color: #545b64; }
.loudness-summary dd { margin: 0; overflow-wrap: anywhere; }
.loudness-chart .visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;
