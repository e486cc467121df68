import { tempDir as sharedTempDir } from "../../../tests/support/source-testing.js";

export {
  cells,
  collect,
  problems,
  type RecordingContext,
  recordingContext,
} from "../../../tests/support/source-testing.js";

/** A fresh temporary directory, removed after the current test. */
export function tempDir(): string {
  return sharedTempDir("source-wikidata-");
}

export * from "../../../tests/support/json-server.js";
