/* Keyboard shortcuts of the inbox (progressive enhancement: every action also has a link or button).
   j / k: next / previous candidate; o: open it; a: accept; r: reject; x: tick it for a bulk action.
   Inactive while typing in a field, and with Ctrl, Alt or Meta held. */
(function () {
  "use strict";

  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function goTo(url) {
    if (url) window.location.assign(url);
  }

  function focusSection(id) {
    var section = document.getElementById(id);
    if (!section) return;
    var field = section.querySelector("textarea, input:not([type=hidden]), select, button");
    section.scrollIntoView();
    if (field) field.focus();
  }

  function listShortcuts(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr[data-candidate]"));
    var current = -1;

    function select(index) {
      if (!rows.length) return;
      index = Math.max(0, Math.min(rows.length - 1, index));
      if (current >= 0) rows[current].classList.remove("is-current");
      current = index;
      var row = rows[current];
      row.classList.add("is-current");
      var link = row.querySelector("a[data-open]");
      if (link) link.focus();
    }

    return function (key) {
      var row = current >= 0 ? rows[current] : null;
      if (key === "j") return select(current + 1), true;
      if (key === "k") return select(current - 1), true;
      if (!row) return false;
      if (key === "o") return goTo(row.querySelector("a[data-open]").href), true;
      if (key === "a") return goTo(row.getAttribute("data-accept-url")), true;
      if (key === "r") return goTo(row.getAttribute("data-reject-url")), true;
      if (key === "x") {
        var box = row.querySelector("input[type=checkbox]");
        if (box) box.checked = !box.checked;
        return true;
      }
      return false;
    };
  }

  function detailShortcuts(nav) {
    return function (key) {
      var link;
      if (key === "j") link = nav.querySelector("a[data-next]");
      if (key === "k") link = nav.querySelector("a[data-previous]");
      if (link) return goTo(link.href), true;
      if (key === "a") return focusSection("accepter"), true;
      if (key === "r") return focusSection("rejeter"), true;
      return false;
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.querySelector("[data-inbox-list]");
    var nav = document.querySelector("[data-inbox-detail]");
    var handle = table ? listShortcuts(table) : nav ? detailShortcuts(nav) : null;
    if (!handle) return;
    if (window.location.hash === "#accepter" || window.location.hash === "#rejeter") {
      // After the browser's own jump to the fragment, which would otherwise keep the focus on the page.
      window.addEventListener("load", function () {
        window.setTimeout(function () { focusSection(window.location.hash.slice(1)); }, 0);
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) return;
      if (handle(event.key)) event.preventDefault();
    });
  });
})();
