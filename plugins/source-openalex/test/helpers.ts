export {
  cells,
  collect,
  problems,
  type RecordingContext,
  recordingContext,
} from "../../../tests/support/source-testing.js";
