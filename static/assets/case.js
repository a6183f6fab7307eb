/* skillpress case player: plays the branching conversation of every [data-case] (case pages).
 *
 * The case graph is embedded as JSON (`#case-data-<id>`, see docs/learner.md). Each choice is
 * answered at once with coaching feedback, the customer's reaction and the moving meters; an
 * ending shows the outcome, the score as a share of the best path (window.SkillpressCaseScore),
 * the debrief and a review of the path taken against the best one. Finished runs are saved with
 * window.SkillpressStore. Test hooks: course-format spec §3.1.
 */
(function () {
  "use strict";

  var G = window.SkillpressCaseScore;
  if (!G) return;
  var sp = window.skillpress;
  if (!sp) return;
  var el = sp.el, html = sp.html;

  function t(key, vars) { return sp.t(key, vars); }

  var store = sp.store();

  function signed(n) {
    var s = G.formatNumber(n);
    return n > 0 ? "+" + s : s;
  }

  function Player(root) {
    var script = root.querySelector('script[type="application/json"][id^="case-data-"]');
    var q = function (sel) { return root.querySelector(sel); };
    this.data = JSON.parse(script.textContent);
    this.root = root;
    this.startPanel = q("[data-case-start]");
    this.log = q("[data-case-log]");
    this.prompt = q("[data-case-prompt]");
    this.choices = q("[data-case-choices]");
    this.ending = q("[data-case-ending-panel]");
    this.meters = root.querySelectorAll("[data-dimension]");
    this.scale = this.meterScale();
    if (this.prompt) this.prompt.setAttribute("tabindex", "-1");
    var title = q("[data-case-ending-title]");
    if (title) title.setAttribute("tabindex", "-1");
    var self = this;
    root.addEventListener("click", function (event) {
      var b = event.target.closest("[data-choice], [data-action]");
      if (!b || !root.contains(b) || b.disabled) return;
      if (b.hasAttribute("data-choice")) self.choose(Number(b.getAttribute("data-choice")));
      else if (b.getAttribute("data-action") === "start" || b.getAttribute("data-action") === "retry") self.begin();
    });
    if (store && typeof store.invalidate === "function") {
      // Runs saved against an older version of this case's graph no longer count.
      var versions = {};
      versions[this.data.id] = this.data.version;
      try { store.invalidate({ cases: versions }); } catch (e) { /* keep playing */ }
    }
    var start = q('[data-action="start"]');
    if (start) start.hidden = false;
    this.showHistory();
  }

  /** How far a meter can swing: per dimension, the largest possible move at every node added up. */
  Player.prototype.meterScale = function () {
    var scale = {};
    var nodes = this.data.nodes;
    this.data.dimensions.forEach(function (d) {
      var total = 0;
      Object.keys(nodes).forEach(function (id) {
        var most = 0;
        nodes[id].choices.forEach(function (c) { most = Math.max(most, Math.abs(c.effects[d.id] || 0)); });
        total += most;
      });
      scale[d.id] = Math.max(1, total);
    });
    return scale;
  };

  Player.prototype.runs = function () {
    var c = store && store.state && store.state.cases && store.state.cases[this.data.id];
    return c && c.v === this.data.version && Array.isArray(c.runs) ? c.runs : [];
  };

  Player.prototype.showHistory = function () {
    var runs = this.runs();
    var meta = this.root.querySelector(".case-player-meta");
    if (!meta || !runs.length) return;
    var best = runs.reduce(function (b, r) { return Math.max(b, Number(r.fraction) || 0); }, 0);
    var out = meta.querySelector("[data-case-best]") || el("span", "case-player-best");
    out.setAttribute("data-case-best", "");
    out.textContent = " · " + t("best_score") + " " + Math.round(best * 100) + "%";
    meta.appendChild(out);
  };

  Player.prototype.begin = function () {
    this.path = [];
    this.node = this.data.start;
    this.log.innerHTML = "";
    if (this.startPanel) this.startPanel.hidden = true;
    var e = this.ending;
    if (e) {
      e.hidden = true;
      e.removeAttribute("data-case-ending");
      e.removeAttribute("data-case-score");
      e.removeAttribute("data-case-passed");
      e.className = "case-ending";
      Array.prototype.forEach.call(e.querySelectorAll(".case-ending-debrief, .case-review"), function (x) { x.remove(); });
    }
    this.updateMeters({}, {});
    var step = el("div", "case-step");
    this.log.appendChild(step);
    this.showNode(step);
  };

  Player.prototype.speaker = function (from) {
    if (from === "customer" && this.data.persona && this.data.persona.name) return this.data.persona.name;
    return t("speaker_" + from);
  };

  Player.prototype.message = function (into, from, markup) {
    var m = el("div", "msg msg-" + from + " is-new");
    m.appendChild(el("p", "msg-from", this.speaker(from)));
    m.appendChild(html("div", "msg-text", markup));
    into.appendChild(m);
  };

  /** Shows the current node's messages, its prompt and its choices, then moves focus there. */
  Player.prototype.showNode = function (step) {
    var node = this.data.nodes[this.node];
    var self = this;
    node.messages.forEach(function (m) { self.message(step, m.from, m.html); });
    this.prompt.textContent = node.prompt;
    this.prompt.hidden = !node.prompt;
    this.choices.innerHTML = "";
    node.choices.forEach(function (c, i) {
      var b = html("button", "case-choice", c.html);
      b.type = "button";
      b.setAttribute("data-choice", String(i));
      self.choices.appendChild(b);
    });
    var target = node.prompt ? this.prompt : this.choices.querySelector("button");
    if (target) target.focus();
  };

  Player.prototype.choose = function (index) {
    var node = this.data.nodes[this.node];
    var choice = node && node.choices[index];
    if (!choice || !this.path) return;
    this.path.push([this.node, index]);
    var run = G.scoreCase(this.data, this.path);
    var previous = G.scoreCase(this.data, this.path.slice(0, -1)).totals;
    this.choices.innerHTML = "";
    this.prompt.hidden = true;

    var step = el("div", "case-step");
    this.log.appendChild(step);
    this.message(step, "agent", choice.html);
    step.appendChild(this.coaching(choice));
    this.updateMeters(run.totals, previous);
    this.node = choice.next;
    if (run.ending) this.finish(run);
    else this.showNode(step);
  };

  /** The coaching note after a choice: how good it was, why, and what it moved. */
  Player.prototype.coaching = function (choice) {
    var box = el("div", "choice-feedback" + (choice.quality ? " is-" + choice.quality : ""));
    if (choice.quality) box.appendChild(el("p", "feedback-title", t("choice_" + choice.quality)));
    if (choice.feedback) box.appendChild(html("div", "choice-feedback-text", choice.feedback));
    var effects = choice.effects;
    var moved = this.data.dimensions.filter(function (d) { return effects[d.id]; })
      .map(function (d) { return d.name + " " + signed(effects[d.id]); });
    if (moved.length) box.appendChild(el("p", "choice-effects", moved.join(" · ")));
    return box;
  };

  Player.prototype.updateMeters = function (totals, previous) {
    var self = this;
    Array.prototype.forEach.call(this.meters, function (m) {
      var id = m.getAttribute("data-dimension");
      var v = totals[id] || 0, before = previous[id] || 0; // begin() resets with {}
      var p = 50 + Math.max(-50, Math.min(50, v / self.scale[id] * 50));
      m.style.setProperty("--p", String(Math.round(p)));
      m.style.setProperty("--value", String(v));
      m.classList.toggle("is-negative", v < 0);
      if (v > before) m.setAttribute("data-trend", "up");
      else if (v < before) m.setAttribute("data-trend", "down");
      else m.removeAttribute("data-trend");
      var out = m.querySelector("[data-dimension-value]");
      if (out) out.textContent = signed(v);
    });
  };

  Player.prototype.finish = function (run) {
    var data = this.data, e = this.ending;
    var ending = data.endings[run.ending];
    var passed = run.passed;
    var path = this.path;
    this.path = null;
    this.prompt.hidden = true;
    if (store && typeof store.recordCaseRun === "function") {
      try {
        store.recordCaseRun(data.id, data.version, { at: Date.now(), path: path, ending: run.ending,
          score: run.score, fraction: run.fraction, passed: passed });
      } catch (err) { /* the run still shows */ }
    }
    if (!e) return;
    e.className = "case-ending is-" + ending.outcome;
    e.setAttribute("data-case-ending", run.ending);
    e.setAttribute("data-case-score", G.formatFraction(run.fraction));
    e.setAttribute("data-case-passed", String(passed));
    var kicker = e.querySelector(".case-ending-kicker");
    if (kicker) kicker.textContent = t("case_outcome_" + ending.outcome);
    e.querySelector("[data-case-ending-title]").textContent = ending.title;
    e.querySelector("[data-case-ending-text]").innerHTML = ending.html;
    e.querySelector("[data-case-score-text]").textContent =
      Math.round(run.fraction * 100) + "%" + sp.paren(t("score_detail", { earned: G.formatNumber(run.score), possible: G.formatNumber(run.best) })) +
      " · " + (passed ? t("passed") : t("not_passed")) + " · " + t("pass_mark") + " " + Math.round(data.pass * 100) + "%";
    var actions = e.querySelector(".case-ending-actions");
    if (data.debrief) {
      var debrief = el("section", "case-ending-debrief");
      debrief.appendChild(el("h4", null, t("debrief")));
      debrief.appendChild(html("div", "prose prose-compact", data.debrief));
      e.insertBefore(debrief, actions);
      var link = e.querySelector("[data-case-debrief-link]");
      if (link) link.hidden = true; // the debrief is right here now
    }
    e.insertBefore(this.review(run), actions);
    var retry = e.querySelector('[data-action="retry"]');
    if (retry) retry.hidden = false;
    e.hidden = false;
    this.showHistory();
    e.querySelector("[data-case-ending-title]").focus();
  };

  /** The path taken, decision by decision, against the best path (`best_path`). */
  Player.prototype.review = function (run) {
    var data = this.data;
    var best = {};
    data.best_path.forEach(function (s) { best[s[0]] = s[1]; });
    var box = el("section", "case-review");
    box.appendChild(el("h4", null, t("case_review")));
    var list = el("ol", "case-review-list");
    run.steps.forEach(function (s) {
      var node = data.nodes[s.node];
      var onBest = Object.prototype.hasOwnProperty.call(best, s.node);
      var same = onBest && best[s.node] === s.index;
      var li = el("li", "case-review-step " + (same ? "is-best" : s.choice.quality ? "is-" + s.choice.quality : ""));
      if (node.prompt) li.appendChild(el("p", "case-review-prompt", node.prompt));
      var mine = el("div", "case-review-choice");
      mine.appendChild(el("span", "meta-label", t("your_choice") + sp.paren(signed(s.score)) +
        (s.choice.quality ? " · " + t("choice_" + s.choice.quality) : "")));
      mine.appendChild(html("div", null, s.choice.html));
      li.appendChild(mine);
      if (onBest && !same) {
        var alt = node.choices[best[s.node]];
        var other = el("div", "case-review-choice case-review-best");
        other.appendChild(el("span", "meta-label", t("case_best_choice") + sp.paren(signed(G.choiceScore(alt)))));
        other.appendChild(html("div", null, alt.html));
        li.appendChild(other);
      } else if (!onBest) {
        li.appendChild(el("p", "case-review-note", t("case_off_best_path")));
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    box.appendChild(el("p", "case-review-summary", t("case_best_path_summary", {
      n: data.best_path.length, best: G.formatNumber(data.best) })));
    return box;
  };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-case]"), function (root) {
      try { new Player(root); } catch (e) { if (window.console) console.warn("skillpress case", e); }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
