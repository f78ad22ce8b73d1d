/**
 * Positions for a state graph, top to bottom, laid out by dagre: node boxes sized to their names,
 * edge routes and edge label boxes sized to their (wrapped) labels. No DOM: text is measured by the
 * function the caller passes (a canvas in the browser, an estimate elsewhere).
 */
import dagre from '@dagrejs/dagre';
import type { EdgeKind, GraphEdge, GraphNode, NodeType, StateGraph } from './graph-model';

export interface Point {
  x: number;
  y: number;
}

export interface PlacedNode {
  id: string;
  type: NodeType;
  label: string;
  /** Centre of the box. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** The labels of the graph's edges this one draws (two Choice rules to one state are one line). */
  labels: string[];
  /** The labels' lines, wrapped. */
  lines: string[];
  points: Point[];
  /** Centre of the label box. */
  labelX?: number;
  labelY?: number;
  labelWidth: number;
  labelHeight: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Width in pixels of a line of text at the given font size. */
export type MeasureText = (text: string, fontSize: number) => number;

export const NODE_FONT_SIZE = 14;
export const EDGE_FONT_SIZE = 12;
export const EDGE_LINE_HEIGHT = 15;
const NODE_HEIGHT = 40;
const NODE_PADDING_X = 20;
const TERMINAL_SIZE = { width: 72, height: 30 };
const LABEL_PADDING = 4;
/** Long Choice rules wrap at about this many characters a line. */
const LABEL_LINE_CHARS = 24;

/** A fair estimate for a sans-serif font when nothing can measure. */
export const estimateText: MeasureText = (text, fontSize) => text.length * fontSize * 0.58;

export function layoutGraph(graph: StateGraph, measure: MeasureText = estimateText): GraphLayout {
  const layout = new dagre.graphlib.Graph({ multigraph: true, directed: true });
  layout.setGraph({ rankdir: 'TB', nodesep: 36, edgesep: 16, ranksep: 56, marginx: 16, marginy: 16 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) layout.setNode(node.id, { ...nodeSize(node, measure) });
  // The catch edges last: dagre's first ordering follows insertion, and the happy path should set it.
  const routes = mergeParallel([...graph.edges.filter((edge) => edge.kind !== 'catch'), ...graph.edges.filter((edge) => edge.kind === 'catch')]);
  const wrapped = routes.map((route) => route.labels.flatMap((label, index) => wrap(index === 0 ? label : `or ${label}`, LABEL_LINE_CHARS)));
  const sizes: { width: number; height: number }[] = [];
  routes.forEach((route, index) => {
    const lines = wrapped[index];
    const width = lines.length ? Math.max(...lines.map((line) => measure(line, EDGE_FONT_SIZE))) + 2 * LABEL_PADDING : 0;
    const height = lines.length ? lines.length * EDGE_LINE_HEIGHT + 2 * LABEL_PADDING : 0;
    // Catch edges are many and long: weight 0 lets the happy path run straight down.
    sizes.push({ width, height });
    layout.setEdge(route.from, route.to, { width, height, labelpos: 'c', weight: route.kind === 'catch' ? 0 : 2, minlen: 1 }, String(index));
  });
  dagre.layout(layout);
  const graphLabel = layout.graph();
  return {
    width: Math.ceil(graphLabel.width ?? 0),
    height: Math.ceil(graphLabel.height ?? 0),
    nodes: graph.nodes.map((node) => {
      const placed = layout.node(node.id);
      return { id: node.id, type: node.type, label: node.label, x: placed.x ?? 0, y: placed.y ?? 0, width: placed.width, height: placed.height };
    }),
    edges: routes.map((route, index) => {
      const placed = layout.edge({ v: route.from, w: route.to, name: String(index) });
      const points = placed.points ?? [];
      const label = { x: placed.x, y: placed.y };
      return {
        from: route.from,
        to: route.to,
        kind: route.kind,
        labels: route.labels,
        lines: wrapped[index],
        points,
        ...(route.labels.length ? { labelX: label.x, labelY: label.y } : {}),
        labelWidth: sizes[index].width,
        labelHeight: sizes[index].height,
      };
    }),
  };
}

/** One route per (from, to, kind): several Choice rules with one target are drawn as one line, their labels joined by "or". */
function mergeParallel(edges: readonly GraphEdge[]): { from: string; to: string; kind: EdgeKind; labels: string[] }[] {
  const routes = new Map<string, { from: string; to: string; kind: EdgeKind; labels: string[] }>();
  for (const edge of edges) {
    const key = JSON.stringify([edge.from, edge.to, edge.kind]);
    const route = routes.get(key) ?? { from: edge.from, to: edge.to, kind: edge.kind, labels: [] };
    if (edge.label) route.labels.push(edge.label);
    routes.set(key, route);
  }
  return [...routes.values()];
}

function nodeSize(node: GraphNode, measure: MeasureText): { width: number; height: number } {
  if (node.type === 'Start' || node.type === 'End') return TERMINAL_SIZE;
  return { width: Math.ceil(measure(node.label, NODE_FONT_SIZE) + 2 * NODE_PADDING_X), height: NODE_HEIGHT };
}

/** Splits text into lines of at most `max` characters at spaces (a longer word gets a line of its own). */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
