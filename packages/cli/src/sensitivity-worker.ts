// A worker thread of `cityindex sensitivity --workers`: runs one shard of an analysis and posts its outcome.
import { parentPort, workerData } from "node:worker_threads";
import { type AnalysisJob, runAnalysisJob } from "./run-analysis.js";

if (parentPort) {
  const port = parentPort;
  void runAnalysisJob(workerData as AnalysisJob, (message) => port.postMessage(message));
}
