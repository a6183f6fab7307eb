/* skillpress: the progress page (progress.html): summary, "continue", history of quiz attempts,
 * case runs and completed lessons, and the learner's own copy of their progress (export, import,
 * reset, and the copy of an unreadable saved value that store.js kept aside). Builds on
 * window.SkillpressProgress (progress.js), window.SkillpressMastery (mastery.js) and the file
 * methods of store-file.js.
 */
(function () {
  "use strict";

  var P = window.SkillpressProgress;
  var Mastery = window.SkillpressMastery;
  var sp = window.skillpress;
  if (!P || !sp) return;
  var store = P.store;
  var framework = P.framework;
  var el = sp.el;
  var formatDate = P.formatDate;
  var percent = P.percent;
  var link = P.link;

  function t(key, vars) { return sp.t(key, vars); }
  function $(sel, scope) { return (scope || document).querySelector(sel); }

  function num(x) {
    return String(Math.round((Number(x) || 0) * 100) / 100);
  }

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
    var modules = P.modules();

    // Summary.
    var totalLessons = 0;
    var doneLessons = 0;
    modules.forEach(function (m) {
      var s = P.moduleStatus(state, m);
      totalLessons += s.total;
      doneLessons += s.done;
    });
    // The diagnostic's questions are saved as quizzes too (`diagnostic:<competency>`); they are a
    // measure, not a quiz to pass.
    var passed = Object.keys(state.quizzes).filter(function (id) { return id.indexOf("diagnostic:") !== 0 && P.quizPassed(state, id); }).length;
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
          var span = el("span", null, sp.labelled(t("continue_where_left_off")));
          span.appendChild(link(state.last.path, state.last.title || state.last.path));
          li.appendChild(span);
          li.appendChild(el("span", "history-date", formatDate(state.last.at)));
          list.appendChild(li);
        }
        if (next) {
          var li2 = el("li");
          var span2 = el("span", null, sp.labelled(t("next_up")));
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
    function section(title, items) {
      if (!items.length) return;
      history.appendChild(el("h3", "history-title", title));
      var list = el("ul", "history-list");
      items.forEach(function (li) { list.appendChild(li); });
      history.appendChild(list);
    }
    section(t("history_quizzes"), attempts.map(function (x) { return { at: x.a.at, x: x }; }).sort(newest).map(function (o) {
      var a = o.x.a;
      var facts = [t("score") + " " + num(a.earned) + "/" + num(a.possible) + (a.possible > 0 ? sp.paren(percent(a.earned / a.possible)) : "")];
      if (a.passed != null) facts.push(t(a.passed ? "passed" : "not_passed"));
      return historyItem("quiz", urlOf("quizzes", o.x.id), titleOf("quizzes", o.x.id), facts, a.at);
    }));
    section(t("history_cases"), runs.map(function (x) { return { at: x.r.at, x: x }; }).sort(newest).map(function (o) {
      var r = o.x.r;
      var c = framework && framework.cases && framework.cases[o.x.id];
      var ending = c && c.endings && c.endings[r.ending] ? c.endings[r.ending] : r.ending;
      var fraction = c && c.best > 0 ? Math.max(0, Math.min(1, r.score / c.best)) : r.fraction;
      var facts = [sp.labelled(t("ending"), ending)];
      if (typeof fraction === "number") facts.push(t("score") + " " + percent(fraction));
      if (r.passed != null) facts.push(t(r.passed ? "passed" : "not_passed"));
      return historyItem("case", urlOf("cases", o.x.id), titleOf("cases", o.x.id), facts, r.at);
    }));
    section(t("lessons_completed"), lessons.sort(newest).map(function (o) {
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

    function download(text, name, type) {
      var blob = new Blob([text], { type: type });
      var a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    }

    var exportButton = $('[data-action="export"]');
    if (exportButton) {
      exportButton.addEventListener("click", function () {
        // The name is optional and only goes into the file (a lead's team page shows it).
        var name = $("[data-export-name]");
        download(store.export(name ? name.value : ""), store.exportName(), "application/json");
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
          input.value = "";
          importText(String(reader.result));
        };
        reader.onerror = function () {
          say(t("import_read_error"), false);
          input.value = "";
        };
        reader.readAsText(file);
      });
    }

    /* The whole file is checked first; the learner then sees what it replaces and decides. */
    function importText(text) {
      var checked = store.checkImport(text);
      if (!checked.ok) {
        say(t(checked.error, { course: checked.course || "", at: checked.at || "" }), false);
        return;
      }
      var question = t("confirm_import", { current: describe(store.summary()), incoming: describe(checked.summary) });
      if (!window.confirm(question)) {
        say(t("import_cancelled"), true);
        return;
      }
      var result = store.import(text);
      if (result.saved) say(t("import_done"), true);
      else say(t("import_not_saved"), false);
      P.renderAll();
    }

    function describe(s) {
      return t("progress_summary", { lessons: s.lessons, attempts: s.attempts, runs: s.runs });
    }

    // The unreadable value store.js kept aside: the learner downloads it, then discards it.
    var kept = $("[data-kept-tool]");
    if (kept && store.kept() !== null) {
      kept.hidden = false;
      $('[data-action="download-kept"]', kept).addEventListener("click", function () {
        download(store.kept(), store.keptName(), "text/plain");
      });
      $('[data-action="discard-kept"]', kept).addEventListener("click", function () {
        if (!window.confirm(t("confirm_discard_kept"))) return;
        store.discardKept();
        kept.hidden = store.kept() === null;
        say(t("kept_discarded"), true);
        P.renderAll();
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
        P.renderAll();
      });
    }
  }

  setupProgressTools();
  P.onRender(renderProgress);
})();
