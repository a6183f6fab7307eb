/* skillpress: the certificate page (certificate.html). Shown once the final assessment has a
 * passed attempt (saved by quiz.js): the best pass's score and date, and the name the learner
 * types (saved with store.setCertificate), ready to print.
 */
(function () {
  "use strict";

  var G = window.SkillpressGrading;
  var sp = window.skillpress;
  if (!G || !sp) return;

  function t(key, vars) { return sp.t(key, vars); }

  var store = sp.store();

  function save(method, args) {
    if (!store) return;
    try { store[method].apply(store, args); } catch (e) { /* the page shows the storage warning */ }
  }

  // The store has normalised the saved state (store.js, migrate).
  function savedQuiz(id) {
    return (store && store.state.quizzes[id]) || { attempts: [] };
  }

  function percent(x) { return Math.round(x * 100) + "%"; }

  function certificate(root) {
    var quizId = root.getAttribute("data-quiz-id");
    var page = root.closest(".certificate-page") || document;
    var status = page.querySelector("[data-certificate-status]");
    var nameInput = page.querySelector("[data-certificate-name]");
    var nameOut = root.querySelector("[data-certificate-name-display]");
    var field = nameInput && nameInput.closest(".field");
    var print = page.querySelector('[data-action="print"]');
    var passes = quizId ? savedQuiz(quizId).attempts.filter(function (a) { return a && a.passed; }) : [];
    // The best pass counts; among equal scores, the first.
    var best = passes.reduce(function (b, a) {
      return !b || a.earned / a.possible > b.earned / b.possible + 1e-9 ? a : b;
    }, null);
    root.hidden = !best;
    if (field) field.hidden = !best;
    if (print) print.hidden = !best;
    if (!best) {
      if (status) status.textContent = t("certificate_locked");
      return;
    }
    if (status) {
      status.textContent = t("certificate_ready");
      status.classList.add("notice-success");
    }
    var lang = document.documentElement.lang || undefined;
    var date = new Date(best.at);
    var dateText;
    try {
      dateText = date.toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" });
    } catch (e) {
      dateText = date.toISOString().slice(0, 10);
    }
    root.querySelector("[data-certificate-date]").textContent = dateText;
    root.querySelector("[data-certificate-score]").textContent =
      percent(best.earned / best.possible) + sp.paren(G.formatScore(best.earned, best.possible));
    var saved = store && store.state && store.state.certificate;
    var show = function () { nameOut.textContent = nameInput.value.trim() || "\u00a0"; };
    if (nameInput) {
      nameInput.value = (saved && saved.name) || "";
      show();
      nameInput.addEventListener("input", function () {
        show();
        save("setCertificate", [{ name: nameInput.value.trim() }]);
      });
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-certificate]"), certificate);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
