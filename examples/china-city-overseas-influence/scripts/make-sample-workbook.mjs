// Writes data/sample-exchanges.xlsx: a small workbook laid out the way analysts make them (a title row, a
// two-row header with a merged group cell, numbers stored as text, a formula, a totals row), read by the
// `xlsx` source in spec.with-sources.json. The values are illustrative.
//
//   node scripts/make-sample-workbook.mjs
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";

const out = fileURLToPath(new URL("../data/sample-exchanges.xlsx", import.meta.url));
const wb = new ExcelJS.Workbook();
wb.created = wb.modified = new Date(Date.UTC(2025, 0, 1));
const ws = wb.addWorksheet("2024");
ws.getCell("A1").value = "对外交往 Overseas exchanges, 2024 (illustrative)";
ws.mergeCells("A1:D1");
ws.getCell("A2").value = "city";
ws.mergeCells("A2:A3");
ws.getCell("B2").value = "name_zh";
ws.mergeCells("B2:B3");
ws.getCell("C2").value = "Overseas exchanges";
ws.mergeCells("C2:D2");
ws.getCell("C3").value = "sister_cities";
ws.getCell("D3").value = "consulates";
ws.getRow(4).values = ["beijing", "北京", 56, "66"];
ws.getRow(5).values = ["shanghai", "上海", "９３", 77];
ws.getRow(6).values = ["chengdu", "成都", 39, { formula: "20+1", result: 21 }];
ws.getRow(7).values = ["chongqing", "重庆", 52, "NA"];
ws.getRow(8).values = [
  null,
  "合计 Total",
  { formula: "SUM(C4:C7)", result: 240 },
  { formula: "SUM(D4:D7)", result: 164 },
];
await wb.xlsx.writeFile(out);
console.log(`wrote ${out}`);
