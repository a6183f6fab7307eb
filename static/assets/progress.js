/* skillpress: reading progress and the learner's own views of it.
 *
 * Every page: records the visit (and `last`, for "continue where you left off").
 * Lesson pages: a lesson is completed when the learner reaches its end (the pager comes into
 * view) or presses "Mark as complete" (a toggle).
 * Home and module pages: progress of each module (lessons done / total, module check passed).
 * Progress page: summary, history, export / import / reset.
 * Competency map: levels (spec §2.7, computed by mastery.js), role picker, radar chart, gaps and
 * recommended modules.
 * Everything is read from and written to SkillpressStore (store.js); nothing leaves the browser.
 */
(function () {
  "use strict";

  var Store = window.SkillpressStore;
  var Mastery = window.SkillpressMastery;
  var sp = window.skillpress;
  var store = Store && sp ? sp.store() : null;
  if (!store) return;

  var doc = document.documentElement;
  var lang = doc.getAttribute("lang") || "en";
  var el = sp.el;
  var SVG = "http://www.w3.org/2000/svg";

  /* ---- helpers ---------------------------------------------------------------------- */

  function t(key, vars) { return sp.t(key, vars); }

  function $(sel, scope) { return (scope || document).querySelector(sel); }
  function $$(sel, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(sel)); }

  function link(path, text) {
    var a = el("a", null, text);
    a.href = sp.url(path);
    return a;
  }

  function pageKind() {
    var m = /(?:^|\s)kind-(\S+)/.exec(document.body.className);
    return m ? m[1] : "";
  }

  function formatDate(at) {
    if (!at) return "";
    try {
      return new Date(at).toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
    } catch (e) {
      return new Date(at).toLocaleString();
    }
  }

  function percent(x) {
    try {
      return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(x);
    } catch (e) {
      return Math.round(x * 100) + "%";
    }
  }

  function num(x) {
    return String(Math.round((Number(x) || 0) * 100) / 100);
  }

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  var nav = window.skillpressNav || { modules: [] };
  var framework = readJson("framework-data");

  /* Modules as {id, title, url, lessons: [{id, title, url}], quiz}: nav.js has them on every page;
   * the framework data (map and progress pages) is the fallback. */
  function courseModules() {
    if (nav.modules && nav.modules.length) {
      return nav.modules.map(function (m) {
        return { id: m.id, title: m.title, url: m.url, lessons: m.lessons || [], quiz: m.check ? m.check.quiz : null };
      });
    }
    return ((framework && framework.modules) || []).map(function (m) {
      return {
        id: m.id, title: m.title, url: m.url, quiz: m.quiz || null,
        lessons: (m.lessons || []).map(function (id) { return { id: id, title: id, url: "modules/" + m.id + "/" + id + ".html" }; })
      };
    });
  }

  function quizPassed(state, quizId) {
    var q = quizId && state.quizzes[quizId];
    return !!q && q.attempts.some(function (a) { return a.passed; });
  }

  /* A module is completed when every lesson is and its check (if any) is passed. */
  function moduleStatus(state, m) {
    var done = 0;
    var started = false;
    m.lessons.forEach(function (l) {
      var s = state.lessons[m.id + "/" + l.id];
      if (s && s.completed) done++;
      if (s) started = true;
    });
    var check = m.quiz ? quizPassed(state, m.quiz) : null;
    var tried = !!(m.quiz && state.quizzes[m.quiz] && state.quizzes[m.quiz].attempts.length);
    var steps = m.lessons.length + (m.quiz ? 1 : 0);
    var stepsDone = done + (check ? 1 : 0);
    return {
      done: done,
      total: m.lessons.length,
      check: check,
      completed: steps > 0 && stepsDone === steps,
      started: started || tried || done > 0,
      percent: steps ? Math.round((stepsDone / steps) * 100) : 0
    };
  }

  function completedModules(state) {
    var out = {};
    courseModules().forEach(function (m) {
      if (moduleStatus(state, m).completed) out[m.id] = true;
    });
    return out;
  }

  /* ---- every page: the visit ------------------------------------------------------- */

  // `last` is the learning material the learner was in (lessons, module pages, checks, quizzes,
  // cases): "continue" must not lead back to the home, map or progress page it is shown on.
  var CONTENT = { lesson: 1, module: 1, check: 1, quiz: 1, "case": 1 };

  function recordVisit() {
    var kind = pageKind();
    if (!CONTENT[kind]) return;
    var h1 = $("main h1");
    var title = (h1 ? h1.textContent : document.title).replace(/\s+/g, " ").trim();
    var lesson = null;
    var article = $(".lesson-page[data-module][data-lesson]");
    if (kind === "lesson" && article) {
      lesson = article.getAttribute("data-module") + "/" + article.getAttribute("data-lesson");
    }
    store.visit(doc.getAttribute("data-page") || "", title, lesson);
  }

  /* ---- lesson pages: completion ----------------------------------------------------- */

  function setupLesson() {
    var article = $(".lesson-page[data-module][data-lesson]");
    var box = $("[data-lesson-complete]");
    if (!article) return;
    var moduleId = article.getAttribute("data-module");
    var lessonId = article.getAttribute("data-lesson");
    var key = moduleId + "/" + lessonId;
    var button = box && $('[data-action="mark-complete"]', box);
    var status = box && $("[data-lesson-complete-status]", box);
    // Once the learner takes the mark back, reaching the end again must not overrule them.
    var userChose = false;

    function isDone() {
      var l = store.state.lessons[key];
      return !!(l && l.completed);
    }

    function sync(announce) {
      if (!button) return;
      var done = isDone();
      button.setAttribute("aria-pressed", done ? "true" : "false");
      box.classList.toggle("is-done", done);
      if (announce) status.textContent = t(done ? "lesson_marked_complete" : "lesson_marked_incomplete");
      else status.textContent = done ? t("lesson_completed_on", { date: formatDate(store.state.lessons[key].completed) }) : "";
    }

    if (box) {
      box.hidden = false;
      button.addEventListener("click", function () {
        userChose = true;
        store.completeLesson(moduleId, lessonId, !isDone());
        sync(true);
      });
      sync(false);
    }

    var end = $(".pager") || box;
    if (!end) return;
    function reached() {
      if (userChose || isDone()) return;
      store.completeLesson(moduleId, lessonId);
      sync(true);
    }
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          observer.disconnect();
          reached();
        }
      });
      observer.observe(end);
    }
  }

  /* ---- home and module pages: module progress -------------------------------------- */

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
    var state = store.state;
    var box = $("[data-continue]");
    var a = $("[data-continue-link]");
    if (box && a) {
      if (state.last && state.last.path) {
        a.href = sp.url(state.last.path);
        a.textContent = state.last.title || t("continue");
        a.title = t("last_visited") + ": " + formatDate(state.last.at);
        box.hidden = false;
      } else {
        box.hidden = true;
      }
    }
    var byId = {};
    courseModules().forEach(function (m) { byId[m.id] = m; });
    $$(".module-card[data-module]").forEach(function (card) {
      var m = byId[card.getAttribute("data-module")];
      var node = $("[data-module-progress]", card);
      if (!m || !node) return;
      var status = moduleStatus(state, m);
      card.setAttribute("data-state", stateName(status));
      fillModuleProgress(node, status);
    });
  }

  function renderModule() {
    var page = $(".module-page[data-module]");
    if (!page) return;
    var m = courseModules().filter(function (x) { return x.id === page.getAttribute("data-module"); })[0];
    if (!m) return;
    var state = store.state;
    var status = moduleStatus(state, m);
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

  /* The sidebar (built by skillpress.js) ticks completed lessons and passed checks. */
  function renderSidebar() {
    var state = store.state;
    courseModules().forEach(function (m) {
      var item = $('.sidebar [data-module="' + m.id + '"]');
      if (!item) return;
      var status = moduleStatus(state, m);
      item.classList.toggle("is-done", status.completed);
      $$(".nav-lesson[data-lesson]", item).forEach(function (li) {
        var s = state.lessons[m.id + "/" + li.getAttribute("data-lesson")];
        mark(li, !!(s && s.completed));
      });
      var check = $(".nav-check", item);
      if (check) mark(check, !!status.check);
    });
    function mark(li, done) {
      li.classList.toggle("is-done", done);
      var a = $("a", li);
      var hint = a && $(".nav-done", a);
      if (done && a && !hint) {
        hint = el("span", "nav-done visually-hidden", " (" + t("completed") + ")");
        a.appendChild(hint);
      } else if (!done && hint) {
        hint.parentNode.removeChild(hint);
      }
    }
  }

  /* ---- progress page ---------------------------------------------------------------- */

  function titleOf(kind, id) {
    var map = framework && framework[kind];
    return map && map[id] && map[id].title ? map[id].title : id;
  }

  function urlOf(kind, id) {
    var map = framework && framework[kind];
    return map && map[id] && map[id].url ? map[id].url : null;
  }

  function historyItem(kind, path, title, facts, at) {
    var li = el("li");
    li.setAttribute("data-history", kind);
    var main = el("span", "history-main");
    main.appendChild(path ? link(path, title) : el("span", null, title));
    if (facts.length) main.appendChild(el("span", "history-facts", " — " + facts.join(" · ")));
    li.appendChild(main);
    var time = el("time", "history-date", formatDate(at));
    if (at) time.setAttribute("datetime", new Date(at).toISOString());
    li.appendChild(time);
    return li;
  }

  function renderProgress() {
    var state = store.state;
    var modules = courseModules();

    // Summary.
    var totalLessons = 0;
    var doneLessons = 0;
    modules.forEach(function (m) {
      var s = moduleStatus(state, m);
      totalLessons += s.total;
      doneLessons += s.done;
    });
    var passed = Object.keys(state.quizzes).filter(function (id) { return quizPassed(state, id); }).length;
    var cases = Object.keys(state.cases).filter(function (id) { return state.cases[id].runs.length; }).length;
    setStat("lessons", doneLessons + "/" + totalLessons);
    setStat("quizzes", String(passed));
    setStat("cases", String(cases));
    if (framework && Mastery) {
      var est = Mastery.estimateAll(framework, state);
      setStat("competencies", est.filter(function (e) { return e.assessed; }).length + "/" + est.length);
    }

    // Continue: the last page, and the first lesson not yet completed.
    var cont = $("[data-progress-continue]");
    if (cont) {
      var next = null;
      modules.some(function (m) {
        return m.lessons.some(function (l) {
          var s = state.lessons[m.id + "/" + l.id];
          if (s && s.completed) return false;
          next = { title: l.title, url: l.url, module: m.title };
          return true;
        });
      });
      if (state.last || next) {
        cont.innerHTML = "";
        var list = el("ul", "history-list");
        if (state.last) {
          var li = el("li");
          var span = el("span", null, t("continue_where_left_off") + ": ");
          span.appendChild(link(state.last.path, state.last.title || state.last.path));
          li.appendChild(span);
          li.appendChild(el("span", "history-date", formatDate(state.last.at)));
          list.appendChild(li);
        }
        if (next) {
          var li2 = el("li");
          var span2 = el("span", null, t("next_up") + ": ");
          span2.appendChild(link(next.url, next.title));
          li2.appendChild(span2);
          li2.appendChild(el("span", "history-date", next.module));
          list.appendChild(li2);
        }
        cont.appendChild(list);
      } else {
        cont.innerHTML = "";
        cont.appendChild(el("p", "muted", t("nothing_to_continue")));
      }
    }

    // History: quiz attempts, case runs and completed lessons, newest first.
    var history = $("[data-progress-history]");
    if (!history) return;
    var attempts = [];
    Object.keys(state.quizzes).forEach(function (id) {
      state.quizzes[id].attempts.forEach(function (a) { attempts.push({ id: id, a: a }); });
    });
    var runs = [];
    Object.keys(state.cases).forEach(function (id) {
      state.cases[id].runs.forEach(function (r) { runs.push({ id: id, r: r }); });
    });
    var lessons = [];
    modules.forEach(function (m) {
      m.lessons.forEach(function (l) {
        var s = state.lessons[m.id + "/" + l.id];
        if (s && s.completed) lessons.push({ m: m, l: l, at: s.completed });
      });
    });
    function newest(x, y) { return (y.at || 0) - (x.at || 0); }

    history.innerHTML = "";
    if (!attempts.length && !runs.length && !lessons.length) {
      history.appendChild(el("p", "muted", t("no_history")));
      return;
    }
    function section(titleKey, items) {
      if (!items.length) return;
      history.appendChild(el("h3", "history-title", t(titleKey)));
      var list = el("ul", "history-list");
      items.forEach(function (li) { list.appendChild(li); });
      history.appendChild(list);
    }
    section("history_quizzes", attempts.map(function (x) { return { at: x.a.at, x: x }; }).sort(newest).map(function (o) {
      var a = o.x.a;
      var facts = [t("score") + " " + num(a.earned) + "/" + num(a.possible) + (a.possible > 0 ? " (" + percent(a.earned / a.possible) + ")" : "")];
      if (a.passed != null) facts.push(t(a.passed ? "passed" : "not_passed"));
      return historyItem("quiz", urlOf("quizzes", o.x.id), titleOf("quizzes", o.x.id), facts, a.at);
    }));
    section("history_cases", runs.map(function (x) { return { at: x.r.at, x: x }; }).sort(newest).map(function (o) {
      var r = o.x.r;
      var c = framework && framework.cases && framework.cases[o.x.id];
      var ending = c && c.endings && c.endings[r.ending] ? c.endings[r.ending] : r.ending;
      var fraction = c && c.best > 0 ? Math.max(0, Math.min(1, r.score / c.best)) : r.fraction;
      var facts = [t("ending") + ": " + ending];
      if (typeof fraction === "number") facts.push(t("score") + " " + percent(fraction));
      if (r.passed != null) facts.push(t(r.passed ? "passed" : "not_passed"));
      return historyItem("case", urlOf("cases", o.x.id), titleOf("cases", o.x.id), facts, r.at);
    }));
    section("lessons_completed", lessons.sort(newest).map(function (o) {
      return historyItem("lesson", o.l.url, o.l.title, [o.m.title], o.at);
    }));
  }

  function setStat(name, value) {
    var node = $('[data-stat="' + name + '"]');
    if (node) node.textContent = value;
  }

  function setupProgressTools() {
    var message = $("[data-progress-message]");
    function say(text, ok) {
      if (!message) return;
      message.textContent = text;
      message.setAttribute("data-state", ok ? "ok" : "error");
    }

    var exportButton = $('[data-action="export"]');
    if (exportButton) {
      exportButton.addEventListener("click", function () {
        var blob = new Blob([store.export()], { type: "application/json" });
        var a = el("a");
        a.href = URL.createObjectURL(blob);
        a.download = store.exportName();
        a.hidden = true;
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
        say(t("export_done"), true);
      });
    }

    var input = $('input[type="file"][data-action="import"]');
    if (input) {
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        if (!file) return;
        var reader = new FileReader();
        reader.onload = function () {
          var result = store.import(String(reader.result));
          if (result.ok) say(t("import_done"), true);
          else say(t(result.error, { course: result.course || "" }), false);
          input.value = "";
          renderAll();
        };
        reader.onerror = function () {
          say(t("import_read_error"), false);
          input.value = "";
        };
        reader.readAsText(file);
      });
    }

    var resetButton = $('[data-action="reset"]');
    if (resetButton) {
      resetButton.addEventListener("click", function () {
        if (!window.confirm(t("confirm_reset"))) {
          say(t("reset_cancelled"), true);
          return;
        }
        store.reset();
        say(t("reset_done"), true);
        renderAll();
      });
    }
  }

  /* ---- competency map --------------------------------------------------------------- */

  var picker = null;

  function setupMap() {
    if (!framework || !Mastery || !$("[data-competency]")) return;
    // Answers and runs given to an older version of a question or case no longer count.
    var questions = {};
    Object.keys(framework.questions || {}).forEach(function (id) { questions[id] = framework.questions[id].version; });
    var cases = {};
    Object.keys(framework.cases || {}).forEach(function (id) { cases[id] = framework.cases[id].version; });
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

  function scaleName(level) {
    var s = (framework.scale || []).filter(function (x) { return x.level === level; })[0];
    return s ? s.name : "";
  }

  function levelLabel(level) {
    return level == null ? t("not_yet_assessed") : level + (scaleName(level) ? " · " + scaleName(level) : "");
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
    var completed = completedModules(store.state);
    var open = gaps.filter(function (g) { return g.gap > 0; }).sort(function (a, b) {
      return (a.level == null) - (b.level == null) || b.gap - a.gap;
    });
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
      head.appendChild(el("span", "gap-detail", " — " + t("gap") + " " + g.gap + ": " +
        (g.level == null ? t("gap_detail_unassessed", { target: g.target }) : t("gap_detail", { level: g.level, target: g.target }))));
      li.appendChild(head);
      var mods = Mastery.recommend(framework, [g.id], completed);
      var p = el("p", "gap-modules");
      if (mods.length) {
        p.appendChild(el("span", "meta-label", t("learn_in") + " "));
        mods.forEach(function (m, i) {
          if (i) p.appendChild(document.createTextNode(", "));
          p.appendChild(link(m.url, m.title));
          if (m.prerequisiteOf.length) p.appendChild(el("span", "muted", " (" + t("prerequisite") + ")"));
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
        var x = (framework.modules || []).filter(function (y) { return y.id === id; })[0];
        return x ? x.title : id;
      });
      li.appendChild(el("span", "muted rec-note", " (" + t("prerequisite_for", { title: titles.join(", ") }) + ")"));
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
    var max = Math.max.apply(null, (framework.scale || [{ level: 1 }]).map(function (s) { return s.level; }));
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
      points: polygon(estimates.map(function (e) { return Number(targets[e.id]) || 0; }))
    }));
    chart.appendChild(svg("polygon", { "class": "radar-level", points: polygon(estimates.map(function (e) { return e.level || 0; })) }));
    estimates.forEach(function (e, i) {
      if (!e.level) return;
      var p = point(i, e.level);
      chart.appendChild(svg("circle", { "class": "radar-dot", cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 3.5 }));
    });

  }

  /* ---- start ------------------------------------------------------------------------ */

  function renderAll() {
    var kind = pageKind();
    if (kind === "home") renderHome();
    if (kind === "module") renderModule();
    if (kind === "progress") renderProgress();
    if (kind === "competencies") renderMap();
    renderSidebar();
  }

  function init() {
    recordVisit();
    var kind = pageKind();
    if (kind === "lesson") setupLesson();
    if (kind === "progress") setupProgressTools();
    if (kind === "competencies") setupMap();
    renderAll();
    // Quizzes and cases on this page save through the same store: keep the views current.
    store.onChange(function () {
      if (!rendering) {
        rendering = true;
        setTimeout(function () { rendering = false; renderAll(); }, 0);
      }
    });
  }
  var rendering = false;

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
