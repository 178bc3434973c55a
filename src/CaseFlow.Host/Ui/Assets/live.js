// Live figures without reloading the page. Every element with data-live-src holds figures (children marked
// data-live-field) and, with data-live-stream, a list of the newest alerts. New alerts arrive as server-sent events
// (EventSource): each is added to the list and the figures are re-read once. Without EventSource, or when the server
// refuses the stream, the figures are re-read every few seconds instead. Written for CaseFlow; no framework, no
// network beyond the Host itself.
(function () {
  "use strict";
  function start(root) {
    var src = root.getAttribute("data-live-src");
    var seconds = parseInt(root.getAttribute("data-live-seconds") || "5", 10);
    var streamUrl = root.getAttribute("data-live-stream");
    var max = parseInt(root.getAttribute("data-live-max") || "10", 10);
    var kinds = JSON.parse(root.getAttribute("data-live-kinds") || "{}");
    var stale = root.querySelector("[data-live-stale]");
    var list = root.querySelector("[data-live-list]");
    var empty = root.querySelector("[data-live-empty]");
    var mode = root.querySelector("[data-live-mode]");
    var pollTimer = null;
    var refreshQueued = false;

    function show(figures) {
      root.querySelectorAll("[data-live-field]").forEach(function (el) {
        var value = figures[el.getAttribute("data-live-field")];
        if (value !== undefined && String(value) !== el.textContent) {
          el.textContent = String(value);
        }
      });
      if (stale) { stale.hidden = true; }
    }

    function refresh() {
      fetch(src, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store", redirect: "error" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(show)
        .catch(function () { if (stale) { stale.hidden = false; } });
    }

    // A burst of alerts costs one read of the figures, not one per alert.
    function refreshSoon() {
      if (refreshQueued) { return; }
      refreshQueued = true;
      window.setTimeout(function () { refreshQueued = false; refresh(); }, 200);
    }

    function poll() {
      if (pollTimer !== null) { return; }
      root.setAttribute("data-live-mode-active", "poll");
      if (mode) { mode.title = root.getAttribute("data-live-poll-title") || ""; }
      pollTimer = window.setInterval(function () { if (!document.hidden) { refresh(); } }, seconds * 1000);
    }

    // The center's time (UTC+8, no daylight saving), as the server writes it: yyyy-MM-dd HH:mm.
    function localTime(iso) {
      var at = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
      return isNaN(at.getTime()) ? "" : at.toISOString().slice(0, 16).replace("T", " ");
    }

    function addAlert(item) {
      if (!list || list.querySelector('[data-seq="' + String(item.seq) + '"]')) { return; }
      var kind = kinds[item.kind] || { label: item.kind, css: "badge-violation" };
      var li = document.createElement("li");
      li.className = "alert-" + String(item.kind).toLowerCase() + " arrived";
      li.setAttribute("data-seq", String(item.seq));
      var badge = document.createElement("span");
      badge.className = "badge " + kind.css;
      badge.textContent = kind.label;
      var subject = document.createElement("span");
      subject.className = "subject";
      subject.appendChild(document.createTextNode(item.subjectType + " "));
      var code = document.createElement("code");
      code.textContent = item.subjectId;
      subject.appendChild(code);
      var time = document.createElement("time");
      time.setAttribute("datetime", item.occurredAt);
      time.textContent = localTime(item.occurredAt);
      li.appendChild(badge);
      li.appendChild(subject);
      li.appendChild(time);
      list.insertBefore(li, list.firstChild);
      while (list.children.length > max) { list.removeChild(list.lastChild); }
      if (empty) { empty.hidden = true; }
    }

    function stream() {
      if (!streamUrl || typeof window.EventSource !== "function") { poll(); return; }
      var source;
      try {
        source = new window.EventSource(streamUrl);
      } catch (e) {
        poll();
        return;
      }
      root.setAttribute("data-live-mode-active", "push");
      source.addEventListener("open", function () { if (stale) { stale.hidden = true; } refreshSoon(); });
      source.addEventListener("alert", function (e) {
        try { addAlert(JSON.parse(e.data)); } catch (x) { /* a malformed event changes nothing */ }
        refreshSoon();
      });
      // The server lost announcements for a moment: the missing alerts follow; the figures are re-read.
      source.addEventListener("resync", refreshSoon);
      source.onerror = function () {
        if (source.readyState === window.EventSource.CLOSED) {
          // Refused for good (signed out, a proxy that does not stream): keep the figures fresh the old way.
          poll();
        } else if (stale) {
          stale.hidden = false; // reconnecting by itself, from the last alert received
        }
      };
    }

    stream();
  }
  document.querySelectorAll("[data-live-src]").forEach(start);
})();
