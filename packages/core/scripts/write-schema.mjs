// Writes spec.schema.json from the built engine: `npm run build && npm run schema -w packages/core`.
// test/spec/schema.test.ts fails when the committed file differs from what the methods generate.
import { writeFileSync } from "node:fs";
import { builtinRegistry, specSchema } from "../dist/index.js";

const file = new URL("../spec.schema.json", import.meta.url);
writeFileSync(file, JSON.stringify(specSchema(builtinRegistry()), null, 2) + "\n");
console.log(`wrote ${file.pathname}`);
