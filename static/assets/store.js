/* skillpress: the learner's saved state, one versioned localStorage entry per course. Its
 * format, migration and what becomes of a value this file cannot read: docs/learner.md, "Saved
 * state". `open(id, {storage, now})` injects both for node; in a page every `open(id)` returns
 * the same store, so quiz.js, case.js and progress.js never overwrite each other's changes.
 */
(function (global) {
  "use strict";

  var VERSION = 1;
  var FORMAT = "skillpress-progress";
  var PREFIX = "skillpress:";
  // "~" cannot appear in a course id, so this key never is another course's entry.
  var KEPT = "~unreadable";

  function isObject(x) {
    return x !== null && typeof x === "object" && !Array.isArray(x);
  }

  function obj(x) {
    return isObject(x) ? x : {};
  }

  function num(x, fallback) {
    return typeof x === "number" && isFinite(x) ? x : fallback;
  }

  function empty() {
    return { version: VERSION, role: null, last: null, lessons: {}, answers: {}, quizzes: {}, cases: {}, certificate: null, diagnostic: null };
  }

  /* The diagnostic's part: {ratings: {competency: level}, answers: {question id: {v, earned,
   * points, at}}}, or null before the learner starts it. */
  function diagnosticPart(d) {
    if (!isObject(d)) return null;
    var out = { ratings: {}, answers: {} };
    Object.keys(obj(d.ratings)).forEach(function (k) {
      var level = d.ratings[k];
      if (typeof level === "number" && isFinite(level)) out.ratings[k] = level;
    });
    Object.keys(obj(d.answers)).forEach(function (k) {
      var a = d.answers[k];
      if (isObject(a) && num(a.points, 0) > 0) out.answers[k] = a;
    });
    return out;
  }

  /* Fills in missing or mistyped parts so the other scripts can read the state without checks. */
  function normalise(s) {
    var out = empty();
    s = obj(s);
    out.role = typeof s.role === "string" ? s.role : null;
    if (isObject(s.last) && typeof s.last.path === "string") {
      out.last = { path: s.last.path, title: String(s.last.title || ""), at: num(s.last.at, 0) };
    }
    Object.keys(obj(s.lessons)).forEach(function (k) {
      if (isObject(s.lessons[k])) out.lessons[k] = s.lessons[k];
    });
    Object.keys(obj(s.answers)).forEach(function (k) {
      var a = s.answers[k];
      if (isObject(a) && num(a.points, 0) > 0) out.answers[k] = a;
    });
    Object.keys(obj(s.quizzes)).forEach(function (k) {
      var q = obj(s.quizzes[k]);
      out.quizzes[k] = {
        attempts: Array.isArray(q.attempts) ? q.attempts.filter(isObject) : [],
        current: isObject(q.current) ? q.current : null
      };
    });
    Object.keys(obj(s.cases)).forEach(function (k) {
      var c = obj(s.cases[k]);
      out.cases[k] = { v: c.v == null ? null : String(c.v), runs: Array.isArray(c.runs) ? c.runs.filter(isObject) : [] };
    });
    out.certificate = isObject(s.certificate) ? s.certificate : null;
    out.diagnostic = diagnosticPart(s.diagnostic);
    return out;
  }

  function isVersion(v) {
    return typeof v === "number" && v % 1 === 0 && v >= 0;
  }

  /* The first part of a version-1 state normalise() would drop, or null (docs/learner.md,
   * `problemIn`). Version 0 and future versions are migrated or left alone, not checked. */
  function problemIn(s) {
    if (!isObject(s)) return "";
    var version = s.version == null ? 0 : s.version;
    if (!isVersion(version)) return "version";
    if (version !== VERSION) return null;
    if (s.role != null && typeof s.role !== "string") return "role";
    if (s.last != null && !(isObject(s.last) && typeof s.last.path === "string")) return "last";
    if (s.certificate != null && !isObject(s.certificate)) return "certificate";
    var parts = {
      lessons: isObject,
      answers: function (a) { return isObject(a) && num(a.points, 0) > 0; },
      quizzes: function (q) {
        return isObject(q) && (q.attempts == null || (Array.isArray(q.attempts) && q.attempts.every(isObject))) &&
          (q.current == null || isObject(q.current));
      },
      cases: function (c) {
        return isObject(c) && (c.runs == null || (Array.isArray(c.runs) && c.runs.every(isObject)));
      }
    };
    for (var name in parts) {
      var part = s[name];
      if (part == null) continue;
      if (!isObject(part)) return name;
      for (var k in part) {
        if (Object.prototype.hasOwnProperty.call(part, k) && !parts[name](part[k])) return name + "." + k;
      }
    }
    return null;
  }

  /* Version 0 (docs/learner.md) kept no question versions: old answers get `v: null`, so the
   * first `invalidate` drops them, as they may have been graded by rules since changed. */
  function fromV0(s, now) {
    var out = empty();
    out.role = typeof s.role === "string" ? s.role : null;
    if (typeof s.last === "string" && s.last) out.last = { path: s.last, title: "", at: now };
    Object.keys(obj(s.lessons)).forEach(function (k) {
      var v = s.lessons[k];
      if (!v) return;
      out.lessons[k] = { visited: now };
      if (v === true || v === "completed") out.lessons[k].completed = now;
    });
    Object.keys(obj(s.scores)).forEach(function (k) {
      var list = Array.isArray(s.scores[k]) ? s.scores[k] : [];
      out.quizzes[k] = {
        attempts: list.filter(isObject).map(function (a) {
          var at = Date.parse(a.date);
          return {
            at: isFinite(at) ? at : now,
            earned: num(a.score, 0),
            possible: num(a.total, 0),
            passed: !!a.passed,
            answers: {},
            versions: {}
          };
        }),
        current: null
      };
    });
    Object.keys(obj(s.answers)).forEach(function (k) {
      var a = obj(s.answers[k]);
      var points = num(a.points, 1);
      out.answers[k] = { v: null, earned: a.correct ? points : 0, points: points, at: now };
    });
    Object.keys(obj(s.cases)).forEach(function (k) {
      var c = obj(s.cases[k]);
      if (c.ending == null) return;
      var at = Date.parse(c.date);
      var best = num(c.best, 0);
      var fraction = best > 0 ? Math.max(0, Math.min(1, num(c.score, 0) / best)) : 0;
      out.cases[k] = {
        v: null,
        runs: [{ at: isFinite(at) ? at : now, path: [], ending: String(c.ending), score: num(c.score, 0), fraction: fraction }]
      };
    });
    return out;
  }

  /* Brings any saved shape up to the current version. Returns null for a future version. */
  function migrate(s, now) {
    if (!isObject(s)) return empty();
    var version = s.version == null ? 0 : s.version;
    if (!isVersion(version)) return empty();
    if (version > VERSION) return null;
    if (version === 0) s = fromV0(s, now);
    // Later versions add steps here: if (s.version === 1) s = fromV1(s); …
    return normalise(s);
  }

  /* The page's localStorage, or null when merely touching it throws (blocked storage). */
  function pageStorage() {
    try {
      return global.localStorage || null;
    } catch (e) {
      return null;
    }
  }

  function probe(storage) {
    if (!storage) return false;
    try {
      // "~" cannot appear in a course id, so the probe never touches a course's entry.
      storage.setItem(PREFIX + "~probe", "1");
      storage.removeItem(PREFIX + "~probe");
      return true;
    } catch (e) {
      return false;
    }
  }

  function show(selector) {
    if (typeof document === "undefined" || !document.querySelectorAll) return;
    var nodes = document.querySelectorAll(selector);
    for (var i = 0; i < nodes.length; i++) nodes[i].hidden = false;
  }

  function showWarning() {
    show("[data-storage-warning]");
  }

  function Store(courseId, options) {
    var self = this;
    var storage = options.storage;
    var now = options.now || function () { return Date.now(); };
    var listeners = [];
    var key = PREFIX + courseId;

    this.courseId = courseId;
    this.key = key;
    this.available = probe(storage);
    this.problem = this.available ? null : "unavailable";
    this.state = empty();

    /* Reads the saved state; `raw` (optional) is text already read, e.g. from a storage event. */
    this.reload = function (raw) {
      if (!self.available) return;
      if (raw === undefined) {
        try { raw = storage.getItem(key); } catch (e) { raw = null; }
      }
      var parsed;
      var unreadable = false;
      if (raw) {
        try { parsed = JSON.parse(raw); } catch (e) { unreadable = true; }
      }
      var migrated = raw && !unreadable ? migrate(parsed, now()) : empty();
      if (migrated === null) {
        // Saved by a newer skillpress (the site was rolled back): never overwrite it.
        self.available = false;
        self.problem = "future";
        showWarning();
        return;
      }
      self.state = migrated;
      if (raw && (unreadable || problemIn(parsed) !== null)) keepAside(raw);
      if (self.kept() !== null) show("[data-storage-kept]");
    };

    /* Copies an unreadable value to the KEPT key before a save can overwrite it; without that
     * copy nothing is written at all (docs/learner.md, "Progress is never lost"). */
    function keepAside(raw) {
      self.problem = "unreadable";
      memoryCopy = raw;
      var older = null;
      try { older = storage.getItem(key + KEPT); } catch (e) { older = null; }
      if (older === null || older === raw) {
        try {
          storage.setItem(key + KEPT, raw);
          return;
        } catch (e) { /* fall through: keep everything as it is */ }
      }
      self.available = false;
      showWarning();
    }

    var memoryCopy = null;

    /* The unreadable value kept aside (text, exactly as it was saved), or null. */
    this.kept = function () {
      var text = null;
      try { text = storage ? storage.getItem(key + KEPT) : null; } catch (e) { text = null; }
      return text !== null ? text : memoryCopy;
    };

    /* Deletes the kept copy, then reads again (a value still unreadable is kept in its turn). */
    this.discardKept = function () {
      memoryCopy = null;
      try { storage.removeItem(key + KEPT); } catch (e) { return false; }
      if (self.problem === "unreadable") {
        self.problem = null;
        self.available = probe(storage);
      }
      self.reload();
      self.notify();
      return true;
    };

    this.reload();
    if (!this.available) showWarning();

    this.save = function () {
      var ok = false;
      if (self.available) {
        try {
          storage.setItem(key, JSON.stringify(self.state));
          ok = true;
        } catch (e) {
          // Quota exceeded or storage revoked mid-session: carry on in memory.
          self.available = false;
          self.problem = "full";
          showWarning();
        }
      }
      self.notify();
      return ok;
    };

    this.notify = function () {
      listeners.forEach(function (fn) {
        try { fn(self.state); } catch (e) { /* a broken listener must not break saving */ }
      });
    };

    /* Extension: `fn(state)` after every save, so a page's scripts can refresh each other. */
    this.onChange = function (fn) {
      listeners.push(fn);
    };

    this.now = now;
  }

  Store.prototype.invalidate = function (versions) {
    var s = this.state;
    var dropped = 0;
    var questions = obj(versions && versions.questions);
    var cases = obj(versions && versions.cases);
    Object.keys(questions).forEach(function (id) {
      var v = String(questions[id]);
      if (s.answers[id] && s.answers[id].v !== v) {
        delete s.answers[id];
        dropped++;
      }
      if (s.diagnostic && s.diagnostic.answers[id] && s.diagnostic.answers[id].v !== v) {
        delete s.diagnostic.answers[id];
        dropped++;
      }
      // An unfinished attempt that noted the version it was answered under (`current.versions`)
      // loses that answer too, or the new rules would grade an answer given to the old question.
      Object.keys(s.quizzes).forEach(function (quizId) {
        var cur = s.quizzes[quizId].current;
        if (!cur || !isObject(cur.versions) || cur.versions[id] == null || String(cur.versions[id]) === v) return;
        delete cur.versions[id];
        if (isObject(cur.answers)) delete cur.answers[id];
        if (isObject(cur.graded)) delete cur.graded[id];
        dropped++;
      });
    });
    Object.keys(cases).forEach(function (id) {
      if (s.cases[id] && s.cases[id].v !== String(cases[id])) {
        delete s.cases[id];
        dropped++;
      }
    });
    if (dropped) this.save();
    return dropped;
  };

  Store.prototype.recordAnswer = function (questionId, version, earned, points) {
    this.state.answers[questionId] = {
      v: String(version),
      earned: num(earned, 0),
      points: num(points, 0),
      at: this.now()
    };
    return this.save();
  };

  Store.prototype.quiz = function (quizId) {
    if (!this.state.quizzes[quizId]) this.state.quizzes[quizId] = { attempts: [], current: null };
    return this.state.quizzes[quizId];
  };

  Store.prototype.recordAttempt = function (quizId, attempt) {
    var a = Object.assign({}, attempt);
    if (a.at == null) a.at = this.now();
    this.quiz(quizId).attempts.push(a);
    return this.save();
  };

  Store.prototype.setCurrent = function (quizId, current) {
    this.quiz(quizId).current = current || null;
    return this.save();
  };

  /* `lesson` ("<module>/<lesson>") is an extension: given, the lesson's visit is recorded too. */
  Store.prototype.visit = function (path, title, lesson) {
    var at = this.now();
    this.state.last = { path: String(path), title: String(title || ""), at: at };
    if (lesson) {
      var l = this.state.lessons[lesson] || (this.state.lessons[lesson] = {});
      l.visited = at;
    }
    return this.save();
  };

  /* `done === false` (an extension) takes the mark back: "mark as complete" is a toggle. */
  Store.prototype.completeLesson = function (moduleId, lessonId, done) {
    var k = moduleId + "/" + lessonId;
    var l = this.state.lessons[k] || (this.state.lessons[k] = {});
    if (done === false) {
      delete l.completed;
    } else if (!l.completed) {
      l.completed = this.now();
      if (!l.visited) l.visited = l.completed;
    }
    return this.save();
  };

  Store.prototype.setRole = function (roleId) {
    this.state.role = roleId == null ? null : String(roleId);
    return this.save();
  };

  Store.prototype.reset = function () {
    this.state = empty();
    return this.save();
  };

  /* ---- module completion, as every page and the team page show it (pure) ---- */

  // `state` is normalised (see normalise()).
  function quizPassed(state, quizId) {
    var q = state.quizzes[quizId];
    return !!q && q.attempts.some(function (a) { return a.passed; });
  }

  /* A module ({id, lessons: [lesson ids or {id}], quiz}) is completed when every lesson is and
   * its check (if any) is passed. */
  function moduleStatus(state, m) {
    var lessons = state.lessons;
    var quizzes = state.quizzes;
    var done = 0;
    var started = false;
    m.lessons.forEach(function (l) {
      var s = lessons[m.id + "/" + (typeof l === "string" ? l : l.id)];
      if (s && s.completed) done++;
      if (s) started = true;
    });
    var total = m.lessons.length;
    var check = m.quiz ? quizPassed(state, m.quiz) : null;
    var tried = !!(m.quiz && quizzes[m.quiz] && quizzes[m.quiz].attempts.length);
    var steps = total + (m.quiz ? 1 : 0);
    var stepsDone = done + (check ? 1 : 0);
    return {
      done: done,
      total: total,
      check: check,
      completed: steps > 0 && stepsDone === steps,
      started: started || tried || done > 0,
      percent: steps ? Math.round((stepsDone / steps) * 100) : 0
    };
  }

  /* {moduleId: true} for every completed module of `modules`. */
  function completedModules(state, modules) {
    var out = {};
    (modules || []).forEach(function (m) {
      if (moduleStatus(state, m).completed) out[m.id] = true;
    });
    return out;
  }

  var pageStores = {};

  var SkillpressStore = {
    Store: Store,
    isObject: isObject,
    isVersion: isVersion,
    VERSION: VERSION,
    FORMAT: FORMAT,
    KEPT: KEPT,
    migrate: migrate,
    problemIn: problemIn,
    quizPassed: quizPassed,
    moduleStatus: moduleStatus,
    completedModules: completedModules,
    empty: empty,
    num: num,
    /* open(courseId [, {storage, now}]): with an explicit storage a fresh store (tests);
     * otherwise the page's shared store over localStorage. */
    open: function (courseId, options) {
      courseId = String(courseId || "course");
      if (options && "storage" in options) return new Store(courseId, options);
      if (!pageStores[courseId]) {
        var store = pageStores[courseId] = new Store(courseId, { storage: pageStorage(), now: options && options.now });
        // Another tab of the course saved: take its state, or this page's next save would
        // overwrite what the learner did there.
        if (global.addEventListener) {
          global.addEventListener("storage", function (event) {
            if (event.key !== store.key || !store.available) return;
            store.reload(event.newValue);
            store.notify();
          });
        }
      }
      return pageStores[courseId];
    }
  };

  global.SkillpressStore = SkillpressStore;
  if (typeof module !== "undefined") module.exports = SkillpressStore;
})(typeof window !== "undefined" ? window : this);
