/* skillpress: the diagnostic page (diagnostic.html; docs/learner.md, "The diagnostic and your
 * path"). The role picker shows the competencies of the chosen role; each has a self-rating (a
 * radio group of level descriptors, `[data-self-rating]`) and a quiz of the questions the build
 * drew for it, played by quiz.js, which saves those answers as diagnostic evidence. Levels come
 * from mastery.js, the one implementation; this file only shows them.
 */
(function () {
  "use strict";

  var sp = window.skillpress;
  var Mastery = window.SkillpressMastery;
  var root = document.querySelector("[data-diagnostic]");
  if (!sp || !Mastery || !root) return;
  var store = sp.store();
  var el = sp.el;
  var node = document.getElementById("framework-data");
  var framework = null;
  try { framework = node ? JSON.parse(node.textContent) : null; } catch (e) { framework = null; }
  if (!store || !framework || !framework.diagnostic) return;
  var diagnostic = framework.diagnostic;

  function t(key, vars) { return sp.t(key, vars); }
  function $$(sel, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(sel)); }

  var picker = root.querySelector("[data-diagnostic-role]");
  var status = root.querySelector("[data-diagnostic-status]");
  var done = root.querySelector("[data-diagnostic-done]");
  var results = root.querySelector("[data-diagnostic-results]");
  var retake = root.querySelector('[data-action="retake-diagnostic"]');
  var steps = $$("[data-diagnostic-competency]", root);
  var wasComplete = null;

  function role() {
    return picker ? picker.value : framework.default_role;
  }

  function covered() {
    return diagnostic.roles[role()] || [];
  }

  function levelLabel(level) {
    return level == null ? t("not_yet_assessed") : Mastery.levelName(framework, level);
  }

  /* A competency is done when it is rated and every question drawn for it has a diagnostic
   * answer. */
  function isDone(id) {
    var d = store.state.diagnostic;
    if (!d || d.ratings[id] == null) return false;
    return diagnostic.competencies[id].every(function (q) { return d.answers[q]; });
  }

  function showRole() {
    var ids = covered();
    steps.forEach(function (step) {
      step.hidden = ids.indexOf(step.getAttribute("data-diagnostic-competency")) < 0;
    });
    $$("[data-diagnostic-facts]", root).forEach(function (li) {
      li.hidden = li.getAttribute("data-diagnostic-facts") !== role();
    });
  }

  function render() {
    var ids = covered();
    var ratings = (store.state.diagnostic && store.state.diagnostic.ratings) || {};
    $$("[data-self-rating]", root).forEach(function (group) {
      var id = group.getAttribute("data-self-rating");
      $$('input[type="radio"]', group).forEach(function (input) {
        input.checked = ratings[id] != null && Number(input.value) === ratings[id];
      });
    });
    var finished = ids.filter(isDone);
    steps.forEach(function (step) {
      step.setAttribute("data-done", String(isDone(step.getAttribute("data-diagnostic-competency"))));
    });
    if (status) status.textContent = t("diagnostic_status", { done: finished.length, total: ids.length });
    var complete = ids.length > 0 && finished.length === ids.length;
    root.setAttribute("data-diagnostic-complete", String(complete));
    if (retake) retake.hidden = !store.state.diagnostic;
    if (done) done.hidden = !complete;
    if (complete && results) {
      results.innerHTML = "";
      ids.forEach(function (id) {
        var e = Mastery.estimate(framework, store.state, id);
        var s = Mastery.selfRating(framework, store.state, e);
        var name = (framework.competencies.filter(function (c) { return c.id === id; })[0] || { name: id }).name;
        var li = el("li", "diagnostic-result");
        li.setAttribute("data-result-competency", id);
        li.setAttribute("data-level", e.level == null ? "none" : String(e.level));
        li.setAttribute("data-self-rated", s.rating == null ? "none" : String(s.rating));
        li.appendChild(el("strong", null, name));
        li.appendChild(el("span", null, t("punct_colon") + t("measured_level") + " " + levelLabel(e.level) + " · " +
          t("self_rating") + " " + levelLabel(s.rating)));
        if (s.confidence) {
          li.setAttribute("data-confidence", s.confidence);
          li.appendChild(el("p", "confidence-note", t("confidence_" + s.confidence, { n: Math.abs(s.difference) })));
        }
        results.appendChild(li);
      });
    }
    // Move focus to the results once, when the last competency is finished on this visit.
    if (complete && wasComplete === false && done) done.focus();
    wasComplete = complete;
  }

  function init() {
    // Answers given to an older version of a question no longer count.
    var versions = {};
    Object.keys(framework.questions).forEach(function (id) { versions[id] = framework.questions[id].version; });
    store.invalidate({ questions: versions, cases: {} });
    if (picker) {
      var saved = store.state.role;
      if (saved && diagnostic.roles[saved]) picker.value = saved;
      picker.addEventListener("change", function () {
        store.setRole(picker.value);
        showRole();
        render();
      });
    }
    root.addEventListener("change", function (event) {
      var input = event.target;
      var group = input && input.closest && input.closest("[data-self-rating]");
      if (group && input.type === "radio") store.setSelfRating(group.getAttribute("data-self-rating"), Number(input.value));
    });
    if (retake) {
      retake.addEventListener("click", function () {
        // A retake replaces every diagnostic answer and rating (not only this role's).
        var comps = Object.keys(diagnostic.competencies);
        var questions = [];
        comps.forEach(function (c) { questions = questions.concat(diagnostic.competencies[c]); });
        store.resetDiagnostic(comps, questions, comps.map(function (c) { return "diagnostic:" + c; }));
        window.location.reload();
      });
    }
    showRole();
    render();
    store.onChange(function () { setTimeout(render, 0); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
