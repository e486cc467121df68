import { describe, expect, it } from "vitest";
import { scanSql, toPositional } from "../src/sql-text.js";

const names = (sql: string) => scanSql(sql).parameters.map((p) => (p.positional ? `#${p.name}` : p.name));

describe("scanSql", () => {
  it("counts statements, ignoring empty ones, comments and semicolons inside strings", () => {
    expect(scanSql("SELECT 1").statements).toBe(1);
    expect(scanSql("SELECT 1;").statements).toBe(1);
    expect(scanSql("SELECT 1; ; -- done\n").statements).toBe(1);
    expect(scanSql("SELECT 1; DROP TABLE news").statements).toBe(2);
    expect(scanSql("SELECT ';' AS a, \"x;y\" FROM t /* ; */").statements).toBe(1);
    expect(scanSql("SELECT $$ ; $$, $tag$ ; $ $tag$").statements).toBe(1);
    expect(scanSql("SELECT E'it\\'s ; here'").statements).toBe(1);
    expect(scanSql("/* a /* nested ; */ comment ; */ SELECT 1").statements).toBe(1);
    expect(scanSql("  -- only a comment\n ").statements).toBe(0);
    expect(scanSql("").statements).toBe(0);
  });

  it("finds the first word of the first statement", () => {
    expect(scanSql("  select 1").firstWord).toBe("select");
    expect(scanSql("-- c\nWITH a AS (SELECT 1) SELECT * FROM a").firstWord).toBe("with");
    expect(scanSql("(SELECT 1)").firstWord).toBe("(");
    expect(scanSql("DELETE FROM news").firstWord).toBe("delete");
    expect(scanSql("/* x */").firstWord).toBeUndefined();
  });

  it("finds named and positional parameters outside strings, identifiers and comments", () => {
    expect(names("SELECT $city, '$no', \"$no\", $$ $no $$ -- $no\n FROM t WHERE x = $2 /* $no */")).toEqual([
      "city",
      "#2",
    ]);
    expect(names("SELECT a$b, $x::int, ($y)")).toEqual(["x", "y"]);
    // $a$ opens a dollar-quoted string, as in PostgreSQL
    expect(names("SELECT $a$ text $a$, $b")).toEqual(["b"]);
  });
});

describe("toPositional", () => {
  it("numbers names in order of first use, the same name keeping its number", () => {
    expect(toPositional("SELECT $b, $a, $b")).toEqual({ text: "SELECT $1, $2, $1", names: ["b", "a"] });
    expect(toPositional("SELECT '$b', $b")).toEqual({ text: "SELECT '$b', $1", names: ["b"] });
    expect(toPositional("SELECT 1")).toEqual({ text: "SELECT 1", names: [] });
  });
});
