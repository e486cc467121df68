import type { OutputStream } from "./io.js";

/** One line on a terminal that a long computation redraws in place, and clears when it ends. */
export interface ProgressLine {
  /** Redraws the line: `  runs 4,200/10,000 · 42% · 0.4 s · ETA 0.6 s`. */
  update(done: number, total: number): void;
  /** Erases the line. */
  clear(): void;
}

/** Fewest milliseconds between two redraws, so that a fast computation does not flood the terminal. */
const REDRAW_EVERY = 50;

const count = (n: number): string => n.toLocaleString("en-US");

/** A duration for people: `0.4 s`, `12 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const whole = Math.round(s);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s`;
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** The text of a progress line after `elapsed` ms, with the time left estimated from the rate so far. */
export function progressText(what: string, done: number, total: number, elapsed: number): string {
  const share = total > 0 ? Math.floor((100 * done) / total) : 0;
  const parts = [`${what} ${count(done)}/${count(total)}`, `${share}%`, formatDuration(elapsed)];
  if (done > 0 && done < total) parts.push(`ETA ${formatDuration((elapsed * (total - done)) / done)}`);
  return `  ${parts.join(" · ")}`;
}

/**
 * A progress line on `stream` counting `what` (`runs`), timed from now. Draws nothing unless `live` (the stream
 * is a terminal and the command is not printing JSON).
 */
export function progressLine(stream: OutputStream, live: boolean, what = "runs"): ProgressLine {
  const start = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      if (!live) return;
      const now = Date.now();
      if (done < total && now - last < REDRAW_EVERY) return;
      last = now;
      drawn = true;
      stream.write(`\r\u001b[2K${progressText(what, done, total, now - start)}`);
    },
    clear() {
      if (drawn) stream.write("\r\u001b[2K");
      drawn = false;
    },
  };
}
