/**
 * The Chinese-language Wikipedia editions, by Wikidata site id, left out by default: Chinese (`zhwiki`), Cantonese
 * (`zh_yuewiki`), Min Nan (`zh_min_nanwiki`), Classical Chinese (`zh_classicalwiki`), Wu (`wuuwiki`), Gan
 * (`ganwiki`), Hakka (`hakwiki`) and Min Dong (`cdowiki`).
 */
export const CHINESE_EDITIONS: readonly string[] = Object.freeze([
  "zhwiki",
  "zh_yuewiki",
  "zh_min_nanwiki",
  "zh_classicalwiki",
  "wuuwiki",
  "ganwiki",
  "hakwiki",
  "cdowiki",
]);

/** Wikidata site ids that end in `wiki` but are not Wikipedia language editions. */
const NOT_WIKIPEDIA = new Set([
  "commonswiki",
  "foundationwiki",
  "incubatorwiki",
  "mediawikiwiki",
  "metawiki",
  "nostalgiawiki",
  "outreachwiki",
  "sourceswiki",
  "specieswiki",
  "strategywiki",
  "tenwiki",
  "testwiki",
  "test2wiki",
  "testwikidatawiki",
  "wikidatawiki",
  "wikifunctionswiki",
  "wikimaniawiki",
]);

/** Site ids whose host is not the site id with `_` turned into `-`. */
const IRREGULAR_HOSTS: Readonly<Record<string, string>> = { be_x_old: "be-tarask" };

const SITE_ID = /^[a-z][a-z0-9_]*wiki$/;
const LANGUAGE_CODE = /^[a-z][a-z0-9-]*$/;
const WIKIPEDIA_HOST = /^([a-z0-9-]+)\.wikipedia\.org$/;

/**
 * The Wikidata site id of an edition named by its site id (`enwiki`, `zh_yuewiki`) or its language code (`en`,
 * `zh-yue`), case-insensitive; `undefined` for anything else.
 *
 * @example
 * editionSiteId("zh-yue") // "zh_yuewiki"
 */
export function editionSiteId(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  if (SITE_ID.test(n)) return n;
  if (LANGUAGE_CODE.test(n)) return `${n.replace(/-/g, "_")}wiki`;
  return undefined;
}

/**
 * The pageviews API's project (`de.wikipedia`) of a Wikidata sitelink, or `undefined` when the sitelink is not a
 * Wikipedia language edition (Wikivoyage, Commons, ...). The sitelink's URL decides when there is one; otherwise the
 * site id.
 *
 * @example
 * wikipediaProject("dewiki", "https://de.wikipedia.org/wiki/Shanghai") // "de.wikipedia"
 * wikipediaProject("enwikivoyage", "https://en.wikivoyage.org/wiki/Shanghai") // undefined
 */
export function wikipediaProject(site: string, url?: string): string | undefined {
  if (!SITE_ID.test(site) || NOT_WIKIPEDIA.has(site)) return undefined;
  if (url !== undefined) {
    let host: string;
    try {
      host = new URL(url).hostname.toLowerCase();
    } catch {
      return undefined;
    }
    const m = WIKIPEDIA_HOST.exec(host);
    return m ? `${m[1]}.wikipedia` : undefined;
  }
  const code = site.slice(0, -"wiki".length);
  return `${IRREGULAR_HOSTS[code] ?? code.replace(/_/g, "-")}.wikipedia`;
}
