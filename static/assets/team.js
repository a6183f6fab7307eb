/* skillpress: the team page (team.html). A lead picks or drops the progress files learners
 * exported; everything is read and computed here, in the browser (numbers: team-data.js, which
 * uses the learner map's own code). Nothing is sent anywhere, and nothing is saved unless the
 * lead ticks "keep" — then the files stay in this browser's localStorage until unticked.
 */
(function () {
  "use strict";

  var Team = window.SkillpressTeam;
  var Mastery = window.SkillpressMastery;
  var sp = window.skillpress;
  var page = document.querySelector("[data-team]");
  if (!page || !Team || !Mastery || !sp) return;

  function t(key, vars) { return sp.t(key, vars); }
  function $(sel, scope) { return (scope || document).querySelector(sel); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }
  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }
  function siteUrl(path) {
    return sp.url(path);
  }
  function percent(x) { return Math.round((Number(x) || 0) * 100) + " %"; }
  function num(x) { return String(Math.round((Number(x) || 0) * 100) / 100); }

  // Inside an LMS (the SCORM adapter connected) the page is for learners: the team view stays
  // out of the way (docs/learner.md, "Inside an LMS"). Opened from the package without an LMS,
  // it works as on the plain site.
  if (document.documentElement.getAttribute("data-scorm") === "lms") {
    var notice = $("[data-team-lms]", page);
    if (notice) notice.hidden = false;
    var load = $(".team-load", page);
    if (load) load.hidden = true;
    var empty = $("[data-team-empty]", page);
    if (empty) empty.hidden = true;
    return;
  }

  var framework = readJson("framework-data");
  var questionInfo = readJson("team-question-data") || {};
  if (!framework) return;
  var courseId = document.documentElement.getAttribute("data-course") || "";
  var KEEP_KEY = "skillpress-team:" + courseId;

  var files = []; // every file picked or dropped, in order: {name, text}
  var loaded = null; // Team.load(files)
  var sort = { by: "learner", competency: null };

  var input = $("[data-team-input]", page);
  var drop = $("[data-team-drop]", page);
  var status = $("[data-team-status]", page);
  var rolePicker = $("[data-team-role]", page);
  var keep = $("[data-team-keep]", page);
  var results = $("[data-team-results]", page);

  /* ---- reading files ------------------------------------------------------------------ */

  function readText(file) {
    if (file.text) return file.text();
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result)); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsText(file);
    });
  }

  function addFiles(list) {
    var picked = Array.prototype.slice.call(list || []);
    if (!picked.length) return;
    say(t("loading"));
    Promise.all(picked.map(function (f) {
      return readText(f).then(
        function (text) { return { name: f.name, text: text }; },
        function () { return { name: f.name, text: null }; });
    })).then(function (read) {
      files = files.concat(read);
      update(true);
    });
  }

  if (input) {
    input.addEventListener("change", function () {
      addFiles(input.files);
      input.value = "";
    });
  }

  function hasFiles(event) {
    var types = event.dataTransfer && event.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, "Files") >= 0;
  }

  // A file dropped beside the drop zone must not make the browser open it instead of the page.
  document.addEventListener("dragover", function (event) { if (hasFiles(event)) event.preventDefault(); });
  document.addEventListener("drop", function (event) {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (drop) drop.classList.remove("is-over");
    addFiles(event.dataTransfer.files);
  });
  if (drop) {
    drop.addEventListener("dragenter", function (event) { if (hasFiles(event)) drop.classList.add("is-over"); });
    drop.addEventListener("dragleave", function (event) {
      if (!drop.contains(event.relatedTarget)) drop.classList.remove("is-over");
    });
  }

  /* ---- keeping the files (only when asked) ---------------------------------------------- */

  function saveKept() {
    if (!keep || !keep.checked || !sp.storage) return true;
    return sp.storage.set(KEEP_KEY, JSON.stringify(files.filter(function (f) { return f.text != null; })));
  }

  if (keep && sp.storage) {
    keep.addEventListener("change", function () {
      if (keep.checked) {
        var ok = saveKept();
        if (!ok) keep.checked = false;
        say(ok ? t("team_kept") : t("team_keep_failed"));
      } else {
        sp.storage.remove(KEEP_KEY);
        say(t("team_forgotten"));
      }
    });
    var kept = sp.storage.get(KEEP_KEY);
    if (kept) {
      try {
        files = JSON.parse(kept).filter(function (f) { return f && typeof f.name === "string" && typeof f.text === "string"; });
        keep.checked = true;
      } catch (e) { files = []; }
    }
  }

  var clear = $('[data-action="team-clear"]', page);
  if (clear) {
    clear.addEventListener("click", function () {
      files = [];
      if (keep && keep.checked) saveKept();
      update(true);
    });
  }

  /* ---- the role and the views ------------------------------------------------------------ */

  if (rolePicker) {
    framework.roles.forEach(function (r) {
      var o = el("option", null, r.name);
      o.value = r.id;
      rolePicker.appendChild(o);
    });
    rolePicker.value = framework.default_role;
    rolePicker.addEventListener("change", function () { update(false); });
  }

  function role() {
    return (rolePicker && rolePicker.value) || framework.default_role;
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function update(filesChanged) {
    if (filesChanged) {
      loaded = Team.load(files, courseId, Date.now());
      if (keep && keep.checked && !saveKept()) say(t("team_keep_failed"));
    }
    renderFiles();
    renderViews();
  }

  function renderFiles() {
    var learners = $("[data-team-learners]", page);
    var skipped = $("[data-team-skipped-list]", page);
    var skippedBox = $("[data-team-skipped-box]", page);
    learners.innerHTML = "";
    skipped.innerHTML = "";
    loaded.learners.forEach(function (l) {
      var li = el("li", null, l.name);
      li.setAttribute("data-team-learner", l.name);
      if (l.name !== l.file) li.appendChild(el("span", "muted", sp.paren(l.file)));
      learners.appendChild(li);
    });
    loaded.skipped.forEach(function (s) {
      var li = el("li");
      li.setAttribute("data-team-skipped", s.reason);
      li.appendChild(el("strong", null, s.file));
      li.appendChild(document.createTextNode(" — " + t(s.reason, { course: s.course || "", file: s.of || "", at: s.at || "" })));
      skipped.appendChild(li);
    });
    if (skippedBox) skippedBox.hidden = !loaded.skipped.length;
    say(files.length ? t("team_loaded", { n: loaded.learners.length, skipped: loaded.skipped.length }) : "");
    if (clear) clear.hidden = !files.length;
  }

  function levelLabel(level) {
    return level == null ? t("not_yet_assessed") : Mastery.levelName(framework, level);
  }

  function gapLabel(cell) {
    if (cell.target == null) return t("team_no_target");
    return cell.gap > 0 ? t("team_gap_n", { n: cell.gap, target: cell.target }) : t("target_met");
  }

  function renderViews() {
    var any = loaded.learners.length > 0;
    results.hidden = !any;
    $("[data-team-empty]", page).hidden = any;
    var exportButton = $('[data-action="export-csv"]', page);
    if (exportButton) exportButton.disabled = !any;
    var printButton = $('[data-action="team-print"]', page);
    if (printButton) printButton.disabled = !any;
    if (!any) return;
    var rows = Team.sortRows(Team.heatMap(framework, loaded.learners, role()), sort.by, sort.competency);
    renderHeatMap(rows);
    renderProfile(rows);
    renderQuestions(Team.weakestQuestions(framework, loaded.learners));
    renderCases(Team.caseResults(framework, loaded.learners));
    renderCompletion(Team.completion(framework, loaded.learners));
  }

  /* A column header that sorts the heat map: a button, with aria-sort on the header cell. */
  function sortHeader(text, by, competency, order) {
    var th = el("th");
    th.scope = "col";
    var active = sort.by === by && (by !== "competency" || sort.competency === competency);
    th.setAttribute("aria-sort", active ? order : "none");
    var b = el("button", "team-sort", text);
    b.type = "button";
    b.setAttribute("data-team-sort", by);
    if (competency) b.setAttribute("data-competency", competency);
    b.addEventListener("click", function () {
      sort = { by: by, competency: competency || null };
      renderViews();
      var again = $('[data-team-sort="' + by + '"]' + (competency ? '[data-competency="' + competency + '"]' : ""), page);
      if (again) again.focus();
    });
    th.appendChild(b);
    return th;
  }

  function renderHeatMap(rows) {
    var table = $("[data-team-heatmap]", page);
    table.innerHTML = "";
    table.appendChild(el("caption", null, t("team_heatmap_caption", { role: roleName() })));
    var head = el("thead");
    var tr = el("tr");
    tr.appendChild(sortHeader(t("team_learner"), "learner", null, "ascending"));
    var target = (Mastery.role(framework, role()) || {}).targets || {};
    framework.competencies.forEach(function (c) {
      var label = c.name + (target[c.id] != null ? sp.paren(t("target") + " " + target[c.id]) : "");
      tr.appendChild(sortHeader(label, "competency", c.id, "descending"));
    });
    tr.appendChild(sortHeader(t("team_total_gap"), "gap", null, "descending"));
    head.appendChild(tr);
    table.appendChild(head);
    var body = el("tbody");
    rows.forEach(function (row) {
      var r = el("tr");
      var th = el("th", null, row.learner.name);
      th.scope = "row";
      r.appendChild(th);
      row.cells.forEach(function (c) {
        var td = el("td", "team-cell" + (c.gap > 0 ? " has-gap" : ""));
        td.setAttribute("data-team-cell", "");
        td.setAttribute("data-learner", row.learner.name);
        td.setAttribute("data-competency", c.competency);
        td.setAttribute("data-level", c.level == null ? "none" : String(c.level));
        td.setAttribute("data-gap", String(c.gap));
        td.appendChild(el("span", "team-cell-level", levelLabel(c.level)));
        td.appendChild(el("span", "team-cell-gap", gapLabel(c)));
        r.appendChild(td);
      });
      r.appendChild(el("td", "team-total", String(row.totalGap)));
      body.appendChild(r);
    });
    table.appendChild(body);
  }

  function roleName() {
    var r = Mastery.role(framework, role());
    return r ? r.name : role();
  }

  function cellText(tr, text, className) {
    tr.appendChild(el("td", className || null, text == null ? "—" : String(text)));
  }

  function renderProfile(rows) {
    var p = Team.profile(framework, rows, loaded.learners);
    var table = $("[data-team-profile]", page);
    var body = $("tbody", table);
    body.innerHTML = "";
    p.competencies.forEach(function (c) {
      var tr = el("tr");
      tr.setAttribute("data-team-profile-competency", c.id);
      var th = el("th", null, c.name);
      th.scope = "row";
      tr.appendChild(th);
      cellText(tr, c.target);
      cellText(tr, c.below);
      cellText(tr, c.at);
      cellText(tr, c.above);
      cellText(tr, c.unassessed);
      cellText(tr, c.median == null ? null : num(c.median));
      cellText(tr, c.target == null ? null : c.teamGap);
      body.appendChild(tr);
    });
    var list = $("[data-team-modules]", page);
    list.innerHTML = "";
    var names = {};
    framework.competencies.forEach(function (c) { names[c.id] = c.name; });
    p.modules.forEach(function (m) {
      var li = el("li");
      li.setAttribute("data-recommended-module", m.id);
      var a = el("a", null, m.title);
      a.href = siteUrl(m.url);
      li.appendChild(a);
      var why = sp.list(m.competencies.map(function (id) { return names[id] || id; }));
      if (why) li.appendChild(el("span", "muted", " — " + why));
      else if (m.prerequisiteOf.length) li.appendChild(el("span", "muted", sp.paren(t("prerequisite"))));
      list.appendChild(li);
    });
    var none = $("[data-team-modules-empty]", page);
    if (none) none.hidden = p.modules.length > 0;
  }

  /* How a wrong answer reads: the options' text for choices, the typed text otherwise. A file
   * anyone could have edited may hold any shape: what is not the expected one is shown as is. */
  function answerText(qid, answer) {
    var info = questionInfo[qid] || {};
    var type = info.type || framework.questions[qid].type;
    var options = info.options || [];
    var list = Array.isArray(answer);
    function option(i) { return options[Number(i)] != null ? options[Number(i)] : "#" + (Number(i) + 1); }
    if (type === "single" && !list && answer != null) return option(answer);
    if (type === "multiple" && list) return answer.map(option).join(" + ");
    if (type === "true_false" && typeof answer === "boolean") return t(answer ? "true" : "false");
    if (type === "order" && list) {
      return answer.map(function (i) { return (info.items || [])[i] || "#" + (Number(i) + 1); }).join(" → ");
    }
    if (type === "match" && list) {
      return answer.map(function (v, i) { return (i + 1) + " → " + (v == null || v === "" ? "—" : Number(v) + 1); }).join(", ");
    }
    return typeof answer === "string" ? answer : JSON.stringify(answer);
  }

  function renderQuestions(weakest) {
    var list = $("[data-team-questions]", page);
    list.innerHTML = "";
    weakest.forEach(function (w) {
      var info = questionInfo[w.id] || {};
      var li = el("li", "team-question");
      li.setAttribute("data-team-question", w.id);
      li.setAttribute("data-share-wrong", num(w.shareWrong));
      var title = el("p", "team-question-text", info.text || w.id);
      li.appendChild(title);
      var facts = el("p", "team-question-facts");
      facts.appendChild(el("strong", null, t("team_wrong_share", { wrong: w.wrong, answered: w.answered, share: percent(w.shareWrong) })));
      if (w.wrongAnswer) {
        facts.appendChild(document.createTextNode(" · " + sp.labelled(t("team_most_chosen_wrong"))));
        var given = el("q", "team-wrong-answer", answerText(w.id, w.wrongAnswer.answer));
        given.setAttribute("data-team-wrong-answer", w.wrongAnswer.key);
        facts.appendChild(given);
        facts.appendChild(document.createTextNode(sp.paren(w.wrongAnswer.count)));
      }
      if (info.url) {
        facts.appendChild(document.createTextNode(" · "));
        var a = el("a", null, info.quiz || t("quiz"));
        a.href = siteUrl(info.url);
        facts.appendChild(a);
      }
      li.appendChild(facts);
      list.appendChild(li);
    });
    $("[data-team-questions-empty]", page).hidden = weakest.length > 0;
  }

  function renderCases(cases) {
    var body = $("[data-team-cases] tbody", page);
    body.innerHTML = "";
    cases.forEach(function (c) {
      var tr = el("tr");
      tr.setAttribute("data-team-case", c.id);
      var th = el("th");
      th.scope = "row";
      var a = el("a", null, c.title);
      a.href = siteUrl(framework.cases[c.id].url);
      th.appendChild(a);
      tr.appendChild(th);
      cellText(tr, c.played);
      var endings = el("td");
      var ul = el("ul", "team-endings");
      c.endings.forEach(function (e) {
        var li = el("li", null, sp.labelled(e.title, e.count));
        li.setAttribute("data-team-ending", e.id);
        li.setAttribute("data-count", String(e.count));
        ul.appendChild(li);
      });
      endings.appendChild(ul);
      tr.appendChild(endings);
      var best = framework.cases[c.id].best;
      cellText(tr, c.averageScore == null ? null
        : t("team_average_score", { score: num(c.averageScore), best: num(best), share: percent(c.averageFraction) }));
      body.appendChild(tr);
    });
  }

  function renderCompletion(rows) {
    var body = $("[data-team-completion] tbody", page);
    body.innerHTML = "";
    rows.forEach(function (r) {
      var tr = el("tr");
      tr.setAttribute("data-team-completion-learner", r.learner.name);
      var th = el("th", null, r.learner.name);
      th.scope = "row";
      tr.appendChild(th);
      cellText(tr, r.modulesDone + " / " + r.modulesTotal);
      cellText(tr, r.lessonsDone + " / " + r.lessonsTotal);
      cellText(tr, r.checksPassed + " / " + r.checksTotal);
      cellText(tr, r.assessmentsPassed + " / " + r.assessmentsTotal);
      cellText(tr, !r.final ? null
        : (r.final.passed ? t("passed") : t("not_passed")) + (r.final.best == null ? "" : " · " + t("best_score") + " " + percent(r.final.best)));
      cellText(tr, t("team_certificate_" + r.certificate));
      body.appendChild(tr);
    });
  }

  /* ---- taking it away -------------------------------------------------------------------- */

  var exportButton = $('[data-action="export-csv"]', page);
  if (exportButton) {
    exportButton.addEventListener("click", function () {
      if (!loaded || !loaded.learners.length) return;
      var rows = Team.sortRows(Team.heatMap(framework, loaded.learners, role()), sort.by, sort.competency);
      var text = Team.csv(rows, Team.weakestQuestions(framework, loaded.learners), answerText);
      var a = el("a");
      a.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      a.download = courseId.replace(/[^A-Za-z0-9._-]+/g, "-") + "-team.csv";
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
      say(t("team_csv_done"));
    });
  }

  var printButton = $('[data-action="team-print"]', page);
  if (printButton) printButton.addEventListener("click", function () { window.print(); });

  page.setAttribute("data-team-ready", "");
  update(true);
})();
