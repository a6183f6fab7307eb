/* skillpress: reading progress, on every page.
 *
 * Every page: records the visit (and `last`, for "continue where you left off").
 * Lesson pages: a lesson is completed when the learner reaches its end (the pager comes into
 * view) or presses "Mark as complete" (a toggle).
 * The sidebar: ticks on completed lessons and passed checks.
 * Everything is read from and written to SkillpressStore (store.js); nothing leaves the browser.
 *
 * Module progress on the home and module pages (home.js), the progress page (progress-page.js)
 * and the competency map (map.js) build on this file's
 * window.SkillpressProgress: module status, formatting, and onRender(fn) to be redrawn with the
 * rest of the page whenever the saved state changes.
 */
(function () {
  "use strict";

  var Store = window.SkillpressStore;
  var sp = window.skillpress;
  var store = Store && sp ? sp.store() : null;
  if (!store) return;

  var doc = document.documentElement;
  var lang = doc.getAttribute("lang") || "en";
  var el = sp.el;

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

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  var framework = readJson("framework-data");

  /* Modules as {id, title, url, lessons: [{id, title, url}], quiz}, from assets/nav.js, which
   * base.html loads before the scripts (none for a theme that leaves it out). */
  function courseModules() {
    return (window.skillpressNav || { modules: [] }).modules.map(function (m) {
      return { id: m.id, title: m.title, url: m.url, lessons: m.lessons, quiz: m.check ? m.check.quiz : null };
    });
  }

  // Module completion is the store's (one rule for these pages, the map and the team page).
  var quizPassed = window.SkillpressStore.quizPassed;
  var moduleStatus = window.SkillpressStore.moduleStatus;

  function completedModules(state) {
    return window.SkillpressStore.completedModules(state, courseModules());
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
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        observer.disconnect();
        reached();
      }
    });
    observer.observe(end);
  }

  /* ---- the sidebar ----------------------------------------------------------------- */

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
        hint = el("span", "nav-done visually-hidden", sp.paren(t("completed")));
        a.appendChild(hint);
      } else if (!done && hint) {
        hint.parentNode.removeChild(hint);
      }
    }
  }

  /* ---- start ------------------------------------------------------------------------ */

  var renderers = [];

  function renderAll() {
    renderers.forEach(function (fn) {
      try { fn(store.state); } catch (e) { if (window.console) console.warn("skillpress progress", e); }
    });
    renderSidebar();
  }

  var rendering = false;
  var started = false;

  function init() {
    started = true;
    recordVisit();
    if (pageKind() === "lesson") setupLesson();
    renderAll();
    // Quizzes and cases on this page save through the same store: keep the views current.
    store.onChange(function () {
      if (!rendering) {
        rendering = true;
        setTimeout(function () { rendering = false; renderAll(); }, 0);
      }
    });
  }

  /* For home.js, progress-page.js and map.js, which come after this file. */
  window.SkillpressProgress = {
    store: store,
    framework: framework,
    modules: courseModules,
    moduleStatus: moduleStatus,
    quizPassed: quizPassed,
    completedModules: completedModules,
    formatDate: formatDate,
    percent: percent,
    link: link,
    /* fn(state) draws a view now (once the page is ready) and after every change of the state. */
    onRender: function (fn) {
      renderers.push(fn);
      if (started) fn(store.state);
    },
    renderAll: renderAll
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
