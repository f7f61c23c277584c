/* report.html's pre-submission checklist: remembers the coordinator's ticks in this browser
   (localStorage, one key per run and item) and exports them as CSV. Inlined into the page and
   allowed by its sha256 in the Content-Security-Policy; reads only data-* attributes and sets
   only textContent, so nothing from a crawled site is ever run or parsed as HTML. Without
   JavaScript the page still shows the whole checklist. Also opens a collapsed item when a link
   (or the address) points at it. */
(function () {
  "use strict";
  /* Items that pass are collapsed (<details>): a link to one (#item-O2) opens it. */
  function openTarget() {
    var el = null;
    try { el = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { el = null; }
    if (!el) { return; }
    var box = el.querySelector("details.item-box");
    if (box && !box.open) { box.open = true; }
    for (var d = el.closest("details"); d; d = d.parentElement.closest("details")) { d.open = true; }
    el.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  if (location.hash) { openTarget(); }

  var list = document.getElementById("checklist");
  if (!list) { return; }
  var run = list.getAttribute("data-run") || "";
  var prefix = "oitcrawl:checklist:" + run + ":";
  var store = null;
  try {
    store = window.localStorage;
    store.getItem(prefix);
  } catch (e) {
    store = null; /* storage switched off: ticks work but are not kept */
  }
  var rows = Array.prototype.slice.call(list.querySelectorAll("tr[data-item]"));

  function load(item) {
    if (!store) { return null; }
    try {
      var rec = JSON.parse(store.getItem(prefix + item) || "null");
      return rec && rec.done ? rec : null;
    } catch (e) {
      return null;
    }
  }

  function save(item, rec) {
    if (!store) { return; }
    try {
      if (rec) { store.setItem(prefix + item, JSON.stringify(rec)); }
      else { store.removeItem(prefix + item); }
    } catch (e) { /* quota or private mode: keep the tick on screen only */ }
  }

  function dateText(iso, locale) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return ""; }
    return d.toLocaleDateString(locale, { day: "numeric", month: "short", year: "numeric" });
  }

  function show(row, rec) {
    var box = row.querySelector("input.tick");
    box.checked = !!rec;
    row.classList.toggle("done", !!rec);
    var th = row.querySelector(".tick-at .th");
    var en = row.querySelector(".tick-at .en");
    if (th) { th.textContent = rec ? dateText(rec.at, "th-TH") : ""; }
    if (en) { en.textContent = rec ? dateText(rec.at, "en-GB") : ""; }
  }

  function count() {
    var done = rows.filter(function (r) { return r.classList.contains("done"); }).length;
    var out = list.querySelectorAll(".tick-count");
    for (var i = 0; i < out.length; i++) { out[i].textContent = String(done); }
  }

  rows.forEach(function (row) {
    var item = row.getAttribute("data-item");
    /* a tick kept in the reviewer file (oitcrawl review --import-ticks) counts in every browser */
    var kept = row.getAttribute("data-done-at");
    show(row, load(item) || (kept ? { done: true, at: kept } : null));
    row.querySelector("input.tick").addEventListener("change", function (ev) {
      var rec = ev.target.checked ? { done: true, at: new Date().toISOString() } : null;
      save(item, rec);
      show(row, rec);
      count();
    });
  });
  count();

  function cell(value) {
    var text = String(value == null ? "" : value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; } /* no spreadsheet formulas */
    return '"' + text.replace(/"/g, '""') + '"';
  }

  var button = document.getElementById("checklist-export");
  if (button) {
    button.addEventListener("click", function () {
      var lines = [["run", "item", "title", "unit", "status", "done", "done_at"].map(cell).join(",")];
      rows.forEach(function (row) {
        var rec = load(row.getAttribute("data-item")) ||
          (row.classList.contains("done") ? { at: "" } : null);
        lines.push([run, row.getAttribute("data-item"), row.getAttribute("data-title"),
          row.getAttribute("data-unit"), row.getAttribute("data-status"),
          rec ? "yes" : "no", rec ? rec.at : ""].map(cell).join(","));
      });
      var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "checklist-" + run + ".csv";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    });
  }
  var shown = list.querySelectorAll(".js-only");
  for (var i = 0; i < shown.length; i++) { shown[i].hidden = false; }
  var nojs = list.querySelectorAll(".nojs-note");
  for (var j = 0; j < nojs.length; j++) { nojs[j].hidden = true; }
})();
