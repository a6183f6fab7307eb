/* skillpress: "Your path" on the home and progress pages, the diagnostic offer on the home page,
 * and the self-ratings beside the measured levels on the competency map (docs/learner.md, "The
 * diagnostic and your path"). Every rule is mastery.js's (path, selfRating); this file only shows
 * their results, again whenever the saved state changes.
 */
(function () {
  "use strict";

  var sp = window.skillpress;
  var Mastery = window.SkillpressMastery;
  if (!sp || !Mastery) return;
  var store = sp.store();
  var el = sp.el;
  var node = document.getElementById("framework-data");
  var framework = null;
  try { framework = node ? JSON.parse(node.textContent) : null; } catch (e) { framework = null; }
  if (!store || !framework || !framework.diagnostic) return;

  function t(key, vars) { return sp.t(key, vars); }
  function $$(sel, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(sel)); }

  function link(path, text) {
    var a = el("a", null, text);
    a.href = sp.url(path);
    return a;
  }

  function currentRole() {
    var picker = document.querySelector("[data-role-picker]");
    if (picker && picker.value) return picker.value;
    if (store.state.role && Mastery.role(framework, store.state.role)) return store.state.role;
    return framework.default_role;
  }

  function levelLabel(level) {
    return Mastery.levelName(framework, level);
  }

  function hasDiagnostic(state) {
    var d = state.diagnostic;
    return !!d && (Object.keys(d.answers).length > 0 || Object.keys(d.ratings).length > 0);
  }

  /* No evidence at all: nothing answered, no case finished, no diagnostic begun. */
  function isNew(state) {
    var runs = Object.keys(state.cases).some(function (id) { return state.cases[id].runs.length; });
    return !Object.keys(state.answers).length && !runs && !hasDiagnostic(state);
  }

  function renderPath(list, estimates) {
    var entries = Mastery.path(framework, estimates, currentRole());
    var titles = {};
    entries.forEach(function (m) { titles[m.id] = m.title; });
    list.innerHTML = "";
    entries.forEach(function (m) {
      var li = el("li", "path-entry" + (m.skip ? " is-skippable" : ""));
      li.setAttribute("data-path-module", m.id);
      li.setAttribute("data-gap", String(m.gap));
      if (m.skip) li.setAttribute("data-skip", "");
      li.appendChild(link(m.url, m.title));
      if (m.gap > 0) li.appendChild(el("span", "chip path-gap", t("path_gap", { n: m.gap })));
      if (m.skip) {
        var note = el("p", "path-skip", t("path_skip") + " · ");
        note.appendChild(link(m.check || m.url, t("path_skip_confirm")));
        li.appendChild(note);
      }
      if (m.prerequisites.length) {
        li.appendChild(el("p", "muted path-after", sp.list(m.prerequisites.map(function (p) {
          return t("path_after", { title: titles[p] || p });
        }))));
      }
      list.appendChild(li);
    });
  }

  function renderMapRows(estimates) {
    estimates.forEach(function (e) {
      var row = document.querySelector('[data-competency="' + e.id + '"]');
      if (!row) return;
      var s = Mastery.selfRating(framework, store.state, e);
      var facts = row.querySelector(".status-facts");
      var box = row.querySelector("[data-self-rating-box]");
      if (!box && facts) {
        box = el("div");
        box.setAttribute("data-self-rating-box", "");
        box.appendChild(el("dt", null, t("self_rating")));
        box.appendChild(el("dd"));
        facts.appendChild(box);
      }
      var note = row.querySelector(".confidence-note");
      if (!note) {
        note = el("p", "confidence-note");
        (facts ? facts.parentNode : row).appendChild(note);
      }
      if (s.rating == null) row.removeAttribute("data-self-rated");
      else row.setAttribute("data-self-rated", String(s.rating));
      if (s.confidence) row.setAttribute("data-confidence", s.confidence);
      else row.removeAttribute("data-confidence");
      if (box) {
        box.hidden = s.rating == null;
        box.querySelector("dd").textContent = s.rating == null ? "" : levelLabel(s.rating);
      }
      note.hidden = !s.confidence;
      note.textContent = s.confidence ? t("confidence_" + s.confidence, { n: Math.abs(s.difference) }) : "";
    });
  }

  function render() {
    var state = store.state;
    var estimates = Mastery.estimateAll(framework, state);
    var offer = document.querySelector("[data-diagnostic-offer]");
    if (offer) offer.hidden = !framework.diagnostic || !isNew(state);
    $$("[data-path]").forEach(function (list) { renderPath(list, estimates); });
    $$("[data-path-note]").forEach(function (p) {
      p.textContent = hasDiagnostic(state) || !isNew(state) ? t("path_intro") : t("path_targets_only");
    });
    if (document.querySelector("[data-competency]")) renderMapRows(estimates);
  }

  function init() {
    render();
    store.onChange(function () { setTimeout(render, 0); });
    var picker = document.querySelector("[data-role-picker]");
    if (picker) picker.addEventListener("change", function () { setTimeout(render, 0); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
