import type { ResolvedHostLimit } from "./hosts.js";

/** Waits `ms` milliseconds, or rejects with the signal's reason when it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** {@link Sleep} on real timers. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** A counting semaphore whose waiters leave the queue when their signal aborts. */
class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly size: number) {}

  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.active < this.size) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const at = this.queue.indexOf(grant);
        if (at >= 0) this.queue.splice(at, 1);
        reject(signal?.reason);
      };
      this.queue.push(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    return this.releaser();
  }

  /** Releasing hands the slot to the next waiter, or frees it. Calling it twice does nothing. */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    };
  }
}

interface Gate {
  slots: Semaphore;
  limit: ResolvedHostLimit;
  lastStart: number;
  /** Settles when the previous request to the host has started: starts are taken in turn. */
  turn: Promise<void>;
}

/** What {@link RequestLimiter} needs. */
export interface LimiterOptions {
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Waits. */
  sleep: Sleep;
  /** Most requests in flight at once, over all hosts. */
  concurrency: number;
  /** The limit of a host name. */
  limitFor: (hostname: string) => ResolvedHostLimit;
  /** Called before waiting for a host's interval. */
  onWait?: (host: string, ms: number) => void;
}

/**
 * Per-host spacing between request starts, per-host and global caps on requests in flight. A host's slot is
 * taken first, then its turn to start (at least `minIntervalMs` after the previous start), then a global slot,
 * so a slow host never holds a global slot while it waits.
 */
export class RequestLimiter {
  private readonly gates = new Map<string, Gate>();
  private readonly global: Semaphore;

  constructor(private readonly options: LimiterOptions) {
    this.global = new Semaphore(options.concurrency);
  }

  /** Waits until a request to `host` (`hostname:port`) may start; resolves to the function that ends it. */
  async start(host: string, hostname: string, signal?: AbortSignal): Promise<() => void> {
    const gate = this.gate(host, hostname);
    const releaseHost = await gate.slots.acquire(signal);
    let releaseGlobal: (() => void) | undefined;
    try {
      const previous = gate.turn;
      let done: () => void = () => {};
      gate.turn = new Promise<void>((resolve) => {
        done = resolve;
      });
      try {
        await previous;
        const wait = gate.lastStart + gate.limit.minIntervalMs - this.options.now();
        if (wait > 0) {
          this.options.onWait?.(host, wait);
          await this.options.sleep(wait, signal);
        }
        releaseGlobal = await this.global.acquire(signal);
        gate.lastStart = this.options.now();
      } finally {
        done();
      }
    } catch (error) {
      releaseHost();
      throw error;
    }
    const end = releaseGlobal;
    return () => {
      end();
      releaseHost();
    };
  }

  private gate(host: string, hostname: string): Gate {
    let gate = this.gates.get(host);
    if (!gate) {
      const limit = this.options.limitFor(hostname);
      gate = {
        slots: new Semaphore(limit.concurrency),
        limit,
        lastStart: Number.NEGATIVE_INFINITY,
        turn: Promise.resolve(),
      };
      this.gates.set(host, gate);
    }
    return gate;
  }
}
