import { runCli } from "./run-cli.js";

// The `cityindex` binary: runs the command line and sets the exit code (never exits while output is pending).
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cityindex: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
