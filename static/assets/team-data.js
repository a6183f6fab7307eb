/* skillpress: the team view's numbers, from the progress files learners export (docs/learner.md,
 * "Team view"). Pure: no DOM, no storage, no network.
 *
 * Files are read by SkillpressStore.readExport (store-file.js: the progress page's import checks);
 * levels, gaps, evidence and recommendations come from SkillpressMastery, the code behind the
 * learner's own map, and module completion from SkillpressStore, as on the learner's pages.
 * Nothing here estimates a level or decides completion by itself.
 *
 * `framework` is the team page's `#framework-data` (the map's data, see docs/learner.md) which
 * may also carry `final` (the final assessment's quiz id or null), `quizzes[id].kind`
 * ("bank" | "assessment") and `questions[id].type`.
 */
(function (global) {
  "use strict";

  // store-file.js adds readExport to SkillpressStore (store.js).
  var Store = global.SkillpressStore || (typeof require === "function" ? require("./store-file.js") : null);
  var Mastery = global.SkillpressMastery || (typeof require === "function" ? require("./mastery.js") : null);
  var Grading = global.SkillpressGrading || (typeof require === "function" ? require("./grading.js") : null);

  var EPS = 1e-9;

  function has(o, k) {
    return !!o && Object.prototype.hasOwnProperty.call(o, k);
  }

  /* ---- loading files ------------------------------------------------------------------ */

  // Why a file is skipped: interface-string keys (src/locale/*.json).
  var SKIP = {
    import_malformed: "team_skip_malformed",
    import_wrong_format: "team_skip_wrong_format",
    import_wrong_course: "team_skip_wrong_course",
    import_bad_version: "team_skip_damaged",
    import_damaged: "team_skip_damaged",
    import_future_version: "team_skip_future_version"
  };

  /* The name shown for a learner who typed none at export: the file name without its folder
   * and `.json`. */
  function nameFromFile(fileName) {
    var base = String(fileName || "").replace(/^.*[\\/]/, "").replace(/\.json$/i, "");
    return base || "?";
  }

  /* files: [{name, text (null: the browser could not read it)}] in the order they were picked. Returns {learners: [{key, name, file,
   * exported, state}], skipped: [{file, reason, course}]}. `reason` is an interface-string key;
   * `course` is the other course's id for team_skip_wrong_course, `at` the damaged part for
   * team_skip_damaged. A file with exactly the same
   * bytes as one already loaded is skipped as a duplicate (the same export sent twice). Names
   * are made unique with " (2)", " (3)" … so every learner has one row. */
  function load(files, courseId, now) {
    var learners = [];
    var skipped = [];
    var seen = {};
    var names = {};
    (files || []).forEach(function (f) {
      if (f.text == null) {
        skipped.push({ file: f.name, reason: "team_skip_unreadable", course: null });
        return;
      }
      var text = String(f.text);
      if (has(seen, text)) {
        skipped.push({ file: f.name, reason: "team_skip_duplicate", course: null, of: seen[text] });
        return;
      }
      var read = Store.readExport(text, courseId, now);
      if (!read.ok) {
        skipped.push({ file: f.name, reason: SKIP[read.error] || "team_skip_malformed", course: read.course == null ? null : read.course, at: read.at || null });
        return;
      }
      seen[text] = f.name;
      var base = read.learner || nameFromFile(f.name);
      var name = base;
      for (var n = 2; has(names, name); n++) name = base + " (" + n + ")";
      names[name] = true;
      learners.push({ key: String(learners.length), name: name, file: f.name, exported: read.exported, state: read.state });
    });
    return { learners: learners, skipped: skipped };
  }

  /* ---- heat map ------------------------------------------------------------------------ */

  function targetsOf(framework, roleId) {
    var r = Mastery.role(framework, roleId);
    return (r && r.targets) || {};
  }

  /* One row per learner: {learner, cells: [{competency, name, level (null: not yet assessed),
   * mastery, count, target (null: the role has none), gap}], totalGap}. A gap is what
   * Mastery.gaps says (a competency not yet assessed counts as level 0); 0 without a target. */
  function heatMap(framework, learners, roleId) {
    var targets = targetsOf(framework, roleId);
    return learners.map(function (l) {
      var estimates = Mastery.estimateAll(framework, l.state);
      var gaps = {};
      Mastery.gaps(framework, estimates, roleId).forEach(function (g) { gaps[g.id] = g.gap; });
      var total = 0;
      var cells = estimates.map(function (e) {
        var gap = has(gaps, e.id) ? gaps[e.id] : 0;
        total += gap;
        return {
          competency: e.id,
          name: e.name,
          level: e.level,
          mastery: e.mastery,
          count: e.count,
          target: has(targets, e.id) ? Number(targets[e.id]) : null,
          gap: gap
        };
      });
      return { learner: l, cells: cells, totalGap: total };
    });
  }

  function cellOf(row, competencyId) {
    for (var i = 0; i < row.cells.length; i++) if (row.cells[i].competency === competencyId) return row.cells[i];
    return null;
  }

  function byName(a, b) {
    var x = a.learner.name.toLowerCase();
    var y = b.learner.name.toLowerCase();
    return x < y ? -1 : x > y ? 1 : Number(a.learner.key) - Number(b.learner.key);
  }

  /* A sorted copy of heat-map rows. by: "learner" (name A→Z), "gap" (total gap, largest
   * first) or "competency" (that competency's gap, largest first, then lowest level first with
   * not-yet-assessed before level 1). Ties fall back to the name. */
  function sortRows(rows, by, competencyId) {
    var out = rows.slice();
    if (by === "gap") {
      out.sort(function (a, b) { return b.totalGap - a.totalGap || byName(a, b); });
    } else if (by === "competency") {
      out.sort(function (a, b) {
        var x = cellOf(a, competencyId) || { gap: 0, level: null };
        var y = cellOf(b, competencyId) || { gap: 0, level: null };
        var lx = x.level == null ? 0 : x.level;
        var ly = y.level == null ? 0 : y.level;
        return y.gap - x.gap || lx - ly || byName(a, b);
      });
    } else {
      out.sort(byName);
    }
    return out;
  }

  /* ---- team profile -------------------------------------------------------------------- */

  /* The median of numbers (the mean of the middle two for an even count); null for none. */
  function median(values) {
    if (!values.length) return null;
    var v = values.slice().sort(function (a, b) { return a - b; });
    var mid = Math.floor(v.length / 2);
    return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  /* Per competency: {id, name, target, below, at, above, unassessed, median, teamGap}. below /
   * at / above count assessed learners against the role's target (null when the role has no
   * target for it); `median` is over assessed learners' levels; `teamGap` sums every learner's
   * gap. `modules` are the modules that close the biggest team gaps: the team's gaps, ordered by
   * Mastery.openGaps (the learner's rule: assessed first, largest first), given to
   * Mastery.recommend, skipping modules every loaded learner has completed
   * (SkillpressStore.completedModules). */
  function profile(framework, rows, learners) {
    var competencies = framework.competencies.map(function (c) {
      var levels = [];
      var out = { id: c.id, name: c.name, target: null, below: 0, at: 0, above: 0, unassessed: 0, median: null, teamGap: 0 };
      rows.forEach(function (row) {
        var cell = cellOf(row, c.id);
        if (!cell) return;
        out.target = cell.target;
        out.teamGap += cell.gap;
        if (cell.level == null) {
          out.unassessed++;
          return;
        }
        levels.push(cell.level);
        if (cell.target == null) return;
        if (cell.level < cell.target) out.below++;
        else if (cell.level === cell.target) out.at++;
        else out.above++;
      });
      if (out.target == null) out.below = out.at = out.above = null;
      out.median = median(levels);
      return out;
    });
    var teamGaps = competencies
      .filter(function (c) { return c.target != null; })
      .map(function (c) { return { id: c.id, level: c.median, gap: c.teamGap }; });
    var open = Mastery.openGaps(teamGaps);
    var completedByAll = null;
    (learners || []).forEach(function (l) {
      var done = Store.completedModules(l.state, framework.modules);
      if (completedByAll === null) completedByAll = done;
      else Object.keys(completedByAll).forEach(function (id) { if (!done[id]) delete completedByAll[id]; });
    });
    var modules = open.length
      ? Mastery.recommend(framework, open.map(function (g) { return g.id; }), completedByAll || {})
      : [];
    return { competencies: competencies, open: open, modules: modules };
  }

  /* ---- weakest questions ---------------------------------------------------------------- */

  /* An answer as a comparable key, folded the way the grader folds it so "Refund " and
   * "refund" are one wrong answer. */
  function answerKey(type, a) {
    if (a === undefined) return null;
    switch (type) {
      case "single": return a === null || a === "" ? null : JSON.stringify(Number(a));
      case "multiple": return Array.isArray(a) ? JSON.stringify(a.map(Number).sort(function (x, y) { return x - y; })) : null;
      case "true_false": return typeof a === "boolean" ? JSON.stringify(a) : null;
      case "text": return JSON.stringify(Grading.normalizeText(a));
      case "numeric": {
        var n = Grading.parseNumber(a);
        return JSON.stringify(n.length ? String(n[0]) : Grading.normalizeText(a));
      }
      default: return JSON.stringify(a);
    }
  }

  /* The answer the learner gave last to question `qid` (the unfinished attempt's when it has
   * one graded, else the newest finished attempt's), for the question's current version. */
  function lastGivenAnswer(state, qid, version) {
    var quizzes = (state && state.quizzes) || {};
    var found;
    var foundAt = -Infinity;
    Object.keys(quizzes).forEach(function (quizId) {
      var q = quizzes[quizId];
      var cur = q.current;
      if (cur && cur.graded && cur.graded[qid] && cur.answers && has(cur.answers, qid) && sameVersion(cur.versions, qid, version)) {
        found = cur.answers[qid];
        foundAt = Infinity;
      }
      (q.attempts || []).forEach(function (a) {
        if (!a.answers || !has(a.answers, qid) || !sameVersion(a.versions, qid, version)) return;
        var at = Number(a.at) || 0;
        if (at >= foundAt) {
          found = a.answers[qid];
          foundAt = at;
        }
      });
    });
    return found;
  }

  function sameVersion(versions, qid, version) {
    return version == null || !versions || versions[qid] == null || String(versions[qid]) === String(version);
  }

  /* Questions answered wrong by at least one learner: [{id, answered, wrong, shareWrong,
   * wrongAnswer: {key, answer, count} or null}], most often wrong first (share, then count,
   * then course order). A learner counts once per question, with their latest graded answer
   * (Mastery.countedAnswer: the evidence the map uses); "wrong" is anything short of full
   * marks. The most chosen wrong answer is taken from the attempts; on a tie the first given. */
  function weakestQuestions(framework, learners) {
    var questions = framework.questions;
    var out = [];
    Object.keys(questions).forEach(function (qid, order) {
      var q = questions[qid];
      var answered = 0;
      var wrong = 0;
      var counts = {};
      var keys = [];
      learners.forEach(function (l) {
        var counted = Mastery.countedAnswer(framework, l.state, qid);
        if (!counted) return;
        answered++;
        if (counted.fraction >= 1 - EPS) return;
        wrong++;
        var given = lastGivenAnswer(l.state, qid, q.version);
        var key = answerKey(q.type, given);
        if (key === null) return;
        if (!has(counts, key)) {
          counts[key] = { key: key, answer: given, count: 0 };
          keys.push(key);
        }
        counts[key].count++;
      });
      if (!wrong) return;
      var top = null;
      keys.forEach(function (k) { if (!top || counts[k].count > top.count) top = counts[k]; });
      out.push({ id: qid, order: order, answered: answered, wrong: wrong, shareWrong: wrong / answered, wrongAnswer: top });
    });
    out.sort(function (a, b) { return b.shareWrong - a.shareWrong || b.wrong - a.wrong || a.order - b.order; });
    return out;
  }

  /* ---- cases ---------------------------------------------------------------------------- */

  /* Per case of the course: {id, title, played, endings: [{id, title, count}], averageScore,
   * averageFraction} from each learner's latest run of the current version
   * (Mastery.countedRun); averages are null when nobody played. Endings keep the course's
   * order; an ending the course no longer has is listed after them. */
  function caseResults(framework, learners) {
    var cases = framework.cases;
    return Object.keys(cases).map(function (cid) {
      var c = cases[cid];
      var endings = [];
      var byEnding = {};
      Object.keys(c.endings || {}).forEach(function (e) {
        byEnding[e] = { id: e, title: c.endings[e], count: 0 };
        endings.push(byEnding[e]);
      });
      var played = 0;
      var score = 0;
      var fraction = 0;
      learners.forEach(function (l) {
        var counted = Mastery.countedRun(framework, l.state, cid);
        if (!counted) return;
        played++;
        score += Number(counted.run.score) || 0;
        fraction += counted.fraction;
        var e = String(counted.run.ending);
        if (!has(byEnding, e)) {
          byEnding[e] = { id: e, title: e, count: 0 };
          endings.push(byEnding[e]);
        }
        byEnding[e].count++;
      });
      return {
        id: cid,
        title: c.title || cid,
        played: played,
        endings: endings,
        averageScore: played ? score / played : null,
        averageFraction: played ? fraction / played : null
      };
    });
  }

  /* ---- completion ----------------------------------------------------------------------- */

  /* The quizzes that are assessments (`kind: "assessment"` in the framework data). */
  function assessmentIds(framework) {
    var quizzes = framework.quizzes;
    return Object.keys(quizzes).filter(function (id) { return quizzes[id].kind === "assessment"; });
  }

  function bestAttempt(state, quizId) {
    var q = state.quizzes && state.quizzes[quizId];
    var best = null;
    ((q && q.attempts) || []).forEach(function (a) {
      var f = Number(a.possible) > 0 ? Number(a.earned) / Number(a.possible) : 0;
      if (!best || f > best.fraction + EPS) best = { fraction: f, earned: Number(a.earned) || 0, possible: Number(a.possible) || 0 };
    });
    return best;
  }

  /* Per learner: {learner, modulesDone, modulesTotal, lessonsDone, lessonsTotal,
   * checksPassed, checksTotal (the modules' own checks), assessmentsPassed, assessmentsTotal,
   * final: null | {id, passed, best (fraction or null)},
   * certificate: "named" (final passed and a name put on the certificate) | "earned" (final
   * passed) | "none"}. Module completion is SkillpressStore.moduleStatus, as on the learner's pages. */
  function completion(framework, learners) {
    var modules = framework.modules;
    var assessments = assessmentIds(framework);
    var checksTotal = modules.filter(function (m) { return m.quiz; }).length;
    var finalId = framework.final;
    return learners.map(function (l) {
      var s = l.state;
      var modulesDone = 0;
      var lessonsDone = 0;
      var lessonsTotal = 0;
      var checksPassed = 0;
      modules.forEach(function (m) {
        var st = Store.moduleStatus(s, m);
        if (st.completed) modulesDone++;
        lessonsDone += st.done;
        lessonsTotal += st.total;
        // A check passed before the lessons are done shows where a learner tested out early.
        if (st.check) checksPassed++;
      });
      var passed = assessments.filter(function (id) { return Store.quizPassed(s, id); }).length;
      var final = null;
      var certificate = "none";
      if (finalId) {
        var best = bestAttempt(s, finalId);
        final = { id: finalId, passed: Store.quizPassed(s, finalId), best: best ? best.fraction : null };
        if (final.passed) certificate = s.certificate && s.certificate.name ? "named" : "earned";
      }
      return {
        learner: l,
        modulesDone: modulesDone,
        modulesTotal: modules.length,
        lessonsDone: lessonsDone,
        lessonsTotal: lessonsTotal,
        checksPassed: checksPassed,
        checksTotal: checksTotal,
        assessmentsPassed: passed,
        assessmentsTotal: assessments.length,
        final: final,
        certificate: certificate
      };
    });
  }

  /* ---- CSV ------------------------------------------------------------------------------ */

  /* One RFC 4180 field. A text that a spreadsheet would run as a formula (=, +, -, @, tab or
   * carriage return first) gets a leading apostrophe: learner names come from files anyone
   * could have written. */
  function csvField(value, isText) {
    if (value === null || value === undefined) return "";
    var s = String(value);
    if (isText && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function csvNumber(x) {
    return x == null ? "" : String(Math.round(x * 100 + (x >= 0 ? EPS : -EPS)) / 100);
  }

  var CSV_HEADER = ["record", "learner", "competency", "level", "mastery", "target", "gap", "evidence",
    "question", "answered", "wrong", "share_wrong", "most_chosen_wrong_answer"];

  /* The aggregate as CSV text (a UTF-8 byte order mark so spreadsheet programs read the names
   * right, CRLF line ends): one `competency` row per learner × competency in the heat map's
   * order, then one `question` row per question of `weakest`. `answerText(questionId, answer)`
   * says how a wrong answer is written (default: its JSON). Levels not yet assessed are
   * `none`; mastery (empty without evidence) and shares are fractions with at most two
   * decimals. */
  function csv(rows, weakest, answerText) {
    var text = answerText || function (qid, a) { return JSON.stringify(a); };
    var lines = [CSV_HEADER.join(",")];
    rows.forEach(function (row) {
      row.cells.forEach(function (c) {
        lines.push(["competency", csvField(row.learner.name, true), csvField(c.competency, true),
          c.level == null ? "none" : String(c.level), c.count ? csvNumber(c.mastery) : "",
          c.target == null ? "" : String(c.target), String(c.gap), String(c.count), "", "", "", "", ""].join(","));
      });
    });
    weakest.forEach(function (w) {
      lines.push(["question", "", "", "", "", "", "", "", csvField(w.id, true), String(w.answered), String(w.wrong),
        csvNumber(w.shareWrong), w.wrongAnswer ? csvField(text(w.id, w.wrongAnswer.answer), true) : ""].join(","));
    });
    return "\uFEFF" + lines.join("\r\n") + "\r\n";
  }

  var SkillpressTeam = {
    load: load,
    nameFromFile: nameFromFile,
    heatMap: heatMap,
    sortRows: sortRows,
    median: median,
    profile: profile,
    answerKey: answerKey,
    lastGivenAnswer: lastGivenAnswer,
    weakestQuestions: weakestQuestions,
    caseResults: caseResults,
    assessmentIds: assessmentIds,
    completion: completion,
    csvField: csvField,
    csv: csv
  };

  global.SkillpressTeam = SkillpressTeam;
  if (typeof module !== "undefined") module.exports = SkillpressTeam;
})(typeof window !== "undefined" ? window : this);
