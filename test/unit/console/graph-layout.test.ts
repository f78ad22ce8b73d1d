import * as fs from 'node:fs';
import * as path from 'node:path';
import { layoutGraph, wrap } from '../../../console/web/execution/graph-layout';
import { graphFromDefinition } from '../../../console/web/execution/graph-model';

const PIPELINE = fs.readFileSync(path.resolve(__dirname, '../../../state-machines/pipeline.asl.json'), 'utf8');

interface Box {
  name: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const box = (name: string, x: number, y: number, width: number, height: number): Box => ({
  name,
  left: x - width / 2,
  right: x + width / 2,
  top: y - height / 2,
  bottom: y + height / 2,
});
const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('layoutGraph of the pipeline', () => {
  const layout = layoutGraph(graphFromDefinition(PIPELINE));

  it('places every node and every label inside the drawing, none over another', () => {
    const boxes = [
      ...layout.nodes.map((node) => box(node.id, node.x, node.y, node.width, node.height)),
      ...layout.edges
        .filter((edge) => edge.lines.length)
        .map((edge) => box(`${edge.from}->${edge.to}`, edge.labelX ?? NaN, edge.labelY ?? NaN, edge.labelWidth, edge.labelHeight)),
    ];

    for (const each of boxes) {
      expect(each.left).toBeGreaterThanOrEqual(0);
      expect(each.top).toBeGreaterThanOrEqual(0);
      expect(each.right).toBeLessThanOrEqual(layout.width);
      expect(each.bottom).toBeLessThanOrEqual(layout.height);
    }
    const overlapping = boxes.flatMap((a, index) =>
      boxes
        .slice(index + 1)
        .filter((b) => overlap(a, b))
        .map((b) => `${a.name} / ${b.name}`),
    );
    expect(overlapping).toEqual([]);
  });

  it('draws the Choice rules to SubmitLoudnessJob as one edge with every rule in its label', () => {
    const toLoudness = layout.edges.filter((edge) => edge.from === 'ChooseBranch' && edge.to === 'SubmitLoudnessJob');

    expect(toLoudness).toHaveLength(1);
    expect(toLoudness[0].labels).toEqual([
      '$.settings.branch is present and $.settings.branch == "loudness"',
      '$.probe.audioCount > 2',
      '$.source.key is present and $.source.key matches "${LoudnessKeyPattern}"',
    ]);
    expect(toLoudness[0].lines.join(' ')).toBe(
      '$.settings.branch is present and $.settings.branch == "loudness" or $.probe.audioCount > 2 or $.source.key is present and $.source.key matches "${LoudnessKeyPattern}"',
    );
  });

  it('routes every edge from its state to its target', () => {
    for (const edge of layout.edges) {
      const from = layout.nodes.find((node) => node.id === edge.from);
      const to = layout.nodes.find((node) => node.id === edge.to);
      expect(edge.points.length).toBeGreaterThanOrEqual(2);
      expect(edge.points[0].y).toBeGreaterThanOrEqual((from?.y ?? NaN) - 1);
      expect(edge.points.at(-1)?.y).toBeLessThanOrEqual((to?.y ?? NaN) + 1);
    }
  });
});

describe('wrap', () => {
  it('breaks at spaces within the width, and keeps a longer word whole', () => {
    expect(wrap('NotMedia, NoAudio, InputRejected', 20)).toEqual(['NotMedia, NoAudio,', 'InputRejected']);
    expect(wrap('$.a matches "a-very-long-pattern-indeed"', 10)).toEqual(['$.a', 'matches', '"a-very-long-pattern-indeed"']);
    expect(wrap('', 10)).toEqual([]);
  });
});
