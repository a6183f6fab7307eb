/* skillpress: the records only some pages write (docs/learner.md, "Saved state"): case runs
 * (case page), the diagnostic (diagnostic page) and the certificate's name (certificate page).
 * Adds these methods to every store of window.SkillpressStore (store.js), as store-file.js does
 * for export and import, so the scripts every page loads do not carry them.
 */
(function (global) {
  "use strict";

  var S = typeof module !== "undefined" && module.exports ? require("./store.js") : global.SkillpressStore;
  var Store = S.Store;
  var num = S.num;

  Store.prototype.recordCaseRun = function (caseId, version, run) {
    var v = String(version);
    var c = this.state.cases[caseId];
    if (!c || c.v !== v) c = this.state.cases[caseId] = { v: v, runs: [] };
    var r = Object.assign({}, run);
    if (r.at == null) r.at = this.now();
    c.runs.push(r);
    return this.save();
  };

  /* The diagnostic (docs/learner.md, "The diagnostic and your path"): its answers are kept apart
   * from `answers` because they weigh differently and a retake replaces them. */
  Store.prototype.diagnostic = function () {
    if (!this.state.diagnostic) this.state.diagnostic = { ratings: {}, answers: {} };
    return this.state.diagnostic;
  };

  Store.prototype.recordDiagnosticAnswer = function (questionId, version, earned, points) {
    this.diagnostic().answers[questionId] = {
      v: String(version),
      earned: num(earned, 0),
      points: num(points, 0),
      at: this.now()
    };
    return this.save();
  };

  Store.prototype.setSelfRating = function (competencyId, level) {
    var ratings = this.diagnostic().ratings;
    if (level == null) delete ratings[competencyId];
    else ratings[competencyId] = Number(level);
    return this.save();
  };

  /* A retake: the ratings and answers of `competencyIds` go, and so do the attempts of their
   * quizzes (`quizIds`), so the page starts them afresh. */
  Store.prototype.resetDiagnostic = function (competencyIds, questionIds, quizIds) {
    var d = this.diagnostic();
    (competencyIds || []).forEach(function (id) { delete d.ratings[id]; });
    (questionIds || []).forEach(function (id) { delete d.answers[id]; });
    var quizzes = this.state.quizzes;
    (quizIds || []).forEach(function (id) { delete quizzes[id]; });
    return this.save();
  };

  Store.prototype.setCertificate = function (certificate) {
    this.state.certificate = certificate || null;
    return this.save();
  };

  if (typeof module !== "undefined" && module.exports) module.exports = S;
})(typeof window !== "undefined" ? window : this);
