import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { outputPath } from "../src/output-path.js";

const OUT = "/tmp/out";

describe("outputPath", () => {
  it("places relative paths inside the output folder", () => {
    expect(outputPath(OUT, "report.html")).toBe(join(OUT, "report.html"));
    expect(outputPath(OUT, "charts/a.svg")).toBe(join(OUT, "charts", "a.svg"));
    expect(outputPath(OUT, "./charts/../b.svg")).toBe(join(OUT, "b.svg"));
  });

  it.each(["", ".", "..", "../x", "a/../../x", "/etc/passwd", "C:/x", "a\\..\\..\\x", "dir/", "a\0b"])(
    "refuses %j",
    (path) => {
      expect(outputPath(OUT, path)).toBeUndefined();
    },
  );
});
