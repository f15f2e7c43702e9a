// The browser test of `yusuan serve` (run by scripts/test-browser): Debian's headless
// Chromium, driven by playwright-core, uploads documents through the page's file input and
// checks what a researcher would look at: the table as printed (merged header cells), the
// failed check highlighted on its cell, the CLI's error for a file that is not a PDF, and
// the workbook download, opened with Python's zipfile. Leaves a screenshot in OUT_DIR.
//
// usage: node serve.test.mjs YUSUAN_BINARY OUT_DIR
import { spawn, spawnSync, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const [bin, outDir] = process.argv.slice(2);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
fs.mkdirSync(outDir, { recursive: true });
let passed = 0;
const results = [];
async function step(name, fn) {
  await fn();
  passed += 1;
  results.push(name);
  console.log(`ok - ${name}`);
}

// The reference document with one figure changed (table 3, line 208 05 01: 合计 85.43 while
// its parts add up to 84.43), so its row and column sums fail; as tests/integration/summary.rs.
const reference = fs.readFileSync(path.join(root, "samples/lingbao-gxj-2025.txt"), "utf8");
const from = "\t84.43\t84.43\t\t84.43";
assert.ok(reference.includes(from), "the reference document changed; pick another figure");
const changed = path.join(outDir, "lingbao-changed.txt");
fs.writeFileSync(changed, reference.replace(from, "\t85.43\t84.43\t\t84.43"));
const html = path.join(root, "tests/fixtures/bad/html-saved-as.pdf");
const pdf = path.join(root, "samples/pdf/lingbao-ruled-ttf.pdf");

const server = spawn(bin, ["serve", "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
const addr = await new Promise((resolve, reject) => {
  let seen = "";
  const timer = setTimeout(() => reject(new Error(`no address from yusuan serve: ${seen}`)), 30000);
  server.stderr.on("data", (d) => {
    seen += d;
    const m = seen.match(/http:\/\/(127\.0\.0\.1:\d+)\//);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on("exit", (code) => reject(new Error(`yusuan serve exited (${code}): ${seen}`)));
});

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "yusuan-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(120000);
  await page.goto(`http://${addr}/`);

  await step("the page loads with its drop zone", async () => {
    assert.match(await page.locator("#drop").innerText(), /PDF/);
  });

  // Last uploaded is shown first: the changed text ends on top, for the screenshot.
  await page.setInputFiles("#files", [html, pdf, changed]);
  const card = page.locator("section.document", { has: page.locator("h2", { hasText: "lingbao-changed.txt" }) });
  await card.waitFor();
  await page.locator("#status", { hasText: "done" }).waitFor();

  await step("a table is drawn as printed, merged header cells as colspan/rowspan", async () => {
    const t3 = card.locator('details[data-sheet="03 支出总表"] table.grid');
    await t3.waitFor();
    const code = t3.locator("thead th", { hasText: "科目编码" });
    assert.equal(await code.getAttribute("colspan"), "3");
    assert.equal(await code.getAttribute("rowspan"), "3");
    assert.equal(await t3.locator("thead tr").count(), 3);
    assert.equal(await t3.locator("tbody tr").count(), 10);
    const basic = t3.locator("thead th", { hasText: /^基本支出$/ });
    assert.equal(await basic.getAttribute("colspan"), "5");
  });

  await step("the failed check is highlighted on the cell it names", async () => {
    assert.match(await card.locator("p.checks.bad").innerText(), /项不通过/);
    const cell = card.locator('details[data-sheet="03 支出总表"] td.failed', { hasText: "85.43" });
    assert.equal(await cell.count(), 1);
    assert.match(await cell.getAttribute("title"), /t03\.row_sum\.total/);
    const bg = await cell.evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.equal(bg, "rgb(255, 199, 206)");
    // The failed check's link leads to its row.
    const link = card.locator("ul.failed a", { hasText: "t03.row_sum.total" }).first();
    const target = await link.getAttribute("href");
    assert.equal(await page.locator(target).locator("td.failed", { hasText: "85.43" }).count(), 1);
    // The 合计 row's column sum fails too, on its 合计 cell.
    assert.ok(await card.locator('details[data-sheet="03 支出总表"] td.failed', { hasText: "876.00" }).count() >= 1);
  });

  await step("a PDF sample comes out with its twelve tables and page numbers", async () => {
    const pdfCard = page.locator("section.document", { has: page.locator("h2", { hasText: "lingbao-ruled-ttf.pdf" }) });
    assert.equal(await pdfCard.locator("details").count(), 12);
    assert.match(await pdfCard.locator("details summary").first().innerText(), /第 \d/);
    // Each table shows its printed source as yusuan inspect draws it, beside the grid.
    assert.ok(await pdfCard.locator("div.source img").count() >= 12);
    const src = await pdfCard.locator("div.source img").first().getAttribute("src");
    assert.match(decodeURIComponent(src), /^data:image\/svg\+xml;charset=utf-8,<svg/);
  });

  await step("a file that is not a PDF gets the CLI's error", async () => {
    const errCard = page.locator("section.document", { has: page.locator("h2", { hasText: "html-saved-as.pdf" }) });
    const shown = await errCard.locator("p.error").innerText();
    assert.match(shown, /not a PDF/);
    // The CLI exits 1 for it and still prints its JSON answer.
    const cli = spawnSync(bin, ["extract", html, "--quiet"], { encoding: "utf8" });
    assert.equal(cli.status, 1);
    const message = JSON.parse(cli.stdout).error.message;
    assert.equal(shown.replace("html-saved-as.pdf", "X"), message.replace(html, "X"));
  });

  await step("the workbook downloads and opens", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      card.locator('a[data-kind="Excel 工作簿"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), "lingbao-changed.xlsx");
    const saved = path.join(outDir, "downloaded.xlsx");
    await download.saveAs(saved);
    const script = [
      "import sys, zipfile, re",
      "z = zipfile.ZipFile(sys.argv[1])",
      "book = z.read('xl/workbook.xml').decode()",
      "print('\\n'.join(re.findall(r'<sheet name=\"([^\"]+)\"', book)))",
      "strings = z.read('xl/sharedStrings.xml').decode()",
      "assert '不通过' in strings and '2025年部门支出总体情况表' in strings",
    ].join("\n");
    const sheets = execFileSync("python3", ["-c", script, saved], { encoding: "utf8" }).trim().split("\n");
    assert.equal(sheets.length, 14, sheets.join(","));
    assert.equal(sheets[0], "01 收支总表");
    assert.deepEqual(sheets.slice(-2), ["检查", "说明"]);
  });

  // The README's picture: the changed document's failed checks and table 3 with its cell.
  await page.evaluate(() => {
    const top = document.querySelector("section.document");
    top.querySelectorAll("details").forEach((d) => { d.open = d.dataset.sheet === "03 支出总表"; });
  });
  await page.screenshot({ path: path.join(outDir, "serve.jpg"), type: "jpeg", quality: 70, fullPage: false });
  await page.screenshot({ path: path.join(outDir, "serve.png"), fullPage: false });
} finally {
  await context.close();
  server.kill();
  fs.rmSync(profile, { recursive: true, force: true });
}
// The summary line scripts/test adds up, in cargo's words.
console.log(`test result: ok. ${passed} passed; 0 failed; 0 ignored (browser)`);
