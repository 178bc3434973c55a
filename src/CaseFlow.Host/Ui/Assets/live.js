// Live figures without reloading the page: every element with data-live-src re-reads its JSON every few seconds
// and writes each field into the child marked data-live-field. Written for CaseFlow; no framework, no network beyond
// the Host itself.
(function () {
  "use strict";
  function start(root) {
    var src = root.getAttribute("data-live-src");
    var seconds = parseInt(root.getAttribute("data-live-seconds") || "5", 10);
    var stale = root.querySelector("[data-live-stale]");
    function show(figures) {
      root.querySelectorAll("[data-live-field]").forEach(function (el) {
        var value = figures[el.getAttribute("data-live-field")];
        if (value !== undefined && String(value) !== el.textContent) {
          el.textContent = String(value);
        }
      });
      if (stale) { stale.hidden = true; }
    }
    function tick() {
      if (document.hidden) { return; }
      fetch(src, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store", redirect: "error" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(show)
        .catch(function () { if (stale) { stale.hidden = false; } });
    }
    window.setInterval(tick, seconds * 1000);
  }
  document.querySelectorAll("[data-live-src]").forEach(start);
})();
