// Draws what the server extracted; every text goes in through textContent, never as HTML.
"use strict";

const MAX_FILES = Number(document.body.dataset.maxFiles) || 20;
const MAX_UPLOAD = Number(document.body.dataset.maxUpload) || 64 * 1048576;
const drop = document.getElementById("drop");
const input = document.getElementById("files");
const statusLine = document.getElementById("status");
const documents = document.getElementById("documents");

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(typeof c === "string" || typeof c === "number" ? String(c) : c);
  }
  return node;
}

function mib(n) { return (n / 1048576).toFixed(1) + " MiB"; }

drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  handle(Array.from(e.dataTransfer.files));
});
input.addEventListener("change", () => { handle(Array.from(input.files)); input.value = ""; });

async function handle(files) {
  if (files.length === 0) return;
  if (files.length > MAX_FILES) {
    statusLine.textContent = `${files.length} files dropped; this page takes at most ${MAX_FILES} at a time. ` +
      `Drop them in smaller groups, or convert a folder with: yusuan extract DIR -o out/ --xlsx`;
    return;
  }
  let n = 0;
  for (const file of files) {
    n += 1;
    statusLine.textContent = `extracting ${file.name} (${n} of ${files.length}) …`;
    if (file.size > MAX_UPLOAD) {
      showError(file.name, `${file.name} is ${mib(file.size)}; this page takes files up to ${mib(MAX_UPLOAD)}. ` +
        "Start it with `yusuan serve --max-upload-mb N`, or use `yusuan extract`.");
      continue;
    }
    try {
      const response = await fetch("/api/extract?name=" + encodeURIComponent(file.name), {
        method: "POST", body: file, headers: { "Content-Type": "application/octet-stream" },
      });
      const answer = await response.json();
      if (!response.ok) { showError(file.name, answer.error || response.statusText); continue; }
      showDocument(answer);
    } catch (err) {
      showError(file.name, `could not reach yusuan serve: ${err}`);
    }
  }
  statusLine.textContent = `${files.length} file(s) done.`;
}

function showError(name, message) {
  const card = el("section", { class: "document" }, el("h2", {}, name), el("p", { class: "error" }, message));
  documents.prepend(card);
}

let docCount = 0;

function download(label, name, blob) {
  return el("a", { href: URL.createObjectURL(blob), download: name, "data-kind": label }, label);
}

function showDocument(answer) {
  const v = answer.view;
  const id = "d" + (docCount += 1);
  const stem = v.file.replace(/\.[^.]*$/, "") || "document";
  const card = el("section", { class: "document", id });
  card.append(el("h2", {}, v.file + (v.title ? " — " + v.title : "")));
  const meta = [v.department, v.year, v.kind, v.unit && "单位：" + v.unit, v.pages && v.pages + " 页"].filter(Boolean);
  card.append(el("p", { class: "meta" }, meta.join(" · ")));
  if (v.error) {
    card.append(el("p", { class: "error" }, v.error.message));
  }
  const bytes = Uint8Array.from(atob(answer.xlsx), (c) => c.charCodeAt(0));
  card.append(el("p", { class: "downloads" },
    download("Excel 工作簿", stem + ".xlsx", new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })),
    download("JSON", stem + ".json", new Blob([answer.json], { type: "application/json" })),
    download("CSV", stem + ".csv", new Blob([answer.csv], { type: "text/csv" }))));
  if (!v.error) {
    const failedCount = v.failed.length;
    card.append(el("p", { class: "checks " + (failedCount ? "bad" : "ok") },
      failedCount ? `${v.checks} 项检查，${failedCount} 项不通过` : `${v.checks} 项检查，全部通过`));
    if (failedCount) {
      const list = el("ul", { class: "failed" });
      for (const f of v.failed) {
        const where = f.table !== null && f.row !== null ? `#${id}-t${f.table}-r${f.row}` : null;
        const sheet = f.table !== null ? v.tables[f.table].sheet + (f.row !== null ? ` 第 ${f.row + 1} 行` : "") + "：" : "";
        list.append(el("li", {}, where ? el("a", { href: where }, sheet + f.rule) : f.rule, " — " + f.detail));
      }
      card.append(list);
    }
    const warnings = el("ul", { class: "warnings" });
    for (const w of v.warnings) {
      warnings.append(el("li", {}, `${w.code}${w.page ? "（第 " + w.page + " 页）" : ""}：${w.message}`));
    }
    card.append(el("p", { class: "meta" }, v.warnings.length ? `警告 ${v.warnings.length} 条：` : "没有警告"));
    if (v.warnings.length) card.append(warnings);
  }
  v.tables.forEach((t, i) => card.append(drawTable(id, t, i, v.failed, (answer.sources || [])[i] || [])));
  documents.prepend(card);
}

function drawTable(id, t, index, failed, sources) {
  const box = el("details", { open: true, id: `${id}-t${index}`, "data-sheet": t.sheet });
  box.append(el("summary", {}, `${t.sheet} · ${t.title} · ${t.rows.length} 行` + (t.pages ? ` · ${t.pages}` : "")));
  box.append(el("div", { class: "tableinfo" },
    el("span", {}, t.org ? "单位名称：" + t.org : ""), el("span", {}, t.unit ? "单位：" + t.unit : "")));
  const grid = el("table", { class: "grid" });
  const head = el("thead");
  for (let r = 0; r < t.header_rows; r += 1) {
    const tr = el("tr");
    for (const c of t.header.filter((h) => h.row === r)) {
      tr.append(el("th", { rowspan: c.rows > 1 ? c.rows : null, colspan: c.cols > 1 ? c.cols : null }, c.text));
    }
    head.append(tr);
  }
  grid.append(head);
  const marks = new Map();
  for (const f of failed) {
    if (f.table !== index || f.row === null) continue;
    if (!marks.has(f.row)) marks.set(f.row, []);
    marks.get(f.row).push(f);
  }
  const body = el("tbody");
  t.rows.forEach((row, r) => {
    const mine = marks.get(r) || [];
    const tr = el("tr", { id: `${id}-t${index}-r${r}`, class: mine.length ? "failed-row" : null });
    const wholeRow = mine.some((f) => f.col === null);
    row.forEach((text, c) => {
      const hits = mine.filter((f) => f.col === c || (wholeRow && f.col === null && t.amounts[c] && text !== ""));
      const cls = [t.amounts[c] ? "num" : null, hits.length ? "failed" : null].filter(Boolean).join(" ");
      tr.append(el("td", { class: cls || null, title: hits.length ? hits.map((f) => f.rule + ": " + f.detail).join("\n") : null }, text));
    });
    body.append(tr);
  });
  grid.append(body);
  box.append(el("div", { class: "scroll" }, grid));
  if (t.notes.length) box.append(el("p", { class: "notes" }, t.notes.join(" ")));
  if (sources.length) {
    // The printed page as yusuan read it (`yusuan inspect --svg`), as images: an SVG in an
    // <img> runs no script, whatever text the PDF holds.
    const source = el("div", { class: "source" }, el("p", { class: "meta" }, "原页面（yusuan inspect：字形、表格线、单元格）"));
    for (const svg of sources) {
      source.append(el("img", { src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg), alt: "source page" }));
    }
    box.append(source);
  }
  return box;
}
