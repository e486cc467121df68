/**
 * The report's style sheet, with one rule per language that hides the other languages' texts
 * (`[data-l]` elements) while `html[data-lang]` names it.
 */
export function styleSheet(languages: readonly string[]): string {
  const hide = languages
    .map((l) => `html[data-lang="${l}"] [data-l]:not([data-l="${l}"]){display:none!important}`)
    .join("\n");
  return `${hide}
:root{--ink:#1e293b;--muted:#64748b;--line:#e2e8f0;--bg:#f1f5f9;--card:#fff;--accent:#c2410c;--blue:#08519c;--up:#15803d;--down:#b91c1c}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
.hero{background:linear-gradient(135deg,#08306b 0%,#08519c 55%,#2171b5 100%);color:#fff;padding:28px 24px 18px}
.hero-in,.wrap{max-width:1180px;margin:0 auto}
.hero h1{margin:0 0 6px;font-size:30px;line-height:1.2;letter-spacing:.01em}
.hero .sub{opacity:.85;margin:0}
.top{display:flex;justify-content:space-between;align-items:flex-start;gap:16px;flex-wrap:wrap}
.langs{display:flex;gap:4px;background:rgba(255,255,255,.15);border-radius:999px;padding:3px}
.langs button{border:0;background:transparent;color:#fff;padding:5px 14px;border-radius:999px;cursor:pointer;font:inherit;font-size:14px}
.langs button[aria-pressed="true"]{background:#fff;color:#08306b;font-weight:600}
nav.toc{display:flex;gap:6px 18px;flex-wrap:wrap;margin-top:16px;font-size:14px}
nav.toc a{color:#dbeafe;text-decoration:none;border-bottom:1px solid transparent}
nav.toc a:hover{border-color:#dbeafe}
.notice{background:#fff7ed;border:1px solid #fdba74;border-left:6px solid var(--accent);color:#7c2d12;padding:12px 16px;border-radius:8px;margin:18px 0 0}
.notice p{margin:2px 0}
.wrap{padding:0 24px 40px}
section{background:var(--card);border-radius:12px;box-shadow:0 1px 3px rgba(15,23,42,.08);padding:20px 22px;margin-top:20px}
section>h2{margin:0 0 4px;font-size:21px}
.note{color:var(--muted);margin:0 0 12px;font-size:14px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin-top:18px}
.kpi{background:var(--card);border-radius:12px;padding:14px 16px;box-shadow:0 1px 3px rgba(15,23,42,.08)}
.kpi .k{color:var(--muted);font-size:13px}
.kpi .v{font-size:24px;font-weight:700;line-height:1.25;overflow-wrap:anywhere}
.kpi .s{color:var(--muted);font-size:13px}
.chart{overflow-x:auto;text-align:center}
.chart svg{max-width:100%;height:auto}
.chart.wide svg{max-width:none}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:20px}
@media (max-width:860px){.grid2{grid-template-columns:1fr}}
.tools{display:flex;gap:10px;align-items:center;margin:12px 0}
.tools input{flex:0 1 320px;padding:8px 12px;border:1px solid #cbd5e1;border-radius:8px;font:inherit}
.tools select{padding:7px 10px;border:1px solid #cbd5e1;border-radius:8px;font:inherit;max-width:100%}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:6px 9px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
thead th{background:#f8fafc;position:sticky;top:0;font-weight:600;white-space:nowrap}
th[data-col]{cursor:pointer;user-select:none}
th[data-col]:hover{background:#eef2ff}
th[aria-sort="ascending"]::after{content:" \\25B2";font-size:10px}
th[aria-sort="descending"]::after{content:" \\25BC";font-size:10px}
th .sub{display:block;font-weight:400;color:var(--muted);font-size:12px}
tbody tr:hover{background:#f8fafc}
.rk{display:inline-block;white-space:nowrap;min-width:2em;text-align:center;border-radius:6px;background:#e0ecf8;color:var(--blue);font-weight:600;padding:0 4px}
.rk.top{background:var(--blue);color:#fff}
a.unit{color:var(--ink);text-decoration:none;border-bottom:1px dotted var(--muted)}
a.unit:hover{color:var(--blue)}
.bar{display:inline-block;height:6px;background:#9ecae1;border-radius:3px;vertical-align:middle;margin-left:6px}
.empty{color:var(--muted);font-style:italic}
.profile h3{margin:4px 0 2px;font-size:22px}
.profile .badge{display:inline-block;background:var(--blue);color:#fff;border-radius:8px;padding:2px 10px;font-weight:700;margin-right:8px}
.sw{display:grid;grid-template-columns:1fr 1fr;gap:14px;margin-top:10px}
.sw h4{margin:0 0 4px}
.sw ol{margin:0;padding-left:20px}
.sw .good h4{color:var(--up)}
.sw .bad h4{color:var(--down)}
.lvl1 td:first-child{padding-left:30px;color:#334155}
.lvl2 td:first-child{font-weight:600}
.root td{font-weight:700;background:#f8fafc}
.up{color:var(--up);font-weight:600}
.down{color:var(--down);font-weight:600}
.sev-warning{color:var(--down);font-weight:600}
.sev-info{color:var(--blue)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;word-break:break-all}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
.ua-bar{position:relative;display:block;min-width:140px;height:14px;margin-top:3px;background:linear-gradient(#cbd5e1,#cbd5e1) center/100% 1px no-repeat}
.ua-bar .r{position:absolute;top:3px;height:8px;min-width:2px;background:#9ecae1;border-radius:4px}
.ua-bar .m{position:absolute;top:0;width:2px;height:14px;margin-left:-1px;background:var(--blue)}
.ua-bar .o{position:absolute;top:4px;width:6px;height:6px;margin-left:-3px;border-radius:50%;background:var(--accent)}
.ua-bar,.ua-bar span{-webkit-print-color-adjust:exact;print-color-adjust:exact}
details{margin-top:10px}
summary{cursor:pointer;font-weight:600}
footer{color:var(--muted);text-align:center;font-size:13px;padding:24px}
@media print{.hero{background:#08306b!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}.tools,.langs{display:none}section{box-shadow:none;break-inside:avoid}}`;
}
