import { buildIndex, InputError, type Observation, type Spec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { geojsonExporter, indexFeatures } from "../src/index.js";

const spec: Spec = {
  id: "map",
  units: [
    { id: "chengdu", labels: { en: "Chengdu", zh: "成都" }, meta: { lat: 30.66, lng: 104.07 } },
    { id: "wuhan", labels: { en: "Wuhan", zh: "武汉" }, meta: { lat: 30.59, lng: 114.31 } },
    { id: "nowhere", labels: { en: "Nowhere" } },
  ],
  indicators: [{ id: "flights" }, { id: "news" }],
  framework: {
    id: "index",
    children: [
      { id: "links", children: [{ id: "flights" }] },
      { id: "media", children: [{ id: "news" }] },
    ],
  },
  pipeline: [
    { step: "normalise", method: "min-max" },
    { step: "aggregate", method: "arithmetic" },
  ],
};

const data: Observation[] = ["2024", "2025"].flatMap((period, p) => [
  { unit: "chengdu", indicator: "flights", period, value: 10 + p },
  { unit: "wuhan", indicator: "flights", period, value: 5 },
  { unit: "nowhere", indicator: "flights", period, value: 1 },
  { unit: "chengdu", indicator: "news", period, value: 2 },
  { unit: "wuhan", indicator: "news", period, value: 8 },
  { unit: "nowhere", indicator: "news", period, value: 4 },
]);

const options = { file: "index.geojson", latitude: "lat", longitude: "lng" };

describe("geojson exporter", () => {
  it("writes one point per unit with coordinates, scores and ranks of the index and its children", async () => {
    const { result } = await buildIndex(spec, data);
    const logged: string[] = [];
    const files = await geojsonExporter.export(result!, options, {
      logger: { debug() {}, info() {}, warn: (m) => logged.push(m) },
      progress() {},
    });
    expect(files.map((f) => [f.path, f.mediaType])).toEqual([["index.geojson", "application/geo+json"]]);
    const collection = JSON.parse(files[0]!.contents as string);
    expect(collection.type).toBe("FeatureCollection");
    expect(collection.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual([
      "chengdu",
      "wuhan",
    ]);
    const chengdu = collection.features[0];
    expect(chengdu.geometry).toEqual({ type: "Point", coordinates: [104.07, 30.66] });
    // 2025, the latest period: chengdu has the most flights (links 100) and the least news (media 0)
    expect(chengdu.properties).toMatchObject({
      period: "2025",
      name_en: "Chengdu",
      name_zh: "成都",
      links_score: 100,
      media_score: 0,
      index_score: 50,
    });
    expect(logged).toEqual(["1 unit(s) have no coordinates and are not on the map"]);
  });

  it("maps another period on request and refuses one the result does not have", async () => {
    const { result } = await buildIndex(spec, data);
    expect(indexFeatures(result!, { ...options, period: "2024" })[0]!.properties.period).toBe("2024");
    expect(() => indexFeatures(result!, { ...options, period: "1999" })).toThrow(InputError);
  });
});
