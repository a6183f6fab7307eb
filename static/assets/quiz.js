/* skillpress quizzes: makes every [data-quiz] playable (quiz pages, module checks, embeds,
 * assessments). The certificate page is certificate.js's.
 *
 * The page already holds every question as a readable form (partials/quiz.html) and the grading
 * data as JSON (`#quiz-data-<id>`). This script draws and orders the questions of an attempt,
 * grades with window.SkillpressGrading and remembers everything through window.SkillpressStore
 * (docs/learner.md). Test hooks: course-format spec §3.1.
 */
(function () {
  "use strict";

  var G = window.SkillpressGrading;
  var sp = window.skillpress;
  if (!G || !sp) return;
  var el = sp.el, html = sp.html;

  function t(key, vars) { return sp.t(key, vars); }

  /* Storage is optional: without it quizzes still grade, they just forget on reload. */
  var store = sp.store();

  function save(method, args) {
    if (!store) return;
    try { store[method].apply(store, args); } catch (e) { /* keep playing; the page shows the storage warning */ }
  }

  // The store's state is normalised (store.js): a saved quiz has its attempts and current.
  function savedQuiz(id) {
    return (store && store.state.quizzes[id]) || { attempts: [], current: null };
  }

  function percent(x) { return Math.round(x * 100) + "%"; }

  function newSeed() { return Math.floor(Math.random() * 4294967296) >>> 0; }

  /* ---- one quiz ----------------------------------------------------------------------- */

  function Quiz(root) {
    var script = root.querySelector('script[type="application/json"][id^="quiz-data-"]');
    this.data = JSON.parse(script.textContent);
    this.root = root;
    this.id = this.data.id;
    // The diagnostic's questions (diagnostic.html) are saved as diagnostic evidence, which
    // weighs differently and is replaced by a retake (docs/learner.md).
    this.diagnostic = !!(root.closest && root.closest("[data-diagnostic]"));
    this.immediate = this.data.feedback !== "on_submit";
    this.byId = {};
    this.items = {};
    this.list = root.querySelector(".questions");
    var self = this;
    this.data.questions.forEach(function (q) { self.byId[q.id] = q; });
    Array.prototype.forEach.call(root.querySelectorAll("[data-question]"), function (li) {
      // The pristine markup of every question, so a new attempt starts from a clean form.
      self.items[li.getAttribute("data-question")] = { li: li, markup: li.innerHTML };
    });
    this.status = root.querySelector("[data-quiz-status]");
    this.result = root.querySelector("[data-quiz-result]");
    this.retryButton = root.querySelector('.quiz-footer [data-action="retry"]');
    this.submitButton = root.querySelector('.quiz-footer [data-action="check"]');
    this.announcer = el("p", "visually-hidden");
    this.announcer.setAttribute("aria-live", "polite");
    root.appendChild(this.announcer);
    // Feedback is announced by moving focus to it; live regions on top would read it twice
    // (and read a whole submitted quiz at once).
    Array.prototype.forEach.call(root.querySelectorAll(".question-result, .quiz-result-region"), function (r) {
      r.removeAttribute("aria-live");
    });
    if (this.result) this.result.setAttribute("tabindex", "-1");
    this.certificateLink = document.querySelector('[data-certificate-link="' + this.id + '"]');
    this.bind();
    this.start();
  }

  Quiz.prototype.used = function () { return savedQuiz(this.id).attempts.length; };

  Quiz.prototype.left = function () { return G.attemptsLeft(this.data, this.used()); };

  Quiz.prototype.versions = function (ids) {
    var self = this, v = {};
    ids.forEach(function (id) { v[id] = self.byId[id].version; });
    return v;
  };

  Quiz.prototype.known = function (ids) {
    var self = this;
    return Array.isArray(ids) && ids.length > 0 && ids.every(function (id) { return self.byId[id]; });
  };

  /** Whether a saved set of questions is one this quiz could have drawn: an embed with its own
   * `pick` shares its saved state with the quiz page, which draws a different number. */
  Quiz.prototype.fits = function (ids) {
    var d = this.data, n = d.questions.length;
    if (d.draw && d.draw.length) return true;
    return ids.length === (d.pick && d.pick < n ? d.pick : n);
  };

  /** Where the page starts: the attempt in progress, else the last finished attempt (to review),
   * else a new attempt. */
  Quiz.prototype.start = function () {
    var questions = {};
    var self = this;
    this.data.questions.forEach(function (q) { questions[q.id] = q.version; });
    save("invalidate", [{ questions: questions }]);
    var saved = savedQuiz(this.id);
    var cur = saved.current;
    if (cur && this.known(cur.questions) && typeof cur.seed === "number" && this.fits(cur.questions)) {
      // A question whose grading changed loses only its own saved answer.
      cur.answers = cur.answers || {};
      cur.graded = cur.graded || {};
      cur.versions = cur.versions || {};
      cur.questions.forEach(function (id) {
        if (cur.versions[id] !== self.byId[id].version) {
          delete cur.answers[id];
          delete cur.graded[id];
          cur.versions[id] = self.byId[id].version;
        }
      });
      this.attempt = cur;
      save("setCurrent", [this.id, cur]);
      this.render(false);
      // Every question graded but the attempt never recorded (the page closed in between).
      if (cur.questions.every(function (id) { return cur.graded[id]; })) this.finish(false);
      return;
    }
    var last = saved.attempts[saved.attempts.length - 1];
    var lastIds = last && (last.questions || Object.keys(last.answers || {}));
    if (last && this.known(lastIds) && this.fits(lastIds) && lastIds.every(function (id) {
      return !last.versions || last.versions[id] === self.byId[id].version;
    })) {
      this.attempt = { seed: typeof last.seed === "number" ? last.seed : 0, questions: lastIds,
        answers: last.answers || {}, graded: {}, versions: this.versions(lastIds) };
      this.render(true);
      this.finish(true);
      return;
    }
    this.newAttempt();
  };

  Quiz.prototype.newAttempt = function () {
    var seed = newSeed();
    var ids = G.drawQuestions(this.data, seed);
    this.attempt = { seed: seed, questions: ids, answers: {}, graded: {}, versions: this.versions(ids) };
    if (this.left() > 0) {
      save("setCurrent", [this.id, this.attempt]);
      this.render(false);
    } else {
      this.render(true);
      this.lock();
    }
  };

  /* ---- building the form -------------------------------------------------------------- */

  Quiz.prototype.render = function (review) {
    var self = this, a = this.attempt;
    this.done = review;
    this.root.removeAttribute("data-quiz-score");
    this.root.removeAttribute("data-quiz-passed");
    if (this.result) { this.result.hidden = true; this.result.innerHTML = ""; this.result.removeAttribute("data-quiz-passed"); }
    if (this.retryButton) this.retryButton.hidden = true;
    if (this.submitButton) { this.submitButton.hidden = false; this.submitButton.disabled = false; }
    if (this.certificateLink) this.certificateLink.hidden = true;
    Object.keys(this.items).forEach(function (id) {
      var it = self.items[id];
      it.li.innerHTML = it.markup;
      it.li.className = "question";
      it.li.hidden = a.questions.indexOf(id) < 0;
    });
    a.questions.forEach(function (id, i) {
      var li = self.items[id].li;
      self.list.appendChild(li); // drawn questions first, in attempt order
      var num = li.querySelector(".question-number");
      if (num) num.textContent = t("question_of", { n: i + 1, total: a.questions.length });
      self.arrange(self.byId[id], li);
      if (Object.prototype.hasOwnProperty.call(a.answers, id)) self.write(self.byId[id], li, a.answers[id]);
      if (a.graded[id]) self.showGraded(self.byId[id], li);
    });
    this.updateStatus();
  };

  /** Puts options, order items and match choices in this attempt's order. */
  Quiz.prototype.arrange = function (q, li) {
    var seed = this.attempt.seed;
    var container, i;
    if (q.type === "single" || q.type === "multiple") {
      container = li.querySelector(".options");
      G.optionOrder(q, seed, this.data.shuffle).forEach(function (idx) {
        var input = li.querySelector('[data-option="' + idx + '"]');
        if (input) container.appendChild(input.closest(".option"));
      });
    } else if (q.type === "order") {
      this.placeItems(li, Object.prototype.hasOwnProperty.call(this.attempt.answers, q.id)
        ? this.attempt.answers[q.id] : G.itemOrder(q, seed));
    } else if (q.type === "match") {
      var order = G.choiceOrder(q, seed);
      var selects = li.querySelectorAll("[data-match]");
      for (i = 0; i < selects.length; i++) {
        for (var j = 0; j < order.length; j++) {
          var opt = selects[i].querySelector('option[value="' + order[j] + '"]');
          if (opt) selects[i].appendChild(opt);
        }
      }
    }
  };

  Quiz.prototype.placeItems = function (li, order) {
    var list = li.querySelector("[data-order-list]");
    order.forEach(function (idx) {
      var item = list.querySelector('[data-item="' + idx + '"]');
      if (item) list.appendChild(item);
    });
  };

  Quiz.prototype.read = function (q, li) {
    var checked = li.querySelectorAll("[data-option]:checked");
    var values = Array.prototype.map.call(checked, function (i) { return i.value; });
    switch (q.type) {
      case "single": return values.length ? Number(values[0]) : null;
      case "multiple": return values.map(Number).sort(function (x, y) { return x - y; });
      case "true_false": return values.length ? values[0] === "true" : null;
      case "text": case "numeric": return li.querySelector("[data-answer]").value;
      case "order":
        return Array.prototype.map.call(li.querySelectorAll("[data-item]"), function (i) { return Number(i.getAttribute("data-item")); });
      case "match": {
        var out = [];
        Array.prototype.forEach.call(li.querySelectorAll("[data-match]"), function (s) {
          out[Number(s.getAttribute("data-match"))] = s.value === "" ? null : Number(s.value);
        });
        return out;
      }
    }
    return null;
  };

  Quiz.prototype.write = function (q, li, a) {
    if (a === null || a === undefined) return;
    switch (q.type) {
      case "single": case "multiple": case "true_false": {
        var on = [].concat(a).map(String);
        Array.prototype.forEach.call(li.querySelectorAll("[data-option]"), function (i) { i.checked = on.indexOf(i.value) >= 0; });
        break;
      }
      case "text": case "numeric": li.querySelector("[data-answer]").value = String(a); break;
      case "order": this.placeItems(li, a); break;
      case "match":
        Array.prototype.forEach.call(li.querySelectorAll("[data-match]"), function (s) {
          var v = a[Number(s.getAttribute("data-match"))];
          s.value = v === null || v === undefined ? "" : String(v);
        });
        break;
    }
  };

  /* ---- interaction -------------------------------------------------------------------- */

  Quiz.prototype.bind = function () {
    var self = this;
    this.root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button || !self.root.contains(button)) return;
      var action = button.getAttribute("data-action");
      var li = button.closest("[data-question]");
      if (action === "check") {
        event.preventDefault();
        if (li) self.check(li.getAttribute("data-question"));
        else self.submit();
      } else if (action === "retry") {
        event.preventDefault();
        self.retry();
      } else if ((action === "up" || action === "down") && li) {
        event.preventDefault();
        self.move(li, button, action === "up" ? -1 : 1);
      }
    });
    var remember = function (event) {
      var li = event.target.closest && event.target.closest("[data-question]");
      if (li && !self.done) self.remember(li);
    };
    this.root.addEventListener("change", remember);
    this.root.addEventListener("input", remember);
    // Enter in a typed answer checks that question (immediate feedback) and never submits the
    // form, which would reload the page.
    this.root.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !event.target.matches || !event.target.matches("[data-answer]")) return;
      event.preventDefault();
      var li = event.target.closest("[data-question]");
      if (li && self.immediate) self.check(li.getAttribute("data-question"));
    });
    var form = this.root.querySelector("form");
    if (form) form.addEventListener("submit", function (event) { event.preventDefault(); });
  };

  Quiz.prototype.remember = function (li) {
    var id = li.getAttribute("data-question");
    if (!this.byId[id] || this.attempt.graded[id]) return;
    this.attempt.answers[id] = this.read(this.byId[id], li);
    save("setCurrent", [this.id, this.attempt]);
  };

  Quiz.prototype.move = function (li, button, step) {
    var item = button.closest("[data-item]");
    if (!item || this.done || this.attempt.graded[li.getAttribute("data-question")]) return;
    var list = item.parentNode;
    var items = Array.prototype.slice.call(list.children);
    var from = items.indexOf(item), to = from + step;
    if (to >= 0 && to < items.length) {
      list.insertBefore(item, step < 0 ? items[to] : items[to].nextSibling);
      item.classList.remove("is-moved");
      void item.offsetWidth; // restart the highlight animation
      item.classList.add("is-moved");
      this.remember(li);
    } else {
      to = from;
    }
    button.focus(); // moving a node drops focus; keep it on the button that was pressed
    this.announce(t("moved_to_position", { n: to + 1, total: items.length }));
  };

  Quiz.prototype.announce = function (text) {
    var a = this.announcer;
    a.textContent = "";
    window.setTimeout(function () { a.textContent = text; }, 30);
  };

  Quiz.prototype.check = function (id) {
    var q = this.byId[id], li = this.items[id] && this.items[id].li;
    if (!q || this.done || this.attempt.graded[id] || this.left() <= 0) return;
    var answer = this.read(q, li);
    if (!G.isAnswered(q, answer)) {
      var box = li.querySelector("[data-feedback]");
      box.hidden = false;
      box.innerHTML = "";
      box.appendChild(el("p", "feedback-title", t("answer_required")));
      this.announce(t("answer_required"));
      return;
    }
    this.grade(q, answer);
    var feedback = li.querySelector("[data-feedback]");
    feedback.setAttribute("tabindex", "-1");
    feedback.focus();
    var self = this;
    if (this.attempt.questions.every(function (qid) { return self.attempt.graded[qid]; })) this.finish(false);
  };

  /** Grades one answer, saves it as evidence and in the attempt, and shows the feedback. */
  Quiz.prototype.grade = function (q, answer, batch) {
    var r = G.grade(q, answer);
    this.attempt.answers[q.id] = answer;
    this.attempt.graded[q.id] = { earned: r.earned, points: r.possible };
    save(this.diagnostic ? "recordDiagnosticAnswer" : "recordAnswer", [q.id, q.version, r.earned, r.possible]);
    if (!batch) save("setCurrent", [this.id, this.attempt]); // a submit saves the attempt once, at the end
    this.showGraded(q, this.items[q.id].li);
    return r;
  };

  Quiz.prototype.submit = function () {
    if (this.done || this.left() <= 0) return;
    var self = this;
    this.attempt.questions.forEach(function (id) {
      if (!self.attempt.graded[id]) self.grade(self.byId[id], self.read(self.byId[id], self.items[id].li), true);
    });
    this.finish(false);
  };

  Quiz.prototype.results = function () {
    var self = this;
    return this.attempt.questions.map(function (id) { return G.grade(self.byId[id], self.attempt.answers[id]); });
  };

  /** The attempt is over: save it (unless we are only showing a saved one), show the score. */
  Quiz.prototype.finish = function (restored) {
    var sum = G.summarize(this.results(), this.data.pass);
    var self = this;
    if (restored) {
      this.attempt.questions.forEach(function (id) { self.showGraded(self.byId[id], self.items[id].li); });
    } else {
      save("recordAttempt", [this.id, {
        at: Date.now(), earned: sum.earned, possible: sum.possible, passed: sum.passed,
        answers: this.attempt.answers, versions: this.attempt.versions,
        questions: this.attempt.questions, seed: this.attempt.seed
      }]);
      save("setCurrent", [this.id, null]);
    }
    this.done = true;
    this.root.setAttribute("data-quiz-score", G.formatScore(sum.earned, sum.possible));
    this.root.setAttribute("data-quiz-passed", String(sum.passed));
    if (this.submitButton) this.submitButton.hidden = true;
    if (this.retryButton) this.retryButton.hidden = this.left() <= 0;
    if (this.certificateLink) this.certificateLink.hidden = !sum.passed;
    this.showResult(sum);
    this.updateStatus();
    if (!restored && this.result && !this.immediate) this.result.focus();
    else if (!restored && this.summary) this.announce(this.summary);
  };

  Quiz.prototype.retry = function () {
    if (this.left() <= 0) return;
    this.newAttempt();
    var first = this.list.querySelector("[data-question]:not([hidden]) input, [data-question]:not([hidden]) select, [data-question]:not([hidden]) button");
    if (first) first.focus();
  };

  /** No attempts left: everything stays readable, nothing can be checked. */
  Quiz.prototype.lock = function () {
    this.done = true;
    Array.prototype.forEach.call(this.root.querySelectorAll('.question-body, [data-action="check"]'), function (e) { e.disabled = true; });
    if (this.retryButton) this.retryButton.hidden = true;
    this.updateStatus();
  };

  /* ---- showing results ---------------------------------------------------------------- */

  Quiz.prototype.updateStatus = function () {
    if (!this.status) return;
    var parts = [];
    var saved = savedQuiz(this.id).attempts;
    var limit = this.data.attempts, used = saved.length, left = G.attemptsLeft(this.data, used);
    if (!this.done) {
      parts.push(limit ? t("attempt_of", { n: used + 1, total: limit }) : t("attempt") + " " + (used + 1));
    } else if (limit) {
      parts.push(left <= 0 ? t("no_attempts_left") : left === 1 ? t("one_attempt_left") : t("attempts_left", { n: left }));
    }
    if (saved.length) {
      var best = saved.reduce(function (b, x) { return x.possible && x.earned / x.possible > b ? x.earned / x.possible : b; }, 0);
      parts.push(t("best_score") + " " + percent(best));
    }
    this.status.textContent = parts.join(" · ");
    this.status.hidden = parts.length === 0;
  };

  Quiz.prototype.showResult = function (sum) {
    if (!this.result) return;
    var r = this.result;
    var parts = [percent(sum.fraction), sum.passed ? t("passed") : t("not_passed"),
      t("score_detail", { earned: G.formatNumber(sum.earned), possible: G.formatNumber(sum.possible) }) +
      " · " + t("pass_mark") + " " + percent(this.data.pass)];
    r.innerHTML = "";
    r.setAttribute("data-quiz-passed", String(sum.passed));
    ["result-score", "result-label", "result-detail"].forEach(function (cls, i) { r.appendChild(el("span", cls, parts[i])); });
    r.hidden = false;
    this.summary = parts.join(". ");
  };

  Quiz.prototype.showGraded = function (q, li) {
    var r = G.grade(q, this.attempt.answers[q.id]);
    var cls = { correct: "is-correct", partial: "is-partial", incorrect: "is-incorrect", unanswered: "is-incorrect" }[r.status];
    li.className = "question is-graded " + cls;
    var body = li.querySelector(".question-body");
    if (body) body.disabled = true;
    var actions = li.querySelector(".question-actions");
    if (actions) actions.hidden = true;

    if (r.options) this.markOptions(li, r, q);
    if (q.type === "true_false") this.markTrueFalse(li, q, this.attempt.answers[q.id]);
    if (r.items) this.markOrder(li, r);
    if (r.pairs) this.markMatch(li, r);

    var box = li.querySelector("[data-feedback]");
    box.innerHTML = "";
    var title = { correct: t("correct"), partial: t("partially_correct"), incorrect: t("incorrect"), unanswered: t("unanswered") }[r.status];
    box.appendChild(el("p", "feedback-title", title + " · " +
      t("score_detail", { earned: G.formatNumber(r.earned), possible: G.formatNumber(r.possible) })));
    r.feedback.forEach(function (f) { box.appendChild(html("div", "feedback-text", f)); });
    if (r.invalid) box.appendChild(el("p", null, t("not_a_number")));
    var key = !r.correct && this.answerKey(q, li);
    if (key) box.appendChild(key);
    box.hidden = false;

    var area = li.querySelector("[data-explanation-area]");
    if (area && q.explanation) {
      area.innerHTML = "";
      area.appendChild(el("p", "feedback-title", t("explanation")));
      area.appendChild(html("div", null, q.explanation));
      area.hidden = false;
    }
  };

  Quiz.prototype.markOptions = function (li, r, q) {
    r.options.forEach(function (mark, idx) {
      var input = li.querySelector('[data-option="' + idx + '"]');
      if (!input) return;
      var opt = input.closest(".option");
      var label = opt.querySelector(".option-label");
      if (mark === "correct" || mark === "missed") opt.classList.add("is-correct");
      if (mark === "missed") opt.classList.add("is-missed");
      if (mark === "incorrect") opt.classList.add("is-incorrect");
      // Colour and ✓/✕ are not enough for screen readers: say it in words too.
      if (mark && label) label.appendChild(el("span", "visually-hidden", sp.paren(mark === "incorrect" ? t("incorrect") : t("correct_answer"))));
      if (r.optionFeedback.indexOf(idx) >= 0) opt.appendChild(html("div", "option-feedback", q.options[idx].feedback));
    });
  };

  Quiz.prototype.markTrueFalse = function (li, q, answer) {
    ["true", "false"].forEach(function (v) {
      var input = li.querySelector('[data-option="' + v + '"]');
      if (!input) return;
      var right = String(q.answer) === v;
      var opt = input.closest(".option");
      if (right) opt.classList.add("is-correct");
      else if (String(answer) === v) opt.classList.add("is-incorrect");
      if (right || String(answer) === v) {
        input.closest(".option-label").appendChild(el("span", "visually-hidden", sp.paren(right ? t("correct_answer") : t("incorrect"))));
      }
    });
  };

  Quiz.prototype.markOrder = function (li, r) {
    Array.prototype.forEach.call(li.querySelectorAll("[data-item]"), function (item, pos) {
      item.classList.add(r.items[pos] ? "is-correct" : "is-incorrect");
    });
  };

  Quiz.prototype.markMatch = function (li, r) {
    Array.prototype.forEach.call(li.querySelectorAll("[data-match]"), function (s) {
      var i = Number(s.getAttribute("data-match"));
      var row = s.closest(".match-row");
      if (!row) return;
      row.classList.add(r.pairs[i] ? "is-correct" : "is-incorrect");
      if (!r.pairs[i]) {
        var right = s.querySelector('option[value="' + i + '"]');
        if (right) row.appendChild(el("p", "answer-key", sp.labelled(t("correct_answer"), right.textContent.trim())));
      }
    });
  };

  /** "Correct answer: …" for the types whose right answer is not visible in the form. */
  Quiz.prototype.answerKey = function (q, li) {
    var p = el("div", "answer-key");
    p.appendChild(el("strong", null, sp.labelled(t("correct_answer"))));
    if (q.type === "text" && q.accept && q.accept.length) {
      p.appendChild(document.createTextNode(q.accept[0]));
    } else if (q.type === "numeric") {
      var unit = q.unit ? " " + q.unit : "";
      var text = q.range && q.range.length === 2
        ? G.formatNumber(q.range[0]) + "–" + G.formatNumber(q.range[1]) + unit
        : G.formatNumber(q.answer) + unit + (q.tolerance ? sp.paren("± " + G.formatNumber(q.tolerance)) : "");
      p.appendChild(document.createTextNode(text));
    } else if (q.type === "order") {
      var ol = el("ol");
      for (var i = 0; i < q.items; i++) {
        var item = li.querySelector('[data-item="' + i + '"] .order-text');
        if (item) ol.appendChild(html("li", null, item.innerHTML));
      }
      p.appendChild(ol);
    } else {
      return null;
    }
    return p;
  };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-quiz]"), function (root) {
      try { new Quiz(root); } catch (e) { if (window.console) console.warn("skillpress quiz", e); }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
