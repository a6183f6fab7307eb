/* skillpress: site search (docs/learner.md, "Search").
 *
 * A classic script, so it works from file://, from any sub-path and inside an LMS package. The
 * index is not loaded with the page: the first focus of (or typing in) a [data-search-input]
 * adds a <script> for assets/search-index.js, which sets window.skillpressSearchIndex. Large
 * courses split the index into parts (assets/search/t<N>.js, d<N>.js), each a script calling
 * skillpressSearchShard(name, data); a query loads only the parts it needs.
 *
 * The tokeniser below is the twin of src/search/tokenize.rs (the rules are documented there);
 * tests/search.rs runs both over the same strings and requires the same tokens.
 *
 * The header box shows hits in a dropdown (a combobox: arrow keys, Enter, Escape) and so never
 * depends on navigation; search.html lists them under its own box and reads ?q= when present.
 * Every hit is a [data-search-result].
 */
(function (global) {
  "use strict";

  /* ---- tokeniser (same rules as src/search/tokenize.rs) --------------------------------- */

  var WORD_RE = null;
  try {
    WORD_RE = new RegExp("[\\p{Alphabetic}\\p{N}]", "u");
  } catch (e) {
    WORD_RE = /[A-Za-z0-9\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/;
  }

  function fold(cp) {
    if (cp >= 0xff01 && cp <= 0xff5e) return cp - 0xfee0;
    if (cp === 0x3000) return 0x20;
    return cp;
  }

  function isCjk(cp) {
    return (cp >= 0x3005 && cp <= 0x3007) || (cp >= 0x3040 && cp <= 0x30ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2fa1f) ||
      (cp >= 0x30000 && cp <= 0x3134f);
  }

  var CJK = 1, WORD = 2, SEP = 0;

  function classify(ch, cp) {
    if (cp < 128) {
      return (cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) ? WORD : SEP;
    }
    if (isCjk(cp)) return CJK;
    return WORD_RE.test(ch) ? WORD : SEP;
  }

  /* Folded, lower-cased characters with the range of the original text each came from. */
  function normalise(text) {
    var chars = [], from = [], to = [];
    var i = 0;
    while (i < text.length) {
      var cp = text.codePointAt(i);
      var len = cp > 0xffff ? 2 : 1;
      var f = fold(cp);
      var lower;
      if (f < 128) {
        lower = f >= 65 && f <= 90 ? String.fromCharCode(f + 32) : String.fromCharCode(f);
        chars.push(lower);
        from.push(i);
        to.push(i + len);
      } else if (isCjk(f)) {
        chars.push(len === 2 ? text.slice(i, i + 2) : text.charAt(i));
        from.push(i);
        to.push(i + len);
      } else {
        lower = String.fromCodePoint(f).toLowerCase();
        for (var k = 0; k < lower.length;) {
          var c = lower.codePointAt(k);
          var s = String.fromCodePoint(c);
          chars.push(s);
          from.push(i);
          to.push(i + len);
          k += s.length;
        }
      }
      i += len;
    }
    return { chars: chars, from: from, to: to };
  }

  function isVowel(c) {
    return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y";
  }

  function ends(w, s) {
    return w.length >= s.length && w.slice(w.length - s.length) === s;
  }

  function stem(word) {
    if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
    var w = word;
    if ((ends(w, "ies") || ends(w, "ied")) && w.length > 4) {
      w = w.slice(0, -3) + "y";
    } else if (ends(w, "sses")) {
      w = w.slice(0, -2);
    } else if (ends(w, "s") && !ends(w, "ss") && !ends(w, "us") && !ends(w, "is")) {
      w = w.slice(0, -1);
    }
    var suffixes = ["ing", "ed"];
    for (var i = 0; i < suffixes.length; i++) {
      if (ends(w, suffixes[i])) {
        var rest = w.length - suffixes[i].length;
        if (rest >= 3 && /[aeiouy]/.test(w.slice(0, rest))) {
          w = w.slice(0, rest);
          var n = w.length;
          var last = w.charAt(n - 1);
          if (n >= 2 && last === w.charAt(n - 2) && !isVowel(last) && "lsz".indexOf(last) < 0) {
            w = w.slice(0, -1);
          }
        }
        break;
      }
    }
    if (w.length > 3 && ends(w, "e")) w = w.slice(0, -1);
    return w;
  }

  /*
   * Tokens of `text`: {text, pos, aux} as in Rust, plus `start`/`end` (the range of the
   * original string), `cjk` and, for words, `raw` (the word before stemming).
   */
  function tokenize(text) {
    var norm = normalise(String(text == null ? "" : text));
    var chars = norm.chars, n = chars.length;
    var cls = new Array(n);
    for (var c = 0; c < n; c++) cls[c] = classify(chars[c], chars[c].codePointAt(0));
    var tokens = [];
    var pos = 0, i = 0;
    while (i < n) {
      if (cls[i] === SEP) {
        i++;
      } else if (cls[i] === WORD) {
        var start = i, word = "", len = 0;
        while (i < n) {
          if (cls[i] === WORD) {
            word += chars[i];
            len++;
            i++;
          } else if ((chars[i] === "'" || chars[i] === "\u2019") && len > 0 && i + 1 < n && cls[i + 1] === WORD) {
            i++;
          } else {
            break;
          }
        }
        var singleDigit = len === 1 && word >= "0" && word <= "9";
        if ((len >= 2 && len <= 32) || singleDigit) {
          tokens.push({ text: stem(word), pos: pos, aux: false, start: norm.from[start], end: norm.to[i - 1], cjk: false, raw: word });
          pos++;
        }
      } else {
        var s = i;
        while (i < n && cls[i] === CJK) i++;
        var runLen = i - s;
        for (var k = 0; k < runLen; k++) {
          var at = s + k;
          tokens.push({ text: chars[at], pos: pos + k, aux: runLen >= 2, start: norm.from[at], end: norm.to[at], cjk: true });
          if (k + 1 < runLen) {
            tokens.push({ text: chars[at] + chars[at + 1], pos: pos + k, aux: false, start: norm.from[at], end: norm.to[at + 1], cjk: true });
          }
        }
        pos += Math.max(runLen - 1, 1);
      }
    }
    return tokens;
  }

  /* ---- the index ------------------------------------------------------------------------ */

  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var DIGIT_VALUE = new Int8Array(128);
  for (var d = 0; d < DIGITS.length; d++) DIGIT_VALUE[DIGITS.charCodeAt(d)] = d;
  var IN_TITLE = 4, IN_HEADING = 2, REPEATED = 1;

  /* Postings → {ids: [section ids, ascending], bits: [posting bits]} (typed arrays). */
  function decode(str) {
    var n = 0, i;
    for (i = 0; i < str.length; i++) if (DIGIT_VALUE[str.charCodeAt(i) & 127] >= 32) n++;
    var ids = new Int32Array(n), bits = new Uint8Array(n);
    var acc = 0, prev = -1, k = 0;
    for (i = 0; i < str.length; i++) {
      var v = DIGIT_VALUE[str.charCodeAt(i) & 127];
      acc = acc * 32 + (v & 31);
      if (v >= 32) {
        prev += Math.floor(acc / 8);
        ids[k] = prev;
        bits[k] = acc % 8;
        k++;
        acc = 0;
      }
    }
    return { ids: ids, bits: bits };
  }

  /* The largest i with list[i] <= key (list sorted ascending, list[0] the smallest). */
  function floorIndex(list, key) {
    var lo = 0, hi = list.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (list[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Wraps the ranges [[start, end], …] (sorted, merged) of `text` in <mark>. */
  function markRanges(text, ranges) {
    var out = "", at = 0;
    for (var i = 0; i < ranges.length; i++) {
      out += escapeHtml(text.slice(at, ranges[i][0])) + "<mark>" + escapeHtml(text.slice(ranges[i][0], ranges[i][1])) + "</mark>";
      at = ranges[i][1];
    }
    return out + escapeHtml(text.slice(at));
  }

  function mergeRanges(ranges) {
    ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var out = [];
    for (var i = 0; i < ranges.length; i++) {
      var last = out[out.length - 1];
      if (last && ranges[i][0] <= last[1]) last[1] = Math.max(last[1], ranges[i][1]);
      else out.push([ranges[i][0], ranges[i][1]]);
    }
    return out;
  }

  /*
   * What a query asks for: `terms` (required tokens in order, each {text, pos, prefix, raw}),
   * where the last word may also match as a prefix while it is being typed.
   */
  function parseQuery(query) {
    var q = String(query == null ? "" : query);
    var tokens = tokenize(q);
    var terms = [], seen = {};
    for (var i = 0; i < tokens.length; i++) {
      var t = tokens[i];
      if (t.aux || seen[t.text]) continue;
      seen[t.text] = true;
      terms.push({ text: t.text, pos: t.pos, prefix: false, raw: t.raw || t.text, cjk: t.cjk });
    }
    var last = terms[terms.length - 1];
    var trailing = q.length > 0 && !/[\s.,;:!?'"()\[\]{}，。；：！？、]$/.test(q);
    if (last && !last.cjk && trailing && last.raw.length >= 2 && tokens[tokens.length - 1].text === last.text) {
      last.prefix = true;
    }
    return { terms: terms, highlight: seen };
  }

  function matchesTerm(term, text) {
    if (text === term.text) return 1;
    if (term.prefix && (text.indexOf(term.text) === 0 || text.indexOf(term.raw) === 0)) return 0.6;
    return 0;
  }

  /*
   * A search engine over an index. `index` is window.skillpressSearchIndex; `load(name)` returns
   * a promise of the shard `name` ("t3", "d12") when it is not inline.
   */
  function Engine(index, load) {
    this.index = index;
    this.load = load;
    this.cache = {};
  }

  Engine.prototype.shard = function (name) {
    var inline = this.index.shards && this.index.shards[name];
    if (inline) return Promise.resolve(inline);
    if (!this.cache[name]) this.cache[name] = this.load(name);
    return this.cache[name];
  };

  /* Postings of every token matching `term`, merged: {ids, bits, weight} sorted by id. */
  Engine.prototype.postings = function (term) {
    var bounds = this.index.tokens;
    var first = floorIndex(bounds, term.text);
    var lastShard = first;
    if (term.prefix) {
      var lo = term.raw < term.text ? term.raw : term.text;
      first = floorIndex(bounds, lo);
      lastShard = floorIndex(bounds, (term.raw > term.text ? term.raw : term.text) + "\uffff");
    }
    var names = [];
    for (var s = first; s <= lastShard; s++) names.push("t" + s);
    var self = this;
    return Promise.all(names.map(function (n) { return self.shard(n); })).then(function (shards) {
      var lists = [];
      var count = 0;
      for (var i = 0; i < shards.length; i++) {
        var data = shards[i];
        var keys = term.prefix ? Object.keys(data) : (Object.prototype.hasOwnProperty.call(data, term.text) ? [term.text] : []);
        for (var k = 0; k < keys.length; k++) {
          var weight = matchesTerm(term, keys[k]);
          if (!weight) continue;
          if (term.prefix && ++count > 200 && weight < 1) continue;
          var p = decode(data[keys[k]]);
          p.w = weight;
          lists.push(p);
        }
      }
      return union(lists);
    });
  };

  /* Sorted posting lists merged into one: bits OR-ed, the best weight kept. */
  function union(lists) {
    if (lists.length === 1) {
      var only = lists[0];
      var w1 = new Float32Array(only.ids.length);
      w1.fill(only.w);
      return { ids: only.ids, bits: only.bits, weight: w1 };
    }
    var total = 0, i;
    for (i = 0; i < lists.length; i++) total += lists[i].ids.length;
    var all = new Float64Array(total), at = 0;
    // Pack (id, list) so one numeric sort orders every posting by section.
    for (i = 0; i < lists.length; i++) {
      for (var j = 0; j < lists[i].ids.length; j++) all[at++] = lists[i].ids[j] * 1024 + i;
    }
    all.sort();
    var ids = new Int32Array(total), bits = new Uint8Array(total), weight = new Float32Array(total);
    var n = -1, cursor = lists.map(function () { return 0; });
    for (var k = 0; k < total; k++) {
      var id = Math.floor(all[k] / 1024), li = all[k] % 1024;
      var l = lists[li], b = l.bits[cursor[li]++];
      if (n >= 0 && ids[n] === id) {
        bits[n] |= b;
        if (l.w > weight[n]) weight[n] = l.w;
      } else {
        n++;
        ids[n] = id;
        bits[n] = b;
        weight[n] = l.w;
      }
    }
    return { ids: ids.subarray(0, n + 1), bits: bits.subarray(0, n + 1), weight: weight.subarray(0, n + 1) };
  }

  /* The records of sections `ids`: {sid: {url, title, context, anchor, heading, text}}. */
  Engine.prototype.sections = function (ids) {
    var starts = this.index.docs;
    var byShard = {};
    for (var i = 0; i < ids.length; i++) {
      var s = floorIndex(starts, ids[i]);
      (byShard[s] = byShard[s] || []).push(ids[i]);
    }
    var self = this;
    var shardIds = Object.keys(byShard);
    return Promise.all(shardIds.map(function (s) { return self.shard("d" + s); })).then(function (shards) {
      var out = {};
      for (var k = 0; k < shardIds.length; k++) {
        var wanted = {};
        byShard[shardIds[k]].forEach(function (id) { wanted[id] = true; });
        var sid = starts[+shardIds[k]];
        var pages = shards[k];
        for (var p = 0; p < pages.length; p++) {
          var page = pages[p];
          for (var j = 0; j < page[3].length; j++, sid++) {
            if (wanted[sid]) {
              var sec = page[3][j];
              out[sid] = { url: page[0], title: page[1], context: page[2], anchor: sec[0], heading: sec[1], text: sec[2], first: j === 0 };
            }
          }
        }
      }
      return out;
    });
  };

  /* How closely the terms follow each other in `tokens`: {pairs: 0..1, phrase: true|false}. */
  function adjacency(terms, tokens) {
    if (terms.length < 2) return { pairs: 0, phrase: false };
    var at = terms.map(function () { return {}; });
    for (var i = 0; i < tokens.length; i++) {
      if (tokens[i].aux) continue;
      for (var t = 0; t < terms.length; t++) {
        if (matchesTerm(terms[t], tokens[i].text)) at[t][tokens[i].pos] = true;
      }
    }
    var matched = 0;
    for (var k = 0; k + 1 < terms.length; k++) {
      var gap = terms[k + 1].pos - terms[k].pos;
      for (var p in at[k]) {
        if (at[k + 1][+p + gap]) { matched++; break; }
      }
    }
    var phrase = false;
    for (var start in at[0]) {
      var ok = true;
      for (var m = 1; m < terms.length && ok; m++) {
        ok = !!at[m][+start + terms[m].pos - terms[0].pos];
      }
      if (ok) { phrase = true; break; }
    }
    return { pairs: matched / (terms.length - 1), phrase: phrase };
  }

  /* The share of a short text's tokens (a title, a heading) that the query matches. */
  function coverage(query, tokens) {
    var all = 0, hit = 0;
    for (var i = 0; i < tokens.length; i++) {
      if (tokens[i].aux) continue;
      all++;
      for (var t = 0; t < query.terms.length; t++) {
        if (matchesTerm(query.terms[t], tokens[i].text)) { hit++; break; }
      }
    }
    return all ? hit / all : 0;
  }

  /* Ranges of `text` that match the query, from its tokens. */
  function matchRanges(query, tokens) {
    var ranges = [];
    for (var i = 0; i < tokens.length; i++) {
      var tok = tokens[i];
      var hit = query.highlight[tok.text] === true;
      if (!hit) {
        for (var t = 0; t < query.terms.length && !hit; t++) {
          hit = query.terms[t].prefix && !tok.cjk && matchesTerm(query.terms[t], tok.text) > 0;
        }
      }
      if (hit) ranges.push([tok.start, tok.end]);
    }
    return mergeRanges(ranges);
  }

  var SNIPPET = 150, BEFORE = 40;

  function snippet(text, ranges) {
    if (!ranges.length) {
      return escapeHtml(text.slice(0, SNIPPET)) + (text.length > SNIPPET ? "…" : "");
    }
    var from = Math.max(0, ranges[0][0] - BEFORE);
    if (from > 0) {
      var space = text.lastIndexOf(" ", ranges[0][0]);
      if (space > from - 15 && space < ranges[0][0]) from = space + 1;
    }
    var to = Math.min(text.length, from + SNIPPET);
    var inside = [];
    for (var i = 0; i < ranges.length; i++) {
      var a = Math.max(ranges[i][0], from), b = Math.min(ranges[i][1], to);
      if (a < b) inside.push([a - from, b - from]);
    }
    return (from > 0 ? "…" : "") + markRanges(text.slice(from, to), inside) + (to < text.length ? "…" : "");
  }

  /*
   * Runs `query`; resolves to {total, hits: [{url, anchor, href, title, heading, context,
   * titleHtml, headingHtml, snippetHtml, score}], terms}. Hits need every term (the last
   * word may be a prefix); page-title and heading matches rank first, then phrases and words
   * next to each other, then how rare and how repeated the words are.
   */
  Engine.prototype.search = function (query, options) {
    var limit = (options && options.limit) || 10;
    // A search overtaken by a newer one (the learner kept typing) stops before loading text.
    var stale = (options && options.stale) || function () { return false; };
    var q = parseQuery(query);
    if (!q.terms.length) return Promise.resolve({ total: 0, hits: [], terms: [] });
    var self = this;
    var n = this.index.sections || 1;
    return Promise.all(q.terms.map(function (t) { return self.postings(t); })).then(function (lists) {
      var G = lists.length;
      var smallest = 0;
      for (var l = 1; l < G; l++) if (lists[l].ids.length < lists[smallest].ids.length) smallest = l;
      if (!lists[smallest].ids.length) return { total: 0, hits: [], terms: q.terms };
      var idf = lists.map(function (l) { return Math.log(1 + n / Math.max(1, l.ids.length)); });
      var scored = [];
      // Walk the shortest list; the others are sorted too, so a cursor each finds the section.
      var cursor = new Int32Array(G);
      var base = lists[smallest].ids;
      for (var c = 0; c < base.length; c++) {
        var sid = base[c];
        var title = 0, heading = 0, body = 0, ok = true;
        for (var g = 0; g < G; g++) {
          var ids = lists[g].ids, p = cursor[g];
          while (p < ids.length && ids[p] < sid) p++;
          cursor[g] = p;
          if (p === ids.length || ids[p] !== sid) { ok = false; break; }
          var bits = lists[g].bits[p];
          if (bits & IN_TITLE) title++;
          if (bits & IN_HEADING) heading++;
          body += lists[g].weight[p] * idf[g] * (bits & REPEATED ? 1.5 : 1);
        }
        if (!ok) continue;
        scored.push({ sid: sid, score: 30 * title / G + 15 * heading / G + body / G });
      }
      if (stale()) return { total: 0, hits: [], terms: q.terms, stale: true };
      scored.sort(function (a, b) { return b.score - a.score || a.sid - b.sid; });
      var total = scored.length;
      var inline = !!(self.index.shards && self.index.shards.d0);
      // Phrase adjacency needs the text: only the best candidates are re-ranked by it.
      var top = scored.slice(0, inline ? Math.max(100, limit) : Math.max(2 * limit, 16));
      return self.sections(top.map(function (s) { return s.sid; })).then(function (records) {
        var hits = [];
        for (var i = 0; i < top.length; i++) {
          var r = records[top[i].sid];
          if (!r) continue;
          var headingTokens = tokenize(r.heading);
          var bodyTokens = tokenize(r.text);
          var a = adjacency(q.terms, headingTokens), b = adjacency(q.terms, bodyTokens);
          var phrase = a.phrase || b.phrase;
          // Of two titles that match, the one the query says more of comes first.
          var cover = r.first ? Math.max(coverage(q, tokenize(r.title)), coverage(q, headingTokens)) : coverage(q, headingTokens);
          hits.push({
            sid: top[i].sid, record: r, headingTokens: headingTokens, bodyTokens: bodyTokens,
            score: top[i].score + (phrase ? 8 : 0) + 4 * Math.max(a.pairs, b.pairs) + 5 * cover
          });
        }
        hits.sort(function (a, b) { return b.score - a.score || a.sid - b.sid; });
        return {
          total: total,
          terms: q.terms,
          hits: hits.slice(0, limit).map(function (h) {
            var r = h.record;
            return {
              sid: h.sid,
              url: r.url,
              anchor: r.anchor,
              href: r.url + (r.anchor ? "#" + r.anchor : ""),
              title: r.title,
              heading: r.heading,
              context: r.context,
              titleHtml: markRanges(r.title, matchRanges(q, tokenize(r.title))),
              headingHtml: markRanges(r.heading, matchRanges(q, h.headingTokens)),
              snippetHtml: snippet(r.text, matchRanges(q, h.bodyTokens)),
              score: h.score
            };
          })
        };
      });
    });
  };

  var api = {
    tokenize: tokenize,
    stem: stem,
    fold: fold,
    isCjk: isCjk,
    decode: decode,
    parseQuery: parseQuery,
    adjacency: adjacency,
    Engine: Engine
  };

  /* ---- the page -------------------------------------------------------------------------- */

  function setUpPage() {
    var doc = document;
    var root = doc.documentElement.getAttribute("data-root") || "";
    var t = global.skillpress && global.skillpress.t ? global.skillpress.t : function (k) { return k; };
    var pending = {};
    var enginePromise = null;

    global.skillpressSearchShard = function (name, data) {
      if (pending[name]) pending[name].resolve(data);
    };

    function script(src) {
      return new Promise(function (resolve, reject) {
        var el = doc.createElement("script");
        el.src = src;
        el.async = true;
        el.onload = function () { resolve(); };
        el.onerror = function () { reject(new Error("cannot load " + src)); };
        doc.head.appendChild(el);
      });
    }

    function loadShard(name) {
      return new Promise(function (resolve, reject) {
        pending[name] = { resolve: resolve };
        script(root + "assets/search/" + name + ".js").then(function () {
          // The shard calls skillpressSearchShard before its load event.
          if (pending[name]) reject(new Error("search part " + name + " did not load"));
        }, reject);
      }).then(function (data) {
        delete pending[name];
        return data;
      });
    }

    function engine() {
      if (!enginePromise) {
        enginePromise = (global.skillpressSearchIndex
          ? Promise.resolve()
          : script(root + "assets/search-index.js")
        ).then(function () {
          if (!global.skillpressSearchIndex) throw new Error("the search index did not load");
          return new Engine(global.skillpressSearchIndex, loadShard);
        });
        enginePromise.catch(function () { enginePromise = null; });
      }
      return enginePromise;
    }

    function countText(n) {
      return n === 1 ? t("search_results_one") : t("search_results_count", { n: n });
    }

    var uid = 0;

    /* A search box: runs queries as the learner types and hands results to `show`. */
    function wire(input, show, limit) {
      var seq = 0;
      function run() {
        var query = input.value;
        var mine = ++seq;
        if (!query.trim()) { show(null, query); return; }
        if (!parseQuery(query).terms.length) { show({ tooShort: true }, query); return; }
        var stale = function () { return mine !== seq; };
        engine().then(function (e) { return e.search(query, { limit: limit, stale: stale }); }).then(function (res) {
          if (mine === seq) show(res, query);
        }, function () {
          if (mine === seq) show({ failed: true }, query);
        });
      }
      input.addEventListener("focus", function () { engine(); });
      input.addEventListener("input", run);
      return run;
    }

    function resultBody(hit) {
      var title = hit.headingHtml && hit.heading ? hit.titleHtml + " › " + hit.headingHtml : hit.titleHtml;
      return { title: title, context: escapeHtml(hit.context || ""), snippet: hit.snippetHtml };
    }

    /* The header box: hits in a dropdown listbox (combobox pattern). */
    function dropdown(input) {
      var id = "search-popup-" + (++uid);
      var form = input.form || input.parentNode;
      var popup = doc.createElement("div");
      popup.className = "search-popup";
      popup.hidden = true;
      // A scrolling region must be reachable by keyboard (Tab); the arrows work from the box.
      popup.tabIndex = 0;
      var status = doc.createElement("p");
      status.className = "search-popup-status";
      status.setAttribute("aria-live", "polite");
      var list = doc.createElement("ul");
      list.className = "search-popup-list";
      list.id = id;
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", t("search"));
      popup.appendChild(status);
      popup.appendChild(list);
      form.appendChild(popup);
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-controls", id);
      input.setAttribute("aria-expanded", "false");
      var active = -1;

      function options() { return list.querySelectorAll("[role=option]"); }

      function setActive(i) {
        var opts = options();
        if (!opts.length) return;
        if (i < 0) i = opts.length - 1;
        if (i >= opts.length) i = 0;
        active = i;
        for (var k = 0; k < opts.length; k++) {
          opts[k].setAttribute("aria-selected", k === i ? "true" : "false");
          opts[k].classList.toggle("is-active", k === i);
        }
        input.setAttribute("aria-activedescendant", opts[i].id);
        if (opts[i].scrollIntoView) opts[i].scrollIntoView({ block: "nearest" });
      }

      function open(yes) {
        popup.hidden = !yes;
        input.setAttribute("aria-expanded", yes && options().length ? "true" : "false");
        if (!yes) {
          active = -1;
          input.removeAttribute("aria-activedescendant");
        }
      }

      function go(i) {
        var opts = options();
        if (opts[i]) global.location.href = root + opts[i].getAttribute("data-href");
      }

      function show(res, query) {
        list.innerHTML = "";
        list.setAttribute("data-query", query);
        active = -1;
        input.removeAttribute("aria-activedescendant");
        if (!res) { status.textContent = ""; open(false); return; }
        if (res.tooShort) status.textContent = t("search_type_more");
        else if (res.failed) status.textContent = t("search_no_results");
        else status.textContent = res.total ? countText(res.total) : t("search_no_results");
        (res.hits || []).forEach(function (hit, i) {
          var body = resultBody(hit);
          var li = doc.createElement("li");
          li.id = id + "-" + i;
          li.className = "search-result";
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          li.setAttribute("data-search-result", "");
          li.setAttribute("data-href", hit.href);
          li.innerHTML = '<span class="search-result-title">' + body.title + "</span>" +
            (body.context ? '<span class="search-crumbs">' + body.context + "</span>" : "") +
            '<span class="search-snippet">' + body.snippet + "</span>";
          li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
          li.addEventListener("click", function () { go(i); });
          list.appendChild(li);
        });
        open(query.trim() !== "");
      }

      var run = wire(input, show, 8);
      input.addEventListener("keydown", function (ev) {
        var n = options().length;
        if (ev.key === "ArrowDown" || ev.key === "Down") {
          if (popup.hidden) {
            // The first arrow reopens the last results (or runs the query again).
            if (n) open(true); else if (input.value.trim()) run();
            ev.preventDefault();
          } else if (n) {
            ev.preventDefault();
            setActive(active + 1);
          }
        } else if (ev.key === "ArrowUp" || ev.key === "Up") {
          if (n) { ev.preventDefault(); setActive(active - 1); }
        } else if (ev.key === "Enter") {
          if (!popup.hidden && active >= 0) { ev.preventDefault(); go(active); }
        } else if (ev.key === "Escape" || ev.key === "Esc") {
          if (!popup.hidden) { ev.preventDefault(); open(false); }
        }
      });
      popup.addEventListener("keydown", function (ev) {
        if (ev.key === "Escape" || ev.key === "Esc") { ev.preventDefault(); open(false); input.focus(); }
      });
      form.addEventListener("focusout", function (ev) {
        if (!ev.relatedTarget || !form.contains(ev.relatedTarget)) open(false);
      });
      input.addEventListener("focus", function () {
        if (input.value.trim() && list.childNodes.length) open(true);
      });
    }

    /* search.html: hits listed under the page's own box; ?q= runs a search on arrival. */
    function pageResults(input, resultsEl, statusEl) {
      function show(res, query) {
        resultsEl.innerHTML = "";
        if (statusEl) {
          if (!res) statusEl.textContent = "";
          else if (res.tooShort) statusEl.textContent = t("search_type_more");
          else statusEl.textContent = res.total ? countText(res.total) : t("search_no_results");
        }
        ((res && res.hits) || []).forEach(function (hit) {
          var body = resultBody(hit);
          var li = doc.createElement("li");
          li.className = "search-result";
          li.setAttribute("data-search-result", "");
          li.innerHTML = '<a href="' + escapeHtml(root + hit.href) + '">' + body.title + "</a>" +
            (body.context ? '<p class="search-crumbs">' + body.context + "</p>" : "") +
            '<p class="search-snippet">' + body.snippet + "</p>";
          resultsEl.appendChild(li);
        });
        try {
          var url = global.location.pathname + (query.trim() ? "?q=" + encodeURIComponent(query) : "") + global.location.hash;
          global.history.replaceState(null, "", url);
        } catch (e) { /* file:// in some browsers */ }
      }
      var run = wire(input, show, 50);
      function links() { return resultsEl.querySelectorAll("[data-search-result] > a"); }
      input.addEventListener("keydown", function (ev) {
        if ((ev.key === "ArrowDown" || ev.key === "Down") && links().length) {
          ev.preventDefault();
          links()[0].focus();
        }
      });
      resultsEl.addEventListener("keydown", function (ev) {
        var all = Array.prototype.slice.call(links());
        var i = all.indexOf(doc.activeElement);
        if (i < 0) return;
        if (ev.key === "ArrowDown" || ev.key === "Down") { ev.preventDefault(); (all[i + 1] || all[0]).focus(); }
        else if (ev.key === "ArrowUp" || ev.key === "Up") {
          ev.preventDefault();
          if (i === 0) input.focus(); else all[i - 1].focus();
        } else if (ev.key === "Escape" || ev.key === "Esc") { ev.preventDefault(); input.focus(); }
      });
      var q = null;
      try { q = new URLSearchParams(global.location.search).get("q"); } catch (e) { q = null; }
      if (q) {
        input.value = q;
        run();
      }
    }

    var inputs = doc.querySelectorAll("[data-search-input]");
    var resultsEl = doc.querySelector("[data-search-results]");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      var inHeader = input.closest && input.closest(".site-header");
      if (resultsEl && !inHeader) pageResults(input, resultsEl, doc.querySelector("[data-search-status]"));
      else dropdown(input);
    }
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    global.SkillpressSearch = api;
    if (typeof document !== "undefined") {
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpPage);
      else setUpPage();
    }
  }
})(typeof window !== "undefined" ? window : this);
