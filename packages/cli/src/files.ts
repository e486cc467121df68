import { access } from "node:fs/promises";

/** True when something exists at `file`. */
export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
