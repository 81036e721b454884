(function () {
  "use strict";
  var table = document.getElementById("vendors");
  var form = document.getElementById("controls");
  if (!table || !form) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var q = document.getElementById("f-q"), tier = document.getElementById("f-tier"),
      status = document.getElementById("f-status"), band = document.getElementById("f-band"),
      errs = document.getElementById("f-errors"), shown = document.getElementById("shown");
  var state = { sort: -1, dir: 1 };
  function key(row, i) {
    var c = row.cells[i], v = c ? c.getAttribute("data-v") : "";
    if (v === null) v = c.textContent.trim();
    return /^-?[0-9]+(\.[0-9]+)?$/.test(v) ? parseFloat(v) : v.toLowerCase();
  }
  function sort(i, dir) {
    state.sort = i; state.dir = dir;
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a, i), y = key(b, i);
      if (x === y) return 0;
      if (x === "") return 1;
      if (y === "") return -1;
      if (typeof x !== typeof y) return typeof x === "number" ? -1 : 1;
      return (x < y ? -1 : 1) * dir;
    });
    sorted.forEach(function (r) { body.appendChild(r); });
    heads.forEach(function (h, j) {
      h.setAttribute("aria-sort", j === i ? (dir > 0 ? "ascending" : "descending") : "none");
    });
  }
  function filter() {
    var text = q.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (r) {
      var ok = (!text || r.textContent.toLowerCase().indexOf(text) >= 0) &&
        (!tier.value || r.getAttribute("data-tier") === tier.value) &&
        (!status.value || r.getAttribute("data-status") === status.value) &&
        (!band.value || r.getAttribute("data-band") === band.value) &&
        (!errs.checked || r.getAttribute("data-errors") !== "0");
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + " of " + rows.length + " shown";
  }
  function save() {
    var p = [];
    if (q.value) p.push("q=" + encodeURIComponent(q.value));
    if (tier.value) p.push("tier=" + encodeURIComponent(tier.value));
    if (status.value) p.push("status=" + encodeURIComponent(status.value));
    if (band.value) p.push("band=" + encodeURIComponent(band.value));
    if (errs.checked) p.push("errors=1");
    if (state.sort >= 0) p.push("sort=" + heads[state.sort].getAttribute("data-col") + "&dir=" + (state.dir > 0 ? "asc" : "desc"));
    try { history.replaceState(null, "", "#" + p.join("&")); } catch (e) { /* file: pages may refuse */ }
  }
  function load() {
    var h = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) h[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
    });
    q.value = h.q || ""; tier.value = h.tier || ""; status.value = h.status || "";
    band.value = h.band || ""; errs.checked = h.errors === "1";
    heads.forEach(function (th, i) {
      if (h.sort && th.getAttribute("data-col") === h.sort) sort(i, h.dir === "desc" ? -1 : 1);
    });
    filter();
  }
  heads.forEach(function (th, i) {
    var b = th.querySelector("button");
    if (!b) return;
    b.addEventListener("click", function () {
      sort(i, state.sort === i ? -state.dir : (th.getAttribute("data-first") === "desc" ? -1 : 1));
      save();
    });
  });
  [q, tier, status, band, errs].forEach(function (el) {
    el.addEventListener("input", function () { filter(); save(); });
    el.addEventListener("change", function () { filter(); save(); });
  });
  form.hidden = false;
  table.classList.add("sortable");
  load();
  var top = Math.round(table.getBoundingClientRect().top);
  document.documentElement.setAttribute("data-table-top", String(top));
})();
