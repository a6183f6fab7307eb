/* skillpress: the learner's own copies of their progress (docs/learner.md, "Saved state"):
 * export to a file, import a file (checked whole before anything is replaced), and the name of
 * the download of an unreadable value store.js kept aside. Adds these methods to every store of
 * window.SkillpressStore (store.js); only the progress page loads this file.
 */
(function (global) {
  "use strict";

  var S = typeof module !== "undefined" && module.exports ? require("./store.js") : global.SkillpressStore;
  var Store = S.Store;
  var isObject = S.isObject;
  var FORMAT = S.FORMAT;

  function fileName(courseId, suffix) {
    return courseId.replace(/[^A-Za-z0-9._-]+/g, "-") + suffix;
  }

  Store.prototype.export = function () {
    var out = { format: FORMAT, course: this.courseId, exported: new Date(this.now()).toISOString() };
    Object.keys(this.state).forEach(function (k) { out[k] = this.state[k]; }, this);
    return JSON.stringify(out, null, 2);
  };

  /* The download's file name: the course id, so files of two courses are not confused. */
  Store.prototype.exportName = function () {
    return fileName(this.courseId, "-progress.json");
  };

  /* The kept copy's file name: text, since it is not a file import() would take. */
  Store.prototype.keptName = function () {
    return fileName(this.courseId, "-unreadable-progress.txt");
  };

  /* How much progress a state holds, for the question asked before an import replaces it. */
  function summary(state) {
    var out = { lessons: 0, attempts: 0, runs: 0 };
    Object.keys(state.lessons).forEach(function (k) { if (state.lessons[k].completed) out.lessons++; });
    Object.keys(state.quizzes).forEach(function (k) { out.attempts += state.quizzes[k].attempts.length; });
    Object.keys(state.cases).forEach(function (k) { out.runs += state.cases[k].runs.length; });
    return out;
  }

  Store.prototype.summary = function () {
    return summary(this.state);
  };

  /* Checks a file made by export() whole, without changing anything: {ok, error, state,
   * summary}. `error` is an interface-string key; "import_damaged" comes with `at`, the part of
   * the file that is not what a progress file holds. */
  Store.prototype.checkImport = function (text) {
    var data;
    try {
      data = JSON.parse(String(text));
    } catch (e) {
      return { ok: false, error: "import_malformed" };
    }
    if (!isObject(data) || data.format !== FORMAT) return { ok: false, error: "import_wrong_format" };
    if (data.course !== this.courseId) return { ok: false, error: "import_wrong_course", course: String(data.course) };
    var version = data.version == null ? 0 : data.version;
    if (!S.isVersion(version)) return { ok: false, error: "import_bad_version" };
    if (version > S.VERSION) return { ok: false, error: "import_future_version" };
    var at = S.problemIn(data);
    if (at !== null) return { ok: false, error: "import_damaged", at: at };
    var state = S.migrate(data, this.now());
    return { ok: true, error: null, state: state, summary: summary(state) };
  };

  /* Replaces the state with a file made by export(), once checkImport() accepts it (the page
   * asks the learner first). `saved` is false when the browser refused to store it. */
  Store.prototype.import = function (text) {
    var checked = this.checkImport(text);
    if (!checked.ok) return checked;
    this.state = checked.state;
    return { ok: true, error: null, saved: this.save(), summary: checked.summary };
  };

  if (typeof module !== "undefined" && module.exports) module.exports = S;
})(typeof window !== "undefined" ? window : this);
