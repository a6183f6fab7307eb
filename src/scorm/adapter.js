/* skillpress SCORM 1.2 adapter. Source: src/scorm/adapter.js. `skillpress export scorm` writes it
 * into the package as assets/scorm.js, after a generated table of the course
 * (`window.skillpressScorm`), and adds it to every page right after store.js. The plain site
 * (`skillpress build`) never has it.
 *
 * Without an LMS (no SCORM 1.2 API in this window, its parents or its opener) it does nothing and
 * the site works exactly as before, on localStorage. With one:
 * - LMSInitialize once per LMS session. The course is many pages in one SCO: every page after the
 *   first gets error 101 ("already initialized"), which means "carry on";
 * - before the other scripts read the saved state, cmi.suspend_data is decoded into the page's
 *   store, so the LMS, not this browser, says what the learner has done;
 * - after every change of the store (store.onChange): cmi.suspend_data (compact, < 4,096
 *   characters), cmi.core.lesson_location (the page to continue at), the final assessment's
 *   best result as cmi.core.score.raw/min/max and passed/failed against the mastery score (or
 *   `completed` once every module is done when the course has no final assessment),
 *   cmi.core.exit (`suspend` until passed or completed), then LMSCommit;
 * - LMSFinish exactly once, when the learner leaves the course: on `pagehide`, unless the page is
 *   going to another page of the course (a click on a link to one of its pages, a form submitted
 *   to one, or the Navigation API's `navigate` event naming one), with cmi.core.session_time.
 * Every call's error is read back (LMSGetLastError) and logged with LMSGetErrorString and
 * LMSGetDiagnostic; nothing is ever shown in an alert.
 *
 * The codec (encode, decode, merge, evaluate, timespan) is pure and exported for node tests.
 */
(function (global) {
  "use strict";

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var MAGIC = "sp1.";
  var LIMIT = 4096; // cmi.suspend_data is a CMIString4096
  var MINUTE = 60000;
  var QUANT = 60; // an answer's earned share is kept in 60ths (exact for halves, thirds, fifths…)

  /* ---- the compact format ---------------------------------------------------------------
   * Characters are base64url digits only (no quotes, spaces or separators an LMS might mangle).
   *   "sp1." uint(base minute)
   *   section lessons   = fp(3 digits) uint(length) body
   *   section questions = fp uint(length) body
   *   section quizzes   = fp uint(length) body
   *   section cases     = fp uint(length) body
   *   section role      = uint(length) the role id (ids are [a-z0-9-], all base64url digits)
   *   section diagnostic = fp uint(length) body, only when the table has a diagnostic and the
   *     learner has begun it (older data simply ends after the role)
   * A section's fingerprint is that of the table it was written with (ids, in order, and the
   * versions that decide grading); a section whose fingerprint differs from the current table's
   * (the course changed) is skipped as a whole rather than read against the wrong items.
   * uint: little-endian groups of 5 bits, bit 6 set on every digit but the last. int: zigzag.
   * Times are minutes, each written as the difference from the previous time of its section,
   * starting from the base (the latest time in the data).
   *   lessons: uint(n) then n digits, each packing three lessons' states (0 none, 1 visited,
   *     2 completed) as s0 + 3·s1 + 9·s2; then, optionally, the time of each completed lesson.
   *   questions: one digit per question in table order: 0..60 = earned share in 60ths,
   *     61 = not answered, 62 + uint(k) = k + 2 not answered; trailing ones left out.
   *   quizzes: per quiz in table order, uint(m) then m attempts, each uint(earned·100·2 + passed),
   *     uint(possible·100), int(time step). Kept: every attempt of a quiz with an attempt limit
   *     of at most 10, else the latest three plus the best. Trailing empty quizzes left out.
   *   cases: per case, uint(m) then m runs (the best and the latest), each
   *     uint(ending index·2 + passed), int(score·100), int(time step).
   *   diagnostic: uint(n) then n self-ratings, one per competency of table.diagnostic.competencies
   *     in order, each uint(level + 1) (0: not rated); then the answers to
   *     table.diagnostic.questions, digits as in the questions section.
   */

  function Writer() { this.out = []; }
  Writer.prototype.sym = function (v) { this.out.push(B64.charAt(v)); };
  Writer.prototype.uint = function (v) {
    v = Math.max(0, Math.floor(Number(v) || 0));
    while (v >= 32) {
      this.out.push(B64.charAt(32 + (v % 32)));
      v = Math.floor(v / 32);
    }
    this.out.push(B64.charAt(v));
  };
  Writer.prototype.int = function (v) {
    v = Math.round(Number(v) || 0);
    this.uint(v < 0 ? -2 * v - 1 : 2 * v);
  };
  Writer.prototype.raw = function (s) { this.out.push(s); };
  Writer.prototype.text = function () { return this.out.join(""); };

  function Reader(s) { this.s = s; this.i = 0; }
  Reader.prototype.more = function () { return this.i < this.s.length; };
  Reader.prototype.sym = function () {
    if (this.i >= this.s.length) throw new Error("truncated");
    var v = B64.indexOf(this.s.charAt(this.i++));
    if (v < 0) throw new Error("unexpected character");
    return v;
  };
  Reader.prototype.uint = function () {
    var v = 0, mul = 1, c;
    do {
      c = this.sym();
      v += (c % 32) * mul;
      mul *= 32;
      if (mul > 1e16) throw new Error("number too long");
    } while (c >= 32);
    return v;
  };
  Reader.prototype.int = function () {
    var z = this.uint();
    return z % 2 ? -(z + 1) / 2 : z / 2;
  };
  Reader.prototype.take = function (n) {
    if (this.i + n > this.s.length) throw new Error("truncated");
    var t = this.s.substr(this.i, n);
    this.i += n;
    return t;
  };

  function fpDigits(fp) {
    fp = Math.max(0, Math.floor(Number(fp) || 0)) % 262144;
    return B64.charAt(fp % 64) + B64.charAt(Math.floor(fp / 64) % 64) + B64.charAt(Math.floor(fp / 4096) % 64);
  }

  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }
  function num(x, d) { return typeof x === "number" && isFinite(x) ? x : d; }
  function minute(ms) { return Math.floor(num(ms, 0) / MINUTE); }
  function round(x, places) { var f = Math.pow(10, places); return Math.round(x * f) / f; }

  /* The attempts of a quiz worth keeping: all of them for a quiz with a small attempt limit (the
   * count matters there), else the latest `keep` and the best (highest share, earliest on a tie). */
  function pickAttempts(list, limit, keep) {
    var max = limit > 0 && limit <= 10 ? Math.max(keep, 10) : keep;
    if (list.length <= max) return list;
    var best = 0;
    list.forEach(function (a, i) {
      if (a.earned / a.possible > list[best].earned / list[best].possible + 1e-9) best = i;
    });
    var tail = list.slice(list.length - max);
    if (best < list.length - max) tail = [list[best]].concat(tail.slice(1));
    return tail;
  }

  /* The case runs worth keeping: the best (the share shown on the case page) and the latest (the
   * competency map's evidence), in the order they were played. */
  function pickRuns(runs, keep) {
    if (!runs.length) return [];
    var last = 0, best = 0;
    runs.forEach(function (r, i) {
      if (num(r.at, 0) >= num(runs[last].at, 0)) last = i;
      if (num(r.fraction, 0) > num(runs[best].fraction, 0) + 1e-9) best = i;
    });
    if (best === last || keep < 2) return [runs[last]];
    return best < last ? [runs[best], runs[last]] : [runs[last], runs[best]];
  }

  /* state → suspend data. `opts`: {answers: false} leaves the questions out, {lessonTimes: false}
   * the lesson times, {attempts: n} keeps n latest attempts of unlimited quizzes, {runs: 1} only
   * the latest run of each case (the ways to fit a very large course into 4,096 characters). */
  function encode(state, table, opts) {
    opts = opts || {};
    state = isObject(state) ? state : {};
    var lessons = isObject(state.lessons) ? state.lessons : {};
    var answers = isObject(state.answers) ? state.answers : {};
    var quizzes = isObject(state.quizzes) ? state.quizzes : {};
    var cases = isObject(state.cases) ? state.cases : {};
    var keepAttempts = opts.attempts == null ? 3 : opts.attempts;
    var keepRuns = opts.runs == null ? 2 : opts.runs;
    var times = [];

    var lessonStates = table.lessons.map(function (key) {
      var l = lessons[key];
      if (!isObject(l)) return 0;
      if (l.completed) {
        times.push(minute(l.completed));
        return 2;
      }
      return 1;
    });
    var lessonTimes = table.lessons.filter(function (key, i) { return lessonStates[i] === 2; })
      .map(function (key) { return minute(lessons[key].completed); });

    var shares = table.questions.map(function (q) {
      return opts.answers === false ? -1 : share(answers[q[0]], q);
    });

    var attempts = table.quizzes.map(function (q) {
      var entry = quizzes[q[0]];
      var list = (isObject(entry) && Array.isArray(entry.attempts) ? entry.attempts : []).filter(function (a) {
        return isObject(a) && num(a.possible, 0) > 0;
      });
      list = pickAttempts(list, q[1], keepAttempts);
      list.forEach(function (a) { times.push(minute(a.at)); });
      return list;
    });

    var runs = table.cases.map(function (c) {
      var entry = cases[c[0]];
      if (!isObject(entry) || String(entry.v) !== String(c[1]) || !Array.isArray(entry.runs)) return [];
      var list = entry.runs.filter(function (r) { return isObject(r) && c[3].indexOf(r.ending) >= 0; });
      list = pickRuns(list, keepRuns);
      list.forEach(function (r) { times.push(minute(r.at)); });
      return list;
    });

    var base = times.length ? Math.max.apply(null, times) : 0;
    var w = new Writer();
    w.raw(MAGIC);
    w.uint(base);

    // Lessons.
    var b = new Writer();
    var last = lessonStates.length;
    while (last > 0 && lessonStates[last - 1] === 0) last--;
    var packed = Math.ceil(last / 3);
    b.uint(packed);
    for (var i = 0; i < packed; i++) {
      b.sym((lessonStates[3 * i] || 0) + 3 * (lessonStates[3 * i + 1] || 0) + 9 * (lessonStates[3 * i + 2] || 0));
    }
    if (opts.lessonTimes !== false) {
      var prev = base;
      lessonTimes.forEach(function (t) { b.int(prev - t); prev = t; });
    }
    section(w, table.fp.lessons, b.text());

    // Questions.
    b = new Writer();
    writeShares(b, shares);
    section(w, table.fp.questions, b.text());

    // Quizzes.
    b = new Writer();
    last = attempts.length;
    while (last > 0 && !attempts[last - 1].length) last--;
    for (i = 0; i < last; i++) {
      b.uint(attempts[i].length);
      prev = base;
      attempts[i].forEach(function (a) {
        b.uint(Math.round(Math.max(0, num(a.earned, 0)) * 100) * 2 + (a.passed ? 1 : 0));
        b.uint(Math.round(a.possible * 100));
        var t = minute(a.at);
        b.int(prev - t);
        prev = t;
      });
    }
    section(w, table.fp.quizzes, b.text());

    // Cases.
    b = new Writer();
    last = runs.length;
    while (last > 0 && !runs[last - 1].length) last--;
    for (i = 0; i < last; i++) {
      b.uint(runs[i].length);
      prev = base;
      var endings = table.cases[i][3];
      runs[i].forEach(function (r) {
        b.uint(endings.indexOf(r.ending) * 2 + (r.passed ? 1 : 0));
        b.int(Math.round(num(r.score, 0) * 100));
        var t = minute(r.at);
        b.int(prev - t);
        prev = t;
      });
    }
    section(w, table.fp.cases, b.text());

    // Role.
    var role = typeof state.role === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(state.role) ? state.role : "";
    w.uint(role.length);
    w.raw(role);

    // The diagnostic, when begun.
    var diag = diagnosticBody(state, table);
    if (diag != null) section(w, table.fp.diagnostic, diag);
    return w.text();
  }

  /* Earned shares in 60ths (-1: not answered) as the questions section writes them. */
  function writeShares(b, shares) {
    var last = shares.length;
    while (last > 0 && shares[last - 1] < 0) last--;
    for (var i = 0; i < last;) {
      if (shares[i] >= 0) {
        b.sym(shares[i]);
        i++;
        continue;
      }
      var run = 0;
      while (i + run < last && shares[i + run] < 0) run++;
      if (run === 1) b.sym(61);
      else { b.sym(62); b.uint(run - 2); }
      i += run;
    }
  }

  function share(a, q) {
    if (!isObject(a) || String(a.v) !== String(q[2]) || !(num(a.points, 0) > 0)) return -1;
    return Math.max(0, Math.min(QUANT, Math.round((num(a.earned, 0) / a.points) * QUANT)));
  }

  /* The diagnostic's section body, or null when there is nothing to keep. */
  function diagnosticBody(state, table) {
    var d = state.diagnostic;
    if (!table.diagnostic || !isObject(d)) return null;
    var ratings = isObject(d.ratings) ? d.ratings : {};
    var answers = isObject(d.answers) ? d.answers : {};
    var levels = table.diagnostic.competencies.map(function (c) {
      var level = ratings[c];
      return typeof level === "number" && isFinite(level) && level >= 0 ? Math.floor(level) + 1 : 0;
    });
    var last = levels.length;
    while (last > 0 && levels[last - 1] === 0) last--;
    var b = new Writer();
    b.uint(last);
    for (var i = 0; i < last; i++) b.uint(levels[i]);
    writeShares(b, table.diagnostic.questions.map(function (q) { return share(answers[q[0]], q); }));
    return b.text();
  }

  function readDiagnostic(r, table, base) {
    var out = { ratings: {}, answers: {} };
    var n = r.uint();
    for (var k = 0; k < n; k++) {
      var c = table.diagnostic.competencies[k];
      if (c == null) throw new Error("more ratings than competencies");
      var v = r.uint();
      if (v > 0) out.ratings[c] = v - 1;
    }
    var i = 0;
    while (r.more()) {
      var s = r.sym();
      if (s === 61) { i += 1; continue; }
      if (s === 62) { i += r.uint() + 2; continue; }
      if (s > QUANT) throw new Error("bad answer");
      var q = table.diagnostic.questions[i++];
      if (!q) throw new Error("more answers than questions");
      out.answers[q[0]] = { v: String(q[2]), earned: round((s / QUANT) * q[1], 4), points: q[1], at: base * MINUTE };
    }
    return out;
  }

  function section(w, fp, body) {
    w.raw(fpDigits(fp));
    w.uint(body.length);
    w.raw(body);
  }

  /* The largest encoding that fits the 4,096 characters: everything, else without the answers
   * (evidence for the competency map), then fewer attempts, runs and no lesson times. */
  var LEVELS = [{}, { answers: false }, { answers: false, attempts: 1, runs: 1, lessonTimes: false }];

  function fit(state, table, limit) {
    limit = limit || LIMIT;
    for (var i = 0; i < LEVELS.length; i++) {
      var text = encode(state, table, LEVELS[i]);
      if (text.length <= limit) return { text: text, level: i };
    }
    return { text: null, level: LEVELS.length, length: text.length };
  }

  /* suspend data → the parts of a saved state it holds (see docs/learner.md for the shape), or
   * null when it is not ours. Sections written for another version of the course are null and
   * named in `skipped`; a damaged section is null and named in `damaged`. */
  function decode(text, table) {
    if (typeof text !== "string" || text.indexOf(MAGIC) !== 0) return null;
    var r = new Reader(text.slice(MAGIC.length));
    var out = { base: 0, lessons: null, answers: null, quizzes: null, cases: null, role: null, diagnostic: null, skipped: [], damaged: [] };
    var base;
    try {
      base = r.uint();
    } catch (e) {
      return null;
    }
    out.base = base * MINUTE;
    var parts = [
      ["lessons", readLessons], ["questions", readAnswers], ["quizzes", readQuizzes], ["cases", readCases]
    ];
    for (var p = 0; p < parts.length; p++) {
      var name = parts[p][0], body;
      try {
        var fp = r.take(3);
        body = r.take(r.uint());
        if (fp !== fpDigits(table.fp[name])) {
          out.skipped.push(name);
          continue;
        }
      } catch (e) {
        out.damaged.push(name);
        return out;
      }
      try {
        out[name === "questions" ? "answers" : name] = parts[p][1](new Reader(body), table, base);
      } catch (e) {
        out.damaged.push(name);
      }
    }
    try {
      var role = r.take(r.uint());
      out.role = role || null;
    } catch (e) {
      out.damaged.push("role");
      return out;
    }
    if (r.more()) {
      try {
        var dfp = r.take(3);
        var dbody = r.take(r.uint());
        if (!table.diagnostic || dfp !== fpDigits(table.fp.diagnostic)) out.skipped.push("diagnostic");
        else out.diagnostic = readDiagnostic(new Reader(dbody), table, base);
      } catch (e) {
        out.damaged.push("diagnostic");
      }
    }
    return out;
  }

  function readLessons(r, table, base) {
    var out = {};
    var packed = r.uint();
    var states = [];
    for (var i = 0; i < packed; i++) {
      var v = r.sym();
      if (v > 26) throw new Error("bad lesson state");
      states.push(v % 3, Math.floor(v / 3) % 3, Math.floor(v / 9));
    }
    var prev = base;
    table.lessons.forEach(function (key, k) {
      var s = states[k] || 0;
      if (s === 1) out[key] = { visited: base * MINUTE };
      if (s === 2) {
        // Lesson times are optional: a short body means "at the base time".
        var t = r.more() ? prev - r.int() : prev;
        prev = t;
        out[key] = { visited: t * MINUTE, completed: t * MINUTE };
      }
    });
    return out;
  }

  function readAnswers(r, table, base) {
    var out = {};
    var i = 0;
    while (r.more()) {
      var v = r.sym();
      if (v === 61) { i += 1; continue; }
      if (v === 62) { i += r.uint() + 2; continue; }
      if (v > QUANT) throw new Error("bad answer");
      var q = table.questions[i++];
      if (!q) throw new Error("more answers than questions");
      out[q[0]] = { v: String(q[2]), earned: round((v / QUANT) * q[1], 4), points: q[1], at: base * MINUTE };
    }
    return out;
  }

  function readQuizzes(r, table, base) {
    var out = {};
    for (var i = 0; r.more(); i++) {
      var q = table.quizzes[i];
      if (!q) throw new Error("more quizzes than the table has");
      var m = r.uint();
      var prev = base, list = [];
      for (var k = 0; k < m; k++) {
        var e = r.uint();
        var possible = r.uint() / 100;
        var t = prev - r.int();
        prev = t;
        list.push({ at: t * MINUTE, earned: Math.floor(e / 2) / 100, possible: possible, passed: e % 2 === 1,
          answers: {}, versions: {} });
      }
      if (list.length) out[q[0]] = list;
    }
    return out;
  }

  function readCases(r, table, base) {
    var out = {};
    for (var i = 0; r.more(); i++) {
      var c = table.cases[i];
      if (!c) throw new Error("more cases than the table has");
      var m = r.uint();
      var prev = base, runs = [];
      for (var k = 0; k < m; k++) {
        var e = r.uint();
        var ending = c[3][Math.floor(e / 2)];
        if (ending == null) throw new Error("unknown ending");
        var score = r.int() / 100;
        var t = prev - r.int();
        prev = t;
        runs.push({ at: t * MINUTE, path: [], ending: ending, score: score,
          fraction: c[2] > 0 ? Math.max(0, Math.min(1, score / c[2])) : 0, passed: e % 2 === 1 });
      }
      if (runs.length) out[c[0]] = { v: String(c[1]), runs: runs };
    }
    return out;
  }

  function clone(x) { return JSON.parse(JSON.stringify(x)); }

  function sameAttempt(a, b) {
    return minute(a.at) === minute(b.at) && Math.abs(num(a.earned, 0) - num(b.earned, 0)) < 0.006 &&
      Math.abs(num(a.possible, 0) - num(b.possible, 0)) < 0.006 && !!a.passed === !!b.passed;
  }

  function sameRun(a, b) {
    return minute(a.at) === minute(b.at) && a.ending === b.ending && Math.abs(num(a.score, 0) - num(b.score, 0)) < 0.006;
  }

  function byTime(a, b) { return num(a.at, 0) - num(b.at, 0); }

  /* The state a page starts from. `mode` "replace": what the LMS holds and nothing else (another
   * learner's or another attempt's progress in this browser must not leak in); "merge": this
   * browser's state (the same learner: it has details the LMS copy leaves out, such as the
   * answers of each attempt) with everything the LMS holds added, the LMS winning where they
   * disagree. `empty` is SkillpressStore.empty. */
  function merge(local, decoded, mode, empty) {
    var s = mode === "merge" && isObject(local) ? clone(local) : empty();
    if (!decoded) return s;
    s.lessons = isObject(s.lessons) ? s.lessons : {};
    s.answers = isObject(s.answers) ? s.answers : {};
    s.quizzes = isObject(s.quizzes) ? s.quizzes : {};
    s.cases = isObject(s.cases) ? s.cases : {};
    Object.keys(decoded.lessons || {}).forEach(function (key) {
      var d = decoded.lessons[key], l = s.lessons[key];
      if (!isObject(l)) s.lessons[key] = d;
      else if (d.completed && !l.completed) l.completed = d.completed;
    });
    Object.keys(decoded.answers || {}).forEach(function (id) {
      var d = decoded.answers[id], a = s.answers[id];
      var share = d.earned / d.points;
      if (!isObject(a) || String(a.v) !== d.v || !(num(a.points, 0) > 0) ||
          Math.abs(num(a.earned, 0) / a.points - share) > 0.5 / QUANT + 1e-9) {
        s.answers[id] = d;
      }
    });
    Object.keys(decoded.quizzes || {}).forEach(function (id) {
      var q = s.quizzes[id];
      if (!isObject(q)) q = s.quizzes[id] = { attempts: [], current: null };
      if (!Array.isArray(q.attempts)) q.attempts = [];
      decoded.quizzes[id].forEach(function (stub) {
        if (!q.attempts.some(function (a) { return isObject(a) && sameAttempt(a, stub); })) q.attempts.push(stub);
      });
      q.attempts.sort(byTime);
    });
    Object.keys(decoded.cases || {}).forEach(function (id) {
      var d = decoded.cases[id], c = s.cases[id];
      if (!isObject(c) || String(c.v) !== d.v || !Array.isArray(c.runs)) {
        s.cases[id] = d;
        return;
      }
      d.runs.forEach(function (stub) {
        if (!c.runs.some(function (r) { return isObject(r) && sameRun(r, stub); })) c.runs.push(stub);
      });
      c.runs.sort(byTime);
    });
    if (decoded.role) s.role = decoded.role;
    // The diagnostic is replaced as a whole (a retake replaces it too), the LMS's copy winning.
    if (decoded.diagnostic) s.diagnostic = decoded.diagnostic;
    return s;
  }

  /* What the LMS should hear: the final assessment's best attempt as a score of 0–100 and
   * passed/failed against `mastery`, or, without a final assessment, `completed` once every module
   * is done (all lessons completed and its check passed, as progress.js counts it). */
  function evaluate(state, table, mastery) {
    state = isObject(state) ? state : {};
    var quizzes = isObject(state.quizzes) ? state.quizzes : {};
    if (table.assessment) {
      var q = quizzes[table.assessment];
      var best = null;
      (q && Array.isArray(q.attempts) ? q.attempts : []).forEach(function (a) {
        if (!isObject(a) || !(num(a.possible, 0) > 0)) return;
        var f = Math.max(0, Math.min(1, num(a.earned, 0) / a.possible));
        if (best === null || f > best + 1e-9) best = f;
      });
      if (best === null) return { status: null, raw: null };
      var raw = round(best * 100, 2);
      return { status: raw >= mastery ? "passed" : "failed", raw: raw };
    }
    var lessons = isObject(state.lessons) ? state.lessons : {};
    var passed = function (quizId) {
      var x = quizzes[quizId];
      return !!x && Array.isArray(x.attempts) && x.attempts.some(function (a) { return a && a.passed; });
    };
    var done = table.modules.length > 0 && table.modules.every(function (m) {
      var steps = m[0].length + (m[1] >= 0 ? 1 : 0);
      return steps > 0 && m[0].every(function (i) {
        var l = lessons[table.lessons[i]];
        return isObject(l) && !!l.completed;
      }) && (m[1] < 0 || passed(table.quizzes[m[1]][0]));
    });
    return { status: done ? "completed" : null, raw: null };
  }

  /* The status to write, given the LMS's and the computed one: a first entry becomes
   * `incomplete`; passed and completed are never taken back, failed only by a pass. */
  function nextStatus(current, computed) {
    current = String(current || "");
    if (current === "passed") return "passed";
    if (current === "completed") return computed === "passed" || computed === "failed" ? computed : "completed";
    if (current === "failed") return computed === "passed" ? "passed" : "failed";
    return computed || "incomplete";
  }

  /* CMITimespan: HHHH:MM:SS.SS */
  function timespan(ms) {
    var cs = Math.max(0, Math.round(num(ms, 0) / 10));
    var h = Math.floor(cs / 360000);
    if (h > 9999) return "9999:59:59.99";
    cs -= h * 360000;
    var m = Math.floor(cs / 6000);
    cs -= m * 6000;
    var s = Math.floor(cs / 100);
    cs -= s * 100;
    var pad = function (x, n) { x = String(x); while (x.length < n) x = "0" + x; return x; };
    return pad(h, 4) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(cs, 2);
  }

  /* The course language that best matches the LMS's cmi.student_preference.language (free text
   * in SCORM 1.2: "zh-CN", "zh_cn", "zh", "en-US"): the same tag, else the same primary language;
   * null when none matches. `available` are the course's language codes. */
  function languageFor(preference, available) {
    var want = String(preference || "").trim().replace(/_/g, "-").toLowerCase();
    if (!want) return null;
    var primary = want.split("-")[0];
    var exact = null, near = null;
    (available || []).forEach(function (code) {
      var c = String(code).toLowerCase();
      if (c === want && exact === null) exact = code;
      if (c.split("-")[0] === primary && near === null) near = code;
    });
    return exact !== null ? exact : near;
  }

  var codec = {
    LIMIT: LIMIT, encode: encode, fit: fit, decode: decode, merge: merge, evaluate: evaluate,
    nextStatus: nextStatus, timespan: timespan, languageFor: languageFor
  };
  if (typeof module !== "undefined" && module.exports) module.exports = codec;

  /* ---- the page --------------------------------------------------------------------------- */

  var doc = global.document;
  var TABLE = global.skillpressScorm;
  var Store = global.SkillpressStore;
  if (!doc || !doc.documentElement || !TABLE || !Store) return;
  var html = doc.documentElement;
  var con = global.console || { info: function () {}, warn: function () {} };
  var TAG = "skillpress SCORM: ";
  codec.table = TABLE;
  global.SkillpressScorm = codec;

  function info(text) { try { con.info(TAG + text); } catch (e) { /* no console */ } }
  function warn(text) { try { con.warn(TAG + text); } catch (e) { /* no console */ } }

  /* window.API in this window or a parent (at most 10 levels up), else in the window that opened
   * this one (the LMS's, for courses launched in a new window) and its parents. */
  function findApi(win) {
    function climb(w) {
      for (var i = 0; w && i <= 10; i++) {
        try {
          if (w.API && typeof w.API.LMSInitialize === "function") return w.API;
        } catch (e) { /* another origin: look further up */ }
        var parent = null;
        try { parent = w.parent; } catch (e) { parent = null; }
        if (!parent || parent === w) break;
        w = parent;
      }
      return null;
    }
    var api = climb(win);
    var openers = [];
    try { if (win.top && win.top.opener) openers.push(win.top.opener); } catch (e) { /* closed or foreign */ }
    try { if (win.opener) openers.push(win.opener); } catch (e) { /* closed or foreign */ }
    for (var i = 0; !api && i < openers.length; i++) api = climb(openers[i]);
    return api;
  }

  var api = findApi(global);
  var courseId = html.getAttribute("data-course") || "course";
  if (!api) {
    html.setAttribute("data-scorm", "standalone");
    info("no LMS found (no SCORM 1.2 API in this window, its parents or its opener): progress is kept in this browser only.");
    return;
  }

  /* Calls the API, checks LMSGetLastError and logs any error with its string and diagnostic.
   * `expected` lists error codes that are part of normal operation (logged as information). */
  function call(name, args, expected) {
    var value;
    try {
      value = api[name].apply(api, args || []);
    } catch (e) {
      warn(name + "(" + (args || []).join(", ") + ") threw: " + e);
      return { ok: false, value: "", code: "exception" };
    }
    var code = "0";
    try { code = String(api.LMSGetLastError()); } catch (e) { code = "0"; }
    if (code !== "0" && code !== "") {
      var text = "", diagnostic = "";
      try { text = String(api.LMSGetErrorString(code)); } catch (e) { /* optional */ }
      try { diagnostic = String(api.LMSGetDiagnostic(code)); } catch (e) { /* optional */ }
      var shown = args && args.length > 1 ? args[0] + ", " + JSON.stringify(String(args[1]).slice(0, 80)) : (args || []).join(", ");
      var message = name + "(" + shown + ") → error " + code + " " + text + (diagnostic && diagnostic !== text ? " (" + diagnostic + ")" : "");
      if (expected && expected.indexOf(code) >= 0) info(message);
      else warn(message);
    }
    return { ok: code === "0" || code === "", value: value == null ? "" : String(value), code: code };
  }

  function get(element) {
    var r = call("LMSGetValue", [element]);
    return r.ok ? r.value : null;
  }

  function set(element, value) {
    var r = call("LMSSetValue", [element, String(value)]);
    return r.ok && r.value === "true";
  }

  /* One LMS session spans many pages: when it started and whether it finished are kept on the
   * API object (it outlives the pages), with sessionStorage as a second copy. */
  var SESSION_KEY = "skillpress-scorm-session:" + courseId;
  function readSession(apiOnly) {
    try { if (isObject(api.__skillpress)) return api.__skillpress; } catch (e) { /* frozen API */ }
    if (apiOnly) return null;
    try {
      var s = JSON.parse(global.sessionStorage.getItem(SESSION_KEY) || "null");
      if (isObject(s)) return s;
    } catch (e) { /* no session storage */ }
    return null;
  }
  function writeSession(s) {
    try { api.__skillpress = s; } catch (e) { /* frozen API */ }
    try { global.sessionStorage.setItem(SESSION_KEY, JSON.stringify(s)); } catch (e) { /* no session storage */ }
  }

  var init = call("LMSInitialize", [""], ["101"]);
  var session;
  if (init.value === "true") {
    // A new LMS session, unless this LMS lets every page initialise the one still open (the
    // same API object as the page before, and not finished).
    session = readSession(true);
    if (!session || session.finished) session = { start: Date.now(), finished: false, exit: null };
  } else if (init.code === "101") {
    // "Already initialized": an earlier page of the course opened this session. It may also
    // mean the session was finished (the learner came back with the Back button): then the
    // LMS answers nothing any more, and this page keeps progress in the browser only.
    if (!call("LMSGetValue", ["cmi.core.lesson_status"]).ok) {
      html.setAttribute("data-scorm", "standalone");
      warn("the LMS session has ended; progress is kept in this browser until the course is launched again.");
      return;
    }
    session = readSession(false) || { start: Date.now(), finished: false, exit: null };
  } else {
    html.setAttribute("data-scorm", "standalone");
    warn("LMSInitialize failed; progress is kept in this browser only.");
    return;
  }
  session.finished = false;
  writeSession(session);

  var lessonMode = get("cmi.core.lesson_mode") || "normal";
  var readOnly = lessonMode === "review";
  var entry = get("cmi.core.entry") || "";
  var lmsStatus = get("cmi.core.lesson_status") || "";
  var suspend = get("cmi.suspend_data") || "";
  var lmsLocation = get("cmi.core.lesson_location") || "";
  var student = get("cmi.core.student_id") || "";
  var lmsRaw = get("cmi.core.score.raw") || "";
  var masteryText = get("cmi.student_data.mastery_score") || "";
  var mastery = masteryText !== "" && isFinite(Number(masteryText)) ? Number(masteryText) : TABLE.mastery;

  /* ---- the starting state: the LMS's ---------------------------------------------------- */

  var store = Store.open(courseId);
  var OWNER_KEY = "skillpress-scorm:" + courseId;
  function readOwner() {
    try {
      var o = JSON.parse(global.localStorage.getItem(OWNER_KEY) || "null");
      return isObject(o) && typeof o.student === "string" ? o.student : null;
    } catch (e) {
      return null;
    }
  }
  function writeOwner() {
    try { global.localStorage.setItem(OWNER_KEY, JSON.stringify({ student: student })); } catch (e) { /* no storage */ }
  }

  var decoded = suspend ? decode(suspend, TABLE) : null;
  // Suspend data this version cannot read (a newer skillpress wrote it) is left as it is.
  var keepSuspend = !!suspend && !decoded;
  if (keepSuspend) warn("cmi.suspend_data was not written by this version of the course; it is left untouched.");
  if (decoded && decoded.skipped.length) {
    info("the course has changed since the LMS saved this learner's progress; not restored: " + decoded.skipped.join(", ") + ".");
  }
  if (decoded && decoded.damaged.length) warn("cmi.suspend_data is damaged; not restored: " + decoded.damaged.join(", ") + ".");

  // This browser's saved state is the learner's own only when this adapter saved it for the same
  // student; a fresh LMS attempt (first entry, nothing saved) starts from nothing.
  var sameLearner = store.available && readOwner() === student;
  var fresh = !suspend && (entry === "ab-initio" || lmsStatus === "not attempted");
  var mode = sameLearner && !fresh ? "merge" : "replace";
  var state = merge(store.state, decoded, mode, Store.empty);
  if (lmsLocation && lmsLocation.length <= 255 && (!state.last || state.last.path !== lmsLocation)) {
    state.last = { path: lmsLocation, title: titleOf(lmsLocation), at: decoded ? decoded.base : Date.now() };
  }
  store.state = state;
  store.save();
  writeOwner();
  // The LMS keeps the progress, so "this browser cannot save" is no reason to worry the learner.
  if (store.problem === "unavailable") {
    Array.prototype.forEach.call(doc.querySelectorAll("[data-storage-warning]"), function (n) { n.hidden = true; });
  }

  function titleOf(path) {
    var nav = global.skillpressNav || {};
    var found = "";
    (nav.modules || []).forEach(function (m) {
      if (m.url === path) found = m.title;
      (m.lessons || []).forEach(function (l) { if (l.url === path) found = l.title; });
      if (m.check && m.check.url === path) found = m.check.title;
    });
    (nav.links || []).forEach(function (l) { if (l.url === path && l.title) found = l.title; });
    return found;
  }

  /* ---- keeping the LMS up to date ------------------------------------------------------- */

  var live = true;
  var lastSuspend = suspend;
  var lastLocation = lmsLocation;
  var lastRaw = lmsRaw;
  // cmi.core.exit is write-only: remember for the whole session what was written.
  var lastExit = typeof session.exit === "string" ? session.exit : null;
  var timer = null;

  function flush() {
    if (timer) {
      global.clearTimeout(timer);
      timer = null;
    }
    if (!live || readOnly) return;
    var s = store.state;
    var changed = false;
    if (!keepSuspend) {
      var fitted = fit(s, TABLE, LIMIT);
      if (fitted.text === null) {
        warn("the progress does not fit in cmi.suspend_data (" + fitted.length + " characters of " + LIMIT + "); it is kept in this browser only.");
      } else {
        if (fitted.level > 0 && fitted.text !== lastSuspend) {
          warn("cmi.suspend_data is short of room: the LMS keeps a shortened copy of the progress (level " + fitted.level + ").");
        }
        if (fitted.text !== lastSuspend && set("cmi.suspend_data", fitted.text)) {
          lastSuspend = fitted.text;
          changed = true;
        }
      }
    }
    var where = s.last && typeof s.last.path === "string" ? s.last.path : "";
    if (where && where !== lastLocation && where.length <= 255 && set("cmi.core.lesson_location", where)) {
      lastLocation = where;
      changed = true;
    }
    var result = evaluate(s, TABLE, mastery);
    if (result.raw !== null && String(result.raw) !== lastRaw &&
        !(lmsStatus === "passed" && Number(lastRaw) > result.raw)) {
      var ok = set("cmi.core.score.min", "0");
      ok = set("cmi.core.score.max", "100") && ok;
      if (set("cmi.core.score.raw", String(result.raw)) && ok) lastRaw = String(result.raw);
      changed = true;
    }
    var status = nextStatus(lmsStatus, result.status);
    if (status !== lmsStatus && set("cmi.core.lesson_status", status)) {
      lmsStatus = status;
      changed = true;
    }
    var exit = lmsStatus === "passed" || lmsStatus === "completed" ? "" : "suspend";
    if (exit !== lastExit && set("cmi.core.exit", exit)) {
      lastExit = session.exit = exit;
      writeSession(session);
      changed = true;
    }
    if (changed) call("LMSCommit", [""]);
  }

  function schedule() {
    if (!timer && live) timer = global.setTimeout(flush, 0);
  }

  function finish() {
    if (!live) return;
    flush();
    if (!readOnly) set("cmi.core.session_time", timespan(Date.now() - num(session.start, Date.now())));
    call("LMSFinish", [""]);
    live = false;
    session.finished = true;
    writeSession(session);
    html.setAttribute("data-scorm", "finished");
  }

  /* ---- leaving the course, or only this page ------------------------------------------- */

  // The package's root: in a course with several languages a page's `data-root` is its
  // language's folder (`zh-CN/`), and the other languages are pages of the course too.
  var siteRoot = html.getAttribute("data-site-root");
  if (siteRoot === null) siteRoot = html.getAttribute("data-root");
  var rootUrl;
  try { rootUrl = new URL(siteRoot || "./", global.location.href); } catch (e) { rootUrl = null; }
  var internal = false;

  /* Whether `href` is another page of this course (an .html file under the site root), to
   * which this page is about to give way. */
  function coursePage(href) {
    if (!rootUrl || !href) return false;
    var u;
    try { u = new URL(href, global.location.href); } catch (e) { return false; }
    var here = global.location;
    if (u.protocol !== here.protocol || u.host !== here.host) return false;
    if (!/\.html?$/i.test(u.pathname) || u.pathname.indexOf(rootUrl.pathname) !== 0) return false;
    // The same page with a #fragment does not unload it.
    return !(u.pathname === here.pathname && u.search === here.search && u.hash);
  }

  // Listened to before the page's own handlers (capture), so no handler can hide a click; a click
  // or submit whose default a handler then prevented (a quiz's own form) navigates nowhere and is
  // forgotten once it has been handled.
  var marks = 0;
  function mark() {
    internal = true;
    return ++marks;
  }
  function navigating(event) {
    var mine = mark();
    global.setTimeout(function () { if (event.defaultPrevented && marks === mine) internal = false; }, 0);
  }
  global.addEventListener("click", function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var a = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!a || a.hasAttribute("download")) return;
    var target = (a.getAttribute("target") || "").toLowerCase();
    if (target && target !== "_self") return;
    if (coursePage(a.href)) navigating(event);
  }, true);
  global.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.getAttribute) return;
    var target = (form.getAttribute("target") || "").toLowerCase();
    if ((!target || target === "_self") && coursePage(form.action || global.location.href)) navigating(event);
  }, true);
  // The search box's list of hits opens the chosen hit with Enter (location.href).
  global.addEventListener("keydown", function (event) {
    var t = event.target;
    if (event.key === "Enter" && t && t.matches && t.matches("[data-search-input]") && t.getAttribute("aria-activedescendant")) mark();
  });
  // Where the Navigation API exists it names the destination of every navigation a page starts.
  try {
    if (global.navigation && global.navigation.addEventListener) {
      global.navigation.addEventListener("navigate", function (event) {
        var d = event.destination;
        // Same-document changes (a #fragment, history.replaceState on the search page) stay here.
        if (!event.hashChange && d && !d.sameDocument && coursePage(d.url)) mark();
      });
    }
  } catch (e) { /* not supported */ }

  global.addEventListener("pagehide", function () {
    if (!live) return;
    if (internal) flush(); // the next page of the course carries on with the same session
    else finish();
  });
  global.addEventListener("pageshow", function (event) {
    if (event.persisted) internal = false;
  });
  doc.addEventListener("visibilitychange", function () {
    if (doc.visibilityState === "hidden") flush();
  });

  // The launch page (the default language's home) gives way to the learner's preferred language
  // when the LMS names one the course has, once, at the start of a session.
  var switcher = doc.querySelectorAll("[data-language-switcher] a[data-language]");
  if (init.value === "true" && switcher.length && html.getAttribute("data-page") === "index.html" &&
      (siteRoot || "") === (html.getAttribute("data-root") || "")) {
    var codes = Array.prototype.map.call(switcher, function (a) { return a.getAttribute("data-language"); });
    var chosen = languageFor(get("cmi.student_preference.language"), [html.getAttribute("lang")].concat(codes));
    var link = chosen && switcher[codes.indexOf(chosen)];
    if (link) {
      info("opening the course in " + chosen + ", the learner's language in the LMS.");
      mark();
      global.location.replace(link.href);
    }
  }

  store.onChange(schedule);
  html.setAttribute("data-scorm", "lms");
  info("connected to the LMS (" + (init.value === "true" ? "new session" : "session continues") + ", entry " +
    JSON.stringify(entry) + ", mode " + lessonMode + ", mastery score " + mastery + ").");
  flush();
})(typeof window !== "undefined" ? window : this);
