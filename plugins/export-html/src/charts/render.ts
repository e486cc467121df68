import type { EChartsOption } from "echarts";

/** The part of the echarts module the report uses. */
export type ECharts = typeof import("echarts");

/** Renders one chart option to an SVG string. */
export type RenderChart = (option: EChartsOption, width: number, height: number, label: string) => string;

/** The font of the charts' texts: the page's, with fallbacks that hold Chinese glyphs. */
export const CHART_FONT =
  'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

/**
 * A chart renderer over echarts' server-side SVG renderer (no DOM, no animation). Each chart's element ids and
 * class names (zrender numbers them with counters global to the process) are renamed `<prefix><n>-<k>` in order
 * of first use, so the same charts give the same text in any process and charts on one page never share a
 * class. The `xmlns` attributes (not needed in HTML) and echarts' `ecmeta_*` attributes are dropped, and the
 * SVG gets `role="img"` with `label` as its accessible name (escaped by the caller's renderer).
 */
export function chartRenderer(echarts: ECharts, prefix = "c"): RenderChart {
  let charts = 0;
  return (option, width, height, label) => {
    const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
    let svg: string;
    try {
      chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT }, ...option });
      svg = chart.renderToSVGString();
    } finally {
      chart.dispose();
    }
    const n = charts++;
    const names = new Map<string, string>();
    svg = svg.replace(/\bzr\d+-[A-Za-z0-9-]*\d+\b/g, (id) => {
      let name = names.get(id);
      if (name === undefined) {
        name = `${prefix}${n}-${names.size}`;
        names.set(id, name);
      }
      return name;
    });
    return svg
      .replace(/ xmlns(:xlink)?="[^"]*"/g, "")
      .replace(/ ecmeta_[a-z_]+="[^"]*"/g, "")
      .replace(/^<svg /, `<svg role="img" aria-label="${escapeAttr(label)}" `);
  };
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
