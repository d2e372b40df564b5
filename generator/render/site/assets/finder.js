/* huikuan finder: what did the debtor just say? Runs from file:// with no server. */
(function () {
  "use strict";
  var data = window.HK_FINDER;
  var answers = window.HK_ANSWERS || {};
  var input = document.getElementById("finder-input");
  var list = document.getElementById("finder-results");
  if (!data || !input || !list) return;

  var F = {}; data.fields.forEach(function (name, i) { F[name] = i; });

  // The texts come in the index's character code (finder.py, CharacterCode): each symbol
  // below `single` is one character, any other leads a pair. Decoded once, here.
  function decoder(codec) {
    var size = codec.alphabet.length, value = {}, chars = Array.from(codec.chars);
    for (var i = 0; i < size; i++) value[codec.alphabet.charCodeAt(i)] = i;
    return function (code) {
      var out = [];
      for (var i = 0; i < code.length; i++) {
        var rank = value[code.charCodeAt(i)];
        if (rank >= codec.single) rank = codec.single + (rank - codec.single) * size + value[code.charCodeAt(++i)];
        out.push(chars[rank]);
      }
      return out.join("");
    };
  }
  if (data.codec) {
    var decode = decoder(data.codec);
    var columns = data.codec.fields.map(function (name) { return F[name]; });
    data.items.forEach(function (item) {
      columns.forEach(function (c) { item[c] = decode(item[c]); });
    });
  }
  var PUNCT = /[\s，。！？、；：“”‘’（）《》…—\-,.!?;:'"()\[\]{}<>\/\\|~`@#$%^&*+=_]+/g;

  function norm(s) { return s.toLowerCase().replace(PUNCT, ""); }
  function grams(s) {
    var out = {}, i;
    for (i = 0; i < s.length; i++) {
      out[s[i]] = 1;
      if (i + 1 < s.length) out[s.substr(i, 2)] = 2;
    }
    return out;
  }

  // Synonym groups: a query that contains one word of a group also looks for the others.
  var groups = (data.synonyms || []).map(function (g) { return g.map(norm); });

  // Spoken Chinese pads words: 手头有点紧 still says 手头紧. A word matches when its characters
  // appear in order with at most a few characters in between.
  function mentions(text, word) {
    if (text.indexOf(word) >= 0) return true;
    if (word.length < 2) return false;
    var start = text.indexOf(word[0]);
    while (start >= 0) {
      var at = start, ok = true;
      for (var i = 1; i < word.length && ok; i++) {
        at = text.indexOf(word[i], at + 1);
        ok = at >= 0 && at - start <= word.length + 3;
      }
      if (ok) return true;
      start = text.indexOf(word[0], start + 1);
    }
    return false;
  }

  // Per objection: the normalised phrases, and one gram set over all of them.
  var docs = data.items.map(function (item) {
    var phrases = (item[F.says] + "|" + item[F.title]).split("|").map(norm);
    var all = {};
    phrases.concat([norm(data.categories[item[F.category]])]).forEach(function (p) {
      var g = grams(p); for (var k in g) all[k] = g[k];
    });
    groups.forEach(function (group) {
      if (group.some(function (w) { return phrases.some(function (p) { return mentions(p, w); }); })) {
        group.forEach(function (w) { all["~" + w] = 3; });
      }
    });
    return { item: item, phrases: phrases, grams: all };
  });

  // Rarer grams say more: inverse document frequency.
  var df = {};
  docs.forEach(function (d) { for (var k in d.grams) df[k] = (df[k] || 0) + 1; });
  var N = docs.length;
  function idf(k) { return Math.log(1 + N / (df[k] || N)); }

  function score(query) {
    var q = norm(query);
    if (!q) return [];
    var qg = grams(q);
    groups.forEach(function (group) {
      group.forEach(function (w) {
        if (mentions(q, w)) group.forEach(function (x) { qg["~" + x] = 3; });
      });
    });
    var results = [];
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i], s = 0;
      for (var k in qg) if (d.grams[k]) s += qg[k] * idf(k);
      for (var j = 0; j < d.phrases.length; j++) {
        if (d.phrases[j].indexOf(q) >= 0) { s += 6 * q.length; break; }
      }
      if (s > 0) results.push([s, d.item]);
    }
    results.sort(function (a, b) { return b[0] - a[0]; });
    // Weak matches on common characters only add noise under a strong one.
    var floor = results.length ? results[0][0] * 0.3 : 0;
    return results.filter(function (r) { return r[0] >= floor; }).slice(0, 10);
  }

  var selected = 0;
  function render() {
    var results = score(input.value);
    list.textContent = "";
    results.forEach(function (r, i) {
      var item = r[1];
      var li = document.createElement("li");
      li.className = "hk-finder__item" + (i === selected ? " hk-finder__item--active" : "");
      li.setAttribute("data-id", item[F.id]);
      li.setAttribute("role", "option");
      var a = document.createElement("a");
      a.href = data.url.replace("ID", item[F.id]);
      a.className = "hk-finder__title";
      a.textContent = item[F.title];
      var cat = document.createElement("span");
      cat.className = "hk-finder__category";
      cat.textContent = data.categories[item[F.category]];
      li.appendChild(a); li.appendChild(cat);
      if (i < 3 && answers[item[F.id]]) {
        var first = document.createElement("div");
        first.className = "hk-line hk-finder__first";
        var p = document.createElement("p");
        p.className = "hk-text";
        answers[item[F.id]].split(/(\{[^{}\s]{1,20}\})/).forEach(function (part) {
          if (/^\{[^{}\s]{1,20}\}$/.test(part)) {
            var ph = document.createElement("span");
            ph.className = "hk-ph"; ph.setAttribute("data-ph", part.slice(1, -1)); ph.textContent = part;
            p.appendChild(ph);
          } else if (part) { p.appendChild(document.createTextNode(part)); }
        });
        var button = document.createElement("button");
        button.type = "button"; button.className = "hk-copy"; button.textContent = "复制";
        first.appendChild(p); first.appendChild(button);
        li.appendChild(first);
      }
      list.appendChild(li);
    });
    if (window.huikuan) window.huikuan.refresh(list);
  }

  input.addEventListener("input", function () { selected = 0; render(); });
  input.addEventListener("keydown", function (e) {
    var count = list.children.length;
    if (e.key === "ArrowDown" && count) { selected = (selected + 1) % count; render(); e.preventDefault(); }
    else if (e.key === "ArrowUp" && count) { selected = (selected - 1 + count) % count; render(); e.preventDefault(); }
    else if (e.key === "Enter" && count) {
      var link = list.children[selected].querySelector("a");
      if (link) window.location.href = link.href;
      e.preventDefault();
    } else if (e.key === "Escape") { input.value = ""; render(); }
  });
  input.focus();
  if (input.value) render();
})();
