import { describe, expect, it } from "vitest";
import { cleanTerm, openalexSearch, readWorks } from "../src/index.js";

describe("openalexSearch", () => {
  it("quotes each cleaned term and joins alternatives with OR", () => {
    expect(openalexSearch(["Chengdu"])).toBe('"Chengdu"');
    expect(openalexSearch(["Chongqing", "Chungking"])).toBe('"Chongqing" OR "Chungking"');
    expect(openalexSearch([cleanTerm('Xi\'an" AND NOT "Beijing')])).toBe('"Xi\'an and not Beijing"');
  });
});

describe("readWorks", () => {
  it("reads meta.count and the groups, keys upper-cased and cut to their last segment", () => {
    expect(
      readWorks(
        '{"meta":{"count":5,"groups_count":2},"group_by":[{"key":"https://openalex.org/countries/CN","count":3},{"key":"unknown","count":1}]}',
      ),
    ).toEqual({
      ok: true,
      reply: {
        count: 5,
        groups: [
          { key: "CN", count: 3 },
          { key: "UNKNOWN", count: 1 },
        ],
        groupsCount: 2,
      },
    });
    expect(readWorks('{"meta":{"count":0,"groups_count":null},"results":[]}')).toEqual({
      ok: true,
      reply: { count: 0, groups: [], groupsCount: undefined },
    });
  });

  it("names what is wrong with a reply", () => {
    expect(readWorks("Too Many Requests")).toEqual({
      ok: false,
      message: "the reply is not JSON (it starts `Too Many Requests`)",
    });
    expect(readWorks("[]")).toEqual({ ok: false, message: "the reply has no `meta` object" });
    expect(readWorks('{"meta":{"count":-1}}')).toEqual({
      ok: false,
      message: "`meta.count` is not a whole number of at least 0",
    });
    expect(readWorks('{"meta":{"count":1},"group_by":[{"key":"CN"}]}')).toEqual({
      ok: false,
      message: "`group_by[0]` is not a `{ key, count }` group",
    });
  });
});
