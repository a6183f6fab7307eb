/* skillpress: module progress on the home page and module overviews (lessons done / total,
 * module check passed, docs/learner.md "Reading progress and the map"), and "continue where you
 * left off" on the home page. Builds on window.SkillpressProgress (progress.js).
 */
(function () {
  "use strict";

  var P = window.SkillpressProgress;
  var sp = window.skillpress;
  if (!P || !sp) return;
  var formatDate = P.formatDate;

  function t(key, vars) { return sp.t(key, vars); }
  function $(sel, scope) { return (scope || document).querySelector(sel); }
  function $$(sel, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(sel)); }

  function fillModuleProgress(node, status) {
    node.style.setProperty("--p", String(status.percent));
    node.setAttribute("data-lessons-done", String(status.done));
    node.setAttribute("data-lessons-total", String(status.total));
    if (status.check !== null) node.setAttribute("data-check-passed", status.check ? "true" : "false");
    var text = $("[data-module-progress-text]", node);
    if (!text) return;
    var parts = [t("lessons_done", { done: status.done, total: status.total })];
    if (status.check !== null) parts.push(t(status.check ? "check_passed" : "check_pending"));
    text.textContent = status.completed ? t("completed") + " · " + parts.join(" · ")
      : status.started ? parts.join(" · ") : t("not_started");
  }

  function stateName(status) {
    return status.completed ? "done" : status.started ? "in-progress" : "not-started";
  }

  function renderHome() {
    var state = P.store.state;
    var box = $("[data-continue]");
    var a = $("[data-continue-link]");
    if (box && a) {
      if (state.last && state.last.path) {
        a.href = sp.url(state.last.path);
        a.textContent = state.last.title || t("continue");
        a.title = sp.labelled(t("last_visited"), formatDate(state.last.at));
        box.hidden = false;
      } else {
        box.hidden = true;
      }
    }
    var byId = {};
    P.modules().forEach(function (m) { byId[m.id] = m; });
    $$(".module-card[data-module]").forEach(function (card) {
      var m = byId[card.getAttribute("data-module")];
      var node = $("[data-module-progress]", card);
      if (!m || !node) return;
      var status = P.moduleStatus(state, m);
      card.setAttribute("data-state", stateName(status));
      fillModuleProgress(node, status);
    });
  }

  function renderModule() {
    var page = $(".module-page[data-module]");
    if (!page) return;
    var m = P.modules().filter(function (x) { return x.id === page.getAttribute("data-module"); })[0];
    if (!m) return;
    var state = P.store.state;
    var status = P.moduleStatus(state, m);
    page.setAttribute("data-state", stateName(status));
    var node = $("[data-module-progress]", page);
    if (node) {
      node.hidden = false;
      fillModuleProgress(node, status);
    }
    $$(".step[data-lesson]", page).forEach(function (step) {
      var s = state.lessons[m.id + "/" + step.getAttribute("data-lesson")];
      var label = $("[data-lesson-status]", step);
      var done = !!(s && s.completed);
      step.classList.toggle("is-done", done);
      if (label) label.textContent = done ? t("completed") : s ? t("in_progress") : "";
    });
    var check = $(".step[data-check]", page);
    if (check && m.quiz) {
      var tried = state.quizzes[m.quiz] && state.quizzes[m.quiz].attempts.length;
      check.classList.toggle("is-done", !!status.check);
      var label = $("[data-lesson-status]", check);
      if (label) label.textContent = status.check ? t("passed") : tried ? t("not_passed") : "";
    }
  }

  P.onRender(function () {
    if ($(".module-page[data-module]")) renderModule();
    else renderHome();
  });
})();
