"""The page's style sheet and scripts, inlined so that the report needs nothing from the network.

``ERROR_RECORDER`` runs first and writes every error of the page into ``data-errors`` on the
root element; ``TABLE_SCRIPT`` makes tables sortable and filterable, then marks the body with
``data-tables-ok`` (tables set up) and, once the page has loaded, ``data-charts`` and
``data-charts-ok`` (figures present, figures decoded) so that a headless browser can check the
page by its DOM alone."""

from __future__ import annotations

from typing import Final

from analyzer.report.figures import PALETTE, THREAD_LEGEND_AUTHORS

MAX_INDENT: Final = 16
"""Reply-tree depth beyond which indentation stops growing (the depth is still printed)."""

_AUTHOR_COLORS = "\n".join(
    f".a{index} {{ background: {color}; }}"
    for index, color in enumerate(PALETTE[:THREAD_LEGEND_AUTHORS])
)
_INDENTS = "\n".join(
    f".tree .d{depth} {{ margin-left: {depth * 1.4:.1f}em; }}" for depth in range(MAX_INDENT + 1)
)

STYLE: Final = (
    """
:root { --ink: #1a202c; --muted: #4a5568; --line: #e2e8f0; --accent: #2b6cb0; --bg: #ffffff; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--bg);
       font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       sans-serif; }
header.top { background: #1a365d; color: #fff; padding: 1.4em 2em 0.6em; }
header.top h1 { margin: 0 0 0.2em; font-size: 1.8em; }
header.top p { margin: 0.2em 0; max-width: 70em; }
header.top .meta { color: #cbd5e0; }
nav { position: sticky; top: 0; z-index: 2; background: #2a4365; padding: 0.4em 2em; }
nav a { color: #fff; margin-right: 1.4em; text-decoration: none; font-weight: 600; }
nav a:hover { text-decoration: underline; }
main { padding: 0 2em 3em; max-width: 1200px; }
section { border-bottom: 1px solid var(--line); padding: 1em 0 1.5em; }
h2 { font-size: 1.45em; margin: 0.6em 0 0.4em; }
h3 { font-size: 1.15em; margin: 1.4em 0 0.3em; }
.cards { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 1em 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 0.6em 1em; min-width: 9em; }
.card b { display: block; font-size: 1.5em; }
.card span { color: var(--muted); font-size: 0.9em; }
figure { margin: 1em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption, .note { color: var(--muted); font-size: 0.9em; }
.table-block { margin: 1em 0 1.6em; }
.table-tools { display: flex; align-items: center; gap: 1em; margin-bottom: 0.3em; }
.table-tools input { padding: 0.3em 0.6em; width: 22em; max-width: 60%;
                     border: 1px solid #cbd5e0; border-radius: 4px; font: inherit; }
.count { color: var(--muted); font-size: 0.9em; }
.table-scroll { max-height: 32em; overflow: auto; border: 1px solid var(--line); }
table.data { border-collapse: collapse; width: 100%; font-size: 0.9em; }
table.data caption { text-align: left; font-weight: 600; padding: 0.4em 0.6em; }
table.data th { position: sticky; top: 0; background: #edf2f7; text-align: left; padding: 0; }
table.data th button { all: unset; cursor: pointer; display: block; padding: 0.35em 0.6em;
                       font-weight: 600; white-space: nowrap; }
table.data th[aria-sort="ascending"] button::after { content: " \\25B2"; }
table.data th[aria-sort="descending"] button::after { content: " \\25BC"; }
table.data td { padding: 0.3em 0.6em; border-top: 1px solid var(--line); vertical-align: top; }
table.data td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.data th[data-type="num"] button { text-align: right; }
table.data td.d { white-space: nowrap; }
table.data tbody tr:hover { background: #f7fafc; }
article.thread { margin: 1.5em 0 2.5em; }
.thread-meta { color: var(--muted); margin: 0.2em 0; }
ol.tree { list-style: none; padding: 0; margin: 0.6em 0; }
.tree li { border-left: 2px solid var(--line); padding: 0.25em 0 0.25em 0.7em; margin-top: 2px; }
.tree .who { font-weight: 600; }
.tree time, .tree .facts { color: var(--muted); font-size: 0.88em; }
.tree .snippet { margin: 0.1em 0 0; }
.tree details summary { cursor: pointer; }
.tree .text { white-space: pre-wrap; background: #f7fafc; border: 1px solid var(--line);
              padding: 0.6em; margin: 0.3em 0; font-size: 0.92em; overflow-wrap: anywhere; }
.dot { display: inline-block; width: 0.75em; height: 0.75em; border-radius: 50%;
       margin-right: 0.35em; background: #a0aec0; vertical-align: baseline; }
footer { color: var(--muted); font-size: 0.85em; padding: 1em 2em 2em; }
"""
    + _AUTHOR_COLORS
    + "\n"
    + _INDENTS
    + "\n"
)

ERROR_RECORDER: Final = """
(function () {
  "use strict";
  var root = document.documentElement;
  function record(text) {
    var previous = root.getAttribute("data-errors");
    root.setAttribute("data-errors", (previous ? previous + " | " : "") + text);
  }
  window.addEventListener("error", function (event) {
    var target = event.target;
    if (target && target !== window && target.tagName) {
      record("could not load a " + target.tagName.toLowerCase());
    } else {
      record(String(event.message));
    }
  }, true);
  window.addEventListener("unhandledrejection", function (event) {
    record("unhandled rejection: " + String(event.reason));
  });
  document.addEventListener("securitypolicyviolation", function (event) {
    record("blocked by the content security policy: " + event.violatedDirective);
  });
})();
"""

TABLE_SCRIPT: Final = """
(function () {
  "use strict";
  var body = document.body;
  function numberOf(cell) {
    var value = parseFloat(cell.getAttribute("data-v"));
    return isNaN(value) ? -Infinity : value;
  }
  function textOf(cell) {
    var value = cell.getAttribute("data-v");
    return (value !== null ? value : cell.textContent).toLowerCase();
  }
  function setUp(block) {
    var table = block.querySelector("table.data");
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var input = block.querySelector("input[type=search]");
    var count = block.querySelector(".count");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    function showCount() {
      var shown = rows.filter(function (row) { return !row.hidden; }).length;
      var noun = rows.length === 1 ? " row" : " rows";
      count.textContent = shown === rows.length
        ? rows.length + noun : shown + " of " + rows.length + noun;
    }
    headers.forEach(function (header, index) {
      header.querySelector("button").addEventListener("click", function () {
        var numeric = header.getAttribute("data-type") === "num";
        var current = header.getAttribute("aria-sort");
        var ascending = current ? current === "descending" : !numeric;
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var sorted = rows.slice().sort(function (a, b) {
          var x = a.cells[index], y = b.cells[index];
          var order = numeric ? numberOf(x) - numberOf(y) : textOf(x).localeCompare(textOf(y));
          return ascending ? order : -order;
        });
        sorted.forEach(function (row) { tbody.appendChild(row); });
      });
    });
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
      });
      showCount();
    });
    showCount();
  }
  var blocks = Array.prototype.slice.call(document.querySelectorAll(".table-block"));
  blocks.forEach(setUp);
  body.setAttribute("data-tables-ok", String(blocks.length));
  function checkCharts() {
    var images = Array.prototype.slice.call(document.querySelectorAll("img.chart"));
    var drawn = images.filter(function (image) {
      return image.complete && image.naturalWidth > 0;
    }).length;
    body.setAttribute("data-charts", String(images.length));
    body.setAttribute("data-charts-ok", String(drawn));
  }
  if (document.readyState === "complete") {
    checkCharts();
  } else {
    window.addEventListener("load", checkCharts);
  }
})();
"""
