// Progressive enhancement of the directory: facet links, pages and the search box update the
// results in place (the URL and the back button keep working); without JavaScript every link
// and the form work as plain requests.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var results = document.getElementById("search-results");
  if (!form || !results || !window.fetch || !window.history.pushState) return;
  var input = document.getElementById("q");
  var pending = null;
  var timer = null;

  function load(url, push) {
    if (pending) pending.abort();
    pending = new AbortController();
    results.setAttribute("aria-busy", "true");
    return fetch(url, { headers: { "X-Essaim-Partial": "1" }, signal: pending.signal })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        results.innerHTML = html;
        results.removeAttribute("aria-busy");
        // Replaced nodes are not announced: a live region outside the results says the new count.
        var status = document.getElementById("search-status");
        var announce = document.getElementById("search-announce");
        if (status && announce) announce.textContent = status.textContent;
        if (push) window.history.pushState({ essaim: true }, "", url);
        syncForm(url);
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        window.location.assign(url); // fall back to a full page load
      });
  }

  function syncForm(url) {
    var params = new URL(url, window.location.href).searchParams;
    if (document.activeElement !== input) input.value = params.get("q") || "";
    Array.prototype.forEach.call(form.querySelectorAll("input[type=hidden]"), function (field) {
      field.remove();
    });
    params.forEach(function (value, key) {
      if (key === "q" || key === "page") return;
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = key;
      field.value = value;
      form.appendChild(field);
    });
  }

  function formUrl() {
    var params = new URLSearchParams(new FormData(form));
    if (!params.get("q")) params.delete("q");
    var query = params.toString();
    return form.action + (query ? "?" + query : "");
  }

  results.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-search-link], a.departement");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    // SVG links (the map) expose href as an object: resolve the attribute instead.
    var url = new URL(link.getAttribute("href"), window.location.href).toString();
    load(url, true).then(function () {
      var status = document.getElementById("search-status");
      if (status) status.focus({ preventScroll: false });
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    load(formUrl(), true);
  });

  // Search as you type, once the person pauses.
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      load(formUrl(), true);
    }, 250);
  });

  window.addEventListener("popstate", function () {
    load(window.location.href, false);
  });
})();
