/**
 * The execution graph as SVG: rounded boxes coloured by outcome, as the Step Functions console does,
 * edges with arrows and labels (catch edges dashed), the path the attempt took drawn strong, and a
 * legend. Every state is a `<g data-state="<name>" data-outcome="<outcome>">`.
 */
import { EDGE_FONT_SIZE, EDGE_LINE_HEIGHT, NODE_FONT_SIZE, type GraphLayout, type PlacedEdge, type Point } from './graph-layout';
import type { Attempt, Outcome } from './state-outcomes';

const SVG = 'http://www.w3.org/2000/svg';

/** Fill, border and legend text of each outcome. */
export const OUTCOME_STYLES: Record<Outcome, { fill: string; stroke: string; label: string }> = {
  succeeded: { fill: '#dff3d8', stroke: '#1d8102', label: 'Succeeded' },
  failed: { fill: '#fbdcd6', stroke: '#d13212', label: 'Failed' },
  caught: { fill: '#ffe8c2', stroke: '#d97706', label: 'Caught error' },
  'in-progress': { fill: '#d6ebfa', stroke: '#0073bb', label: 'In progress' },
  'not-entered': { fill: '#f2f3f3', stroke: '#aab7b8', label: 'Not entered' },
};

const EDGE_COLOURS = { taken: '#16191f', carried: '#687078', idle: '#c1c7cc' } as const;
type EdgeStyle = keyof typeof EDGE_COLOURS;

let ids = 0;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

export function drawGraph(layout: GraphLayout, attempt: Attempt, title: string): SVGSVGElement {
  const prefix = `sfx-${(ids += 1)}`;
  const root = svg('svg', {
    class: 'sfx-graph',
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    height: layout.height,
    role: 'group',
    'aria-labelledby': `${prefix}-title`,
  });
  root.append(svg('title', { id: `${prefix}-title` }, title), markers(prefix));
  const taken = new Map(attempt.edges.map((edge) => [`${edge.from}->${edge.to}`, edge.carried ? 'carried' : 'taken'] as const));
  const edgeLayer = svg('g', { class: 'sfx-edges' });
  const labelLayer = svg('g', { class: 'sfx-edge-labels' });
  for (const edge of layout.edges) {
    // A transition taken twice (a Choice with two rules to one state) cannot tell which rule matched: both are drawn taken.
    const style: EdgeStyle = taken.get(`${edge.from}->${edge.to}`) ?? 'idle';
    const takenHere = style !== 'idle' && (edge.kind === 'catch') === isCatchTaken(attempt, edge);
    drawEdge(edgeLayer, labelLayer, edge, takenHere ? style : 'idle', prefix);
  }
  const nodeLayer = svg('g', { class: 'sfx-nodes' });
  for (const node of layout.nodes) {
    const left = node.x - node.width / 2;
    const top = node.y - node.height / 2;
    if (node.type === 'Start' || node.type === 'End') {
      const group = svg('g', { class: 'sfx-terminal', 'data-node': node.id });
      group.append(
        svg('rect', {
          x: left,
          y: top,
          width: node.width,
          height: node.height,
          rx: node.height / 2,
          fill: '#ffffff',
          stroke: '#545b64',
          'stroke-width': 1.5,
        }),
        svg(
          'text',
          { x: node.x, y: node.y, 'text-anchor': 'middle', 'dominant-baseline': 'central', 'font-size': NODE_FONT_SIZE - 1, fill: '#16191f' },
          node.label,
        ),
      );
      nodeLayer.append(group);
      continue;
    }
    const state = attempt.states[node.id] ?? { outcome: 'not-entered' as const, carried: false };
    const look = OUTCOME_STYLES[state.outcome];
    const group = svg('g', {
      class: 'sfx-state',
      'data-state': node.id,
      'data-outcome': state.outcome,
      'data-type': node.type,
      ...(state.carried ? { 'data-carried': 'true' } : {}),
    });
    const status = `${node.id} (${node.type}): ${look.label.toLowerCase()}${state.carried ? ', kept from an earlier attempt' : ''}${state.error ? ` — ${state.error}` : ''}`;
    group.append(
      svg('title', {}, status),
      svg('rect', {
        x: left,
        y: top,
        width: node.width,
        height: node.height,
        rx: 8,
        fill: look.fill,
        stroke: look.stroke,
        'stroke-width': state.outcome === 'not-entered' ? 1.5 : 2.5,
        ...(state.carried ? { 'stroke-dasharray': '6 3' } : {}),
      }),
      svg(
        'text',
        { x: node.x, y: node.y, 'text-anchor': 'middle', 'dominant-baseline': 'central', 'font-size': NODE_FONT_SIZE, fill: '#16191f' },
        node.label,
      ),
    );
    nodeLayer.append(group);
  }
  root.append(edgeLayer, nodeLayer, labelLayer);
  return root;
}

/** Whether the attempt left `edge.from` through its catch (its outcome there was caught). */
function isCatchTaken(attempt: Attempt, edge: PlacedEdge): boolean {
  return attempt.edges.some((taken) => taken.from === edge.from && taken.to === edge.to && taken.kind === 'catch');
}

function markers(prefix: string): SVGDefsElement {
  const defs = svg('defs');
  for (const [style, colour] of Object.entries(EDGE_COLOURS)) {
    const marker = svg('marker', {
      id: `${prefix}-arrow-${style}`,
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto-start-reverse',
    });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: colour }));
    defs.append(marker);
  }
  return defs;
}

function drawEdge(edges: SVGGElement, labels: SVGGElement, edge: PlacedEdge, style: EdgeStyle, prefix: string): void {
  const path = svg('path', {
    d: smoothPath(edge.points),
    fill: 'none',
    stroke: EDGE_COLOURS[style],
    'stroke-width': style === 'idle' ? 1.25 : 2.25,
    'marker-end': `url(#${prefix}-arrow-${style})`,
    class: `sfx-edge sfx-edge-${edge.kind}`,
    'data-from': edge.from,
    'data-to': edge.to,
    'data-kind': edge.kind,
    'data-taken': style === 'idle' ? 'false' : style === 'carried' ? 'earlier' : 'true',
    ...(edge.kind === 'catch' ? { 'stroke-dasharray': '5 4' } : {}),
  });
  edges.append(path);
  if (!edge.lines.length || edge.labelX === undefined || edge.labelY === undefined) return;
  const group = svg('g', { class: 'sfx-edge-label', 'data-kind': edge.kind });
  const colour = edge.kind === 'catch' ? '#a64d00' : style === 'idle' ? '#545b64' : '#16191f';
  group.append(
    svg('rect', {
      x: edge.labelX - edge.labelWidth / 2,
      y: edge.labelY - edge.labelHeight / 2,
      width: edge.labelWidth,
      height: edge.labelHeight,
      rx: 3,
      fill: '#ffffff',
      stroke: edge.kind === 'catch' ? '#f0c9a0' : '#e1e4e6',
      'fill-opacity': 0.95,
    }),
  );
  const text = svg('text', { 'text-anchor': 'middle', 'font-size': EDGE_FONT_SIZE, fill: colour });
  const firstLine = edge.labelY - ((edge.lines.length - 1) * EDGE_LINE_HEIGHT) / 2;
  edge.lines.forEach((line, index) => {
    text.append(svg('tspan', { x: edge.labelX as number, y: firstLine + index * EDGE_LINE_HEIGHT, 'dominant-baseline': 'central' }, line));
  });
  group.append(text);
  labels.append(group);
}

/** A smooth path through each of dagre's route points (and so through the edge's label): Catmull-Rom as cubic Béziers. */
function smoothPath(points: Point[]): string {
  if (points.length === 0) return '';
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let index = 0; index < points.length - 1; index += 1) {
    const before = points[Math.max(0, index - 1)];
    const from = points[index];
    const to = points[index + 1];
    const after = points[Math.min(points.length - 1, index + 2)];
    const c1 = { x: from.x + (to.x - before.x) / 6, y: from.y + (to.y - before.y) / 6 };
    const c2 = { x: to.x - (after.x - from.x) / 6, y: to.y - (after.y - from.y) / 6 };
    d += ` C ${c1.x} ${c1.y} ${c2.x} ${c2.y} ${to.x} ${to.y}`;
  }
  return d;
}

/** The legend: one swatch per outcome, and the edge styles. */
export function legend(): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'sfx-legend';
  list.setAttribute('aria-label', 'Legend');
  for (const [outcome, look] of Object.entries(OUTCOME_STYLES)) {
    const item = document.createElement('li');
    item.dataset.outcome = outcome;
    const swatch = document.createElement('span');
    swatch.className = 'sfx-swatch';
    swatch.style.background = look.fill;
    swatch.style.borderColor = look.stroke;
    item.append(swatch, look.label);
    list.append(item);
  }
  const extras: [string, string][] = [
    ['sfx-line sfx-line-catch', 'Catch'],
    ['sfx-swatch sfx-swatch-carried', 'Kept from an earlier attempt'],
  ];
  for (const [className, label] of extras) {
    const item = document.createElement('li');
    const mark = document.createElement('span');
    mark.className = className;
    item.append(mark, label);
    list.append(item);
  }
  return list;
}
