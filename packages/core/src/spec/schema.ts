import type { JsonSchema } from "../methods.js";
import type { Registry } from "../registry.js";
import { STAGES } from "./types.js";

/** Pattern of indicator and framework node ids: usable as formula symbols. */
export const NODE_ID_PATTERN = "^[A-Za-z][A-Za-z0-9_]*$";
/** Pattern of unit ids: no control characters and no `/` (ids appear in data paths). */
export const UNIT_ID_PATTERN = "^[^\\u0000-\\u001f/]+$";
/** Pattern of spec ids. */
export const SPEC_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]*$";
/** Pattern of language tags in labels: `en`, `zh`, `zh-Hant`. */
export const LANGUAGE_TAG_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$";
/** Pattern of plugin package names. */
export const PACKAGE_NAME_PATTERN = "^(@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*$";

const labels: JsonSchema = {
  type: "object",
  description: 'Text in several languages, keyed by language tag: { "en": "Chengdu", "zh": "成都" }',
  additionalProperties: { type: "string" },
  propertyNames: { pattern: LANGUAGE_TAG_PATTERN },
};

const text: JsonSchema = { anyOf: [{ type: "string" }, { $ref: "#/definitions/labels" }] };

function closed(schema: JsonSchema): JsonSchema {
  return schema.type === "object" && !("additionalProperties" in schema)
    ? { ...schema, additionalProperties: false }
    : schema;
}

/**
 * The JSON Schema of a spec (draft-07), generated from the methods, sources and exporters registered in
 * `registry`, so a plugin's options are validated and autocompleted like the built-ins'. Publish it next to
 * your spec and point `"$schema"` at it.
 */
export function specSchema(registry: Registry): JsonSchema {
  const stepRules: JsonSchema[] = [];
  for (const stage of STAGES) {
    const ids = registry.methods(stage).map((m) => m.definition.id);
    if (ids.length > 0) {
      stepRules.push({
        if: { properties: { step: { const: stage } }, required: ["step"] },
        then: { properties: { method: { enum: ids } } },
      });
    }
  }
  for (const { definition: m } of registry.methods()) {
    stepRules.push({
      if: { properties: { step: { const: m.stage }, method: { const: m.id } }, required: ["step", "method"] },
      then: {
        properties: { options: { ...closed(m.options), description: `Options of ${m.stage} ${m.id}` } },
        // A method with required options needs an `options` object, or its `required` would never be checked.
        ...(needsOptions(m.options) ? { required: ["options"] } : {}),
      },
    });
  }
  const sourceRules = registry.sources().map(({ definition: s }) => ({
    if: { properties: { source: { const: s.id } }, required: ["source"] },
    then: {
      properties: { options: closed(s.options) },
      ...(needsOptions(s.options) ? { required: ["options"] } : {}),
    },
  }));
  const exportRules = registry.exporters().map(({ definition: e }) => ({
    if: { properties: { exporter: { const: e.id } }, required: ["exporter"] },
    then: {
      properties: { options: closed(e.options) },
      ...(needsOptions(e.options) ? { required: ["options"] } : {}),
    },
  }));
  const sourceIds = registry.sources().map((s) => s.definition.id);
  const exporterIds = registry.exporters().map((e) => e.definition.id);

  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://cityindex.dev/schema/spec.json",
    title: "cityindex spec",
    description:
      "The definition of a composite index: units, indicators, framework, sources, pipeline, exports",
    type: "object",
    required: ["id", "units", "indicators", "framework", "pipeline"],
    additionalProperties: false,
    properties: {
      $schema: { type: "string", description: "Path or URL of this schema, for editors" },
      id: { type: "string", pattern: SPEC_ID_PATTERN, maxLength: 100, description: "Id of the index" },
      title: { ...text, description: "Title of the index" },
      description: { ...text, description: "What the index measures" },
      notice: { ...text, description: "A notice shown in every output, e.g. that data are illustrative" },
      units: {
        type: "array",
        minItems: 1,
        description: "The entities ranked (cities)",
        items: { $ref: "#/definitions/unit" },
      },
      indicators: {
        type: "array",
        minItems: 1,
        description: "Indicators, including auxiliary ones used only as denominators or formula inputs",
        items: { $ref: "#/definitions/indicator" },
      },
      framework: {
        description:
          "The tree from indicators to the index: a nested root node, or a flat list of { id, parent }",
        if: { type: "array" },
        then: { type: "array", minItems: 1, items: { $ref: "#/definitions/flatNode" } },
        else: { $ref: "#/definitions/node" },
      },
      sources: {
        type: "array",
        description: "Where the data come from",
        items: { $ref: "#/definitions/source" },
      },
      pipeline: {
        type: "array",
        minItems: 1,
        description: "Ordered steps from data to scores",
        items: { $ref: "#/definitions/step" },
      },
      exports: {
        type: "array",
        description: "Outputs written after a build",
        items: { $ref: "#/definitions/export" },
      },
      plugins: {
        type: "array",
        description: "Plugin package names to load",
        items: { type: "string", pattern: PACKAGE_NAME_PATTERN },
        uniqueItems: true,
      },
      ranking: {
        type: "object",
        description: "Ranking options",
        additionalProperties: false,
        properties: {
          ties: {
            enum: ["min", "max", "average", "dense", "first"],
            default: "min",
            description: "How tied scores are ranked; min is the sports convention (1, 2, 2, 4)",
          },
        },
      },
      tracking: {
        type: "object",
        description:
          "The edition's period, the periods it is compared with, and earlier editions as published",
        additionalProperties: false,
        properties: {
          edition: {
            type: "string",
            minLength: 1,
            maxLength: 100,
            description:
              "The period this edition publishes (default: the latest in the data); later periods are left out",
          },
          compare: {
            type: "array",
            items: { type: "string", minLength: 1, maxLength: 100 },
            uniqueItems: true,
            description: "Periods compared with the edition (default: the period before it)",
          },
          published: {
            type: "array",
            items: { type: "string", minLength: 1, maxLength: 1000 },
            uniqueItems: true,
            description: "results.json files of earlier editions as published, relative to the spec",
          },
        },
      },
    },
    definitions: {
      labels,
      unit: {
        type: "object",
        required: ["id"],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: UNIT_ID_PATTERN, maxLength: 200, description: "Unique unit id" },
          labels: { $ref: "#/definitions/labels" },
          meta: {
            type: "object",
            description: "Metadata columns: groups and denominators",
            propertyNames: { pattern: NODE_ID_PATTERN },
            additionalProperties: { type: ["string", "number", "boolean", "null"] },
          },
        },
      },
      indicator: {
        type: "object",
        required: ["id"],
        additionalProperties: false,
        properties: {
          id: {
            type: "string",
            pattern: NODE_ID_PATTERN,
            maxLength: 100,
            description: "Unique indicator id",
          },
          labels: { $ref: "#/definitions/labels" },
          description: { type: "string" },
          direction: { enum: [1, -1], default: 1, description: "1 if more is better, -1 if less is better" },
          unit: { type: "string", description: "Unit of measure" },
          source: { type: "string", description: "Where the values come from" },
          weight: { type: "number", minimum: 0, description: "Weight within the parent node" },
          formula: {
            type: "string",
            minLength: 1,
            maxLength: 1000,
            description: "Formula over other indicators",
          },
          denominator: {
            type: "string",
            pattern: NODE_ID_PATTERN,
            description: "An indicator id or a numeric unit metadata column to divide by",
          },
          goalposts: {
            type: "array",
            items: { type: "number" },
            minItems: 2,
            maxItems: 2,
            description: "Fixed [lower, upper] bounds",
          },
          target: { type: "number", description: "Target value" },
        },
      },
      node: {
        type: "object",
        required: ["id"],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: NODE_ID_PATTERN, maxLength: 100 },
          labels: { $ref: "#/definitions/labels" },
          weight: { type: "number", minimum: 0, description: "Weight of the edge to the parent" },
          children: { type: "array", items: { $ref: "#/definitions/node" } },
        },
      },
      flatNode: {
        type: "object",
        required: ["id", "parent"],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: NODE_ID_PATTERN, maxLength: 100 },
          parent: { type: ["string", "null"], description: "Parent id, null for the root" },
          labels: { $ref: "#/definitions/labels" },
          weight: { type: "number", minimum: 0, description: "Weight of the edge to the parent" },
        },
      },
      scope: {
        type: "object",
        additionalProperties: false,
        description: "Restricts a step; fields combine as and",
        properties: {
          indicators: { type: "array", items: { type: "string" }, minItems: 1 },
          nodes: { type: "array", items: { type: "string" }, minItems: 1 },
          levels: { type: "array", items: { type: "integer", minimum: 1 }, minItems: 1 },
        },
      },
      step: {
        type: "object",
        required: ["step", "method"],
        additionalProperties: false,
        properties: {
          step: { enum: [...STAGES], description: "Pipeline stage" },
          method: { type: "string", description: "Method id" },
          options: { type: "object", default: {} },
          scope: { $ref: "#/definitions/scope" },
          name: {
            type: "string",
            pattern: NODE_ID_PATTERN,
            description: "Name of the dataset the step makes",
          },
        },
        ...(stepRules.length > 0 ? { allOf: stepRules } : {}),
      },
      source: {
        type: "object",
        required: ["id", "source"],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: NODE_ID_PATTERN },
          source: sourceIds.length > 0 ? { enum: sourceIds } : { type: "string" },
          options: { type: "object", default: {} },
        },
        ...(sourceRules.length > 0 ? { allOf: sourceRules } : {}),
      },
      export: {
        type: "object",
        required: ["exporter"],
        additionalProperties: false,
        properties: {
          exporter: exporterIds.length > 0 ? { enum: exporterIds } : { type: "string" },
          options: { type: "object", default: {} },
        },
        ...(exportRules.length > 0 ? { allOf: exportRules } : {}),
      },
    },
  };
}

/** True when an options schema lists required properties. */
function needsOptions(schema: JsonSchema): boolean {
  return Array.isArray(schema.required) && schema.required.length > 0;
}
