export {
  cells,
  collect,
  problems,
  type RecordingContext,
  recordingContext,
  tempDir,
} from "../../../tests/support/source-testing.js";
