/* skillpress: the competency map (competencies.html): levels (spec §2.7, computed by
 * mastery.js), role picker, radar chart, gaps and recommended modules (docs/learner.md,
 * "Reading progress and the map"). Builds on window.SkillpressProgress (progress.js).
 */
(function () {
  "use strict";

  var P = window.SkillpressProgress;
  var Mastery = window.SkillpressMastery;
  var sp = window.skillpress;
  if (!P || !Mastery || !sp) return;
  var store = P.store;
  var framework = P.framework;
  var el = sp.el;
  var percent = P.percent;
  var link = P.link;
  var SVG = "http://www.w3.org/2000/svg";

  function t(key, vars) { return sp.t(key, vars); }
  function $(sel, scope) { return (scope || document).querySelector(sel); }
  function $$(sel, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(sel)); }

  var picker = null;

  function setupMap() {
    if (!framework || !Mastery || !$("[data-competency]")) return;
    // Answers and runs given to an older version of a question or case no longer count.
    var questions = {};
    Object.keys(framework.questions).forEach(function (id) { questions[id] = framework.questions[id].version; });
    var cases = {};
    Object.keys(framework.cases).forEach(function (id) { cases[id] = framework.cases[id].version; });
    store.invalidate({ questions: questions, cases: cases });

    picker = $("[data-role-picker]");
    if (picker) {
      var saved = store.state.role;
      if (saved && Mastery.role(framework, saved)) picker.value = saved;
      picker.addEventListener("change", function () {
        store.setRole(picker.value);
        renderMap();
      });
    }
  }

  function currentRole() {
    if (picker && picker.value) return picker.value;
    if (store.state.role && Mastery.role(framework, store.state.role)) return store.state.role;
    return framework.default_role;
  }

  function levelLabel(level) {
    return level == null ? t("not_yet_assessed") : Mastery.levelName(framework, level);
  }

  function renderMap() {
    if (!framework || !Mastery || !$("[data-competency]")) return;
    var state = store.state;
    var roleId = currentRole();
    var role = Mastery.role(framework, roleId);
    var targets = (role && role.targets) || {};
    var estimates = Mastery.estimateAll(framework, state);
    var gaps = Mastery.gaps(framework, estimates, roleId);
    var byId = {};
    estimates.forEach(function (e) { byId[e.id] = e; });
    var anyEvidence = estimates.some(function (e) { return e.count > 0; });

    $$("[data-competency]").forEach(function (row) {
      var e = byId[row.getAttribute("data-competency")];
      if (!e) return;
      var target = Object.prototype.hasOwnProperty.call(targets, e.id) ? Number(targets[e.id]) : null;
      row.setAttribute("data-level", e.level == null ? "none" : String(e.level));
      row.setAttribute("data-mastery", Mastery.fixed2(e.mastery));
      row.setAttribute("data-target", target == null ? "none" : String(target));
      if (e.assessed && target != null) row.setAttribute("data-gap", target > (e.level || 0) ? "true" : "false");
      else row.removeAttribute("data-gap");
      var levelText = $("[data-level-text]", row);
      if (levelText) levelText.textContent = levelLabel(e.level);
      var targetText = $("[data-target-text]", row);
      if (targetText) targetText.textContent = target == null ? "" : levelLabel(target);
      $$(".level-seg", row).forEach(function (seg) {
        var n = Number(seg.getAttribute("data-seg"));
        seg.classList.toggle("is-reached", e.level != null && n <= e.level);
        seg.classList.toggle("is-target", target != null && n <= target);
      });
      $$("[data-level-descriptor]", row).forEach(function (li) {
        li.classList.toggle("is-current", e.level != null && Number(li.getAttribute("data-level-descriptor")) === e.level);
      });
      var evidence = $("[data-evidence-text]", row);
      if (evidence) {
        evidence.textContent = !e.count ? ""
          : e.assessed ? t("evidence_count", { n: e.count, mastery: percent(e.mastery) })
            : t("evidence_needed", { n: e.count, min: framework.min_evidence });
      }
    });

    var assessed = estimates.filter(function (e) { return e.assessed; }).length;
    var met = gaps.filter(function (g) { return g.level != null && g.gap === 0; }).length;
    var summaryText = t("map_summary", {
      assessed: assessed, total: estimates.length, met: met, targets: gaps.length, role: role ? role.name : roleId
    });
    var summary = $("[data-map-summary]");
    if (summary) {
      summary.innerHTML = "";
      summary.appendChild(el("p", null, anyEvidence ? summaryText : t("map_empty")));
    }

    renderRadar(estimates, targets, role, summaryText);
    renderGaps(gaps, anyEvidence);
  }

  /* "Recommended next" (every gap together), then each gap with its own modules. Gaps of
   * assessed competencies come first, largest first; not-yet-assessed ones follow. */
  function renderGaps(gaps, anyEvidence) {
    var completed = P.completedModules(store.state);
    var open = Mastery.openGaps(gaps);
    var list = $("[data-gaps]");
    var recs = $("[data-recommendations]");
    var empty = $("[data-recommendations-empty]");
    var box = $("[data-gaps-section]");
    if (list) list.innerHTML = "";
    if (recs) recs.innerHTML = "";
    if (!anyEvidence) {
      if (box) box.hidden = true;
      if (empty) { empty.hidden = false; empty.textContent = t("recommendations_later"); }
      return;
    }

    var all = Mastery.recommend(framework, open.map(function (g) { return g.id; }), completed);
    if (recs) all.forEach(function (m) { recs.appendChild(moduleItem(m)); });
    if (empty) {
      empty.hidden = all.length > 0;
      empty.textContent = open.length ? t("recommendations_done") : t("no_recommendations");
    }

    if (box) {
      box.hidden = !open.length;
      var count = $("[data-gaps-count]", box);
      if (count) count.textContent = String(open.length);
    }
    if (!list) return;
    open.forEach(function (g) {
      var li = el("li", "gap-item");
      li.setAttribute("data-gap-competency", g.id);
      li.setAttribute("data-gap", String(g.gap));
      var head = el("p", "gap-head");
      var a = el("a", "gap-name", g.name);
      a.href = "#competency-" + g.id;
      head.appendChild(a);
      head.appendChild(el("span", "gap-detail", sp.labelled(" — " + t("gap") + " " + g.gap,
        (g.level == null ? t("gap_detail_unassessed", { target: g.target }) : t("gap_detail", { level: g.level, target: g.target })))));
      li.appendChild(head);
      var mods = Mastery.recommend(framework, [g.id], completed);
      var p = el("p", "gap-modules");
      if (mods.length) {
        p.appendChild(el("span", "meta-label", t("learn_in") + " "));
        mods.forEach(function (m, i) {
          if (i) p.appendChild(document.createTextNode(t("punct_list")));
          p.appendChild(link(m.url, m.title));
          if (m.prerequisiteOf.length) p.appendChild(el("span", "muted", sp.paren(t("prerequisite"))));
        });
      } else {
        p.className += " muted";
        p.textContent = t("recommendations_done");
      }
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  function moduleItem(m) {
    var li = el("li");
    li.setAttribute("data-recommended-module", m.id);
    li.appendChild(link(m.url, m.title));
    // Only a module listed for another's sake says why it is there.
    if (m.prerequisiteOf.length && !m.competencies.length) {
      var titles = m.prerequisiteOf.map(function (id) {
        var x = framework.modules.filter(function (y) { return y.id === id; })[0];
        return x ? x.title : id;
      });
      li.appendChild(el("span", "muted rec-note", sp.paren(t("prerequisite_for", { title: sp.list(titles) }))));
    }
    return li;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  /* A radar of level (filled) and target (dashed) per competency. Axes are numbered; the numbers
   * are keyed in the data table that follows, which is also the chart's text alternative. */
  function renderRadar(estimates, targets, role, summaryText) {
    var chart = $("[data-radar]");
    if (!chart) return;
    var n = estimates.length;
    var max = Math.max.apply(null, framework.scale.map(function (s) { return s.level; }));
    var cx = 200, cy = 200, R = 150;
    function point(i, value) {
      var angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
      var r = (R * value) / max;
      return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
    }
    function polygon(values) {
      return values.map(function (v, i) {
        var p = point(i, v);
        return p[0].toFixed(1) + "," + p[1].toFixed(1);
      }).join(" ");
    }
    chart.innerHTML = "";
    var titleId = "radar-title";
    var descId = "radar-desc";
    chart.appendChild(svg("title", { id: titleId }, t("radar_title") + (role ? " — " + role.name : "")));
    chart.appendChild(svg("desc", { id: descId }, summaryText + " " + t("radar_table_hint")));
    chart.removeAttribute("aria-label");
    chart.setAttribute("aria-labelledby", titleId + " " + descId);
    var table = $("[data-radar-table]");
    var tableBox = $("[data-radar-table-box]");
    if (tableBox) tableBox.hidden = false;
    if (table) {
      var body = $("tbody", table);
      body.innerHTML = "";
      estimates.forEach(function (e, i) {
        var tr = el("tr");
        tr.appendChild(el("td", null, String(i + 1)));
        var th = el("th", null, e.name);
        th.scope = "row";
        tr.appendChild(th);
        tr.appendChild(el("td", null, e.level == null ? t("not_yet_assessed") : String(e.level)));
        var target = targets[e.id];
        tr.appendChild(el("td", null, target == null ? "—" : String(target)));
        body.appendChild(tr);
      });
    }
    if (n < 3) return; // a radar needs three axes; the table still says everything

    var grid = svg("g", { "aria-hidden": "true" });
    for (var level = 1; level <= max; level++) {
      var ring = [];
      for (var k = 0; k < n; k++) ring.push(level);
      grid.appendChild(svg("polygon", { "class": "radar-grid", points: polygon(ring) }));
    }
    estimates.forEach(function (e, i) {
      var end = point(i, max);
      grid.appendChild(svg("line", { "class": "radar-axis", x1: cx, y1: cy, x2: end[0].toFixed(1), y2: end[1].toFixed(1) }));
      var at = point(i, max * 1.11);
      var label = svg("text", { x: at[0].toFixed(1), y: at[1].toFixed(1), "text-anchor": "middle", "dominant-baseline": "middle" }, String(i + 1));
      label.appendChild(svg("title", {}, e.name));
      grid.appendChild(label);
    });
    chart.appendChild(grid);
    chart.appendChild(svg("polygon", {
      "class": "radar-target",
      points: polygon(estimates.map(function (e) { return targets[e.id] || 0; }))
    }));
    chart.appendChild(svg("polygon", { "class": "radar-level", points: polygon(estimates.map(function (e) { return e.level || 0; })) }));
    estimates.forEach(function (e, i) {
      if (!e.level) return;
      var p = point(i, e.level);
      chart.appendChild(svg("circle", { "class": "radar-dot", cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 3.5 }));
    });

  }


  if (!framework || !$("[data-competency]")) return;
  setupMap();
  P.onRender(renderMap);
})();
