/** One group of a `group_by` reply. */
export interface WorksGroup {
  /** The group's key: a country code such as `CN`, or `unknown`. */
  key: string;
  /** Works in the group. */
  count: number;
}

/** What the source reads from a `/works` reply. */
export interface WorksReply {
  /** `meta.count`: the works matching the search and filter. */
  count: number;
  /** `group_by`, when asked for. */
  groups: WorksGroup[];
  /** `meta.groups_count`, when given: the groups there are, which may be more than the reply lists. */
  groupsCount: number | undefined;
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

/**
 * Reads an OpenAlex `/works` reply: `meta.count` and, with `group_by`, the groups. A group key that is an OpenAlex
 * URL (`https://openalex.org/countries/CN`) is cut to its last segment; keys are upper-cased.
 */
export function readWorks(text: string): { ok: true; reply: WorksReply } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const start = text.replace(/\s+/g, " ").trim().slice(0, 80);
    return { ok: false, message: `the reply is not JSON (it starts \`${start.replace(/`/g, "'")}\`)` };
  }
  const v = value as { meta?: { count?: unknown; groups_count?: unknown }; group_by?: unknown };
  if (!v || typeof v !== "object" || !v.meta || typeof v.meta !== "object") {
    return { ok: false, message: "the reply has no `meta` object" };
  }
  if (!isCount(v.meta.count))
    return { ok: false, message: "`meta.count` is not a whole number of at least 0" };
  const groups: WorksGroup[] = [];
  if (v.group_by !== undefined && v.group_by !== null) {
    if (!Array.isArray(v.group_by)) return { ok: false, message: "`group_by` is not an array" };
    for (const [i, g] of v.group_by.entries()) {
      const group = g as { key?: unknown; count?: unknown };
      if (!group || typeof group.key !== "string" || !isCount(group.count)) {
        return { ok: false, message: `\`group_by[${i}]\` is not a \`{ key, count }\` group` };
      }
      const key = group.key.slice(group.key.lastIndexOf("/") + 1).toUpperCase();
      groups.push({ key, count: group.count });
    }
  }
  const gc = v.meta.groups_count;
  return { ok: true, reply: { count: v.meta.count, groups, groupsCount: isCount(gc) ? gc : undefined } };
}
