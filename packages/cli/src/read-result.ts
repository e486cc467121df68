import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type IndexResult, InputError, type Issue, resultFromJSON, show } from "@cityindex/core";

const issue = (code: string, path: string, message: string): Issue => ({
  severity: "error",
  code,
  path,
  message,
  source: "cli",
});

/** Reads a results.json that `cityindex build` wrote; pushes an issue naming the file when it cannot. */
export async function readResult(
  path: string,
  cwd: string,
  issues: Issue[],
): Promise<IndexResult | undefined> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    issues.push(
      code === "ENOENT"
        ? issue("file-not-found", path, `result file ${show(path)} does not exist`)
        : issue(
            "file-unreadable",
            path,
            `result file ${show(path)} cannot be read: ${(error as Error).message}`,
          ),
    );
    return undefined;
  }
  try {
    return resultFromJSON(JSON.parse(text));
  } catch (error) {
    if (!(error instanceof SyntaxError) && !(error instanceof InputError)) throw error;
    const why =
      error instanceof SyntaxError
        ? `is not valid JSON (${error.message})`
        : `is not a cityindex result: ${(error as Error).message.replace(/^resultFromJSON: /, "")}`;
    issues.push(
      issue(
        "not-a-result",
        path,
        `${show(path)} ${why}; give the results.json that \`cityindex build\` writes`,
      ),
    );
    return undefined;
  }
}
