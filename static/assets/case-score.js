/* skillpress case scoring: the pure rules behind the case player (course-format spec §2.5).
 *
 * No DOM and no storage, so every rule can be unit-tested with `node --test`
 * (tests/js/grading.test.js). case.js uses it as window.SkillpressCaseScore; a case page loads
 * this file and not the quiz rules of grading.js.
 */
(function () {
  "use strict";

  var EPS = 1e-9;

  /** At most two decimals, no trailing zeros: 2, 2.5, 0.67 (spec §3.1 hooks). The same rule as
   * grading.js's formatNumber (tests/js/grading.test.js checks that they agree). */
  function formatNumber(n) {
    var v = Math.round(Number((Number(n) * 100).toFixed(6))) / 100;
    return String(v === 0 ? 0 : v);
  }

  function choiceScore(choice) {
    var sum = 0;
    var effects = choice.effects;
    Object.keys(effects).forEach(function (k) { sum += effects[k]; });
    return sum;
  }

  /** score / best, clamped to 0..1 (spec §2.5). A best of 0 or less cannot be divided by: a run
   * that reaches it counts as full marks. */
  function caseFraction(score, best) {
    if (!(best > 0)) return score >= best ? 1 : 0;
    return Math.min(1, Math.max(0, score / best));
  }

  /** Follows `path` ([[node id, choice source index], …]) from the start. Returns {score,
   * best, fraction, passed, totals (per dimension), ending (the ending id, or null while the
   * run is unfinished), steps: [{node, index, choice, score}], valid (false when a step does not
   * follow from the one before)}. */
  function scoreCase(data, path) {
    var totals = {};
    data.dimensions.forEach(function (d) { totals[d.id] = 0; });
    var node = data.start, score = 0, steps = [], ending = null, valid = true;
    var endings = data.endings;
    for (var i = 0; i < path.length; i++) {
      var n = data.nodes[path[i][0]];
      var choice = n && n.choices[path[i][1]];
      if (path[i][0] !== node || !choice || ending) { valid = false; break; }
      var effects = choice.effects;
      Object.keys(effects).forEach(function (k) { totals[k] += effects[k]; });
      var s = choiceScore(choice);
      score += s;
      steps.push({ node: node, index: path[i][1], choice: choice, score: s });
      node = choice.next;
      if (Object.prototype.hasOwnProperty.call(endings, node)) ending = node;
    }
    var best = data.best;
    var fraction = caseFraction(score, best);
    return { score: score, best: best, fraction: fraction,
      passed: fraction >= data.pass - EPS,
      totals: totals, ending: ending, steps: steps, valid: valid };
  }

  /** Exactly two decimals, as on the data-case-score hook: 0.83, 1.00. */
  function formatFraction(x) {
    return (Math.round(Number((Number(x) * 100).toFixed(6))) / 100).toFixed(2);
  }

  var SkillpressCaseScore = {
    choiceScore: choiceScore,
    caseFraction: caseFraction,
    scoreCase: scoreCase,
    formatFraction: formatFraction,
    formatNumber: formatNumber
  };

  if (typeof window !== "undefined") window.SkillpressCaseScore = SkillpressCaseScore;
  if (typeof module !== "undefined") module.exports = SkillpressCaseScore;
})();
