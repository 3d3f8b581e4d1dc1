/* Contribution form: autosave of drafts and territory autocompletion.
   Progressive enhancement: without this file every page works (buttons save, the typed territory
   name is resolved by the server). */
(function () {
  "use strict";

  var AUTOSAVE_EVERY = 20000; // milliseconds

  // --- Autosave -----------------------------------------------------------------------------

  function setupAutosave(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = document.getElementById("autosave-status");
    var dirty = false;
    var saving = false;
    var leaving = false; // the form is being sent: an autosave now would race with it
    var version = form.querySelector("input[name=version]");

    function say(text) {
      if (status) { status.textContent = text; }
    }

    function save() {
      if (!dirty || saving || leaving) { return; }
      saving = true;
      dirty = false;
      var body = new FormData(form);
      body.delete("aller");
      fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (result) {
          if (result.ok && result.data.enregistre_a) {
            // The next autosave is built on what this one saved (the server refuses older pages).
            if (version && result.data.version) { version.value = result.data.version; }
            var errors = result.data.erreurs || {};
            var wrong = Object.keys(errors).length;
            say("Brouillon enregistré à " + result.data.enregistre_a +
                (wrong ? " (sauf " + (wrong === 1 ? "un champ à corriger" : wrong + " champs à corriger") + ")" : "") + ".");
          } else {
            say(result.data.erreur || "Le brouillon n'a pas pu être enregistré automatiquement : utilisez le bouton « Enregistrer le brouillon ».");
          }
        })
        .catch(function () {
          dirty = true;
          say("Le brouillon n'a pas pu être enregistré automatiquement (connexion interrompue ?) : utilisez le bouton « Enregistrer le brouillon ».");
        })
        .then(function () { saving = false; });
    }

    form.addEventListener("submit", function () { leaving = true; });
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; save(); });
    form.addEventListener("focusout", function (event) {
      if (event.target.matches && event.target.matches("input, textarea, select")) { save(); }
    });
    window.setInterval(save, AUTOSAVE_EVERY);
  }

  // --- Territory autocompletion (ARIA combobox) -----------------------------------------------

  var counter = 0;

  function setupAutocomplete(input) {
    var url = input.getAttribute("data-autocomplete-url");
    var hidden = document.getElementById(input.getAttribute("data-autocomplete-target"));
    var listId = "autocomplete-" + (++counter);
    var list = document.createElement("ul");
    var options = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";

    list.id = listId;
    list.className = "autocomplete-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Territoires proposés");
    list.hidden = true;
    input.parentNode.classList.add("autocomplete-host");
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    input.parentNode.appendChild(live);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(option) {
      input.value = option.getAttribute("data-nom");
      if (hidden) { hidden.value = option.getAttribute("data-id"); }
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(results) {
      list.innerHTML = "";
      options = results.map(function (result, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.className = "autocomplete-option";
        option.setAttribute("role", "option");
        option.setAttribute("data-id", result.id);
        option.setAttribute("data-nom", result.nom);
        option.textContent = result.nom + " ";
        var level = document.createElement("span");
        level.className = "meta";
        level.textContent = "— " + result.niveau;
        option.appendChild(level);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(option); });
        list.appendChild(option);
        return option;
      });
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        live.textContent = options.length + (options.length === 1 ? " territoire proposé" : " territoires proposés") + " : flèches haut et bas pour choisir, Entrée pour valider.";
      } else {
        close();
        live.textContent = "Aucun territoire ne commence ainsi.";
      }
      active = -1;
    }

    function lookup() {
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      if (query === lastQuery) { return; }
      lastQuery = query;
      fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) { if (input.value.trim() === query) { show(data.resultats || []); } })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      if (hidden) { hidden.value = ""; } // the server resolves the typed name unless one is picked
      window.clearTimeout(timer);
      timer = window.setTimeout(lookup, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown") { lastQuery = ""; lookup(); }
        return;
      }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, options.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(options[active]); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  function init() {
    // After a submission with errors, bring keyboard and screen-reader users to their summary.
    var summary = document.querySelector(".error-summary[tabindex]");
    if (summary) { summary.focus(); }
    document.querySelectorAll("form[data-autosave-url]").forEach(setupAutosave);
    document.querySelectorAll("input[data-autocomplete-url]").forEach(setupAutocomplete);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
