/* skillpress: levels, gaps, recommendations, self-ratings and the learner's path (spec §2.7,
 * docs/format.md "How the browser estimates a level"). Pure: no DOM, no storage.
 *
 * `framework` is the page's `#framework-data` ({scale, min_evidence, competencies, roles,
 * modules, questions, cases}); `state` is the saved state (store.js).
 */
(function (global) {
  "use strict";

  // Sums of binary fractions are not exact (0.1 + 0.2 + 0.4 = 0.7000000000000001, and
  // 7 × 0.1 = 0.7000000000000001 but 0.35 × 2 = 0.7): a learner exactly on a threshold gets it.
  var EPS = 1e-9;

  function clamp01(x) {
    return x < 0 ? 0 : x > 1 ? 1 : x;
  }

  function has(o, k) {
    return !!o && Object.prototype.hasOwnProperty.call(o, k);
  }

  /* The latest run of a case: the one with the greatest `at`, the later one on a tie. */
  function latestRun(runs) {
    var best = null;
    (runs || []).forEach(function (r) {
      if (r && r.ending != null && (!best || (r.at || 0) >= (best.at || 0))) best = r;
    });
    return best;
  }

  /* A saved answer `a` to bank question `q` when it still counts as evidence: its fraction
   * earned, or null (saved for another version of the question, or nothing to earn). */
  function answerFraction(q, a) {
    if (!q || !a) return null;
    if (a.v != null && String(a.v) !== q.version) return null;
    var points = Number(a.points);
    if (!(points > 0)) return null;
    return clamp01(Number(a.earned) / points || 0);
  }

  /* The learner's latest graded answer to question `qid` outside the diagnostic when it still
   * counts as evidence: {answer, fraction}, or null (never answered, answered for another
   * version of the question, or nothing to earn). The map and the team page both read answers
   * through this. */
  function countedAnswer(framework, state, qid) {
    var answers = (state && state.answers) || {};
    if (!has(answers, qid)) return null;
    var fraction = answerFraction(framework.questions[qid], answers[qid]);
    return fraction == null ? null : { answer: answers[qid], fraction: fraction };
  }

  /* The diagnostic's answer to question `qid` when it still counts: {answer, fraction} or null. */
  function countedDiagnosticAnswer(framework, state, qid) {
    var answers = (state && state.diagnostic && state.diagnostic.answers) || {};
    if (!has(answers, qid)) return null;
    var fraction = answerFraction(framework.questions[qid], answers[qid]);
    return fraction == null ? null : { answer: answers[qid], fraction: fraction };
  }

  /* The latest run of case `cid` when it still counts as evidence: {run, fraction}, or null. */
  function countedRun(framework, state, cid) {
    var c = framework.cases[cid];
    var saved = (state && state.cases) || {};
    if (!c || !has(saved, cid)) return null;
    if (saved[cid].v != null && String(saved[cid].v) !== c.version) return null;
    var run = latestRun(saved[cid].runs);
    if (!run) return null;
    var best = c.best;
    var fraction = best > 0 ? (Number(run.score) || 0) / best : Number(run.fraction) || 0;
    return { run: run, fraction: clamp01(fraction) };
  }

  /* Every graded item that counts for competency `id`:
   * [{kind: "question"|"diagnostic"|"case", id, weight, fraction}]. Answers and runs saved for
   * another version of their question or case are ignored (invalidate() drops them too).
   * A question answered in the diagnostic and nowhere else is a "diagnostic" item, worth its
   * points times the diagnostic's `weight`; once the learner answers it elsewhere, that answer
   * counts instead (one question is never counted twice). */
  function evidence(framework, state, id) {
    var items = [];
    var questions = framework.questions;
    // Only questions the diagnostic asks can be "diagnostic" items, so without one it is unused.
    var weight = framework.diagnostic ? framework.diagnostic.weight : 1;
    Object.keys(questions).forEach(function (qid) {
      var q = questions[qid];
      if (q.competencies.indexOf(id) < 0) return;
      var kind = "question";
      var counted = countedAnswer(framework, state, qid);
      if (!counted) {
        counted = countedDiagnosticAnswer(framework, state, qid);
        kind = "diagnostic";
      }
      if (!counted) return;
      var w = q.points;
      items.push({ kind: kind, id: qid, weight: kind === "diagnostic" ? w * weight : w, fraction: counted.fraction });
    });
    var cases = framework.cases;
    Object.keys(cases).forEach(function (cid) {
      if (cases[cid].competencies.indexOf(id) < 0) return;
      var counted = countedRun(framework, state, cid);
      if (counted) items.push({ kind: "case", id: cid, weight: 3, fraction: counted.fraction });
    });
    return items;
  }

  /* Whether every question the diagnostic asks on competency `id` has evidence in `items`: a
   * finished diagnostic is enough to show a level, even with fewer items than min_evidence. */
  function diagnosticDone(framework, id, items) {
    var asked = framework.diagnostic && framework.diagnostic.competencies[id];
    if (!asked || !asked.length) return false;
    var answered = {};
    items.forEach(function (e) { if (e.kind !== "case") answered[e.id] = true; });
    return asked.every(function (qid) { return answered[qid]; });
  }

  /* The highest scale level whose min_mastery ≤ mastery, or null. */
  function levelFor(scale, mastery) {
    var level = null;
    scale.forEach(function (s) {
      if (s.min_mastery <= mastery + EPS && (level === null || s.level > level)) level = s.level;
    });
    return level;
  }

  /* {mastery, level (null: not yet assessed), count, assessed, items} for one competency. */
  function estimate(framework, state, id) {
    var items = evidence(framework, state, id);
    var sw = 0;
    var swf = 0;
    items.forEach(function (e) {
      sw += e.weight;
      swf += e.weight * e.fraction;
    });
    var mastery = sw > 0 ? swf / sw : 0;
    var assessed = items.length > 0 &&
      (items.length >= framework.min_evidence || diagnosticDone(framework, id, items));
    return {
      id: id,
      mastery: mastery,
      level: assessed ? levelFor(framework.scale, mastery) : null,
      count: items.length,
      assessed: assessed,
      items: items
    };
  }

  /* Every competency of the framework, in its order. */
  function estimateAll(framework, state) {
    return framework.competencies.map(function (c) {
      var e = estimate(framework, state, c.id);
      e.name = c.name;
      return e;
    });
  }

  function role(framework, roleId) {
    var roles = framework.roles;
    for (var i = 0; i < roles.length; i++) if (roles[i].id === roleId) return roles[i];
    return null;
  }

  /* [{id, name, level, target, gap}] for every competency the role targets, framework order.
   * A competency not yet assessed counts as level 0: the whole target is still to reach. */
  function gaps(framework, estimates, roleId) {
    var r = role(framework, roleId);
    var targets = (r && r.targets) || {};
    return estimates
      .filter(function (e) { return has(targets, e.id); })
      .map(function (e) {
        var target = targets[e.id];
        return { id: e.id, name: e.name, level: e.level, target: target, gap: Math.max(0, target - (e.level || 0)) };
      });
  }

  /* The gaps still open, in the order the learner's recommendation takes them: assessed
   * competencies first, largest gap first; not-yet-assessed ones after (framework order kept
   * among equals). The team page orders the team's summed gaps by the same rule. */
  function openGaps(gaps) {
    return gaps
      .map(function (g, i) { return { g: g, i: i }; })
      .filter(function (x) { return x.g.gap > 0; })
      .sort(function (a, b) {
        return (a.g.level == null) - (b.g.level == null) || b.g.gap - a.g.gap || a.i - b.i;
      })
      .map(function (x) { return x.g; });
  }

  /* The modules tagged with any of `competencyIds` that are not in `completed` (a set-like
   * object {moduleId: true}), in course order, each preceded by its own uncompleted
   * prerequisites (transitively, even when they are not tagged). Each entry is
   * {id, title, url, competencies: [the asked-for ids it practises], prerequisiteOf: [ids]}. */
  function recommend(framework, competencyIds, completed) {
    var modules = framework.modules;
    var byId = {};
    modules.forEach(function (m) { byId[m.id] = m; });
    completed = completed || {};
    var out = [];
    var listed = {};
    var visiting = {};

    function add(m, neededBy) {
      if (has(completed, m.id) && completed[m.id]) return;
      if (listed[m.id]) {
        if (neededBy && listed[m.id].prerequisiteOf.indexOf(neededBy) < 0) listed[m.id].prerequisiteOf.push(neededBy);
        return;
      }
      if (visiting[m.id]) return; // a prerequisite cycle: the build forbids it, never loop anyway
      visiting[m.id] = true;
      m.prerequisites.forEach(function (p) {
        if (byId[p]) add(byId[p], m.id);
      });
      visiting[m.id] = false;
      var entry = {
        id: m.id,
        title: m.title,
        url: m.url,
        competencies: m.competencies.filter(function (c) { return competencyIds.indexOf(c) >= 0; }),
        prerequisiteOf: neededBy ? [neededBy] : []
      };
      listed[m.id] = entry;
      out.push(entry);
    }

    modules.forEach(function (m) {
      var tagged = m.competencies.some(function (c) { return competencyIds.indexOf(c) >= 0; });
      if (tagged) add(m, null);
    });
    return out;
  }

  /* The learner's self-rating for estimate `e` beside the measured level: {rating (null: not
   * rated), level, difference (rating − level, null unless both are known), confidence: "over"
   * (rated two or more levels above the measured one), "under" (two or more below) or null}.
   * The rating is never evidence: it cannot raise (or lower) a level. */
  function selfRating(framework, state, e) {
    var ratings = (state && state.diagnostic && state.diagnostic.ratings) || {};
    var rating = has(ratings, e.id) ? Number(ratings[e.id]) : null;
    var known = framework.scale.some(function (s) { return s.level === rating; });
    if (!known) rating = null;
    var level = e.level == null ? null : e.level;
    var difference = rating != null && level != null ? rating - level : null;
    return {
      id: e.id,
      rating: rating,
      level: level,
      difference: difference,
      confidence: difference == null ? null : difference >= 2 ? "over" : difference <= -2 ? "under" : null
    };
  }

  /* "Your path": every module, ordered so the role's biggest gaps come first and no module
   * comes before one it requires. A module's gap is the largest gap (target − level, a level
   * not yet assessed counting 0) among its competencies; its urgency is the largest gap of the
   * module itself and of every module that requires it, directly or not, so a prerequisite is
   * pulled forward by what builds on it. The next module is, among those whose prerequisites
   * are placed, the most urgent; then the larger gap; then the larger sum of gaps; then course
   * order. A module with competencies that are all at or above target is `skip`. Entries:
   * {id, title, url, check (its check's page or null), gap, skip, prerequisites}. */
  function path(framework, estimates, roleId) {
    var r = role(framework, roleId);
    var targets = (r && r.targets) || {};
    var levels = {};
    (estimates || []).forEach(function (e) { levels[e.id] = e.level || 0; });
    var modules = framework.modules;
    var index = {};
    modules.forEach(function (m, i) { index[m.id] = i; });
    var info = modules.map(function (m, i) {
      var gaps = m.competencies.map(function (c) {
        var target = has(targets, c) ? targets[c] : 0;
        return Math.max(0, target - (levels[c] || 0));
      });
      var gap = gaps.length ? Math.max.apply(null, gaps) : 0;
      return {
        id: m.id,
        title: m.title,
        url: m.url,
        check: m.quiz ? "modules/" + m.id + "/check.html" : null,
        gap: gap,
        total: gaps.reduce(function (a, b) { return a + b; }, 0),
        skip: gaps.length > 0 && gap === 0,
        prerequisites: m.prerequisites.filter(function (p) { return has(index, p) && p !== m.id; }),
        index: i
      };
    });
    // Urgency flows from a module to what it requires; n rounds reach every chain.
    var urgency = info.map(function (x) { return x.gap; });
    for (var round = 0; round < info.length; round++) {
      var changed = false;
      info.forEach(function (x, i) {
        x.prerequisites.forEach(function (p) {
          var j = index[p];
          if (urgency[j] < urgency[i]) { urgency[j] = urgency[i]; changed = true; }
        });
      });
      if (!changed) break;
    }
    var placed = {};
    var out = [];
    function before(a, b) {
      if (urgency[a.index] !== urgency[b.index]) return urgency[a.index] > urgency[b.index];
      if (a.gap !== b.gap) return a.gap > b.gap;
      if (a.total !== b.total) return a.total > b.total;
      return a.index < b.index;
    }
    while (out.length < info.length) {
      var next = null;
      info.forEach(function (x) {
        if (placed[x.id]) return;
        if (!x.prerequisites.every(function (p) { return placed[p]; })) return;
        if (!next || before(x, next)) next = x;
      });
      // A prerequisite cycle (the build forbids it): the rest in course order, never loop.
      if (!next) next = info.filter(function (x) { return !placed[x.id]; })[0];
      placed[next.id] = true;
      out.push(next);
    }
    return out.map(function (x) {
      return { id: x.id, title: x.title, url: x.url, check: x.check, gap: x.gap, skip: x.skip, prerequisites: x.prerequisites };
    });
  }

  /* "3 · Proficient": a level with its name on the framework's scale (the number alone when
   * the scale does not name it). */
  function levelName(framework, level) {
    var s = framework.scale.filter(function (x) { return x.level === level; })[0];
    return level + (s && s.name ? " · " + s.name : "");
  }

  /* "0.67": the 2-decimal form of data-mastery, rounded half up. */
  function fixed2(x) {
    return (Math.round((Number(x) || 0) * 100 + EPS) / 100).toFixed(2);
  }

  var SkillpressMastery = {
    countedAnswer: countedAnswer,
    countedRun: countedRun,
    evidence: evidence,
    levelFor: levelFor,
    estimate: estimate,
    estimateAll: estimateAll,
    role: role,
    gaps: gaps,
    openGaps: openGaps,
    recommend: recommend,
    selfRating: selfRating,
    path: path,
    diagnosticDone: diagnosticDone,
    latestRun: latestRun,
    levelName: levelName,
    fixed2: fixed2
  };

  global.SkillpressMastery = SkillpressMastery;
  if (typeof module !== "undefined") module.exports = SkillpressMastery;
})(typeof window !== "undefined" ? window : this);
