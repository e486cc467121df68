// Starts a throwaway PostgreSQL cluster from Debian's `postgresql` package for the tests: initdb into a temporary
// folder, a server on a free port of 127.0.0.1 with its socket in that folder, and a stop that removes it all.
// As root the server runs as the package's `postgres` user, since PostgreSQL refuses to run as root.

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A running server and how to reach it as its superuser. */
export interface PostgresServer {
  /** Port on 127.0.0.1. */
  port: number;
  /** Superuser `postgres`'s password. */
  password: string;
  /** `postgresql://` URL for a role and database on this server. */
  url(user: string, password: string, database?: string): string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const version = versions[0];
  if (version === undefined) {
    throw new Error("PostgreSQL is not installed: `apt-get install -y postgresql` (see .ci/run)");
  }
  return join(root, version, "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a fresh cluster; rejects with PostgreSQL's own output when it cannot. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  // The `postgres` user must reach the folder: /tmp is open to every user, a root's TMPDIR may not be.
  const dir = mkdtempSync(join(asRoot ? "/tmp" : tmpdir(), "cityindex-pg-"));
  const exec = (tool: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", join(bin, tool), ...args], { timeout: 120_000 })
      : run(join(bin, tool), args, { timeout: 120_000 });
  const data = join(dir, "data");
  const password = "superuser-pw";
  writeFileSync(join(dir, "pwfile"), `${password}\n`);
  if (asRoot) await run("chown", ["-R", "postgres:postgres", dir]);
  try {
    await exec("initdb", [
      "-D",
      data,
      "-U",
      "postgres",
      "--pwfile",
      join(dir, "pwfile"),
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-sync",
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
    try {
      await exec("pg_ctl", [
        "-D",
        data,
        "-l",
        join(dir, "server.log"),
        "-w",
        "-t",
        "60",
        "-o",
        settings,
        "start",
      ]);
    } catch (error) {
      lastError = error;
      continue;
    }
    let stopped = false;
    return {
      port,
      password,
      url: (user, pw, database = "postgres") =>
        `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(pw)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await exec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
