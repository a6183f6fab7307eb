/* skillpress grading: the pure rules behind quizzes (course-format spec §2.3–2.4); case scoring
 * (§2.5) is case-score.js's.
 *
 * No DOM and no storage here, so every rule can be unit-tested with `node --test`
 * (tests/js/grading.test.js). quiz.js and certificate.js use it as window.SkillpressGrading.
 *
 * Answers, as the grader takes them (and as attempts store them):
 *   single: source index | null          multiple: [source indices]
 *   true_false: true | false | null      text, numeric: the typed string
 *   order: [source indices in the order shown]
 *   match: [for each left item, the chosen right-hand value (0..n-1, then distractors) or null]
 */
(function () {
  "use strict";

  var EPS = 1e-9;

  /* ---- text --------------------------------------------------------------------------- */

  // Punctuation a learner may leave at the end of an answer (ASCII and Chinese full-width).
  var TRAILING = /[\s.,!?;:\u3002\uff61\uff0e\uff01\uff1f\u3001\uff0c\uff1b\uff1a]+$/;

  /** Folds an answer so that case, spacing, full-/half-width forms and trailing punctuation
   * do not matter: NFKC turns full-width letters, digits, punctuation and the ideographic space
   * into their ASCII forms; the Chinese full stop and enumeration comma have no NFKC mapping,
   * so they are folded by hand, as are typographic quotes that phones insert. */
  function normalizeText(value) {
    var s = String(value == null ? "" : value);
    if (s.normalize) s = s.normalize("NFKC");
    s = s.replace(/[\u3002\uff61]/g, ".").replace(/\u3001/g, ",")
      .replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
    return s.toLowerCase().replace(/\s+/g, " ").trim().replace(TRAILING, "");
  }

  /* ---- numbers ------------------------------------------------------------------------ */

  function count(s, ch) { return s.split(ch).length - 1; }

  /** The possible values of a typed number, best guess first; [] when it is not a number.
   * Accepts full-width digits, a comma or a point as the decimal mark, thousands separators,
   * spaces between digit groups, and the question's unit typed before or after the number.
   * "2,400" is ambiguous (two thousand four hundred, or 2.4 with a decimal comma): both count. */
  function parseNumber(text, unit) {
    var s = String(text == null ? "" : text);
    if (s.normalize) s = s.normalize("NFKC");
    s = s.replace(/[\u2212\u2012\u2013\uFE63]/g, "-").replace(/[\u3002\uff61]/g, ".").trim();
    var u = normalizeText(unit || "").replace(/\s+/g, "");
    if (u && s.toLowerCase().indexOf(u) === 0) s = s.slice(u.length).trim(); // "¥ 15"
    s = s.replace(/(\d)[\s\u00a0\u202f'_]+(?=\d)/g, "$1");
    var m = /^([+-]?)(\d[\d.,]*|[.,]\d+)(?:e([+-]?\d+))?\s*(.*)$/i.exec(s);
    if (!m) return [];
    var rest = normalizeText(m[4]).replace(/\s+/g, "");
    // Anything typed after the number must be the unit (or an abbreviation of it).
    if (rest && !(u && (u.indexOf(rest) === 0 || rest === u))) return [];
    var body = m[2].replace(/[.,]$/, function (x) { return x === "." ? "." : ""; });
    var forms = [];
    var commas = count(body, ","), dots = count(body, ".");
    if (commas && dots) {
      forms.push(body.lastIndexOf(",") > body.lastIndexOf(".")
        ? body.replace(/\./g, "").replace(",", ".")
        : body.replace(/,/g, ""));
    } else if (commas > 1) {
      if (/^\d{1,3}(,\d{3})+$/.test(body)) forms.push(body.replace(/,/g, ""));
    } else if (commas === 1) {
      var parts = body.split(",");
      if (parts[1].length === 3 && /^[1-9]\d{0,2}$/.test(parts[0])) forms.push(parts.join(""));
      forms.push(body.replace(",", "."));
    } else if (dots > 1) {
      if (/^\d{1,3}(\.\d{3})+$/.test(body)) forms.push(body.replace(/\./g, ""));
    } else {
      forms.push(body);
    }
    var out = [];
    forms.forEach(function (f) {
      if (!/^(\d+\.?\d*|\.\d+)$/.test(f)) return;
      var n = Number(m[1] + f + (m[3] ? "e" + m[3] : ""));
      if (isFinite(n) && out.indexOf(n) < 0) out.push(n);
    });
    return out;
  }

  function numberIsRight(q, x) {
    var eps = EPS * Math.max(1, Math.abs(x));
    if (q.range && q.range.length === 2 && x >= q.range[0] - eps && x <= q.range[1] + eps) return true;
    // The schema leaves `tolerance` out when the author gave none: the answer must then be exact.
    var tolerance = q.tolerance === undefined ? 0 : q.tolerance;
    return typeof q.answer === "number" && Math.abs(x - q.answer) <= tolerance + eps;
  }

  /* ---- grading ------------------------------------------------------------------------ */

  function isAnswered(q, a) {
    switch (q.type) {
      case "single": return a !== null && a !== undefined && a !== "";
      case "multiple": case "order": return Array.isArray(a) && a.length > 0;
      case "true_false": return a === true || a === false;
      case "text": return normalizeText(a) !== "";
      case "numeric": return String(a == null ? "" : a).trim() !== "";
      case "match": return Array.isArray(a) && a.some(function (v) { return v !== null && v !== undefined && v !== ""; });
      default: return false;
    }
  }

  function share(points, right, total) {
    return total > 0 ? points * Math.max(0, right) / total : 0;
  }

  /** Grades one answer. Returns {earned, possible, correct (fully right), status
   * ("correct" | "partial" | "incorrect" | "unanswered"), feedback: [html for the question's
   * feedback box], plus what the page marks: options (per source index "correct" = chosen and
   * right, "incorrect" = chosen and wrong, "missed" = right but not chosen, ""),
   * optionFeedback (chosen source indices, whose feedback is shown), items / pairs (per
   * position / left item: right or not), rejected (index in `reject` or -1), invalid (a numeric
   * answer that is not a number)}. */
  function grade(q, a) {
    var points = q.points;
    var r = { earned: 0, possible: points, correct: false, status: "incorrect", feedback: [],
      options: null, optionFeedback: [], items: null, pairs: null, rejected: -1, invalid: false };
    var answered = isAnswered(q, a);
    var partial = q.scoring === "partial";
    var i;
    switch (q.type) {
      case "single":
      case "multiple": {
        var opts = q.options;
        var chosen = q.type === "single" ? (answered ? [Number(a)] : []) : (answered ? a.map(Number) : []);
        var right = 0, wrong = 0, nCorrect = 0;
        r.options = opts.map(function (o, idx) {
          var picked = chosen.indexOf(idx) >= 0;
          if (o.correct) nCorrect++;
          if (picked && o.feedback) r.optionFeedback.push(idx);
          if (picked && o.correct) { right++; return "correct"; }
          if (picked) { wrong++; return "incorrect"; }
          return o.correct ? "missed" : "";
        });
        if (q.type === "single") r.earned = right === 1 && wrong === 0 ? points : 0;
        else if (partial) r.earned = share(points, right - wrong, nCorrect);
        else r.earned = right === nCorrect && wrong === 0 ? points : 0;
        break;
      }
      case "true_false":
        if (answered) {
          r.earned = a === q.answer ? points : 0;
          var fb = a ? q.feedback_true : q.feedback_false;
          if (fb) r.feedback.push(fb);
        }
        break;
      case "text": {
        var given = normalizeText(a);
        if (given && q.accept.some(function (x) { return normalizeText(x) === given; })) {
          r.earned = points;
        } else if (given) {
          var rej = q.reject;
          for (i = 0; i < rej.length; i++) {
            if (normalizeText(rej[i].value) === given) {
              r.rejected = i;
              if (rej[i].feedback) r.feedback.push(rej[i].feedback);
              break;
            }
          }
        }
        break;
      }
      case "numeric": {
        if (answered) {
          var values = parseNumber(a, q.unit);
          r.invalid = values.length === 0;
          if (values.some(function (x) { return numberIsRight(q, x); })) r.earned = points;
        }
        break;
      }
      case "order": {
        var n = q.items;
        var seq = answered ? a.map(Number) : [];
        r.items = seq.map(function (v, pos) { return v === pos; });
        var inPlace = r.items.filter(Boolean).length;
        if (partial) r.earned = share(points, inPlace, n);
        else r.earned = n > 0 && inPlace === n ? points : 0;
        break;
      }
      case "match": {
        var pairs = q.pairs;
        r.pairs = [];
        for (i = 0; i < pairs; i++) {
          var v = answered ? a[i] : null;
          r.pairs.push(v !== null && v !== undefined && v !== "" && Number(v) === i);
        }
        var ok = r.pairs.filter(Boolean).length;
        if (partial) r.earned = share(points, ok, pairs);
        else r.earned = pairs > 0 && ok === pairs ? points : 0;
        break;
      }
    }
    r.correct = r.earned >= points - EPS && points > 0;
    if (!answered) r.status = "unanswered";
    else if (r.correct) r.status = "correct";
    else if (r.earned > EPS) r.status = "partial";
    return r;
  }

  /** A quiz's result: earned / possible, passed when that fraction reaches `pass` (the quiz
   * data's, where the build has already applied the default). */
  function summarize(results, pass) {
    var earned = 0, possible = 0;
    results.forEach(function (r) { earned += r.earned; possible += r.possible; });
    var fraction = possible > 0 ? earned / possible : 0;
    return { earned: earned, possible: possible, fraction: fraction,
      passed: possible > 0 && fraction >= pass - EPS };
  }

  /** How many attempts the learner has left at `quiz` after `used` of them: Infinity when the
   * quiz sets no limit (`attempts` 0, the resolved default). */
  function attemptsLeft(quiz, used) {
    return quiz.attempts ? Math.max(0, quiz.attempts - used) : Infinity;
  }

  /** At most two decimals, no trailing zeros: 2, 2.5, 0.67 (spec §3.1 hooks). */
  function formatNumber(n) {
    var v = Math.round(Number((Number(n) * 100).toFixed(6))) / 100;
    return String(v === 0 ? 0 : v);
  }

  function formatScore(earned, possible) {
    return formatNumber(earned) + "/" + formatNumber(possible);
  }

  /* ---- seeded randomness -------------------------------------------------------------- */

  function hashString(s) {
    var h = 0x811c9dc5;
    s = String(s);
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  /** mulberry32: small and fast; the same seed gives the same sequence in every browser. */
  function random(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** A generator for one purpose of one attempt ("order", "options:<question id>", …), so that
   * drawing a different question set does not change how another question's options are shuffled. */
  function randomFor(seed, key) {
    return random((seed ^ hashString(key)) >>> 0);
  }

  /** A shuffled copy of `list`; entries whose `pinned[i]` is true keep their position. */
  function shuffle(list, rand, pinned) {
    var out = list.slice();
    var free = [];
    for (var i = 0; i < list.length; i++) if (!(pinned && pinned[i])) free.push(i);
    for (var j = free.length - 1; j > 0; j--) {
      var k = Math.floor(rand() * (j + 1));
      var tmp = out[free[j]];
      out[free[j]] = out[free[k]];
      out[free[k]] = tmp;
    }
    return out;
  }

  function range(n) {
    var out = [];
    for (var i = 0; i < n; i++) out.push(i);
    return out;
  }

  /** The order options are shown in for one attempt: source indices, pinned ones in place. */
  function optionOrder(q, seed, doShuffle) {
    var opts = q.options;
    if (!doShuffle) return range(opts.length);
    return shuffle(range(opts.length), randomFor(seed, "options:" + q.id),
      opts.map(function (o) { return o.pin; }));
  }

  /** The starting order of an order question's items: shuffled, and never already solved. */
  function itemOrder(q, seed) {
    var n = q.items;
    var rand = randomFor(seed, "items:" + q.id);
    var out = range(n);
    if (n < 2) return out;
    for (var tries = 0; tries < 20; tries++) {
      out = shuffle(range(n), rand);
      if (out.some(function (v, i) { return v !== i; })) return out;
    }
    return out.slice(1).concat(out[0]); // a rotation is never the identity
  }

  /** The order the right-hand choices of a match question are listed in (values stay fixed). */
  function choiceOrder(q, seed) {
    return shuffle(range(q.choices), randomFor(seed, "choices:" + q.id));
  }

  /* ---- drawing questions -------------------------------------------------------------- */

  function takeRandom(pool, n, rand) {
    return shuffle(pool, rand).slice(0, Math.max(0, n));
  }

  function matchesDraw(q, d) {
    if (d.from == null && d.competency == null) return false;
    if (d.from != null && q.bank !== d.from) return false;
    if (d.competency != null && q.competencies.indexOf(d.competency) < 0) return false;
    if (d.difficulty && d.difficulty.length && d.difficulty.indexOf(q.difficulty) < 0) return false;
    return true;
  }

  /** The question ids of one attempt (spec §2.3 `pick`, §2.4 `draw`): an assessment takes its
   * fixed questions first, then each draw picks `count` at random among the matching questions
   * not chosen yet; a bank takes `pick` questions (or all). With `shuffle` the order is
   * shuffled too; without it questions keep their draw (or source) order. */
  function drawQuestions(quiz, seed) {
    var qs = quiz.questions;
    var rand = randomFor(seed, "draw");
    var ids;
    if (quiz.draw && quiz.draw.length) {
      var taken = {};
      var known = {};
      ids = [];
      qs.forEach(function (q) { known[q.id] = true; });
      quiz.draw.forEach(function (d) {
        (d.questions || []).forEach(function (id) {
          if (known[id] && !taken[id]) { taken[id] = true; ids.push(id); }
        });
      });
      quiz.draw.forEach(function (d) {
        if (!d.count) return;
        var pool = qs.filter(function (q) { return !taken[q.id] && matchesDraw(q, d); });
        takeRandom(pool, d.count, rand).forEach(function (q) { taken[q.id] = true; ids.push(q.id); });
      });
    } else if (quiz.pick && quiz.pick < qs.length) {
      var picked = takeRandom(range(qs.length), quiz.pick, rand).sort(function (x, y) { return x - y; });
      ids = picked.map(function (i) { return qs[i].id; });
    } else {
      ids = qs.map(function (q) { return q.id; });
    }
    return quiz.shuffle ? shuffle(ids, randomFor(seed, "order")) : ids;
  }

  var SkillpressGrading = {
    normalizeText: normalizeText,
    parseNumber: parseNumber,
    isAnswered: isAnswered,
    grade: grade,
    summarize: summarize,
    attemptsLeft: attemptsLeft,
    formatNumber: formatNumber,
    formatScore: formatScore,
    random: random,
    shuffle: shuffle,
    optionOrder: optionOrder,
    itemOrder: itemOrder,
    choiceOrder: choiceOrder,
    matchesDraw: matchesDraw,
    drawQuestions: drawQuestions
  };

  if (typeof window !== "undefined") window.SkillpressGrading = SkillpressGrading;
  if (typeof module !== "undefined") module.exports = SkillpressGrading;
})();
