/**
 * Writing fresh memory for the first time costs a page fault per 4 KiB page, and on some machines (virtual
 * machines above all) that costs more than the arithmetic a build does on the page. A {@link MemoryWarmer}
 * takes part of those faults on another thread: it writes zeros (which fresh memory holds already) into a
 * block's vectors from the end, while the build fills them from the start. See `VectorMemory.reserve`.
 */
export interface MemoryWarmer {
  /**
   * Starts writing the pages of `buffer`, `count` vectors of `vectorBytes` bytes each, from the last vector
   * back, and returns at once. Before each vector `j` the warmer stores `j` in `state[1]` (its claim), then
   * reads `state[0]` (the number of vectors the build has taken): if that is above `j` it stores `j + 1` in
   * `state[1]` and stops; otherwise it writes vector `j`, then stores `j` in `state[2]` (finished).
   */
  warm(buffer: SharedArrayBuffer, state: Int32Array, vectorBytes: number, count: number): void;
}

/** Fresh memory a step must need, at least, before its outputs come from a warmed block: 64 MiB. */
export const WARM_MIN_BYTES = 64 * 1024 * 1024;

/**
 * What a warmer does with a block (see {@link MemoryWarmer.warm}): writes a zero into every page of each vector
 * it claims, from the last vector back, and stops at the first vector the build has taken. Self-contained, as
 * its source is what the worker thread runs.
 */
export function warmVectors(
  buffer: SharedArrayBuffer,
  state: Int32Array,
  vectorBytes: number,
  count: number,
): void {
  const bytes = new Uint8Array(buffer);
  for (let j = count - 1; j >= 0; j--) {
    Atomics.store(state, 1, j);
    if (Atomics.load(state, 0) > j) {
      Atomics.store(state, 1, j + 1);
      return;
    }
    const start = j * vectorBytes;
    for (let i = start + vectorBytes - 1; i > start; i -= 4096) bytes[i] = 0;
    bytes[start] = 0;
    Atomics.store(state, 2, j);
  }
}

/** The worker thread's code: {@link warmVectors} on each block it is sent. */
const WARMER_SOURCE = `const { parentPort } = require("node:worker_threads");
const warmVectors = ${warmVectors.toString()};
parentPort.on("message", (m) => warmVectors(m.buffer, m.state, m.vectorBytes, m.count));
`;

/** The parts of Node's `worker_threads` the warmer uses. */
interface NodeWorker {
  postMessage(message: unknown): void;
  unref(): void;
  on(event: "error" | "exit", listener: () => void): void;
}

/** The built-in module loader of Node 20.16 and later (`process.getBuiltinModule`), where there is one. */
function nodeBuiltin(name: string): unknown {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof proc?.getBuiltinModule === "function" ? proc.getBuiltinModule(name) : undefined;
}

let shared: MemoryWarmer | null | undefined;

/**
 * The process's warmer: one worker thread, started on first use, which never keeps the process alive. `undefined`
 * where there are no worker threads to be had (browsers, older Node) or when starting one fails; a warmer whose
 * thread has died does nothing, and builds take every fault themselves, as without one.
 */
export function defaultWarmer(): MemoryWarmer | undefined {
  if (shared !== undefined) return shared ?? undefined;
  shared = null;
  const threads = nodeBuiltin("node:worker_threads") as
    | { Worker: new (source: string, options: { eval: true }) => NodeWorker }
    | undefined;
  if (!threads?.Worker) return undefined;
  let worker: NodeWorker | undefined;
  try {
    worker = new threads.Worker(WARMER_SOURCE, { eval: true });
    worker.unref();
  } catch {
    return undefined;
  }
  let alive = true;
  const dead = (): void => {
    alive = false;
  };
  worker.on("error", dead);
  worker.on("exit", dead);
  const thread = worker;
  shared = {
    warm(buffer, state, vectorBytes, count) {
      if (alive) thread.postMessage({ buffer, state, vectorBytes, count });
    },
  };
  return shared;
}
