/**
 * The report's only script, inlined and allowed by its hash in the page's Content-Security-Policy: the language
 * switch, sorting the ranking table by a clicked heading, filtering it by the search box, and choosing a profile.
 * It reads nothing from the network and writes nothing but the page.
 */
export const REPORT_SCRIPT = `(function () {
  "use strict";
  var root = document.documentElement;
  var data = JSON.parse(document.getElementById("cityindex-data").textContent);
  function all(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }

  function setLang(lang) {
    root.setAttribute("data-lang", lang);
    root.setAttribute("lang", lang);
    if (data.titles && data.titles[lang]) document.title = data.titles[lang];
    all("[data-set-lang]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-set-lang") === lang));
    });
    all("[data-text-" + lang + "]").forEach(function (el) { el.textContent = el.getAttribute("data-text-" + lang); });
    all("[data-placeholder-" + lang + "]").forEach(function (el) {
      el.setAttribute("placeholder", el.getAttribute("data-placeholder-" + lang));
    });
  }
  all("[data-set-lang]").forEach(function (b) {
    b.addEventListener("click", function () { setLang(b.getAttribute("data-set-lang")); });
  });

  var table = document.getElementById("ranking-table");
  if (table) {
    var body = table.tBodies[0];
    var heads = all("th[data-col]", table);
    heads.forEach(function (th) {
      th.addEventListener("click", function () {
        var col = Number(th.getAttribute("data-col"));
        var numeric = th.getAttribute("data-type") === "number";
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var sign = dir === "ascending" ? 1 : -1;
        var rows = all("tr[data-row]", body);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-v"), y = b.cells[col].getAttribute("data-v");
          if (numeric) {
            var nx = x === "" ? NaN : Number(x), ny = y === "" ? NaN : Number(y);
            if (isNaN(nx) || isNaN(ny)) return isNaN(nx) === isNaN(ny) ? 0 : isNaN(nx) ? 1 : -1;
            return (nx - ny) * sign;
          }
          return (x < y ? -1 : x > y ? 1 : 0) * sign;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        var none = document.getElementById("no-match");
        if (none) body.appendChild(none);
      });
    });
  }

  var search = document.getElementById("search");
  if (search && table) {
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      var shown = 0;
      all("tr[data-row]", table).forEach(function (r) {
        var hit = q === "" || r.getAttribute("data-search").indexOf(q) >= 0;
        r.hidden = !hit;
        if (hit) shown++;
      });
      var none = document.getElementById("no-match");
      if (none) none.hidden = shown > 0;
    });
  }

  var select = document.getElementById("profile-select");
  function showProfile(id) {
    all("article.profile").forEach(function (p) { p.hidden = p.id !== id; });
    if (select) select.value = id;
  }
  if (select) select.addEventListener("change", function () { showProfile(select.value); });
  all("[data-profile]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      showProfile(a.getAttribute("data-profile"));
      document.getElementById("profiles").scrollIntoView();
    });
  });

  setLang(root.getAttribute("data-lang"));
})();
`;
