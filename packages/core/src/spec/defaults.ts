import type { JsonSchema } from "../methods.js";

/**
 * Fills in the defaults of an options object from its JSON Schema: every top-level property with a `default`
 * that the options do not set. Returns a new object; the defaults are copied, never shared.
 *
 * @example
 * withDefaults({ properties: { range: { default: [0, 100] } } }, {}) // { range: [0, 100] }
 */
export function withDefaults(
  schema: JsonSchema,
  options: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(options ?? {}) };
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, property] of Object.entries(properties)) {
    if (!Object.hasOwn(out, key) && property && Object.hasOwn(property, "default")) {
      out[key] = structuredClone(property.default);
    }
  }
  return out;
}
