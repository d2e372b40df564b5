/* huikuan finder: what did the debtor just say? Runs from file:// with no server. */
(function () {
  "use strict";
  var data = window.HK_FINDER;
  var answers = window.HK_ANSWERS || {};
  var input = document.getElementById("finder-input");
  var list = document.getElementById("finder-results");
  var empty = document.getElementById("finder-empty");
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

  // Traditional characters the index knows in their simplified form (沒錢 is 没钱).
  var folds = {}, foldable = data.folds || "";
  for (var f = 0; f + 1 < foldable.length; f += 2) folds[foldable[f]] = foldable[f + 1];
  var PUNCT = /[\s，。！？、；：“”‘’（）《》…—\-,.!?;:'"()\[\]{}<>\/\\|~`@#$%^&*+=_]+/;

  // A text as its clauses: lower case, simplified, split at punctuation.
  function clauses(s) {
    var folded = "";
    for (var i = 0; i < s.length; i++) folded += folds[s[i]] || s[i];
    return folded.toLowerCase().split(PUNCT).filter(Boolean);
  }

  // Spoken Chinese pads words: 手头有点紧 still says 手头紧. A word matches when its characters
  // appear in order with at most two characters between neighbours.
  function pattern(word) {
    return new RegExp(Array.from(word).map(function (c) {
      return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join(".{0,2}"));
  }

  // Synonym groups: a query that says one word of a group finds what says any other. Each group
  // is one concept, scored once however many of its words either side uses.
  var groups = (data.synonyms || []).map(function (g) {
    var words = g.map(function (w) { return clauses(w).join(""); }).filter(Boolean);
    return { words: words, patterns: words.map(pattern), any: new RegExp(words.map(function (w) {
      return pattern(w).source; }).join("|")) };
  });

  // What carries no meaning on its own: particles, pronouns, tags such as 行不行. They do not
  // score as characters (a synonym word that holds them, such as 货不行, still matches).
  var FILLERS = ["行不行", "好不好", "行不", "可不可以", "能不能", "是不是", "怎么样", "可以吗", "不行", "行吗",
    "好吗", "的话", "一下", "再说", "已经", "有问题", "这个", "那个", "这样", "那样", "什么", "我们", "你们", "他们", "咱们",
    "我", "你", "您", "他", "她", "它", "们", "的", "地", "了", "吧", "啊", "呢", "吗", "嘛", "呀", "哦", "哈",
    "啦", "么", "哎", "诶", "嗯", "就", "也", "都", "又", "很", "太", "真", "挺", "是", "这", "那", "个", "把"];
  var FILLER = new RegExp(FILLERS.join("|"), "g");
  function fillers(text) {
    var mask = [], m;
    FILLER.lastIndex = 0;
    while ((m = FILLER.exec(text))) for (var i = 0; i < m[0].length; i++) mask[m.index + i] = 1;
    return mask;
  }
  // A clause without its fillers, with where each character was: a synonym word matches that
  // too (数不一样 in 我们算的数跟你们不一样).
  function content(text, mask) {
    var out = "", at = [];
    for (var i = 0; i < text.length; i++) if (!mask[i]) { out += text[i]; at.push(i); }
    return { text: out, at: at };
  }

  // Per objection: its clauses with where each comes from (0 title, 1 canonical phrase,
  // 2 a variant), its grams, and how strongly it says each synonym group.
  var SOURCE_WEIGHT = [2, 2, 1];
  var docs = data.items.map(function (item) {
    var parts = [item[F.title]].concat(item[F.says].split("|"));
    var cls = [], grams = {}, strength = {}, total = 0;
    parts.forEach(function (part, p) {
      var source = Math.min(p, 2), said = {};
      total += SOURCE_WEIGHT[source];
      clauses(part).forEach(function (text) {
        cls.push({ text: text, source: source });
        addGrams(grams, text, 1);
        var bare = content(text, fillers(text)).text;
        groups.forEach(function (g, i) { if (g.any.test(text) || g.any.test(bare)) said[i] = 1; });
      });
      for (var i in said) strength[i] = (strength[i] || 0) + SOURCE_WEIGHT[source];
    });
    clauses(data.categories[item[F.category]]).forEach(function (text) { addGrams(grams, text, 0.5); });
    // A group that the title and the canonical phrase say counts fully; one that a single
    // variant happens to mention, much less.
    for (var g in strength) grams["~" + g] = Math.pow(strength[g] / total, 0.75);
    return { item: item, clauses: cls, grams: grams };
  });

  function addGrams(out, s, weight) {
    for (var i = 0; i < s.length; i++) {
      out[s[i]] = Math.max(out[s[i]] || 0, weight);
      if (i + 1 < s.length) out[s.substr(i, 2)] = Math.max(out[s.substr(i, 2)] || 0, weight);
    }
  }

  // Rarer grams say more: inverse document frequency, near zero for what nearly all share. An
  // objection that says a group in passing counts as the fraction it says it.
  var df = {};
  docs.forEach(function (d) { for (var k in d.grams) df[k] = (df[k] || 0) + d.grams[k]; });
  var N = docs.length;
  function idf(k) { var n = df[k] || 0; return Math.log(1 + (N - n + 0.5) / (n + 0.5)); }

  // The query's features: its synonym groups, and the grams of what no group and no filler
  // explains, at full weight, and of what a group explains, at a quarter.
  function features(query) {
    var out = {};
    clauses(query).forEach(function (text) {
      var covered = [], filler = fillers(text), bare = content(text, filler), i;
      groups.forEach(function (g, gi) {
        if (!g.any.test(text) && !g.any.test(bare.text)) return;
        g.patterns.forEach(function (re, wi) {
          var word = g.words[wi], hit = re.exec(text), within = text, at;
          if (!hit) { hit = re.exec(bare.text); within = bare.text; }
          if (!hit) return;
          at = hit.index;
          for (var c = 0; c < word.length; c++) {
            at = within.indexOf(word[c], at);
            covered[within === text ? at : bare.at[at]] = 1;
            at++;
          }
          // As much as the word's own grams would score, a little more: a longer word says more.
          out["~" + gi] = Math.max(out["~" + gi] || 0, 2 + 3 * Math.min(word.length, 4));
        });
      });
      for (i = 0; i < text.length; i++) {
        if (filler[i]) continue;
        add(out, text[i], covered[i] ? 0.25 : 1);
        if (i + 1 < text.length && !filler[i + 1]) add(out, text.substr(i, 2), covered[i] && covered[i + 1] ? 0.5 : 2);
      }
    });
    return out;
  }
  function add(out, k, w) { out[k] = Math.max(out[k] || 0, w); }

  function score(query) {
    var q = clauses(query).join("");
    if (!q) return [];
    var qf = features(query), weights = [];
    for (var k in qf) weights.push([k, qf[k] * idf(k)]);
    var results = [];
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i], s = 0, j;
      for (j = 0; j < weights.length; j++) {
        var own = d.grams[weights[j][0]];
        if (own) s += weights[j][1] * own;
      }
      // Said word for word: a bonus, the more for the title and the canonical phrase; and how
      // canonically, to order what scores the same (the objection named 没钱 before those that
      // mention 钱 in passing).
      var rank = Infinity;
      for (j = 0; j < d.clauses.length; j++) {
        var c = d.clauses[j];
        if (c.text.indexOf(q) >= 0) rank = Math.min(rank, c.source * 1000 + c.text.length);
      }
      var bonus = rank < Infinity ? 6 * q.length * (rank < 2000 ? 1.5 : 1) : 0;
      if (s + bonus > 0) results.push([s + bonus, d.item, rank, s]);
    }
    results.sort(function (a, b) {
      return b[0] - a[0] > 1e-9 * b[0] ? 1 : a[0] - b[0] > 1e-9 * a[0] ? -1
        : a[2] - b[2] || (a[1][F.id] < b[1][F.id] ? -1 : 1);
    });
    // Weak matches on common characters only add noise under a strong one; alternatives with
    // a real share of what the best one matches stay, to pick from when the first is not it.
    var best = 0;
    results.forEach(function (r) { best = Math.max(best, r[3]); });
    var floor = Math.max(best * 0.1, 1.5);
    return results.filter(function (r) { return r[2] < Infinity || r[3] >= floor; }).slice(0, 10);
  }

  // The input is a combobox over the list of options; the active option is announced through
  // aria-activedescendant while the focus stays in the input.
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  list.setAttribute("role", "listbox");

  // The query lives in the page's URL, replaced as it changes (no history entry per keystroke):
  // Back from an entry, a reload and a link a trainer shares (finder/?said=没钱) all show the
  // same results. Not ?q=, which Material's search takes on every page and opens itself with; a
  // link that uses it anyway is read here, before Material's bundle runs, and rewritten.
  var PARAM = "said";
  function queryInUrl() {
    var params = new URLSearchParams(location.search);
    return params.get(PARAM) || params.get("q") || "";
  }
  function keepInUrl(query) {
    var params = new URLSearchParams(location.search);
    params.delete("q");
    if (query) params.set(PARAM, query); else params.delete(PARAM);
    var search = params.toString(), url = location.pathname + (search ? "?" + search : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    // Safari throws after 100 replacements in 30 s, and some browsers refuse them on file://.
    try { history.replaceState(history.state, "", url); } catch (e) { /* the query stays out of the URL */ }
  }

  // An answer split at its placeholders: the odd parts are the {name}s. The page declares them
  // all, so that huikuan.js makes its fill-in form of them before any answer is shown.
  var PLACEHOLDER = /(\{[^{}\s]{1,20}\})/, declared = [];
  Object.keys(answers).forEach(function (id) {
    answers[id].split(PLACEHOLDER).forEach(function (part, k) {
      if (k % 2 && declared.indexOf(part.slice(1, -1)) < 0) declared.push(part.slice(1, -1));
    });
  });
  if (declared.length) list.setAttribute("data-placeholders", declared.join(" "));

  var selected = 0;
  function render() {
    keepInUrl(input.value);
    var results = score(input.value);
    list.textContent = "";
    results.forEach(function (r, i) {
      var item = r[1];
      var li = document.createElement("li");
      li.className = "hk-finder__item";
      li.id = "finder-option-" + i;
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
        answers[item[F.id]].split(PLACEHOLDER).forEach(function (part, k) {
          if (k % 2) {
            var ph = document.createElement("span");
            ph.className = "hk-ph"; ph.setAttribute("data-ph", part.slice(1, -1)); ph.textContent = part;
            p.appendChild(ph);
          } else if (part) { p.appendChild(document.createTextNode(part)); }
        });
        var button = document.createElement("button");
        button.type = "button"; button.className = "hk-copy"; button.textContent = "复制";
        button.title = "复制这句话";
        button.setAttribute("aria-label", "复制这句话：" + item[F.title]);
        first.appendChild(p); first.appendChild(button);
        li.appendChild(first);
      }
      list.appendChild(li);
    });
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    if (empty) empty.hidden = results.length > 0 || !clauses(input.value).length;
    select(Math.min(selected, results.length - 1), false);
    if (window.huikuan) window.huikuan.refresh(list);
  }

  function select(index, reveal) {
    selected = Math.max(index, 0);
    var items = list.children;
    for (var i = 0; i < items.length; i++) {
      var on = i === selected;
      items[i].classList.toggle("hk-finder__item--active", on);
      items[i].setAttribute("aria-selected", on ? "true" : "false");
    }
    var active = items[selected];
    if (active) input.setAttribute("aria-activedescendant", active.id);
    else input.removeAttribute("aria-activedescendant");
    // Arrow keys must never leave the chosen result below the fold (a phone, ten results).
    if (active && reveal) active.scrollIntoView({ block: "nearest" });
  }

  // An IME (pinyin) is composing: its keys, Enter that picks a candidate among them, belong to
  // the IME. The query is the text once composed.
  var composing = false;
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; selected = 0; render(); });
  input.addEventListener("input", function (e) {
    if (e.isComposing || composing) return;
    selected = 0; render();
  });
  input.addEventListener("keydown", function (e) {
    if (e.isComposing || composing || e.keyCode === 229) return;
    var count = list.children.length;
    if (e.key === "ArrowDown" && count) { select((selected + 1) % count, true); e.preventDefault(); }
    else if (e.key === "ArrowUp" && count) { select((selected - 1 + count) % count, true); e.preventDefault(); }
    else if (e.key === "Enter" && count) {
      var link = list.children[selected].querySelector("a");
      if (link) window.location.href = link.href;
      e.preventDefault();
    } else if (e.key === "Escape") { input.value = ""; selected = 0; render(); }
  });
  var restored = queryInUrl();
  if (restored) input.value = restored;
  input.focus();
  if (input.value) {
    render();
    input.select();  // typing the next objection replaces it; arrow keys still pick a result
  }
})();
