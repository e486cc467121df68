import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReviews, type ReviewsObservation, reviewsSource } from "../src/index.js";
import { collect, problems, recordingContext, tempDir } from "./helpers.js";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/** `unit/indicator/period=value basis` lines, values rounded to 12 significant digits. */
const figures = (observations: readonly ReviewsObservation[]): string[] =>
  observations.map(
    (o) =>
      `${o.unit}/${o.indicator}/${o.period}=${o.value === null ? null : Number(o.value.toPrecision(12))} ${JSON.stringify(o.provenance.basis)}`,
  );

describe("reviewsSource", () => {
  it("declares its id, label and options schema", () => {
    expect(reviewsSource.id).toBe("reviews");
    expect(reviewsSource.label).toBe("Places and reviews");
    expect(reviewsSource.options).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["path"],
    });
  });

  it("turns a CSV of places into ratings, shares, volume and language share (hand-computed)", async () => {
    const dir = tempDir();
    copyFileSync(fixture("places.csv"), join(dir, "places.csv"));
    const ctx = recordingContext(dir, "reviews");
    const observations = (await collect(
      reviewsSource.fetch(
        {
          path: "places.csv",
          priorMean: 4,
          priorWeight: 100,
          units: ["chengdu", "chongqing"],
          licence: "CC-BY-4.0",
          illustrative: true,
        },
        ctx,
      ),
    )) as ReviewsObservation[];
    // chengdu 2024: n = 200 + 300 + 100 + 40 = 640; Σ n·r = 200·4.5 + 300·4.8 + 100·(9.2/10·5) + 40·4.0 = 2960;
    //   rating (100·4 + 2960) / (100 + 640) = 3360 / 740; hotels: Temple 4.6 (100 reviews) → 1 of 1;
    //   restaurants: Hot Pot House has 40 < 50 reviews → none rated; attractions: 4.5 and 4.8 → 2 of 2;
    //   not Chinese: en 200 + en 100 + ja 40 = 340 of 640 → 53.125 %.
    // chongqing 2024 (the second Raffles row is a duplicate, Neg and Bad Date are rejected):
    //   n = 150 + 80 + 60 = 290; Σ n·r = 630 + 368 + 282 = 1280; rating 1680 / 390;
    //   hotels 1 of 1; attractions: Hongyadong 4.2 → 0 of 1; not Chinese: ko 150 of 230 (Spa has no language).
    // chengdu 2023: rating (400 + 440) / 200 = 4.2; attractions 0 of 1; all 100 reviews in English.
    expect(figures(observations)).toEqual([
      `chengdu/travel_rating/2024=${Number((3360 / 740).toPrecision(12))} {"rows":4,"reviews":640,"priorMean":4,"priorWeight":100}`,
      'chengdu/highly_rated_hotels_share/2024=100 {"places":1,"highlyRated":1}',
      'chengdu/highly_rated_restaurants_share/2024=null {"places":0,"highlyRated":0}',
      'chengdu/highly_rated_attractions_share/2024=100 {"places":2,"highlyRated":2}',
      'chengdu/review_volume/2024=640 {"rows":4,"reviews":640}',
      'chengdu/non_chinese_review_share/2024=53.125 {"reviews":640,"nonChinese":340}',
      `chongqing/travel_rating/2024=${Number((1680 / 390).toPrecision(12))} {"rows":3,"reviews":290,"priorMean":4,"priorWeight":100}`,
      'chongqing/highly_rated_hotels_share/2024=100 {"places":1,"highlyRated":1}',
      'chongqing/highly_rated_restaurants_share/2024=null {"places":0,"highlyRated":0}',
      'chongqing/highly_rated_attractions_share/2024=0 {"places":1,"highlyRated":0}',
      'chongqing/review_volume/2024=290 {"rows":3,"reviews":290}',
      `chongqing/non_chinese_review_share/2024=${Number((15000 / 230).toPrecision(12))} {"reviews":230,"nonChinese":150}`,
      'chengdu/travel_rating/2023=4.2 {"rows":1,"reviews":100,"priorMean":4,"priorWeight":100}',
      'chengdu/highly_rated_hotels_share/2023=null {"places":0,"highlyRated":0}',
      'chengdu/highly_rated_restaurants_share/2023=null {"places":0,"highlyRated":0}',
      'chengdu/highly_rated_attractions_share/2023=0 {"places":1,"highlyRated":0}',
      'chengdu/review_volume/2023=100 {"rows":1,"reviews":100}',
      'chengdu/non_chinese_review_share/2023=100 {"reviews":100,"nonChinese":100}',
    ]);
    expect(observations[0]?.value).toBeCloseTo(4.540540540540541, 12);
    expect(observations[0]?.provenance).toEqual({
      source: "reviews:reviews",
      location: "places.csv",
      hash: sha256(readFileSync(fixture("places.csv"))),
      licence: "CC-BY-4.0",
      illustrative: true,
      basis: { rows: 4, reviews: 640, priorMean: 4, priorWeight: 100 },
    });
    expect(problems(ctx.issues)).toEqual([
      "warning duplicate-place places.csv:8: place `Raffles` on `tripadvisor` appears again in `2024` (first on line 7); the row is not used, so its reviews are not counted twice",
      "error rating-out-of-scale places.csv:11: the rating `6` is outside its scale 0–5 (city `chengdu`); the row is not used",
      "error negative-count places.csv:12: the review count `-3` in column `review_count` is negative; the row is not used",
      "error bad-date places.csv:13: cannot read the date `2024-13-01` (city `chongqing`): month 13 does not exist; the row is not used",
      "warning unknown-unit places.csv:10: city `lhasa` is not one of the spec's units (`units`); its 1 row is not used (map it with `unitMap` if it is a spelling of a unit)",
      "info unmapped-category places.csv:14: category `spa` (1 row) is not in `categories`; its places count in the rating and volume but in no highly-rated share",
    ]);
    expect(ctx.logs).toEqual(["debug used 8 of 13 rows of places.csv"]);
  });

  it("reads JSON Lines of single reviews into monthly figures (hand-computed)", () => {
    const bytes = readFileSync(fixture("reviews.jsonl"));
    const result = parseReviews(bytes, {
      file: "data/reviews.jsonl",
      sourceId: "r",
      grain: "review",
      periodType: "month",
      unitMap: { 成都: "chengdu" },
      units: ["chengdu"],
      priorMean: 4,
      priorWeight: 2,
      minReviews: 2,
      shares: "fraction",
      categories: { Attraction: "attractions_high", restaurant: "restaurants_high" },
      indicators: { volume: "reviews_n" },
    });
    // 2024-05: ratings 5, 4, 10/10·5 = 5, 3 → n = 4, Σ r = 17, rating (2·4 + 17) / (2 + 4) = 25/6;
    //   Panda Base: 3 reviews, mean 14/3 ≥ 4.5 → 1 of 1; Hot Pot House: 1 review < 2 → none rated;
    //   not Chinese: en, ko, en of en, zh-TW, ko, en → 3/4.
    // 2024-06: one review with no rating: volume 1, no rating, English.
    expect(figures(result.observations)).toEqual([
      `chengdu/travel_rating/2024-05=${Number((25 / 6).toPrecision(12))} {"rows":4,"reviews":4,"priorMean":4,"priorWeight":2}`,
      'chengdu/attractions_high/2024-05=1 {"places":1,"highlyRated":1}',
      'chengdu/restaurants_high/2024-05=null {"places":0,"highlyRated":0}',
      'chengdu/reviews_n/2024-05=4 {"rows":4,"reviews":4}',
      'chengdu/non_chinese_review_share/2024-05=0.75 {"reviews":4,"nonChinese":3}',
      'chengdu/travel_rating/2024-06=null {"rows":0,"reviews":0,"priorMean":4,"priorWeight":2}',
      'chengdu/attractions_high/2024-06=null {"places":0,"highlyRated":0}',
      'chengdu/restaurants_high/2024-06=null {"places":0,"highlyRated":0}',
      'chengdu/reviews_n/2024-06=1 {"rows":1,"reviews":1}',
      'chengdu/non_chinese_review_share/2024-06=1 {"reviews":1,"nonChinese":1}',
    ]);
    expect(result.observations[0]?.provenance.source).toBe("reviews:r");
    expect(result.issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual([
      "error bad-json data/reviews.jsonl:8",
      "error bad-date data/reviews.jsonl:7",
      "warning unknown-unit data/reviews.jsonl:9",
    ]);
    expect(result.issues[0]?.message).toMatch(/^line 8 is not valid JSON: .*; the line is not read$/);
    expect(result.issues[1]?.message).toBe(
      "cannot read the date `June 2024` (city `chengdu`): it is not a date written year first (2024-05-31, 2024-05 or 2024); the row is not used",
    );
    expect(result.issues[0]?.source).toBe("@cityindex/source-reviews");
    expect([result.rows, result.used]).toEqual([7, 5]);
  });

  it("uses the pooled mean as prior by default (IMDb's weighted rating)", () => {
    const csv = "city,rating,review_count,date\na,5,10,2024\nb,3,30,2024\n";
    const { observations, issues } = parseReviews(new TextEncoder().encode(csv), {
      file: "t.csv",
      priorWeight: 10,
      indicators: { volume: null, nonChineseShare: null },
      categories: {},
    });
    // m = (10·5 + 30·3) / 40 = 3.5; a: (10·3.5 + 50) / 20 = 4.25; b: (35 + 90) / 40 = 3.125
    expect(issues).toEqual([]);
    expect(figures(observations)).toEqual([
      'a/travel_rating/2024=4.25 {"rows":1,"reviews":10,"priorMean":3.5,"priorWeight":10}',
      'b/travel_rating/2024=3.125 {"rows":1,"reviews":30,"priorMean":3.5,"priorWeight":10}',
    ]);
  });

  it("names every missing column, and reads renamed ones", () => {
    const csv = "town,stars,when\nchengdu,4,2024-01-02\n";
    const bytes = new TextEncoder().encode(csv);
    expect(problems(parseReviews(bytes, { file: "t.csv" }).issues)).toEqual([
      "error missing-column t.csv:1: the file has no city column `city` (the city of each row); its columns are `town`, `stars`, `when`; set `columns.city` to the right one",
      "error missing-column t.csv:1: the file has no date column `date` (the period of each row); its columns are `town`, `stars`, `when`; set `columns.date` to the right one",
      "error missing-column t.csv:1: the file has no rating column `rating` (the rating); its columns are `town`, `stars`, `when`; set `columns.rating` to the right one",
      "error missing-column t.csv:1: the file has no reviewCount column `review_count` (the reviews behind each place's rating; set `grain` to `review` if each row is one review); its columns are `town`, `stars`, `when`; set `columns.reviewCount` to the right one",
      "warning missing-column t.csv:1: the file has no category column `category`, so the highly-rated shares (`highly_rated_hotels_share`, `highly_rated_restaurants_share`, `highly_rated_attractions_share`) are not computed",
      "warning missing-column t.csv:1: the file has no language column `language`, so `non_chinese_review_share` is not computed",
    ]);
    const renamed = parseReviews(bytes, {
      file: "t.csv",
      grain: "review",
      priorMean: 4,
      priorWeight: 1,
      columns: { city: "town", rating: "stars", date: "when" },
      categories: {},
      indicators: { nonChineseShare: null },
    });
    expect(renamed.issues).toEqual([]);
    expect(figures(renamed.observations)).toEqual([
      'chengdu/travel_rating/2024=4 {"rows":1,"reviews":1,"priorMean":4,"priorWeight":1}',
      'chengdu/review_volume/2024=1 {"rows":1,"reviews":1}',
    ]);
  });

  it("reports a missing file, bad options and bad counts", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "t.csv"), "city,rating,review_count,date\na,4,1.5,2024\na,4,many,2024\n");
    const run = async (options: Record<string, unknown>) => {
      const ctx = recordingContext(dir);
      const out = await collect(reviewsSource.fetch(options as { path: string }, ctx));
      return { out, issues: problems(ctx.issues) };
    };
    expect((await run({ path: "nope.csv" })).issues[0]).toMatch(
      /^error file-not-found nope\.csv: cannot read `nope\.csv`: there is no file at `.*nope\.csv`$/,
    );
    expect((await run({ path: "t.csv", grain: "row" })).issues).toEqual([
      "error bad-option t.csv: reviews source `indicators`: option `grain` must be one of `place`, `review`, got `row`",
    ]);
    expect(
      (await run({ path: "t.csv", categories: { hotel: "x" }, indicators: { volume: "x" } })).issues,
    ).toEqual([
      "error bad-option t.csv: reviews source `indicators`: indicator id `x` is given to two figures in `categories` and `indicators`",
    ]);
    const counts = await run({ path: "t.csv" });
    expect(counts.out).toEqual([]);
    expect(counts.issues.filter((i) => i.startsWith("error"))).toEqual([
      "error bad-count t.csv:2: cannot read `1.5` in column `review_count` as a whole number of reviews; the row is not used",
      "error bad-count t.csv:3: cannot read `many` in column `review_count` as a whole number of reviews; the row is not used",
    ]);
  });
});
