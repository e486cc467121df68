/** A stream the CLI writes to: `process.stdout`, or anything with `write` (tests capture into a string). */
export interface OutputStream {
  /** Writes text. */
  write(text: string): unknown;
  /** True when the stream is a terminal; colours are used only then. */
  isTTY?: boolean;
}

/** Where {@link runCli} reads and writes. Every field defaults to the current process's. */
export interface CliIo {
  /** Standard output: results, issues of `validate`, `--json` objects. */
  stdout?: OutputStream;
  /** Standard error: progress, usage errors, build issues. */
  stderr?: OutputStream;
  /** Directory that relative paths in arguments are resolved against. */
  cwd?: string;
  /** Environment variables (`NO_COLOR`). */
  env?: Record<string, string | undefined>;
}

/** {@link CliIo} with every field filled in. */
export interface ResolvedIo {
  /** Standard output. */
  stdout: OutputStream;
  /** Standard error. */
  stderr: OutputStream;
  /** Working directory. */
  cwd: string;
  /** Environment variables. */
  env: Record<string, string | undefined>;
}

/** Fills in the process's streams, directory and environment. */
export function resolveIo(io: CliIo = {}): ResolvedIo {
  return {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
  };
}

/** ANSI styles, or identity functions when colour is off. */
export interface Palette {
  /** Errors. */
  red(text: string): string;
  /** Warnings. */
  yellow(text: string): string;
  /** Notes. */
  blue(text: string): string;
  /** Success. */
  green(text: string): string;
  /** Secondary text. */
  dim(text: string): string;
  /** Emphasis. */
  bold(text: string): string;
}

const style =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURS: Palette = {
  red: style(31, 39),
  yellow: style(33, 39),
  blue: style(34, 39),
  green: style(32, 39),
  dim: style(2, 22),
  bold: style(1, 22),
};

const PLAIN: Palette = {
  red: (t) => t,
  yellow: (t) => t,
  blue: (t) => t,
  green: (t) => t,
  dim: (t) => t,
  bold: (t) => t,
};

/** Colours for `stream`: only when it is a terminal and `NO_COLOR` is unset or empty (https://no-color.org). */
export function paletteFor(stream: OutputStream, env: Record<string, string | undefined>): Palette {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return stream.isTTY === true && !noColor ? COLOURS : PLAIN;
}
