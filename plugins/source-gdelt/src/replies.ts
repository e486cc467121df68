/** One point of a GDELT timeline. */
export interface TimelinePoint {
  /** The date as GDELT writes it: `20240501T000000Z`. */
  date: string;
  /** The value: articles (`timelinevolraw`), average tone (`timelinetone`) or volume intensity. */
  value: number;
}

/** One series of a GDELT timeline: `Article Count`, `Average Tone`, or a country's name. */
export interface TimelineSeries {
  /** The series name. */
  name: string;
  /** Its points, in GDELT's order. */
  points: TimelinePoint[];
}

/** A parsed GDELT timeline reply. */
export interface Timeline {
  /** `query_details.date_resolution` (`day`, `hour`, ...), when given. */
  resolution: string | undefined;
  /** The series; empty when nothing matched. */
  series: TimelineSeries[];
}

/** What a GDELT reply is: a timeline, a throttle notice, or a message rejecting the query (or anything else). */
export type GdeltReply =
  | { kind: "timeline"; timeline: Timeline }
  | { kind: "throttle"; message: string }
  | { kind: "rejected"; message: string }
  | { kind: "malformed"; message: string };

const THROTTLE = /limit requests|one every \d+ seconds?|too many requests|rate limit/i;
const EXCERPT = 160;

/**
 * The start of a text reply, as one line: HTML tags and entities removed, whitespace collapsed, cut to 160
 * characters.
 */
export function excerpt(text: string): string {
  const flat = text
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/gi, " ")
    .replace(/&lt;/gi, "<")
    .replace(/&gt;/gi, ">")
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&amp;/gi, "&")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f\s]+/g, " ")
    .trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
}

/**
 * Reads a GDELT DOC reply. GDELT answers HTTP 200 to almost everything: a throttle notice comes as `text/plain`
 * ("Please limit requests to one every 5 seconds..."), a query it cannot run as `text/html` or plain text ("Queries
 * containing OR'd terms must be surrounded by ()."), and only a good answer as JSON. So the content type and the
 * text decide, not the status.
 */
export function readReply(headers: Readonly<Record<string, string>>, text: string): GdeltReply {
  const type = (headers["content-type"] ?? "").toLowerCase();
  const body = text.replace(/^\uFEFF/, "").trim();
  const looksJson = body.startsWith("{");
  if (!looksJson || type.includes("text/html")) {
    if (THROTTLE.test(body)) return { kind: "throttle", message: excerpt(body) };
    return { kind: "rejected", message: body === "" ? "an empty reply" : excerpt(body) };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    try {
      // GDELT sometimes leaves raw control characters inside strings.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      value = JSON.parse(body.replace(/[\u0000-\u001f]+/g, " "));
    } catch (error) {
      return { kind: "malformed", message: `the reply is not valid JSON (${(error as Error).message})` };
    }
  }
  return readTimeline(value);
}

/** Reads the `timeline` of a parsed GDELT JSON reply. */
export function readTimeline(value: unknown): GdeltReply {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { kind: "malformed", message: "the reply is not a JSON object" };
  }
  const v = value as { timeline?: unknown; query_details?: { date_resolution?: unknown } };
  if (v.timeline === undefined) {
    return {
      kind: "malformed",
      message:
        "the reply has no `timeline` (GDELT answers `{}` to an unknown `sourcecountry` code or a query it ignores)",
    };
  }
  if (!Array.isArray(v.timeline)) return { kind: "malformed", message: "`timeline` is not an array" };
  const series: TimelineSeries[] = [];
  for (const [i, s] of v.timeline.entries()) {
    const entry = s as { series?: unknown; data?: unknown };
    if (!entry || typeof entry !== "object" || !Array.isArray(entry.data)) {
      return { kind: "malformed", message: `\`timeline[${i}]\` has no \`data\` array` };
    }
    const points: TimelinePoint[] = [];
    for (const [j, p] of entry.data.entries()) {
      const point = p as { date?: unknown; value?: unknown };
      const num = typeof point?.value === "string" ? Number(point.value) : point?.value;
      if (typeof point?.date !== "string" || typeof num !== "number" || !Number.isFinite(num)) {
        return {
          kind: "malformed",
          message: `\`timeline[${i}].data[${j}]\` is not a \`{ date, value }\` point with a finite value`,
        };
      }
      points.push({ date: point.date, value: num });
    }
    series.push({ name: typeof entry.series === "string" ? entry.series : "", points });
  }
  const resolution = v.query_details?.date_resolution;
  return {
    kind: "timeline",
    timeline: { resolution: typeof resolution === "string" ? resolution : undefined, series },
  };
}
