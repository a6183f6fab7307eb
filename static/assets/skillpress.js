/* skillpress: page chrome on every page, after nav.js (docs/learner.md, "Scripts"): sidebar,
 * drawer, light/dark, contents highlight, search on first use, embeds. A classic script (file://,
 * sub-paths, LMS). Exposes window.skillpress (root, page, t, labelled, list, paren, url, storage,
 * store, el, html, scripts) to the scripts after it. */
(function () {
  "use strict";

  var doc = document.documentElement;
  var root = doc.getAttribute("data-root") || "";
  var currentPage = normalise(doc.getAttribute("data-page") || "");
  var THEME_KEY = "skillpress-theme";

  /* ---- helpers ---------------------------------------------------------------------- */

  var storage = {
    get: function (key) {
      try { return window.localStorage.getItem(key); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, value); return true; } catch (e) { return false; }
    },
    remove: function (key) {
      try { window.localStorage.removeItem(key); return true; } catch (e) { return false; }
    }
  };

  var strings = null;
  var stringsFrom = null;
  /* t(key) is the interface string; t(key, {n: 3}) also fills its {n} placeholders. */
  function t(key, vars) {
    var s = text(key);
    if (vars) {
      s = s.replace(/\{(\w+)\}/g, function (m, name) { return name in vars ? String(vars[name]) : m; });
    }
    return s;
  }

  /* The page's saved state (store.js), opened once and shared by every script; null without it. */
  var openedStore;
  function store() {
    if (openedStore === undefined) {
      openedStore = null;
      try {
        if (window.SkillpressStore) openedStore = window.SkillpressStore.open(document.documentElement.getAttribute("data-course") || "");
      } catch (e) { openedStore = null; }
    }
    return openedStore;
  }

  function text(key) {
    // assets/strings.js comes only with the scripts that need all the strings (quizzes, cases,
    // search, …); until then the few the page chrome uses are printed in the page.
    if (!strings || stringsFrom !== window.skillpressStrings) {
      // The course's interface strings (assets/strings.js), then any a theme adds in the page.
      strings = {};
      stringsFrom = window.skillpressStrings;
      var shared = stringsFrom || {};
      for (var k in shared) {
        if (Object.prototype.hasOwnProperty.call(shared, k)) strings[k] = shared[k];
      }
      var tpl = document.getElementById("skillpress-strings");
      var scope = tpl && (tpl.content || tpl);
      if (scope) {
        var items = scope.querySelectorAll("[data-k]");
        for (var i = 0; i < items.length; i++) {
          // Spaces are text (" ("), line breaks around a string layout.
          strings[items[i].getAttribute("data-k")] = items[i].textContent.replace(/^\s*\n\s*|\s*\n\s*$/g, "");
        }
      }
    }
    return Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
  }

  function normalise(path) {
    return String(path).split("#")[0].split("?")[0].replace(/^\.\//, "").replace(/^\/+/, "");
  }

  function isExternal(url) {
    return /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url);
  }

  /* A url from nav.js (relative to the site root) as a link from this page. */
  function url(path) {
    path = String(path);
    return isExternal(path) ? path : root + path.replace(/^\.\//, "").replace(/^\/+/, "");
  }

  function isCurrent(path) {
    return !isExternal(path) && normalise(path) === currentPage;
  }

  /* A new element with an optional class and text; html() fills it with trusted markup
     (HTML the build rendered). Shared with the scripts that come after this one. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function html(tag, className, markup) {
    var node = el(tag, className);
    node.innerHTML = markup || "";
    return node;
  }

  function navLink(item) {
    var a = el("a", null, item.title);
    a.href = url(item.url);
    if (isCurrent(item.url)) a.setAttribute("aria-current", "page");
    return a;
  }

  /* Loads the scripts `paths` (relative to the site root) in the order given, each once, and
   * resolves when all have run. A classic <script src> works from file:// and inside an LMS
   * package, where fetch() and modules do not. A script the page already has is not loaded again. */
  var loading = {};
  function scripts(paths) {
    return Promise.all(paths.map(function (path) {
      if (!loading[path]) {
        var src = root + path;
        loading[path] = document.querySelector('script[src="' + src + '"]') ? Promise.resolve()
          : new Promise(function (resolve, reject) {
            var node = document.createElement("script");
            node.src = src;
            node.async = false; // run in the order asked, like the page's own scripts
            node.onload = function () { resolve(); };
            node.onerror = function () {
              delete loading[path]; // a later call may try again
              reject(new Error("cannot load " + src));
            };
            document.head.appendChild(node);
          });
      }
      return loading[path];
    }));
  }

  // Each language's punctuation between strings (zh: "：", "、", "（）").
  function labelled(a, b) { return a + t("punct_colon") + (b == null ? "" : b); }
  function list(a) { return a.join(t("punct_list")); }
  function paren(a) { return t("punct_open") + a + t("punct_close"); }

  var chevron = '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M9 6l6 6-6 6"/></svg>';

  window.skillpress = { root: root, page: currentPage, t: t, labelled: labelled, list: list, paren: paren, url: url, storage: storage, store: store, el: el, html: html, scripts: scripts };

  /* ---- sidebar ---------------------------------------------------------------------- */

  function buildSidebar() {
    var data = window.skillpressNav;
    if (!data) return;

    // The page already lists home, cases, competencies and progress with translated titles;
    // nav.js may leave those titles empty ("the theme names them") and adds the final
    // assessment and the free pages.
    var links = document.querySelector("[data-sidebar-links]");
    if (links && data.links.length) {
      var known = {};
      var items = links.querySelectorAll("li[data-kind]");
      for (var i = 0; i < items.length; i++) {
        var a = items[i].querySelector("a");
        if (a) known[items[i].getAttribute("data-kind")] = a.textContent;
      }
      var newLinks = el("ul", links.className);
      newLinks.setAttribute("data-sidebar-links", "");
      var entries = data.links.slice();
      if (known.home && !entries.some(function (l) { return l.kind === "home"; })) {
        entries.unshift({ kind: "home", title: known.home, url: "index.html" });
      }
      entries.forEach(function (item) {
        var title = item.title || known[item.kind];
        if (!title) return;
        var li = el("li");
        li.setAttribute("data-kind", item.kind);
        li.appendChild(navLink({ title: title, url: item.url }));
        newLinks.appendChild(li);
      });
      links.parentNode.replaceChild(newLinks, links);
    }

    var host = document.querySelector("[data-sidebar-modules]");
    if (!host || !data.modules.length) return;

    var list = el("ul", "nav-modules");
    data.modules.forEach(function (m, index) {
      var li = el("li", "nav-module");
      li.setAttribute("data-module", m.id);
      var row = el("div", "nav-module-row");
      var a = navLink(m);
      a.insertBefore(el("span", "nav-module-number", String(index + 1)), a.firstChild);
      row.appendChild(a);
      li.appendChild(row);

      var children = m.lessons.map(function (l) { return { title: l.title, url: l.url, id: l.id }; });
      if (m.check) children.push({ title: m.check.title, url: m.check.url, check: true });
      var here = isCurrent(m.url) || children.some(function (c) { return isCurrent(c.url); });
      if (here) li.classList.add("is-current");

      if (children.length) {
        var sub = el("ul", "nav-lessons");
        sub.id = "nav-module-" + m.id;
        children.forEach(function (c) {
          var item = el("li", c.check ? "nav-check" : "nav-lesson");
          if (c.id) item.setAttribute("data-lesson", c.id);
          item.appendChild(navLink(c));
          sub.appendChild(item);
        });
        sub.hidden = !here;

        var button = el("button", "nav-expand");
        button.type = "button";
        button.innerHTML = chevron;
        button.setAttribute("aria-controls", sub.id);
        button.setAttribute("aria-expanded", here ? "true" : "false");
        button.setAttribute("aria-label", labelled(t("show_lessons"), m.title));
        button.addEventListener("click", function () {
          var open = button.getAttribute("aria-expanded") !== "true";
          button.setAttribute("aria-expanded", open ? "true" : "false");
          sub.hidden = !open;
        });
        row.appendChild(button);
        li.appendChild(sub);
      }
      list.appendChild(li);
    });

    host.innerHTML = "";
    host.appendChild(list);
    var heading = document.querySelector("[data-sidebar-heading]");
    if (heading) heading.hidden = false;

    var current = host.querySelector('[aria-current="page"]');
    if (current && current.scrollIntoView) {
      var sidebar = document.getElementById("sidebar");
      if (sidebar && current.offsetTop > sidebar.clientHeight - 80) {
        sidebar.scrollTop = current.offsetTop - sidebar.clientHeight / 3;
      }
    }
  }

  /* ---- drawer (small screens) ------------------------------------------------------- */

  function setupDrawer() {
    var toggle = document.querySelector("[data-menu-toggle]");
    var sidebar = document.getElementById("sidebar");
    var backdrop = document.querySelector("[data-sidebar-backdrop]");
    if (!toggle || !sidebar) return;
    toggle.hidden = false;
    var label = toggle.querySelector(".menu-toggle-label");
    var small = window.matchMedia("(max-width: 960px)");

    function isOpen() { return doc.classList.contains("nav-open"); }

    function open() {
      doc.classList.add("nav-open");
      toggle.setAttribute("aria-expanded", "true");
      if (label) label.textContent = t("close_menu");
      var target = sidebar.querySelector('[aria-current="page"]') || sidebar.querySelector("a, button");
      if (target) target.focus({ preventScroll: false });
    }

    function close(returnFocus) {
      if (!isOpen()) return;
      doc.classList.remove("nav-open");
      toggle.setAttribute("aria-expanded", "false");
      if (label) label.textContent = t("menu");
      if (returnFocus) toggle.focus();
    }

    toggle.addEventListener("click", function () {
      if (isOpen()) close(true); else open();
    });
    if (backdrop) backdrop.addEventListener("click", function () { close(true); });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) {
        close(true);
      }
    });

    // Leaving the drawer with Tab closes it, so focus never wanders behind the backdrop.
    sidebar.addEventListener("focusout", function (event) {
      if (!isOpen() || !small.matches) return;
      var next = event.relatedTarget;
      if (next && !sidebar.contains(next) && next !== toggle) close(false);
    });

    small.addEventListener("change", function () { if (!small.matches) close(false); });
  }

  /* ---- light / dark ----------------------------------------------------------------- */

  function setupTheme() {
    var button = document.querySelector("[data-theme-toggle]");
    var system = window.matchMedia("(prefers-color-scheme: dark)");

    function isDark() {
      var chosen = doc.getAttribute("data-theme");
      if (chosen === "dark") return true;
      if (chosen === "light") return false;
      return system.matches;
    }

    function sync() {
      if (!button) return;
      var dark = isDark();
      button.setAttribute("aria-pressed", dark ? "true" : "false");
      button.title = t("dark_mode");
    }

    function apply(theme) {
      if (theme === "light" || theme === "dark") doc.setAttribute("data-theme", theme);
      else doc.removeAttribute("data-theme");
      sync();
    }

    apply(storage.get(THEME_KEY));

    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var next = isDark() ? "light" : "dark";
        apply(next);
        storage.set(THEME_KEY, next);
      });
    }
    system.addEventListener("change", sync);
    window.addEventListener("storage", function (event) {
      if (event.key === THEME_KEY) apply(event.newValue);
    });
  }

  /* ---- table of contents ------------------------------------------------------------ */

  function setupToc() {
    var links = document.querySelectorAll('.toc a[href^="#"]');
    if (!links.length) return;
    var entries = [];
    for (var i = 0; i < links.length; i++) {
      var id = decodeURIComponent(links[i].getAttribute("href").slice(1));
      var heading = document.getElementById(id);
      if (heading) entries.push({ link: links[i], heading: heading });
    }
    if (!entries.length) return;

    var active = null;
    function update() {
      var offset = (parseFloat(getComputedStyle(doc).scrollPaddingTop) || 80) + 8;
      var current = entries[0];
      for (var j = 0; j < entries.length; j++) {
        if (entries[j].heading.getBoundingClientRect().top <= offset) current = entries[j];
        else break;
      }
      if (current === active) return;
      if (active) {
        active.link.classList.remove("is-active");
        active.link.removeAttribute("aria-current");
      }
      current.link.classList.add("is-active");
      current.link.setAttribute("aria-current", "true");
      active = current;
    }

    var observer = new IntersectionObserver(update, { rootMargin: "0px 0px -60% 0px", threshold: [0, 1] });
    entries.forEach(function (e) { observer.observe(e.heading); });
    update();
  }

  /* ---- quizzes and case cards embedded in Markdown ------------------------------------ */

  /* The build fills embeds in after the page template is rendered, so base.html cannot tell
   * that a lesson holds one: their stylesheet and scripts are added here, once, when the page
   * has them (a quiz page already links its own, and scripts() skips those). */
  var EMBEDS = [
    { hook: "[data-quiz]", css: "assets/quiz.css", js: ["assets/strings.js", "assets/grading.js", "assets/quiz.js"] },
    { hook: "[data-case-card]", css: "assets/case.css", js: [] },
    // Highlighted code inside an embedded quiz.
    { hook: '[class*="hl-"]', css: "assets/highlight.css", js: [] }
  ];

  function stylesheet(path) {
    if (document.querySelector('link[href="' + root + path + '"]')) return;
    var link = el("link");
    link.rel = "stylesheet";
    link.href = root + path;
    document.head.appendChild(link);
  }

  function loadEmbeds() {
    EMBEDS.forEach(function (e) {
      if (!document.querySelector(e.hook)) return;
      // A quiz page's template already loads all of it.
      if (e.js.length && document.querySelector('script[src="' + root + e.js[e.js.length - 1] + '"]')) return;
      stylesheet(e.css);
      if (e.js.length) scripts(e.js).catch(function () { /* the quiz stays a readable form */ });
    });
  }

  /* ---- search, on first use --------------------------------------------------------- */

  /* The header box is a combobox from the start (its dropdown comes with search.js). */
  function setupSearch() {
    var inputs = document.querySelectorAll("[data-search-input]");
    var started = false;
    function start() {
      if (started) return;
      started = true;
      stylesheet("assets/search.css");
      scripts(["assets/strings.js", "assets/search.js"]).catch(function () { started = false; });
    }
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].closest && inputs[i].closest(".site-header")) {
        inputs[i].setAttribute("role", "combobox");
        inputs[i].setAttribute("aria-autocomplete", "list");
        inputs[i].setAttribute("aria-expanded", "false");
      }
      inputs[i].addEventListener("focus", start);
      inputs[i].addEventListener("input", start);
    }
  }

  /* ---- small helpers ---------------------------------------------------------------- */

  function openDetailsForHash() {
    if (!location.hash) return;
    var target;
    try { target = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { return; }
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  function setupPrint() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      var closed = document.querySelectorAll("details:not([open])");
      for (var i = 0; i < closed.length; i++) {
        closed[i].open = true;
        opened.push(closed[i]);
      }
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest('[data-action="print"]');
      if (button) {
        event.preventDefault();
        window.print();
      }
    });
  }

  function init() {
    setupTheme();
    buildSidebar();
    setupDrawer();
    setupToc();
    setupPrint();
    setupSearch();
    loadEmbeds();
    openDetailsForHash();
    window.addEventListener("hashchange", openDetailsForHash);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
