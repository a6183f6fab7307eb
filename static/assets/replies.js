/* skillpress reply templates: the library's filters and search box, the fill-in form that writes
 * each placeholder into the reply's text, and the copy button (the clipboard API, or a selected
 * textarea and document.execCommand("copy") where the API is missing or refused, as it can be
 * from file:// or inside an LMS frame). Loaded only on pages that show replies. Everything stays
 * in the page: nothing typed into the form is stored or sent. Test hooks: docs/format.md.
 */
(function (root) {
  "use strict";

  /** Lower case, white space collapsed: what the search box compares. */
  function normalise(s) {
    return String(s || "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  /** What a placeholder shows: the value typed for it, or `{name}` while it is empty. */
  function slotText(name, value) {
    var v = String(value || "");
    return v.trim() ? v : "{" + name + "}";
  }

  /**
   * Whether a reply ({scenario, channels: [...], tone, text}) passes the filters
   * ({scenario, channel, tone}; empty means any) and contains every word of the query.
   */
  function matches(reply, filters, query) {
    if (filters.scenario && reply.scenario !== filters.scenario) return false;
    if (filters.channel && reply.channels.indexOf(filters.channel) < 0) return false;
    if (filters.tone && reply.tone !== filters.tone) return false;
    var text = normalise(reply.text);
    var words = normalise(query).split(" ");
    for (var i = 0; i < words.length; i++) {
      if (words[i] && text.indexOf(words[i]) < 0) return false;
    }
    return true;
  }

  /** Copies through a selected, off-screen textarea: works where the clipboard API does not. */
  function copyBySelection(text, doc) {
    var area = doc.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.setAttribute("aria-hidden", "true");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "-9999px";
    doc.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);
    var ok = false;
    try {
      ok = doc.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    doc.body.removeChild(area);
    return ok;
  }

  /** Copies `text`; resolves to whether it worked. */
  function copyText(text, nav, doc) {
    var api = nav && nav.clipboard;
    if (api && typeof api.writeText === "function") {
      return api.writeText(text).then(
        function () { return true; },
        function () { return copyBySelection(text, doc); }
      );
    }
    return Promise.resolve(copyBySelection(text, doc));
  }

  var api = { normalise: normalise, slotText: slotText, matches: matches };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }

  var doc = root.document;

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function setUpReply(card) {
    var textEl = card.querySelector("[data-reply-text]");
    var form = card.querySelector("[data-reply-form]");
    var actions = card.querySelector("[data-reply-actions]");
    if (!textEl) return;
    if (form) form.hidden = false;
    if (actions) actions.hidden = false;
    each(card.querySelectorAll("[data-reply-fill]"), function (input) {
      var name = input.getAttribute("data-reply-fill");
      input.addEventListener("input", function () {
        each(textEl.querySelectorAll('[data-slot="' + name + '"]'), function (slot) {
          slot.textContent = slotText(name, input.value);
          slot.classList.toggle("is-filled", !!input.value.trim());
        });
      });
    });
    var button = card.querySelector('[data-action="copy"]');
    var status = card.querySelector("[data-reply-status]");
    if (!button) return;
    button.addEventListener("click", function () {
      copyText(textEl.textContent, root.navigator, doc).then(function (ok) {
        button.focus();
        if (status) {
          status.textContent = button.getAttribute(ok ? "data-copied" : "data-copy-failed") || "";
          status.classList.toggle("is-error", !ok);
        }
      });
    });
  }

  function setUpLibrary(form) {
    var items = doc.querySelectorAll("[data-reply-item]");
    var count = doc.querySelector("[data-reply-count-value]");
    var empty = doc.querySelector("[data-reply-empty]");
    var search = form.querySelector("[data-reply-search]");
    var replies = [];
    each(items, function (item) {
      var card = item.querySelector("[data-reply]");
      if (!card) return;
      replies.push({
        item: item,
        scenario: card.getAttribute("data-scenario") || "",
        channels: (card.getAttribute("data-channels") || "").split(" "),
        tone: card.getAttribute("data-tone") || "",
        text: card.textContent,
      });
    });
    function value(kind) {
      var select = form.querySelector('[data-reply-filter="' + kind + '"]');
      return select ? select.value : "";
    }
    function apply() {
      var filters = { scenario: value("scenario"), channel: value("channel"), tone: value("tone") };
      var query = search ? search.value : "";
      var shown = 0;
      replies.forEach(function (r) {
        var ok = matches(r, filters, query);
        r.item.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = String(shown);
      if (empty) empty.hidden = shown > 0;
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    // A reset clears the fields after its event: filter once they are empty.
    form.addEventListener("reset", function () { root.setTimeout(apply, 0); });
    apply();
  }

  each(doc.querySelectorAll("[data-reply]"), setUpReply);
  var filters = doc.querySelector("[data-reply-filters]");
  if (filters) setUpLibrary(filters);
})(typeof window !== "undefined" ? window : this);
