export {
  exportContext,
  smallData,
  smallResult,
  smallSpec,
} from "../../../tests/support/exporter-testing.js";
