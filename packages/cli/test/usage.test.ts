import { describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";
import { run, tempDir } from "./helpers.js";

describe("usage errors and help", () => {
  it.each([
    [["frobnicate"], "unknown command 'frobnicate'"],
    [["build"], "missing required argument 'spec'"],
    [["validate", "a.json", "b.json"], "too many arguments"],
    [["build", "index.json", "--bogus"], "unknown option '--bogus'"],
    [["import-coinr", "a.csv", "b.csv"], "required option '-o, --out <dir>' not specified"],
    [["build", "index.json", "--out"], "option '-o, --out <dir>' argument missing"],
  ])("%j exits 2", async (argv, message) => {
    const r = await run(await tempDir(), ...argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
  });

  it("prints usage and exits 2 without a command", async () => {
    const r = await run(await tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: cityindex");
  });

  it.each([["--help"], ["build", "--help"], ["init", "-h"], ["help", "import-coinr"]])(
    "%j prints help and exits 0",
    async (...argv) => {
      const r = await run(await tempDir(), ...argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Usage: cityindex");
    },
  );

  it("prints the version", async () => {
    const r = await run(await tempDir(), "--version");
    expect(r).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });

  it("reports an output folder that cannot be written as bad input, without a stack", async () => {
    const dir = await tempDir();
    await run(dir, "init");
    // The output folder is a file.
    const r = await run(dir, "build", "index.json", "--out", "data.csv");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error {4}data\.csv\/results\.csv {2}cannot write/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints an unexpected error's message, and its stack only with --debug", async () => {
    const dir = await tempDir();
    const broken = (argv: string[]) => {
      let stderr = "";
      const io = {
        cwd: dir,
        env: {},
        stdout: {
          write: () => {
            throw new Error("stdout is closed");
          },
        },
        stderr: { write: (s: string) => (stderr += s) },
      };
      return runCli(argv, io).then((code) => ({ code, stderr }));
    };
    const plain = await broken(["init"]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(
      "cityindex: unexpected error: stdout is closed\n(run with --debug for the stack trace)\n",
    );
    const debug = await broken(["--debug", "init", "again"]);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(
      /^cityindex: unexpected error: stdout is closed\nError: stdout is closed\n\s+at /,
    );
  });
});
