import { describe, expect, it } from "vitest";
import { decodeCsvBytes } from "../src/decode.js";

// GB18030 bytes of 成都 (B3C9 B6BC), 重庆 (D6D8 C7EC), 航班 (BABD B0E0), and the four-byte 𠀀 (95 32 82 36).
const CHENGDU = [0xb3, 0xc9, 0xb6, 0xbc];
const CHONGQING = [0xd6, 0xd8, 0xc7, 0xec];
const FLIGHTS = [0xba, 0xbd, 0xb0, 0xe0];
const ascii = (s: string) => [...Buffer.from(s, "latin1")];

describe("decodeCsvBytes", () => {
  it("reads UTF-8 and strips its byte order mark", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("unit\n成都\n")]);
    expect(decodeCsvBytes(bytes, "auto")).toEqual({ text: "unit\n成都\n", encoding: "utf-8", bom: true });
    expect(decodeCsvBytes(bytes, "utf-8")).toEqual({ text: "unit\n成都\n", encoding: "utf-8", bom: true });
  });

  it("falls back to GB18030 when the bytes are not UTF-8", () => {
    const bytes = new Uint8Array([
      ...ascii("unit,"),
      ...FLIGHTS,
      0x0a,
      ...CHENGDU,
      ...ascii(",1\n"),
      ...CHONGQING,
    ]);
    expect(decodeCsvBytes(bytes, "auto")).toEqual({
      text: "unit,航班\n成都,1\n重庆",
      encoding: "gb18030",
      bom: false,
    });
    expect(decodeCsvBytes(bytes, "gb18030").text).toBe("unit,航班\n成都,1\n重庆");
    expect(decodeCsvBytes(new Uint8Array([0x95, 0x32, 0x82, 0x36]), "gb18030").text).toBe("𠀀");
  });

  it("strips the GB18030 byte order mark", () => {
    const bytes = new Uint8Array([0x84, 0x31, 0x95, 0x33, ...CHENGDU]);
    expect(decodeCsvBytes(bytes, "gb18030")).toEqual({ text: "成都", encoding: "gb18030", bom: true });
  });

  it("reads UTF-16 with a byte order mark in auto mode", () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from("unit\t成都\n", "utf16le")]);
    expect(decodeCsvBytes(le, "auto")).toEqual({ text: "unit\t成都\n", encoding: "utf-16le", bom: true });
    const be = Buffer.from("unit\n", "utf16le").swap16();
    expect(decodeCsvBytes(new Uint8Array([0xfe, 0xff, ...be]), "auto").text).toBe("unit\n");
  });

  it("says on which line bytes are not valid in the chosen encoding", () => {
    const gbk = new Uint8Array([...ascii("unit\r\nx\r\n"), ...CHENGDU, 0x0a]);
    const asUtf8 = decodeCsvBytes(gbk, "utf-8");
    expect(asUtf8.invalidLine).toBe(3);
    // B3 is a stray continuation byte; C9 B6 happens to be UTF-8 for ɶ; BC is stray again.
    expect(asUtf8.text).toBe("unit\r\nx\r\n\uFFFDɶ\uFFFD\n");
    // 0xFF is a lead byte in neither encoding.
    const neither = decodeCsvBytes(new Uint8Array([...ascii("a\nb\n"), 0xff, 0x0a]), "auto");
    expect(neither).toMatchObject({ encoding: "gb18030", invalidLine: 3 });
  });
});
