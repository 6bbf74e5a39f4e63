// Measures a rendered report page in the browser and writes the findings into the DOM as JSON,
// for tests/test_html_browser.py (chromium --headless --dump-dom). Runs after layout.
(function () {
  const out = {viewport: document.documentElement.clientWidth};
  out.pageScrolls = document.documentElement.scrollWidth > document.documentElement.clientWidth + 1;
  const tables = [...document.querySelectorAll("table")];
  out.scrolling = tables.filter(t => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1).map(t => t.id);
  // Text that does not fit its cell, and text boxes of different cells that intersect.
  out.overflowing = [];
  out.overlaps = [];
  for (const t of tables) {
    const boxes = [];
    [...t.querySelectorAll("th,td")].forEach((cell, i) => {
      if (cell.scrollWidth > cell.clientWidth + 1) out.overflowing.push(t.id + ": " + cell.textContent);
      const range = document.createRange();
      range.selectNodeContents(cell);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) boxes.push([i, r, cell.textContent]);
    });
    for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
      const [i, r, x] = boxes[a], [j, s, y] = boxes[b];
      if (i !== j && r.left < s.right - 0.5 && s.left < r.right - 0.5 && r.top < s.bottom - 0.5 && s.top < r.bottom - 0.5)
        out.overlaps.push(t.id + ": " + x + " / " + y);
    }
  }
  // Widths of table A's column headers (its blocks have 3 or 2 data columns on one grid).
  out.widthsA = [...document.querySelectorAll("#ds-proactive-table th[scope=col]")].map(th =>
    [th.textContent, th.getBoundingClientRect().width]);
  // Table B scrolled to its right end: its row labels must still be inside the visible box.
  const b = document.getElementById("ds-applications-table");
  const box = b.parentElement;
  box.scrollLeft = box.scrollWidth;
  const edge = box.getBoundingClientRect();
  out.scrolledBy = box.scrollLeft;
  out.labelsHidden = [...b.querySelectorAll("tbody th")].filter(th => {
    const r = th.getBoundingClientRect();
    return r.left < edge.left - 1 || r.right > edge.right + 1;
  }).map(th => th.textContent);
  // What a screen reader announces for each number: its headers, resolved by id in the live DOM.
  out.announced = [...b.querySelectorAll("td[headers]")].map(td =>
    td.getAttribute("headers").split(" ").map(id => {
      const h = document.getElementById(id);
      return h ? h.tagName + ":" + h.textContent : "MISSING:" + id;
    }));
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  (window.parent === window ? document : window.parent.document).body.appendChild(pre);
})();
