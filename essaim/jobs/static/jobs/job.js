// Follows a background job: asks for its state every 1.5 s and updates the page, then reveals the
// download link. Without this script the page still works: the "actualiser" link reloads it.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-state]");
  if (!box || !window.fetch) { return; }
  var status = box.querySelector("#job-status");
  var progress = box.querySelector(".job-progress");
  var result = box.querySelector(".job-result");
  var error = box.querySelector(".job-error");
  var refresh = box.querySelector(".job-refresh");
  if (refresh) { refresh.hidden = true; }

  function render(state) {
    var text = state.libelle_etat;
    if (state.etape) { text += " — " + state.etape; }
    if (state.total) { text += " : " + state.fait + " / " + state.total + " " + state.unite; }
    if (status.textContent.trim() !== text) { status.textContent = text; }
    if (progress) {
      if (state.total) { progress.max = state.total; progress.value = state.fait; }
      if (state.etat === "terminee" || state.etat === "echec") { progress.hidden = true; }
    }
    if (state.fichier) {
      result.querySelector(".job-file").textContent = state.fichier;
      result.hidden = false;
    }
    if (state.erreur) { error.textContent = state.erreur; error.hidden = false; }
  }

  function poll() {
    fetch(box.getAttribute("data-job-state"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        render(state);
        if (state.etat === "en_attente" || state.etat === "en_cours") { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 800);
})();
