/* skillpress: the search boxes (docs/learner.md, "Search").
 *
 * The header box on every page is a combobox whose hits drop down under it (arrow keys, Enter,
 * Escape); search.html lists hits under its own box and reads ?q= when present. Every hit is a
 * [data-search-result].
 *
 * Nothing of search is loaded with a page but this file's trigger in skillpress.js: the first
 * focus of (or typing in) a header box loads this file; search.html loads it with the page. This
 * file then loads the tokeniser and the engine (search-tokenize.js, search-engine.js) and the
 * index (assets/search-index.js, which sets window.skillpressSearchIndex) when a box is first
 * used. Large courses split the index into parts (assets/search/t<N>.js, d<N>.js), each a
 * script calling skillpressSearchShard(name, data); a query loads only the parts it needs.
 * All are classic scripts, so search works from file://, any sub-path and inside an LMS.
 */
(function (global) {
  "use strict";

  var sp = global.skillpress;
  if (!sp) return;

  function setUpPage() {
    var doc = document;
    var root = sp.root;
    var t = sp.t;
    var pending = {};
    var enginePromise = null;
    var Search = null;

    function escapeHtml(s) {
      return String(s).replace(/[&<>"']/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
      });
    }

    global.skillpressSearchShard = function (name, data) {
      if (pending[name]) pending[name].resolve(data);
    };

    function loadShard(name) {
      return new Promise(function (resolve, reject) {
        pending[name] = { resolve: resolve };
        sp.scripts(["assets/search/" + name + ".js"]).then(function () {
          // The shard calls skillpressSearchShard before its load event.
          if (pending[name]) reject(new Error("search part " + name + " did not load"));
        }, reject);
      }).then(function (data) {
        delete pending[name];
        return data;
      });
    }

    function engine() {
      if (!enginePromise) {
        // The tokeniser, the engine and the index, in this order, each only once.
        enginePromise = sp.scripts(["assets/search-tokenize.js", "assets/search-engine.js", "assets/search-index.js"]).then(function () {
          Search = global.SkillpressSearch;
          if (!Search || !global.skillpressSearchIndex) throw new Error("the search index did not load");
          return new Search.Engine(global.skillpressSearchIndex, loadShard);
        });
        enginePromise.catch(function () { enginePromise = null; });
      }
      return enginePromise;
    }

    function countText(n) {
      return n === 1 ? t("search_results_one") : t("search_results_count", { n: n });
    }

    var uid = 0;

    /* A search box: runs queries as the learner types and hands results to `show`. */
    function wire(input, show, limit) {
      var seq = 0;
      function run() {
        var query = input.value;
        var mine = ++seq;
        if (!query.trim()) { show(null, query); return; }
        var stale = function () { return mine !== seq; };
        engine().then(function (e) {
          if (!Search.parseQuery(query).terms.length) return { tooShort: true };
          return e.search(query, { limit: limit, stale: stale });
        }).then(function (res) {
          if (mine === seq) show(res, query);
        }, function () {
          if (mine === seq) show({ failed: true }, query);
        });
      }
      input.addEventListener("focus", function () { engine(); });
      input.addEventListener("input", run);
      // Loaded by the first focus or keystroke: start at once, and search what is already typed.
      if (doc.activeElement === input) {
        engine();
        if (input.value.trim()) run();
      }
      return run;
    }

    function resultBody(hit) {
      var title = hit.headingHtml && hit.heading ? hit.titleHtml + " › " + hit.headingHtml : hit.titleHtml;
      return { title: title, context: escapeHtml(hit.context || ""), snippet: hit.snippetHtml };
    }

    /* The header box: hits in a dropdown listbox (combobox pattern). */
    function dropdown(input) {
      var id = "search-popup-" + (++uid);
      var form = input.form || input.parentNode;
      var popup = doc.createElement("div");
      popup.className = "search-popup";
      popup.hidden = true;
      // A scrolling region must be reachable by keyboard (Tab); the arrows work from the box.
      popup.tabIndex = 0;
      var status = doc.createElement("p");
      status.className = "search-popup-status";
      status.setAttribute("aria-live", "polite");
      var list = doc.createElement("ul");
      list.className = "search-popup-list";
      list.id = id;
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", t("search"));
      popup.appendChild(status);
      popup.appendChild(list);
      form.appendChild(popup);
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-controls", id);
      input.setAttribute("aria-expanded", "false");
      var active = -1;

      function options() { return list.querySelectorAll("[role=option]"); }

      function setActive(i) {
        var opts = options();
        if (!opts.length) return;
        if (i < 0) i = opts.length - 1;
        if (i >= opts.length) i = 0;
        active = i;
        for (var k = 0; k < opts.length; k++) {
          opts[k].setAttribute("aria-selected", k === i ? "true" : "false");
          opts[k].classList.toggle("is-active", k === i);
        }
        input.setAttribute("aria-activedescendant", opts[i].id);
        if (opts[i].scrollIntoView) opts[i].scrollIntoView({ block: "nearest" });
      }

      function open(yes) {
        popup.hidden = !yes;
        input.setAttribute("aria-expanded", yes && options().length ? "true" : "false");
        if (!yes) {
          active = -1;
          input.removeAttribute("aria-activedescendant");
        }
      }

      function go(i) {
        var opts = options();
        if (opts[i]) global.location.href = root + opts[i].getAttribute("data-href");
      }

      function show(res, query) {
        list.innerHTML = "";
        list.setAttribute("data-query", query);
        active = -1;
        input.removeAttribute("aria-activedescendant");
        if (!res) { status.textContent = ""; open(false); return; }
        if (res.tooShort) status.textContent = t("search_type_more");
        else if (res.failed) status.textContent = t("search_no_results");
        else status.textContent = res.total ? countText(res.total) : t("search_no_results");
        (res.hits || []).forEach(function (hit, i) {
          var body = resultBody(hit);
          var li = doc.createElement("li");
          li.id = id + "-" + i;
          li.className = "search-result";
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          li.setAttribute("data-search-result", "");
          li.setAttribute("data-href", hit.href);
          li.innerHTML = '<span class="search-result-title">' + body.title + "</span>" +
            (body.context ? '<span class="search-crumbs">' + body.context + "</span>" : "") +
            '<span class="search-snippet">' + body.snippet + "</span>";
          li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
          li.addEventListener("click", function () { go(i); });
          list.appendChild(li);
        });
        open(query.trim() !== "");
      }

      var run = wire(input, show, 8);
      input.addEventListener("keydown", function (ev) {
        var n = options().length;
        if (ev.key === "ArrowDown" || ev.key === "Down") {
          if (popup.hidden) {
            // The first arrow reopens the last results (or runs the query again).
            if (n) open(true); else if (input.value.trim()) run();
            ev.preventDefault();
          } else if (n) {
            ev.preventDefault();
            setActive(active + 1);
          }
        } else if (ev.key === "ArrowUp" || ev.key === "Up") {
          if (n) { ev.preventDefault(); setActive(active - 1); }
        } else if (ev.key === "Enter") {
          if (!popup.hidden && active >= 0) { ev.preventDefault(); go(active); }
        } else if (ev.key === "Escape" || ev.key === "Esc") {
          if (!popup.hidden) { ev.preventDefault(); open(false); }
        }
      });
      popup.addEventListener("keydown", function (ev) {
        if (ev.key === "Escape" || ev.key === "Esc") { ev.preventDefault(); open(false); input.focus(); }
      });
      form.addEventListener("focusout", function (ev) {
        if (!ev.relatedTarget || !form.contains(ev.relatedTarget)) open(false);
      });
      input.addEventListener("focus", function () {
        if (input.value.trim() && list.childNodes.length) open(true);
      });
    }

    /* search.html: hits listed under the page's own box; ?q= runs a search on arrival. */
    function pageResults(input, resultsEl, statusEl) {
      function show(res, query) {
        resultsEl.innerHTML = "";
        if (statusEl) {
          if (!res) statusEl.textContent = "";
          else if (res.tooShort) statusEl.textContent = t("search_type_more");
          else statusEl.textContent = res.total ? countText(res.total) : t("search_no_results");
        }
        ((res && res.hits) || []).forEach(function (hit) {
          var body = resultBody(hit);
          var li = doc.createElement("li");
          li.className = "search-result";
          li.setAttribute("data-search-result", "");
          li.innerHTML = '<a href="' + escapeHtml(root + hit.href) + '">' + body.title + "</a>" +
            (body.context ? '<p class="search-crumbs">' + body.context + "</p>" : "") +
            '<p class="search-snippet">' + body.snippet + "</p>";
          resultsEl.appendChild(li);
        });
        try {
          var url = global.location.pathname + (query.trim() ? "?q=" + encodeURIComponent(query) : "") + global.location.hash;
          global.history.replaceState(null, "", url);
        } catch (e) { /* file:// in some browsers */ }
      }
      var run = wire(input, show, 50);
      function links() { return resultsEl.querySelectorAll("[data-search-result] > a"); }
      input.addEventListener("keydown", function (ev) {
        if ((ev.key === "ArrowDown" || ev.key === "Down") && links().length) {
          ev.preventDefault();
          links()[0].focus();
        }
      });
      resultsEl.addEventListener("keydown", function (ev) {
        var all = Array.prototype.slice.call(links());
        var i = all.indexOf(doc.activeElement);
        if (i < 0) return;
        if (ev.key === "ArrowDown" || ev.key === "Down") { ev.preventDefault(); (all[i + 1] || all[0]).focus(); }
        else if (ev.key === "ArrowUp" || ev.key === "Up") {
          ev.preventDefault();
          if (i === 0) input.focus(); else all[i - 1].focus();
        } else if (ev.key === "Escape" || ev.key === "Esc") { ev.preventDefault(); input.focus(); }
      });
      var q = null;
      try { q = new URLSearchParams(global.location.search).get("q"); } catch (e) { q = null; }
      if (q) {
        input.value = q;
        run();
      }
    }

    var inputs = doc.querySelectorAll("[data-search-input]");
    var resultsEl = doc.querySelector("[data-search-results]");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      var inHeader = input.closest && input.closest(".site-header");
      if (resultsEl && !inHeader) pageResults(input, resultsEl, doc.querySelector("[data-search-status]"));
      else dropdown(input);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpPage);
  else setUpPage();
})(window);
