import type { ReportModel } from "../model.js";
import { PALETTE } from "./palette.js";
import type { RenderChart } from "./render.js";

interface SunburstNode {
  name: string;
  value?: number;
  itemStyle?: { color: string };
  children?: SunburstNode[];
}

/**
 * The framework as a sunburst: the index in the middle, dimensions around it, indicators on the outer ring; a
 * slice's angle is its effective weight (indicators of zero weight get a sliver so they still show).
 */
export function sunburstChart(
  model: ReportModel,
  language: string,
  render: RenderChart,
  title: string,
): string {
  const fw = model.result.framework;
  const leaves = model.indicators.length || 1;
  const node = (id: string, colour?: string): SunburstNode => {
    const n = fw.nodes.get(id)!;
    const out: SunburstNode = { name: model.nodeLabel(id, language) };
    if (colour) out.itemStyle = { color: colour };
    if (n.isIndicator) out.value = Math.max(model.effective.get(id) ?? 0, 0.002 / leaves);
    else out.children = n.children.map((c) => node(c));
    return out;
  };
  const data = model.root.children.map((c, i) => node(c, PALETTE.series[i % PALETTE.series.length]));
  return render(
    {
      series: [
        {
          type: "sunburst",
          data,
          radius: ["12%", "95%"],
          sort: undefined,
          nodeClick: false,
          itemStyle: { borderColor: "#fff", borderWidth: 1.5 },
          label: { fontSize: 10, color: "#fff", minAngle: 4, overflow: "truncate" },
          levels: [
            {},
            { label: { rotate: "tangential", fontSize: 12 } },
            { label: { rotate: "radial", fontSize: 9, color: PALETTE.text }, itemStyle: { opacity: 0.55 } },
          ],
        },
      ],
    },
    640,
    640,
    title,
  );
}
