/* skillpress search: the tokeniser (docs/learner.md, "Search").
 *
 * The twin of src/search/tokenize.rs (the rules are documented there): the build tokenises the
 * pages with that one, the browser tokenises queries and hit texts with this one, and
 * tests/search.rs runs both over the same strings and requires the same tokens. Pure: no DOM.
 * Sets window.SkillpressSearchTokens = {tokenize, stem, fold, isCjk}; loaded with the engine
 * (search-engine.js) on the first search.
 */
(function (global) {
  "use strict";

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

  var api = { tokenize: tokenize, stem: stem, fold: fold, isCjk: isCjk };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else global.SkillpressSearchTokens = api;
})(typeof window !== "undefined" ? window : this);
