import type { UnitSpec } from "@cityindex/core";

/** What a city name in the file matched. */
export type UnitMatch = { unit: string } | { unknown: true } | { ambiguous: string[] };

/** The key names are compared by: NFKC, trimmed, spaces collapsed, lower case. */
export function nameKey(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Matches city names in a file to unit ids, in this order: `unitMap` (alias → id), a unit id, then (when
 * `matchLabels`) a label of a unit in any language; every comparison by {@link nameKey}. A label shared by two
 * units is ambiguous and matches neither. With no units known, a name is its own unit id (after `unitMap`).
 */
export class UnitMatcher {
  private readonly aliases = new Map<string, string>();
  private readonly ids = new Map<string, string>();
  private readonly labels = new Map<string, string[]>();
  /** True when a list of units is known, so names can be unknown. */
  readonly checks: boolean;

  /**
   * `ids`: the unit ids (or `undefined` for no check); `specs`: the spec's units, for their labels;
   * `unitMap`: aliases.
   */
  constructor(
    ids: readonly string[] | undefined,
    specs: readonly UnitSpec[] | undefined,
    unitMap: Readonly<Record<string, string>>,
    matchLabels: boolean,
  ) {
    for (const [alias, id] of Object.entries(unitMap)) this.aliases.set(nameKey(alias), id);
    const known = ids ?? specs?.map((u) => u.id);
    this.checks = known !== undefined;
    for (const id of known ?? []) this.ids.set(nameKey(id), id);
    if (!matchLabels) return;
    const wanted = new Set(known ?? []);
    for (const spec of specs ?? []) {
      if (!wanted.has(spec.id)) continue;
      for (const label of Object.values(spec.labels ?? {})) {
        if (typeof label !== "string" || label.trim() === "") continue;
        const key = nameKey(label);
        const list = this.labels.get(key) ?? [];
        if (!list.includes(spec.id)) list.push(spec.id);
        this.labels.set(key, list);
      }
    }
  }

  /** Matches one name. */
  match(name: string): UnitMatch {
    const key = nameKey(name);
    const alias = this.aliases.get(key);
    if (!this.checks) return { unit: alias ?? name };
    if (alias !== undefined) {
      const id = this.ids.get(nameKey(alias));
      return id === undefined ? { unknown: true } : { unit: id };
    }
    const id = this.ids.get(key);
    if (id !== undefined) return { unit: id };
    const byLabel = this.labels.get(key);
    if (byLabel === undefined) return { unknown: true };
    return byLabel.length === 1 ? { unit: byLabel[0] as string } : { ambiguous: byLabel };
  }
}
