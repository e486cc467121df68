import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DefaultTheme, defineConfig } from "vitepress";

const DOCS = join(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = join(DOCS, "..");
const REPO = "https://github.com/cityindex/cityindex";

/** The methods reference sidebar, read from the generated index page (one group per pipeline stage). */
function methodsSidebar(): DefaultTheme.SidebarItem[] {
  const file = join(DOCS, "methods", "README.md");
  if (!existsSync(file)) return [];
  const groups: DefaultTheme.SidebarItem[] = [{ text: "All methods", link: "/methods/" }];
  let group: DefaultTheme.SidebarItem | undefined;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const heading = /^## (.+)$/.exec(line);
    if (heading) {
      group = { text: heading[1], collapsed: true, items: [] };
      groups.push(group);
      continue;
    }
    const row = /^\| \[`([^`]+)`\]\(([^)]+)\.md\)/.exec(line);
    if (row && group) group.items!.push({ text: row[1]!, link: `/methods/${row[2]}` });
  }
  return groups;
}

/** The API reference sidebar: one page per package, as typedoc wrote them. */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  const dir = join(DOCS, "api");
  if (!existsSync(dir)) return [];
  const packages = readdirSync(dir)
    .filter((name) => name.endsWith(".md") && name !== "index.md")
    .map((name) => name.slice(0, -3))
    .sort();
  return [
    {
      text: "API reference",
      items: [
        { text: "Packages", link: "/api/" },
        ...packages.map((name) => ({ text: `@cityindex/${name}`, link: `/api/${name}` })),
      ],
    },
  ];
}

const guideSidebar: DefaultTheme.SidebarItem[] = [
  {
    text: "Start",
    items: [
      { text: "Getting started", link: "/guide/getting-started" },
      { text: "Try it in the browser", link: "/playground" },
    ],
  },
  {
    text: "Concepts",
    items: [
      { text: "Units, indicators, framework", link: "/concepts/model" },
      { text: "The pipeline", link: "/concepts/pipeline" },
      { text: "Results, audit trail, provenance", link: "/concepts/results" },
    ],
  },
  {
    text: "Guides",
    items: [
      { text: "The flagship index, end to end", link: "/guides/flagship" },
      { text: "Choosing methods", link: "/guides/choosing-methods" },
      { text: "Running the audit", link: "/guides/audit" },
      { text: "Uncertainty and sensitivity", link: "/guides/uncertainty" },
      { text: "Tracking over years", link: "/guides/tracking" },
      { text: "Migrating from COINr", link: "/guides/coinr" },
      { text: "Writing a plugin", link: "/guides/plugins" },
    ],
  },
];

const referenceSidebar: DefaultTheme.SidebarItem[] = [
  {
    text: "Reference",
    items: [
      { text: "Spec", link: "/reference/spec" },
      { text: "Command line", link: "/reference/cli" },
      { text: "Methods", link: "/methods/" },
      { text: "API", link: "/api/" },
    ],
  },
];

const zhSidebar: DefaultTheme.SidebarItem[] = [
  {
    text: "入门",
    items: [
      { text: "快速上手", link: "/zh/guide/getting-started" },
      { text: "在线试用（英文）", link: "/playground" },
    ],
  },
  {
    text: "概念",
    items: [
      { text: "评价对象、指标与指标体系", link: "/zh/concepts/model" },
      { text: "计算流程", link: "/zh/concepts/pipeline" },
      { text: "结果、审计记录与来源信息", link: "/zh/concepts/results" },
    ],
  },
  {
    text: "指南",
    items: [
      { text: "旗舰示例：中国城市海外影响力指数", link: "/zh/guides/flagship" },
      { text: "选择标准化、赋权与合成方法", link: "/zh/guides/choosing-methods" },
      { text: "运行统计审计", link: "/zh/guides/audit" },
      { text: "不确定性与敏感性分析", link: "/zh/guides/uncertainty" },
      { text: "跨年追踪", link: "/zh/guides/tracking" },
      { text: "从 COINr 迁移", link: "/zh/guides/coinr" },
      { text: "编写插件", link: "/zh/guides/plugins" },
    ],
  },
  {
    text: "参考（英文）",
    items: [
      { text: "规格", link: "/reference/spec" },
      { text: "命令行", link: "/reference/cli" },
      { text: "方法", link: "/methods/" },
      { text: "API", link: "/api/" },
    ],
  },
];

export default defineConfig({
  title: "cityindex",
  description: "An open TypeScript engine for composite indices",
  base: "/",
  cleanUrls: true,
  // docs/README.md is about this folder, for the people who work on it; it is not a page of the site.
  srcExclude: ["README.md"],
  rewrites: { "methods/README.md": "methods/index.md" },
  sitemap: { hostname: "https://cityindex.dev" },
  head: [["meta", { name: "theme-color", content: "#2f6f9f" }]],
  vite: {
    // The interactive page bundles the flagship example, which lives outside this folder.
    server: { fs: { allow: [ROOT] } },
    // The largest chunk is the local search index (about 2 MB, mostly the API reference), which is loaded only
    // when the search box opens.
    build: { chunkSizeWarningLimit: 3000 },
  },
  locales: {
    root: {
      label: "English",
      lang: "en",
      themeConfig: {
        nav: [
          { text: "Guide", link: "/guide/getting-started", activeMatch: "^/(guide|guides|concepts)/" },
          { text: "Playground", link: "/playground" },
          {
            text: "Reference",
            activeMatch: "^/(reference|methods|api)/",
            items: [
              { text: "Spec", link: "/reference/spec" },
              { text: "Command line", link: "/reference/cli" },
              { text: "Methods", link: "/methods/" },
              { text: "API", link: "/api/" },
            ],
          },
        ],
        sidebar: {
          "/guide/": guideSidebar,
          "/guides/": guideSidebar,
          "/concepts/": guideSidebar,
          "/playground": guideSidebar,
          "/reference/": referenceSidebar,
          "/methods/": methodsSidebar(),
          "/api/": apiSidebar(),
        },
      },
    },
    zh: {
      label: "中文",
      lang: "zh-CN",
      link: "/zh/",
      title: "cityindex",
      description: "开源的 TypeScript 综合指数引擎",
      themeConfig: {
        nav: [
          { text: "快速上手", link: "/zh/guide/getting-started" },
          { text: "旗舰示例", link: "/zh/guides/flagship" },
          { text: "在线试用", link: "/playground" },
          { text: "参考（英文）", link: "/reference/spec" },
        ],
        sidebar: { "/zh/": zhSidebar },
        outline: { label: "本页目录" },
        docFooter: { prev: "上一页", next: "下一页" },
        darkModeSwitchLabel: "外观",
        sidebarMenuLabel: "菜单",
        returnToTopLabel: "回到顶部",
        langMenuLabel: "语言",
      },
    },
  },
  themeConfig: {
    // The language switch goes to the other language's home page: not every page is translated.
    i18nRouting: false,
    socialLinks: [{ icon: "github", link: REPO }],
    outline: { level: [2, 3] },
    search: {
      provider: "local",
      options: {
        locales: {
          zh: { translations: { button: { buttonText: "搜索", buttonAriaLabel: "搜索" } } },
        },
      },
    },
    footer: { message: "MIT licence" },
  },
});
