/* skillpress search: the engine (docs/learner.md, "Search": index format and ranking).
 *
 * Decodes the index parts, finds the sections that hold every query token, ranks them and
 * builds the snippets. Pure: no DOM; the page script (search.js) hands it the index and a
 * function that loads an index part. Loaded with the tokeniser (search-tokenize.js) on the
 * first search, never with the page. Sets window.SkillpressSearch.
 */
(function (global) {
  "use strict";

  var Tokens = typeof module !== "undefined" && module.exports
    ? require("./search-tokenize.js")
    : global.SkillpressSearchTokens;
  var tokenize = Tokens.tokenize;

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
    stem: Tokens.stem,
    fold: Tokens.fold,
    isCjk: Tokens.isCjk,
    decode: decode,
    parseQuery: parseQuery,
    adjacency: adjacency,
    escapeHtml: escapeHtml,
    Engine: Engine
  };

  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else global.SkillpressSearch = api;
})(typeof window !== "undefined" ? window : this);
