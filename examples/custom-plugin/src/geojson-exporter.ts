import { defineExporter, type IndexResult, InputError, type OutputFile } from "@cityindex/core";

/** Options of {@link geojsonExporter}. */
export type GeoJsonOptions = {
  /** The file's path in the output folder. Default `index.geojson`. */
  file: string;
  /** The period to map; default the latest. */
  period?: string;
  /** Unit metadata columns holding latitude and longitude. Default `lat` and `lng`. */
  latitude: string;
  longitude: string;
};

/** A GeoJSON point feature of one unit. */
export interface UnitFeature {
  type: "Feature";
  geometry: { type: "Point"; coordinates: [number, number] };
  properties: Record<string, string | number | null>;
}

/**
 * The index as a GeoJSON map layer: one point per unit that has coordinates in its metadata, with its labels
 * and the score and rank of the index and of each of the index's children in one period. Map tools (QGIS,
 * Leaflet, Mapbox, ECharts) read it as it is. Units without coordinates are left out and logged.
 */
export function indexFeatures(result: IndexResult, options: GeoJsonOptions): UnitFeature[] {
  const period = options.period ?? result.periods[result.periods.length - 1]!;
  const p = result.periods.indexOf(period);
  if (p < 0) {
    throw new InputError(
      "unknown-period",
      `geojson: no period \`${period}\` in the result, which has ${result.periods.map((x) => `\`${x}\``).join(", ")}`,
    );
  }
  const root = result.framework.root;
  const nodes = [root.id, ...root.children];
  const features: UnitFeature[] = [];
  result.units.forEach((unit, u) => {
    const spec = result.framework.units.get(unit);
    const lat = spec?.meta?.[options.latitude];
    const lng = spec?.meta?.[options.longitude];
    if (typeof lat !== "number" || typeof lng !== "number") return;
    const properties: UnitFeature["properties"] = { id: unit, period };
    for (const [language, text] of Object.entries(spec?.labels ?? {})) properties[`name_${language}`] = text;
    for (const node of nodes) {
      const score = result.scores.slice(node, p)[u]!;
      const rank = result.ranks.slice(node, p)[u]!;
      properties[`${node}_score`] = Number.isNaN(score) ? null : score;
      properties[`${node}_rank`] = Number.isNaN(rank) ? null : rank;
    }
    features.push({ type: "Feature", geometry: { type: "Point", coordinates: [lng, lat] }, properties });
  });
  return features;
}

/** The `geojson` exporter: writes {@link indexFeatures} as a FeatureCollection. */
export const geojsonExporter = defineExporter<GeoJsonOptions>({
  id: "geojson",
  label: "GeoJSON map layer",
  description:
    "Writes one GeoJSON point per unit with coordinates, with the index's and dimensions' scores and ranks",
  options: {
    type: "object",
    properties: {
      file: {
        type: "string",
        pattern: "^[A-Za-z0-9_.-]+\\.geojson$",
        default: "index.geojson",
        description: "The file's name in the output folder",
      },
      period: { type: "string", description: "The period to map; default the latest" },
      latitude: { type: "string", default: "lat", description: "Unit metadata column of the latitude" },
      longitude: { type: "string", default: "lng", description: "Unit metadata column of the longitude" },
    },
    additionalProperties: false,
  },
  async export(result, options, ctx): Promise<OutputFile[]> {
    const features = indexFeatures(result, options);
    const missing = result.units.length - features.length;
    if (missing > 0) ctx.logger.warn(`${missing} unit(s) have no coordinates and are not on the map`);
    const collection = { type: "FeatureCollection", features };
    return [
      {
        path: options.file,
        contents: `${JSON.stringify(collection, null, 2)}\n`,
        mediaType: "application/geo+json",
      },
    ];
  },
});
