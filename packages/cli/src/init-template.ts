/** The files `cityindex init` writes, besides the schema (which is generated). */

const CITIES = [
  { id: "chengdu", en: "Chengdu", zh: "成都", tier: "new first-tier" },
  { id: "hangzhou", en: "Hangzhou", zh: "杭州", tier: "new first-tier" },
  { id: "xian", en: "Xi'an", zh: "西安", tier: "new first-tier" },
  { id: "kunming", en: "Kunming", zh: "昆明", tier: "second-tier" },
  { id: "xiamen", en: "Xiamen", zh: "厦门", tier: "second-tier" },
] as const;

/** The starter spec: 5 cities, 2 dimensions of 2 indicators, 2 years, read from `data.csv`. */
export function starterSpec(schemaFile: string): Record<string, unknown> {
  return {
    $schema: `./${schemaFile}`,
    id: "city-influence",
    title: { en: "City International Influence (starter)", zh: "城市国际影响力（示例）" },
    description:
      "A starter index: two dimensions of two indicators each. Replace the data and grow the framework.",
    notice: "The values in data.csv are illustrative, not measured.",
    units: CITIES.map((c) => ({ id: c.id, labels: { en: c.en, zh: c.zh }, meta: { tier: c.tier } })),
    indicators: [
      {
        id: "sister_cities",
        labels: { en: "Sister cities", zh: "国际友好城市" },
        unit: "count",
        direction: 1,
      },
      {
        id: "intl_routes",
        labels: { en: "International flight routes", zh: "国际航线" },
        unit: "routes",
        direction: 1,
      },
      {
        id: "media_mentions",
        labels: { en: "Mentions in overseas media", zh: "海外媒体报道" },
        unit: "articles per year",
        direction: 1,
      },
      {
        id: "negative_tone",
        labels: { en: "Share of overseas articles with a negative tone", zh: "海外负面报道占比" },
        unit: "% of articles",
        direction: -1,
      },
    ],
    framework: {
      id: "index",
      labels: { en: "City International Influence", zh: "城市国际影响力" },
      children: [
        {
          id: "exchange",
          labels: { en: "Overseas exchange", zh: "对外交往" },
          weight: 1,
          children: [{ id: "sister_cities" }, { id: "intl_routes" }],
        },
        {
          id: "attention",
          labels: { en: "Overseas attention", zh: "海外关注" },
          weight: 1,
          children: [{ id: "media_mentions" }, { id: "negative_tone" }],
        },
      ],
    },
    sources: [
      {
        id: "data",
        source: "csv",
        options: {
          path: "data.csv",
          layout: "wide",
          unitColumn: "city",
          periodColumn: "year",
          ignore: ["name"],
          illustrative: true,
        },
      },
    ],
    pipeline: [
      { step: "normalise", method: "min-max", options: { range: [0, 100] } },
      { step: "aggregate", method: "arithmetic" },
    ],
    plugins: ["@cityindex/source-csv"],
  };
}

/** Illustrative values, one row per city and year. */
export const STARTER_DATA = `city,name,year,sister_cities,intl_routes,media_mentions,negative_tone
chengdu,Chengdu,2023,38,131,5120,18.5
hangzhou,Hangzhou,2023,31,62,4480,14.2
xian,Xi'an,2023,40,89,3950,16.8
kunming,Kunming,2023,19,84,1630,12.9
xiamen,Xiamen,2023,22,55,1410,11.3
chengdu,Chengdu,2024,39,140,5630,17.9
hangzhou,Hangzhou,2024,32,70,5010,13.6
xian,Xi'an,2024,41,95,4200,16.1
kunming,Kunming,2024,20,91,1820,12.4
xiamen,Xiamen,2024,23,58,1550,10.8
`;

/** The project's README: what each file is and what to edit. */
export function starterReadme(schemaFile: string): string {
  return `# City International Influence (starter)

A composite index project made by \`cityindex init\`. Build it with:

\`\`\`sh
npx cityindex build index.json
\`\`\`

The results are written to \`output/\`: \`results.csv\` (one row per city, year and framework node, with score
and rank), \`results.json\` (everything, with the audit trail and provenance) and \`NOTICE.txt\`.

## Files

- \`index.json\`: the spec. Edit it to define your index:
  - \`units\`: the cities (ids, names in several languages, metadata such as \`tier\`).
  - \`indicators\`: what is measured; \`direction\` is \`-1\` where less is better.
  - \`framework\`: the tree from indicators to the index, with \`weight\` on any node.
  - \`sources\`: where the data come from (here \`data.csv\`, read by \`@cityindex/source-csv\`).
  - \`pipeline\`: the steps from data to scores (normalise, then aggregate; add \`impute\`, \`treat\`,
    \`weight\` steps as needed).
  - \`notice\`: remove it once the data are real.
- \`data.csv\`: the data, one row per city and year, one column per indicator. Replace the illustrative values
  with your own; leave a cell empty (or \`NA\`) where a value is missing.
- \`${schemaFile}\`: the JSON Schema of the spec, so editors autocomplete and check \`index.json\`. Do not edit it;
  \`cityindex init --force\` rewrites it.

Check the spec after editing with \`npx cityindex validate index.json\`: it lists every problem at once.
`;
}
