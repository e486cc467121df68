/**
 * Sets the modification time of every file in a zip archive (an `.xlsx` workbook is one) to `date`, in place,
 * so the same workbook gives the same bytes whenever it is written. Rewrites the DOS time and date of each
 * central directory record and of the local header it points to; the content is not touched. Returns the
 * bytes; throws when they are not a zip archive this function understands (no ZIP64, no archive comment).
 */
export function setZipDates(zip: Uint8Array, date: Date): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  if (end < 0 || view.getUint32(end, true) !== 0x06054b50) {
    throw new Error("setZipDates: no end of central directory record at the end of the archive");
  }
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const time =
    (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  for (let i = 0; i < entries; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) {
      throw new Error(`setZipDates: central directory record ${i} is malformed`);
    }
    view.setUint16(at + 12, time, true);
    view.setUint16(at + 14, day, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) {
      throw new Error(`setZipDates: local header of record ${i} is malformed`);
    }
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, day, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return zip;
}
