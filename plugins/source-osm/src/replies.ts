/** One `out count` result: the elements counted, by type. */
export interface Count {
  /** Nodes. */
  nodes: number;
  /** Ways. */
  ways: number;
  /** Relations. */
  relations: number;
  /** Areas (only when areas were counted). */
  areas: number;
  /** All of them. */
  total: number;
}

/** What an Overpass reply is. */
export type OverpassReply =
  | { kind: "counts"; counts: Count[]; timestamp: string | undefined; remark: string | undefined }
  | { kind: "timeout"; remark: string }
  | { kind: "failed"; message: string };

const DIGITS = /^\d{1,15}$/;

/**
 * Reads an Overpass `[out:json]` reply to `out count` statements. Counts come as strings (`"812"`). A query that
 * ran out of time or memory still comes back as HTTP 200, with a `remark` (`runtime error: Query timed out in
 * "query" at line 3 after 91 seconds.`): a timeout is told apart from other errors so that it can be retried.
 */
export function readOverpass(text: string): OverpassReply {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const start = text
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 120);
    return { kind: "failed", message: `the reply is not JSON (it starts \`${start.replace(/`/g, "'")}\`)` };
  }
  const v = value as { elements?: unknown; remark?: unknown; osm3s?: { timestamp_osm_base?: unknown } };
  if (!v || typeof v !== "object" || Array.isArray(v))
    return { kind: "failed", message: "the reply is not a JSON object" };
  const remark = typeof v.remark === "string" ? v.remark.replace(/\s+/g, " ").trim() : undefined;
  if (remark !== undefined && /timed out|timeout/i.test(remark)) return { kind: "timeout", remark };
  if (remark !== undefined && /error/i.test(remark))
    return { kind: "failed", message: `Overpass reported \`${remark.replace(/`/g, "'")}\`` };
  if (!Array.isArray(v.elements)) return { kind: "failed", message: "the reply has no `elements` array" };
  const counts: Count[] = [];
  for (const [i, e] of v.elements.entries()) {
    const el = e as { type?: unknown; tags?: Record<string, unknown> };
    if (el?.type !== "count") continue;
    const tags = el.tags ?? {};
    const num = (k: string): number | undefined => {
      const t = tags[k];
      if (t === undefined) return 0;
      return typeof t === "string" && DIGITS.test(t) ? Number(t) : undefined;
    };
    const c = {
      nodes: num("nodes"),
      ways: num("ways"),
      relations: num("relations"),
      areas: num("areas"),
      total: num("total"),
    };
    if (Object.values(c).some((n) => n === undefined) || tags.total === undefined) {
      return {
        kind: "failed",
        message: `\`elements[${i}]\` is a count without whole-number \`tags\` (\`total\` and the rest)`,
      };
    }
    counts.push(c as Count);
  }
  const ts = v.osm3s?.timestamp_osm_base;
  return { kind: "counts", counts, timestamp: typeof ts === "string" ? ts : undefined, remark };
}
