/**
 * Language subtags (ISO 639) counted as Chinese: the macrolanguage `zh` and its members, among them Mandarin
 * (`cmn`), Cantonese (`yue`), Wu (`wuu`), Min Nan (`nan`), Hakka (`hak`), Gan (`gan`), Xiang (`hsn`) and
 * Literary Chinese (`lzh`).
 */
export const CHINESE_LANGUAGES: ReadonlySet<string> = new Set([
  "zh",
  "zho",
  "chi",
  "cmn",
  "yue",
  "wuu",
  "nan",
  "hak",
  "gan",
  "hsn",
  "cdo",
  "cjy",
  "cpx",
  "czh",
  "czo",
  "mnp",
  "lzh",
]);

/**
 * True when a language tag is Chinese: its primary subtag (before `-` or `_`, case-insensitive) is in
 * {@link CHINESE_LANGUAGES}, so `zh`, `zh-CN`, `zh-Hant-TW`, `zh_TW`, `yue` and `cmn-Hans` are Chinese and `en`,
 * `ja`, `ko` are not. The words `chinese`, `中文` and `汉语` are accepted too.
 *
 * @example
 * ```ts
 * isChineseLanguage("zh-TW"); // true
 * isChineseLanguage("en-GB"); // false
 * ```
 */
export function isChineseLanguage(tag: string): boolean {
  const t = tag.trim().toLowerCase();
  if (t === "chinese" || t === "中文" || t === "汉语" || t === "漢語") return true;
  const primary = t.split(/[-_]/)[0] ?? "";
  return CHINESE_LANGUAGES.has(primary);
}
