// Progressive enhancement only: the survey works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // Show the "other" text box only while its option is chosen.
  document.querySelectorAll("fieldset").forEach(function (group) {
    var toggle = group.querySelector("[data-other-toggle]");
    if (!toggle) { return; }
    var box = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!box) { return; }
    var wrapper = box.closest(".other-text");
    function update() {
      wrapper.hidden = !toggle.checked;
      toggle.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    }
    group.addEventListener("change", function (event) {
      update();
      if (event.target === toggle && toggle.checked) { box.focus(); }
    });
    update();
  });

  // Coming back to this page from the browser's history: the form can be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form").forEach(function (form) {
      delete form.dataset.sent;
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = false; }
    });
  });

  // One submission per click: a double click must not send the page twice.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = form.querySelector("button[type=submit]");
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
  });
})();
