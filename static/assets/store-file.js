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

  /* A name as the file keeps it: one line, trimmed, at most 200 characters; "" for none. */
  function learnerName(name) {
    return typeof name === "string" ? name.replace(/\s+/g, " ").trim().slice(0, 200) : "";
  }

  /* The exported file: the state plus the format marker, the course id and the date, and the
   * learner's name when they typed one (optional; a team lead's page names them by it). */
  Store.prototype.export = function (name) {
    var out = { format: FORMAT, course: this.courseId, exported: new Date(this.now()).toISOString() };
    if (learnerName(name)) out.learner = learnerName(name);
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

  /* Checks a file made by export() for course `courseId` whole, without touching any store:
   * {ok, error, state, learner, exported}. `error` is an interface-string key;
   * "import_damaged" comes with `at`, the part of the file that is not what a progress file
   * holds, "import_wrong_course" with `course`. `learner` is the name typed at export ("" for
   * none). The progress page's import and the team page (team-data.js) read files with this. */
  function readExport(text, courseId, now) {
    var data;
    try {
      data = JSON.parse(String(text));
    } catch (e) {
      return { ok: false, error: "import_malformed" };
    }
    if (!isObject(data) || data.format !== FORMAT) return { ok: false, error: "import_wrong_format" };
    if (data.course !== courseId) return { ok: false, error: "import_wrong_course", course: String(data.course) };
    var version = data.version == null ? 0 : data.version;
    if (!S.isVersion(version)) return { ok: false, error: "import_bad_version" };
    if (version > S.VERSION) return { ok: false, error: "import_future_version" };
    var at = S.problemIn(data);
    if (at !== null) return { ok: false, error: "import_damaged", at: at };
    return {
      ok: true,
      error: null,
      state: S.migrate(data, now),
      learner: learnerName(data.learner),
      exported: typeof data.exported === "string" ? data.exported : ""
    };
  }

  /* readExport() for this store's course, with the summary the page shows before replacing. */
  Store.prototype.checkImport = function (text) {
    var read = readExport(text, this.courseId, this.now());
    if (!read.ok) return read;
    return { ok: true, error: null, state: read.state, summary: summary(read.state) };
  };

  /* Replaces the state with a file made by export(), once checkImport() accepts it (the page
   * asks the learner first). `saved` is false when the browser refused to store it. */
  Store.prototype.import = function (text) {
    var checked = this.checkImport(text);
    if (!checked.ok) return checked;
    this.state = checked.state;
    return { ok: true, error: null, saved: this.save(), summary: checked.summary };
  };

  S.readExport = readExport;

  if (typeof module !== "undefined" && module.exports) module.exports = S;
})(typeof window !== "undefined" ? window : this);
