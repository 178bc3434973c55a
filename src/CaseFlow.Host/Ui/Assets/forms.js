// A second click on a form's submit button while the first post is on its way does nothing: the button is disabled
// once the form is submitted (the server's idempotency keys cover what gets through anyway). Written for CaseFlow.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") { return; }
    if (form.dataset.submitted === "true") { event.preventDefault(); return; }
    form.dataset.submitted = "true";
    // After this tick, so the clicked button's name and value still go with the post.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
  // The materials checklist: a row's copies and form are relevant only when its material is ticked.
  document.querySelectorAll("[data-toggle-row]").forEach(function (box) {
    function sync() {
      var row = box.closest("tr");
      if (!row) { return; }
      row.querySelectorAll("[data-row-field]").forEach(function (el) { el.disabled = !box.checked; });
    }
    box.addEventListener("change", sync);
    sync();
  });
})();
