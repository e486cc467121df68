import { createHash } from "node:crypto";
import type { Labels } from "@cityindex/core";
import { changeContributions, type UnitContributions, uncertaintyView } from "@cityindex/core";
import { heatmapChart } from "./charts/heatmap.js";
import { locatedUnits, mapChart } from "./charts/map.js";
import { radarChart } from "./charts/radar.js";
import { rankingBarChart } from "./charts/ranking-bar.js";
import type { RenderChart } from "./charts/render.js";
import { rankMoves, slopeChart } from "./charts/slope.js";
import { sunburstChart } from "./charts/sunburst.js";
import { escapeHtml, scriptJson } from "./escape.js";
import { type UiStrings, uiStrings } from "./i18n.js";
import { formatRank, formatScore, labelIn, type ReportModel } from "./model.js";
import type { ResolvedHtmlOptions } from "./options.js";
import { REPORT_SCRIPT } from "./script.js";
import { styleSheet } from "./style.js";
import { uncertaintyBody } from "./uncertainty.js";

const esc = escapeHtml;

/** Writes the report's page from a model; `render` draws the charts. */
export function renderPage(model: ReportModel, options: ResolvedHtmlOptions, render: RenderChart): string {
  const { result, languages } = model;
  const spec = result.spec;
  const first = languages[0]!;

  /** A text in every language: one `data-l` span per language, or the bare text when they all agree. */
  const tx = (text: (language: string, ui: UiStrings) => string, tag = "span"): string => {
    const texts = languages.map((l) => text(l, uiStrings(l)));
    if (texts.every((t) => t === texts[0])) return esc(texts[0]!);
    return languages.map((l, i) => `<${tag} data-l="${l}" lang="${l}">${esc(texts[i]!)}</${tag}>`).join("");
  };
  /** A block in every language (charts, whose texts differ by language). */
  const perLanguage = (block: (language: string, ui: UiStrings) => string | undefined): string =>
    languages
      .map((l) => {
        const html = block(l, uiStrings(l));
        return html === undefined ? "" : `<div data-l="${l}" lang="${l}">${html}</div>`;
      })
      .join("");
  const specText = (text: string | Labels | undefined, language: string, fallback: string): string =>
    typeof text === "string" ? text : labelIn(text, language, fallback);

  const title = (l: string) => specText(spec.title, l, model.nodeLabel(model.root.id, l));
  const edition = result.periods[model.latest] ?? "";
  const units = result.units;
  const unitName = (u: number) => tx((l) => model.unitLabel(units[u]!, l));
  const nodeName = (id: string) => tx((l) => model.nodeLabel(id, l));
  const rootId = model.root.id;

  const sections: string[] = [];
  const nav: [string, (ui: UiStrings) => string][] = [];
  const section = (id: string, heading: (ui: UiStrings) => string, body: string) => {
    nav.push([id, heading]);
    sections.push(`<section id="${id}"><h2>${tx((_, ui) => heading(ui))}</h2>${body}</section>`);
  };

  // Ranking
  const rankingChart = perLanguage((l, ui) =>
    rankingBarChart(model, l, render, `${ui.rankingChart}: ${title(l)} ${edition}`),
  );
  const dims = model.dimensions;
  const headCells: string[] = [];
  const head = (type: "number" | "text", content: string, numeric = type === "number") => {
    headCells.push(
      `<th data-col="${headCells.length}" data-type="${type}"${numeric ? ' class="n"' : ""} scope="col">${content}</th>`,
    );
  };
  head(
    "number",
    tx((_, ui) => ui.rank),
  );
  head(
    "text",
    tx((_, ui) => ui.unit),
    false,
  );
  head("number", `${tx((_, ui) => ui.index)}<span class="sub">${tx((_, ui) => ui.score)}</span>`);
  for (const d of dims) {
    head("number", `${nodeName(d.id)}<span class="sub">${tx((_, ui) => ui.score)}</span>`);
    head("number", `${nodeName(d.id)}<span class="sub">${tx((_, ui) => ui.rank)}</span>`);
  }
  const maxScore = Math.max(
    ...model.order.map((u) => model.score(rootId, u, model.latest)).filter(Number.isFinite),
    0,
  );
  const num = (v: number, shown: string, extra = "") =>
    `<td class="n" data-v="${Number.isFinite(v) ? v : ""}">${shown}${extra}</td>`;
  const rows = model.order.map((u) => {
    const id = units[u]!;
    const search = [id, ...new Set(Object.values(result.framework.units.get(id)?.labels ?? {}))]
      .join(" ")
      .toLowerCase();
    const r = model.rank(rootId, u, model.latest);
    const s = model.score(rootId, u, model.latest);
    const cells = [
      num(r, `<span class="rk${r <= 3 ? " top" : ""}">${formatRank(r)}</span>`),
      `<td data-v="${esc(model.unitLabel(id, first).toLowerCase())}"><a class="unit" href="#profiles" data-profile="p${u}">${unitName(u)}</a></td>`,
      num(
        s,
        formatScore(s),
        Number.isFinite(s) && maxScore > 0
          ? `<span class="bar" style="width:${Math.max(0, Math.round((60 * s) / maxScore))}px"></span>`
          : "",
      ),
      ...dims.flatMap((d) => {
        const ds = model.score(d.id, u, model.latest);
        const dr = model.rank(d.id, u, model.latest);
        return [num(ds, formatScore(ds)), num(dr, formatRank(dr))];
      }),
    ];
    return `<tr data-row data-search="${esc(search)}">${cells.join("")}</tr>`;
  });
  const searchAttrs = languages
    .map((l) => `data-placeholder-${l}="${esc(uiStrings(l).searchHint)}"`)
    .join(" ");
  section(
    "ranking",
    (ui) => `${ui.ranking} ${edition}`,
    `<div class="chart">${rankingChart}</div>
<p class="note">${tx((_, ui) => ui.rankingTable)}</p>
<div class="tools"><label for="search">${tx((_, ui) => ui.search)}</label><input id="search" type="search" autocomplete="off" placeholder="${esc(uiStrings(first).searchHint)}" ${searchAttrs}></div>
<div class="scroll"><table id="ranking-table"><thead><tr>${headCells.join("")}</tr></thead><tbody>${rows.join("\n")}
<tr id="no-match" hidden><td colspan="${headCells.length}" class="empty">${tx((_, ui) => ui.noMatch)}</td></tr></tbody></table></div>`,
  );

  // Map
  const located = locatedUnits(model);
  if (located.located.length > 0) {
    const missing = located.missing.length
      ? `<p class="note">${tx((_, ui) => ui.mapMissing)}: ${located.missing.map(unitName).join(", ")}</p>`
      : "";
    section(
      "map",
      (ui) => ui.map,
      `<p class="note">${tx((_, ui) => ui.mapNote)}</p><div class="chart">${perLanguage((l, ui) => mapChart(model, l, render, `${ui.map}: ${title(l)}`))}</div>${missing}`,
    );
  }

  // Profiles
  const profiles = new Map((result.analysis?.profiles ?? []).map((p) => [p.unit, p]));
  const unitOptions = model.order
    .map((u) => {
      const texts = languages
        .map(
          (l) =>
            `data-text-${l}="${esc(`${formatRank(model.rank(rootId, u, model.latest))}. ${model.unitLabel(units[u]!, l)}`)}"`,
        )
        .join(" ");
      return `<option value="p${u}" ${texts}>${esc(`${formatRank(model.rank(rootId, u, model.latest))}. ${model.unitLabel(units[u]!, first)}`)}</option>`;
    })
    .join("");
  const cards = model.order.map((u, i) => {
    const id = units[u]!;
    const r = model.rank(rootId, u, model.latest);
    const s = model.score(rootId, u, model.latest);
    const radar = perLanguage((l, ui) =>
      radarChart(model, u, l, render, { unit: model.unitLabel(id, l), median: ui.median }),
    );
    const nodeRows = model.tree
      .map((n) => {
        const cls = n.parent === null ? "root" : n.isIndicator ? "lvl1" : "lvl2";
        const ns = model.score(n.id, u, model.latest);
        const nr = model.rank(n.id, u, model.latest);
        return `<tr class="${cls}"><td>${nodeName(n.id)}</td><td class="n">${formatScore(ns)}</td><td class="n">${formatRank(nr)}</td></tr>`;
      })
      .join("");
    const profile = profiles.get(id);
    let sw: string;
    if (profile) {
      const list = (items: { indicator: string; rank: number }[]) =>
        items.length === 0
          ? `<p class="empty">–</p>`
          : `<ol>${items.map((x) => `<li>${nodeName(x.indicator)} <span class="rk">${formatRank(x.rank)}</span></li>`).join("")}</ol>`;
      const peers = profile.peers
        .map((p) => {
          const pu = units.indexOf(p.unit);
          const name = pu >= 0 ? unitName(pu) : esc(p.unit);
          return `<li>${formatRank(p.rank)}. ${pu >= 0 ? `<a class="unit" href="#profiles" data-profile="p${pu}">${name}</a>` : name}</li>`;
        })
        .join("");
      sw = `<div class="sw"><div class="good"><h4>${tx((_, ui) => ui.strengths)}</h4>${list(profile.strengths)}</div><div class="bad"><h4>${tx((_, ui) => ui.weaknesses)}</h4>${list(profile.weaknesses)}</div></div>${peers ? `<h4>${tx((_, ui) => ui.peers)}</h4><ul>${peers}</ul>` : ""}`;
    } else {
      sw = `<p class="note">${tx((_, ui) => ui.noProfile)}</p>`;
    }
    return `<article class="profile" id="p${u}"${i === 0 ? "" : " hidden"}>
<h3><span class="badge">#${formatRank(r)}</span>${unitName(u)}</h3>
<p class="note">${tx((_, ui) => ui.index)} ${formatScore(s)} · ${esc(edition)}</p>
<div class="grid2"><div>${radar ? `<div class="chart">${radar}</div>` : ""}${sw}</div>
<div class="scroll"><table class="nodes"><thead><tr><th>${tx((_, ui) => ui.node)}</th><th class="n">${tx((_, ui) => ui.score)}</th><th class="n">${tx((_, ui) => ui.rank)}</th></tr></thead><tbody>${nodeRows}</tbody></table></div></div>
</article>`;
  });
  section(
    "profiles",
    (ui) => ui.profiles,
    `<div class="tools"><label for="profile-select">${tx((_, ui) => ui.chooseUnit)}</label><select id="profile-select">${unitOptions}</select></div>${cards.join("\n")}`,
  );

  // Heatmap
  section(
    "heatmap",
    (ui) => ui.heatmap,
    `<p class="note">${tx((_, ui) => ui.heatmapNote)} ${esc(edition)}</p><div class="chart wide">${perLanguage((l, ui) => heatmapChart(model, l, render, `${ui.heatmap}: ${title(l)}`))}</div>`,
  );

  // Framework
  const weightRows = model.tree
    .filter((n) => n.parent !== null)
    .map((n) => {
      const cls = n.isIndicator ? "lvl1" : "lvl2";
      const parent = result.framework.nodes.get(n.parent!)!;
      const w = (id: string) =>
        Math.max(0, result.weights[id] ?? result.framework.nodes.get(id)?.weight ?? 0);
      const sum = parent.children.reduce((acc, c) => acc + w(c), 0);
      const shareOf = sum > 0 ? w(n.id) / sum : Number.NaN;
      const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : "–");
      return `<tr class="${cls}"><td>${nodeName(n.id)}</td><td class="mono">${esc(n.id)}</td><td class="n">${pct(shareOf)}</td><td class="n">${pct(model.effective.get(n.id) ?? Number.NaN)}</td></tr>`;
    })
    .join("");
  section(
    "framework",
    (ui) => ui.framework,
    `<p class="note">${tx((_, ui) => ui.frameworkNote)}</p><div class="grid2"><div class="chart">${perLanguage((l, ui) => sunburstChart(model, l, render, `${ui.framework}: ${title(l)}`))}</div>
<div class="scroll"><table><thead><tr><th>${tx((_, ui) => ui.node)}</th><th>id</th><th class="n">${tx((_, ui) => ui.weight)}</th><th class="n">${tx((_, ui) => ui.effectiveWeight)}</th></tr></thead><tbody>${weightRows}</tbody></table></div></div>`,
  );

  // Year over year
  const moves = rankMoves(model);
  let riser: (typeof moves)[number] | undefined;
  if (result.periods.length > 1) {
    const movers = [...moves]
      .filter((m) => m.change !== 0)
      .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || b.change - a.change || a.to - b.to)
      .slice(0, options.movers);
    riser = [...moves].sort((a, b) => b.change - a.change || a.to - b.to)[0];
    if (riser && riser.change <= 0) riser = undefined;
    const p0 = esc(result.periods[model.first]!);
    // Each mover's change of index score and the child that contributed most to it.
    const split = new Map<string, UnitContributions>();
    if (model.first !== model.latest) {
      const from = result.periods[model.first]!;
      for (const r of changeContributions(result, { from, to: edition, nodes: [rootId] }).units) {
        split.set(r.unit, r);
      }
    }
    const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : ""}${formatScore(Math.abs(v))}`;
    const driverCells = (u: number) => {
      const r = split.get(units[u]!);
      const change = r && Number.isFinite(r.change) ? signed(r.change) : "–";
      if (r?.status !== "both" || r.children.length === 0) {
        return `<td class="n">${change}</td><td>–</td>`;
      }
      const top = r.children.reduce((a, b) => (Math.abs(b.contribution) > Math.abs(a.contribution) ? b : a));
      return `<td class="n">${change}</td><td>${nodeName(top.child)} <span class="mono">${signed(top.contribution)}</span></td>`;
    };
    const moverRows = movers
      .map((m) => {
        const cls = m.change > 0 ? "up" : "down";
        const arrow = m.change > 0 ? "▲" : "▼";
        return `<tr><td><a class="unit" href="#profiles" data-profile="p${m.unit}">${unitName(m.unit)}</a></td><td class="n">${formatRank(m.from)}</td><td class="n">${formatRank(m.to)}</td><td class="n ${cls}">${arrow} ${formatRank(Math.abs(m.change))}</td>${driverCells(m.unit)}</tr>`;
      })
      .join("");
    section(
      "trends",
      (ui) => ui.trends,
      `<p class="note">${tx((_, ui) => ui.slopeNote)}</p><div class="grid2"><div class="chart">${perLanguage((l, ui) => slopeChart(model, l, render, `${ui.trends}: ${title(l)}`))}</div>
<div><h3>${tx((_, ui) => ui.movers)}</h3><div class="scroll"><table><thead><tr><th>${tx((_, ui) => ui.unit)}</th><th class="n">${p0}</th><th class="n">${esc(edition)}</th><th class="n">${tx((_, ui) => ui.change)}</th><th class="n">${tx((_, ui) => ui.scoreChange)}</th><th>${tx((_, ui) => ui.driver)}</th></tr></thead><tbody>${moverRows || `<tr><td colspan="6" class="empty">–</td></tr>`}</tbody></table></div><p class="note">${tx((_, ui) => ui.driverNote)}</p></div></div>`,
    );
  }

  // Audit flags
  const analysis = result.analysis;
  let auditBody: string;
  if (!analysis) auditBody = `<p class="note">${tx((_, ui) => ui.noAnalysis)}</p>`;
  else if (analysis.flags.length === 0) auditBody = `<p class="note">${tx((_, ui) => ui.noFlags)}</p>`;
  else {
    const subject = (id: string) => {
      const u = units.indexOf(id);
      if (u >= 0) return unitName(u);
      if (result.framework.nodes.has(id) || result.framework.indicators.has(id)) return nodeName(id);
      return esc(id);
    };
    auditBody = `<p class="note">${esc(analysis.period)} · ${esc(analysis.dataset)}</p><div class="scroll"><table><thead><tr><th>${tx((_, ui) => ui.severity)}</th><th>${tx((_, ui) => ui.check)}</th><th>${tx((_, ui) => ui.subjects)}</th><th>${tx((_, ui) => ui.message)}</th></tr></thead><tbody>${analysis.flags
      .map(
        (f) =>
          `<tr><td class="sev-${f.severity === "warning" ? "warning" : "info"}">${esc(f.severity)}</td><td>${esc(f.check)}<br><code>${esc(f.code)}</code></td><td>${f.subjects.map(subject).join(", ")}</td><td>${esc(f.message)}</td></tr>`,
      )
      .join("")}</tbody></table></div>`;
  }
  section("audit", (ui) => ui.audit, auditBody);

  // Uncertainty
  if (result.uncertainty) {
    const unitLink = (id: string) => {
      const u = units.indexOf(id);
      return u < 0 ? undefined : `<a class="unit" href="#profiles" data-profile="p${u}">${unitName(u)}</a>`;
    };
    section(
      "uncertainty",
      (ui) => ui.uncertainty,
      uncertaintyBody(model, uncertaintyView(result.uncertainty), { tx, nodeName, unitLink }),
    );
  }

  // Method and provenance
  const prov = result.provenance;
  const json = (v: unknown) => (v === undefined ? "" : esc(JSON.stringify(v)));
  const steps = prov.steps
    .map(
      (s) =>
        `<tr><td class="n">${s.index + 1}</td><td>${esc(s.stage)}</td><td><code>${esc(s.method)}</code></td><td>${esc(s.plugin)}</td><td><code>${json(s.options)}</code>${s.scope ? `<br><code>${json(s.scope)}</code>` : ""}</td></tr>`,
    )
    .join("");
  const sources = prov.sources
    .map(
      (s) =>
        `<tr><td>${esc(s.source)}</td><td class="n">${s.observations}</td><td class="n">${s.illustrative}</td><td>${s.licences.map(esc).join(", ")}</td><td class="mono">${s.hashes.map(esc).join("<br>")}</td></tr>`,
    )
    .join("");
  const issues = result.issues.length
    ? `<ul>${result.issues.map((i) => `<li><span class="sev-${i.severity === "warning" ? "warning" : "info"}">${esc(i.severity)}</span> <code>${esc(i.code)}</code> <code>${esc(i.path)}</code> ${esc(i.message)}</li>`).join("")}</ul>`
    : `<p class="note">${tx((_, ui) => ui.noIssues)}</p>`;
  section(
    "method",
    (ui) => ui.method,
    `<h3>${tx((_, ui) => ui.steps)}</h3><div class="scroll"><table><thead><tr><th class="n">#</th><th>${tx((_, ui) => ui.stage)}</th><th>${tx((_, ui) => ui.method)}</th><th>${tx((_, ui) => ui.plugin)}</th><th>${tx((_, ui) => ui.options)}</th></tr></thead><tbody>${steps}</tbody></table></div>
<h3>${tx((_, ui) => ui.provenance)}</h3><dl class="meta">
<dt>${tx((_, ui) => ui.specHash)}</dt><dd class="mono">${esc(prov.specHash)}</dd>
<dt>${tx((_, ui) => ui.dataHash)}</dt><dd class="mono">${esc(prov.dataHash)}</dd>
<dt>${tx((_, ui) => ui.engine)}</dt><dd>${esc(`${prov.engine.name} ${prov.engine.version}`)}</dd>
<dt>${tx((_, ui) => ui.plugins)}</dt><dd>${prov.plugins.map((p) => esc(p.version ? `${p.name} ${p.version}` : p.name)).join(", ")}</dd>
<dt>${tx((_, ui) => ui.ties)}</dt><dd><code>${esc(prov.ranking.ties)}</code></dd>
<dt>${tx((_, ui) => ui.defaults)}</dt><dd><code>${json(prov.defaults)}</code></dd>
</dl>
<h3>${tx((_, ui) => ui.sources)}</h3><div class="scroll"><table><thead><tr><th>${tx((_, ui) => ui.source)}</th><th class="n">${tx((_, ui) => ui.observations)}</th><th class="n">${tx((_, ui) => ui.illustrative)}</th><th>${tx((_, ui) => ui.licences)}</th><th>${tx((_, ui) => ui.hashes)}</th></tr></thead><tbody>${sources}</tbody></table></div>
<details><summary>${tx((_, ui) => ui.issues)} (${result.issues.length})</summary>${issues}</details>`,
  );

  // Header, notice and key figures
  const notices = spec.notice === undefined ? "" : `<p>${tx((l) => specText(spec.notice, l, ""))}</p>`;
  const illustrative = prov.sources.reduce((s, x) => s + x.illustrative, 0);
  const observed = prov.sources.reduce((s, x) => s + x.observations, 0);
  const illustrativeLine =
    illustrative > 0 ? `<p>${illustrative} / ${observed} ${tx((_, ui) => ui.illustrativeCount)}</p>` : "";
  const banner =
    notices || illustrativeLine
      ? `<div class="notice" role="note"><strong>${tx((_, ui) => ui.notice)}</strong>${notices}${illustrativeLine}</div>`
      : "";
  const leader = model.order[0];
  const leaderScore = leader === undefined ? Number.NaN : model.score(rootId, leader, model.latest);
  const kpi = (k: string, v: string, s = "") =>
    `<div class="kpi"><div class="k">${k}</div><div class="v">${v}</div>${s ? `<div class="s">${s}</div>` : ""}</div>`;
  const kpis = [
    leader !== undefined && Number.isFinite(leaderScore)
      ? kpi(
          tx((_, ui) => ui.leader),
          unitName(leader),
          `${tx((_, ui) => ui.score)} ${formatScore(leaderScore)}`,
        )
      : "",
    riser
      ? kpi(
          tx((_, ui) => ui.biggestRiser),
          unitName(riser.unit),
          `${formatRank(riser.from)} → ${formatRank(riser.to)} (${esc(result.periods[model.first]!)}–${esc(edition)})`,
        )
      : "",
    kpi(
      tx((_, ui) => ui.units),
      String(units.length),
    ),
    kpi(
      tx((_, ui) => ui.dimensions),
      String(dims.length),
    ),
    kpi(
      tx((_, ui) => ui.indicators),
      String(model.indicators.length),
    ),
    kpi(
      tx((_, ui) => ui.periods),
      esc(result.periods.length > 1 ? `${result.periods[0]}–${edition}` : edition),
    ),
  ].join("");
  const switcher =
    languages.length > 1
      ? `<div class="langs" role="group" aria-label="Language / 语言">${languages
          .map(
            (l, i) =>
              `<button type="button" data-set-lang="${l}" lang="${l}" aria-pressed="${i === 0}">${esc(uiStrings(l).languageName === "English" && !l.startsWith("en") ? l : uiStrings(l).languageName)}</button>`,
          )
          .join("")}</div>`
      : "";
  const toc = nav.map(([id, h]) => `<a href="#${id}">${tx((_, ui) => h(ui))}</a>`).join("");

  const dataJson = scriptJson(reportData(model, title));
  const hash = createHash("sha256").update(REPORT_SCRIPT, "utf8").digest("base64");
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
  const engine = `${prov.engine.name} ${prov.engine.version}`;

  return `<!doctype html>
<html lang="${first}" data-lang="${first}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="${esc(engine)}">
<title>${esc(`${title(first)} ${edition}`.trim())}</title>
<style>${styleSheet(languages)}</style>
</head>
<body>
<header class="hero"><div class="hero-in">
<div class="top"><div><h1>${tx((l) => title(l))}</h1><p class="sub">${tx((_, ui) => ui.edition)} ${esc(edition)}</p></div>${switcher}</div>
<nav class="toc">${toc}</nav>
</div></header>
<main class="wrap">
${banner}
<div class="kpis">${kpis}</div>
${sections.join("\n")}
</main>
<footer>${tx((_, ui) => ui.generatedBy)} ${esc(engine)} · ${esc(options.file)} · ${esc(edition)}</footer>
<script type="application/json" id="cityindex-data">${dataJson}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The machine-readable copy of the ranking embedded in the page (`#cityindex-data`): the titles by language,
 * the periods and edition, and every unit's labels, index and dimension scores and ranks in the edition.
 */
export function reportData(model: ReportModel, title: (language: string) => string): unknown {
  const { result, latest, root } = model;
  const num = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    id: result.spec.id,
    titles: Object.fromEntries(
      model.languages.map((l) => [l, `${title(l)} ${result.periods[latest] ?? ""}`.trim()]),
    ),
    periods: result.periods,
    edition: result.periods[latest] ?? null,
    units: model.order.map((u) => {
      const id = result.units[u]!;
      return {
        id,
        labels: result.framework.units.get(id)?.labels ?? {},
        score: num(model.score(root.id, u, latest)),
        rank: num(model.rank(root.id, u, latest)),
        dimensions: Object.fromEntries(
          model.dimensions.map((d) => [
            d.id,
            { score: num(model.score(d.id, u, latest)), rank: num(model.rank(d.id, u, latest)) },
          ]),
        ),
      };
    }),
  };
}
