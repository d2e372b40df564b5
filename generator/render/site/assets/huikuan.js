/* huikuan: placeholders that fill in across the page, and a copy button on each line a collector
   says (.hk-line) that copies the filled-in text and says which placeholders it left unfilled or
   filled with values that contradict each other. Values stay in this browser (localStorage) and
   are never sent anywhere. */
(function () {
  "use strict";
  var KEY = "huikuan.placeholders";

  function load() { try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; } }
  function save(values) { try { localStorage.setItem(KEY, JSON.stringify(values)); } catch (e) { /* private mode */ } }

  /* An amount of yuan in the capitals of Chinese finance (大写), as generator/placeholders.py
     writes it for printed letters: 1005 → 壹仟零伍元整, 100000 → 壹拾万元整, 0.5 → 伍角整.
     "" when the text is not an amount. */
  var DIGITS = "零壹贰叁肆伍陆柒捌玖";
  function below10000(n) {
    var out = "", gap = false, figures = ("000" + n).slice(-4), units = ["仟", "佰", "拾", ""];
    for (var i = 0; i < 4; i++) {
      var d = +figures.charAt(i);
      if (!d) { gap = out !== ""; continue; }
      out += (gap ? "零" : "") + DIGITS.charAt(d) + units[i];
      gap = false;
    }
    return out;
  }
  function whole(figures) {  // a string of figures without leading zeros
    var parts = [[8, "亿"], [4, "万"]];
    for (var i = 0; i < parts.length; i++) {
      var size = parts[i][0];
      if (figures.length > size) {
        var low = figures.slice(-size).replace(/^0+/, "");
        return whole(figures.slice(0, -size)) + parts[i][1] + (low ? (low.length < size ? "零" : "") + whole(low) : "");
      }
    }
    return below10000(+figures);
  }
  // An amount as generator/placeholders.py parse_amount reads it (half-width or full-width
  // figures, thousands commas, at most two decimals, below 10^16): its yuan without leading
  // zeros ("" for none) and its two cent figures; null when the text is not an amount.
  function amount(text) {
    var plain = String(text || "").normalize("NFKC").trim();
    var m = /^((?:\d{1,3}(?:,\d{3})+|\d+))(?:\.(\d{1,2}))?$/.exec(plain);
    if (!m) return null;
    var yuan = m[1].replace(/,/g, "").replace(/^0+/, "");
    return yuan.length > 16 ? null : {yuan: yuan, cents: ((m[2] || "") + "00").slice(0, 2)};
  }
  function capitals(text) {
    var a = amount(text);
    if (!a) return "";
    var yuan = a.yuan, jiao = +a.cents.charAt(0), fen = +a.cents.charAt(1);
    if (!yuan && !jiao && !fen) return "零元整";
    var out = yuan ? whole(yuan) + "元" : "";
    if (yuan && (jiao || fen) && (/0$/.test(yuan) || !jiao)) out += "零";
    if (jiao) out += DIGITS.charAt(jiao) + "角";
    return out + (fen ? DIGITS.charAt(fen) + "分" : "整");
  }

  // A date as generator/placeholders.py parse_date reads it: its year, month, day and the number
  // of its day (days between two dates are the difference); null when it is no date or no day.
  function date(text) {
    var plain = String(text || "").normalize("NFKC").trim();
    var m = /^(\d{4})(?:年(\d{1,2})月(\d{1,2})日|([-/.])(\d{1,2})\4(\d{1,2}))$/.exec(plain);
    if (!m) return null;
    var y = +m[1], mo = +(m[2] || m[5]), d = +(m[3] || m[6]), day = new Date(0);
    day.setUTCFullYear(y, mo - 1, d);  // not new Date(y, …), which reads the years 0–99 as 1900–1999
    if (y < 1 || day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
    return { y: y, m: mo, d: d, n: Math.round(day.getTime() / 864e5) };
  }

  // A value of an amount, date or count as the printed letter writes it (generator/placeholders.py
  // FORMATS): 186,400.00, 2026年9月30日, 45; null when it is not of its form. Text is as typed.
  function read(format, text) {
    var plain = String(text || "").normalize("NFKC").trim();
    if (format === "amount") {
      var a = amount(plain);
      return a ? (a.yuan || "0").replace(/\B(?=(\d{3})+$)/g, ",") + "." + a.cents : null;
    }
    if (format === "date") {
      var day = date(plain);
      return day ? ("000" + day.y).slice(-4) + "年" + day.m + "月" + day.d + "日" : null;  // 0026年: four figures
    }
    if (format === "count") return /^\d+$/.test(plain) ? plain.replace(/^0+(?=\d)/, "") : null;
    return text;
  }
  // A value not of its form stays as typed: it shows what the letter command would refuse.
  function formatted(format, text) {
    var value = read(format, text);
    return value === null ? text : value;
  }

  // What the page's spans say of each placeholder (written from taxonomy.yaml): its format and the
  // relations it is in (data-ph-after, data-ph-before, data-ph-days-between), by name.
  function declarations() {
    var found = {};
    document.querySelectorAll(".hk-ph[data-ph-format]:not([data-ph-of])").forEach(function (el) {
      var name = el.getAttribute("data-ph");
      if (found[name]) return;
      found[name] = { format: el.getAttribute("data-ph-format"), after: el.getAttribute("data-ph-after"),
                      before: el.getAttribute("data-ph-before"),
                      daysBetween: (el.getAttribute("data-ph-days-between") || "").split(" ").filter(Boolean) };
    });
    return found;
  }

  // A contradiction said as huikuan letter says it: the words and the sentence are Python's
  // (generator/placeholders.py CONTRADICTIONS and REFUSED, given to the page as HK_PLACEHOLDERS),
  // only their slots are filled here.
  function slotted(template, slots) {
    return template.replace(/\{(\w+)\}/g, function (whole, slot) { return slot in slots ? String(slots[slot]) : whole; });
  }
  function said(words, kind, slots) {
    var expected = slotted(words.contradictions[kind].expected, slots);
    return slotted(words.refused, { problem: slotted(words.contradictions[kind].problem, slots),
                                    expected: (/^[\x00-\x7f]/.test(expected) ? " " : "") + expected });  // 应为 46
  }

  // The values among the named placeholders that contradict another one their relations name, as
  // generator/placeholders.py contradictions finds them (a relation is checked when all its values
  // are of their form): name → what is wrong, in huikuan letter's words.
  function contradictions(names, values) {
    var words = window.HK_PLACEHOLDERS, declared = declarations(), shown = {}, found = {};
    if (!words) return found;
    names.forEach(function (name) {
      var value = declared[name] && values[name] ? read(declared[name].format, values[name]) : null;
      if (value) shown[name] = value;
    });
    function day(name) { return shown[name] && declared[name].format === "date" ? date(shown[name]) : null; }
    names.forEach(function (name) {
      var p = declared[name];
      if (!p || !shown[name]) return;
      [["after", p.after], ["before", p.before]].forEach(function (relation) {
        var kind = relation[0], other = relation[1], mine = day(name), theirs = other && day(other);
        if (!mine || !theirs) return;
        if (kind === "after" ? mine.n <= theirs.n : mine.n >= theirs.n) {
          found[name] = said(words, kind, { other: other, other_value: shown[other] });
        }
      });
      var start = p.daysBetween[0], end = p.daysBetween[1], from = day(start), to = day(end);
      if (p.format !== "count" || p.daysBetween.length !== 2 || !from || !to) return;
      var dates = { start: start, start_value: shown[start], end: end, end_value: shown[end] }, days = to.n - from.n;
      if (days < 0) {
        found[name] = said(words, "days_between_order", dates);
      } else if (shown[name] !== String(days)) {
        dates.days = days; dates.value = shown[name];
        found[name] = said(words, "days_between", dates);
      }
    });
    return found;
  }

  // A value that contradicts another is shown all the same, marked, with what is wrong beside its
  // field in the form: the letter command would refuse it.
  function fill(root) {
    var values = load(), wrong = contradictions(placeholderNames(), values);
    (root || document).querySelectorAll(".hk-ph").forEach(function (el) {
      var name = el.getAttribute("data-ph"), of = el.getAttribute("data-ph-of");
      var format = el.getAttribute("data-ph-format");
      var value = of ? capitals(values[of]) : values[name];  // capitals follow their amount
      if (value && format) value = formatted(format, value);
      el.textContent = value ? value : "{" + name + "}";
      el.classList.toggle("hk-ph--filled", !!value);
      el.classList.toggle("hk-ph--wrong", !of && name in wrong);
      if (!of && name in wrong) el.title = wrong[name]; else el.removeAttribute("title");
    });
    showContradictions(wrong);
  }

  function showContradictions(wrong) {
    var form = document.getElementById("hk-fill");
    if (!form) return;
    form.querySelectorAll("input[data-ph-input]").forEach(function (input) {
      var problem = document.getElementById(input.getAttribute("aria-describedby") || "");
      var text = wrong[input.getAttribute("data-ph-input")];
      if (!problem) return;
      problem.textContent = text || "";
      problem.hidden = !text;
      if (text) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    });
    var count = Object.keys(wrong).length, alert = form.querySelector(".hk-fill__wrong");
    alert.textContent = count ? "，" + count + " 项有矛盾" : "";
  }

  // The names of the placeholders in an element that match a selector (still without a value:
  // ":not(.hk-ph--filled)"), each once, in order.
  function named(el, selector) {
    var names = [];
    el.querySelectorAll(".hk-ph" + selector).forEach(function (ph) {
      var name = ph.getAttribute("data-ph-of") || ph.getAttribute("data-ph");  // capitals: their amount
      if (names.indexOf(name) < 0) names.push(name);
    });
    return names;
  }

  // innerText keeps line breaks, and placeholders already show their filled-in values. List
  // markers are not text to it: while it reads, each item carries its own (1. 2. … as its list
  // numbers it, "- " in a list of bullets), so a letter's 附件 keep their numbers when pasted.
  function textOf(el) {
    var marks = [];
    el.querySelectorAll("li").forEach(function (li) {
      var mark = document.createElement("span");
      mark.textContent = marker(li);
      // In a loose list the item's text is in a paragraph: the number goes in front of it there,
      // not on a line of its own.
      var lead = li.firstChild;
      while (lead && lead.nodeType === 3 && !lead.textContent.trim()) lead = lead.nextSibling;
      var holder = lead && lead.nodeType === 1 && lead.tagName === "P" ? lead : li;
      marks.push(holder.insertBefore(mark, holder.firstChild));
    });
    var text = el.innerText || el.textContent || "";
    marks.forEach(function (mark) { mark.remove(); });
    return text.replace(/\n{3,}/g, "\n\n").trim();
  }

  function marker(li) {
    var list = li.parentElement;
    if (!list || list.tagName !== "OL") return "- ";
    var items = Array.prototype.filter.call(list.children, function (c) { return c.tagName === "LI"; });
    var step = list.reversed ? -1 : 1;
    var number = list.hasAttribute("start") ? list.start : list.reversed ? items.length : 1;
    for (var i = 0; i < items.length && items[i] !== li; i++) {
      number = (items[i].hasAttribute("value") ? items[i].value : number) + step;
    }
    return (li.hasAttribute("value") ? li.value : number) + ". ";
  }

  // What a copy did, for screen readers: one live region, there before anything is said in it.
  var announcer = null;
  function announce(message) {
    if (!announcer) return;
    announcer.textContent = "";  // the same message again is announced again
    setTimeout(function () { announcer.textContent = message; }, 100);
  }

  // A copy with placeholders left unfilled still copies: mid-call the text is wanted now, and
  // its {…} are easy to see and replace where it is pasted. So does one with values that
  // contradict each other, which is harder to see in the pasted text. A note beside the button
  // says which ones, with a way to the form.
  var notes = 0;
  function report(button, missing, wrong) {
    var note = button.nextElementSibling;
    if (note && note.classList.contains("hk-copy__note")) note.remove();
    button.removeAttribute("aria-describedby");
    if (!missing.length && !wrong.length) { announce("已复制"); return; }
    function listed(names) { return names.map(function (name) { return "{" + name + "}"; }).join("、"); }
    var parts = [];
    if (wrong.length) parts.push(wrong.length + " 项与其他值矛盾：" + listed(wrong));
    if (missing.length) parts.push(missing.length + " 项未填写：" + listed(missing));
    var message = "已复制，其中 " + parts.join("；");
    note = document.createElement("p");
    note.className = "hk-copy__note";
    note.id = "hk-copy-note-" + ++notes;
    note.textContent = message + " ";
    var form = document.getElementById("hk-fill");
    if (form) {
      var go = document.createElement("button");
      go.type = "button"; go.className = "hk-copy__fill"; go.textContent = wrong.length ? "去改正" : "去填写";
      go.addEventListener("click", function () { openForm(wrong[0] || missing[0]); });
      note.appendChild(go);
    }
    button.insertAdjacentElement("afterend", note);
    button.setAttribute("aria-describedby", note.id);
    announce(message);
  }

  function clearNotes() {
    document.querySelectorAll(".hk-copy__note").forEach(function (note) {
      var button = note.previousElementSibling;
      if (button) button.removeAttribute("aria-describedby");
      note.remove();
    });
  }

  function openForm(name) {
    var form = document.getElementById("hk-fill");
    if (!form) return;
    form.open = true;
    var field = form.querySelector('input[data-ph-input="' + (window.CSS ? CSS.escape(name) : name) + '"]');
    if (field) { field.focus(); field.scrollIntoView({ block: "center" }); }
  }

  function copy(text, button, missing, wrong) {
    function done() {
      // The label to come back to is the one before the first click: a second click within the
      // pause would otherwise keep "已复制" as the label for good.
      if (!button.hasAttribute("data-label")) button.setAttribute("data-label", button.textContent);
      button.textContent = "已复制";
      button.classList.add("hk-copy--done");
      clearTimeout(button.hkRestore);
      button.hkRestore = setTimeout(function () {
        button.textContent = button.getAttribute("data-label");
        button.classList.remove("hk-copy--done");
      }, 1200);
      report(button, missing, wrong);
    }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text; area.setAttribute("readonly", "");
      area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area); area.select();
      try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
      document.body.removeChild(area); done();
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else { fallback(); }
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest(".hk-copy");
    if (!button) return;
    var selector = button.getAttribute("data-copy-target");
    var source = selector ? button.parentElement.querySelector(selector)
                          : button.parentElement.querySelector(".hk-text");
    if (source) copy(textOf(source), button, named(source, ":not(.hk-ph--filled)"), named(source, ".hk-ph--wrong"));
  });

  // The form holds the placeholders on the page, and those a page declares for what it shows
  // later (data-placeholders: the finder's answers appear as the collector types).
  function placeholderNames() {
    var names = [];
    function add(name) { if (name && names.indexOf(name) < 0) names.push(name); }
    document.querySelectorAll("[data-placeholders]").forEach(function (el) {
      el.getAttribute("data-placeholders").split(" ").forEach(add);
    });
    document.querySelectorAll(".hk-ph").forEach(function (el) {
      add(el.getAttribute("data-ph-of") || el.getAttribute("data-ph"));  // capitals: their amount
    });
    return names;
  }

  function buildForm() {
    var names = placeholderNames();
    var article = document.querySelector("article.md-content__inner") || document.querySelector("article");
    if (!names.length || !article || document.getElementById("hk-fill")) return;
    var values = load();
    var box = document.createElement("details");
    box.id = "hk-fill"; box.className = "hk-fill";
    var summary = document.createElement("summary");
    summary.textContent = "填写占位符（" + names.length + " 项，只保存在本机浏览器）";
    var alert = document.createElement("span");  // how many values contradict another: seen while closed
    alert.className = "hk-fill__wrong";
    summary.appendChild(alert);
    box.appendChild(summary);
    var grid = document.createElement("div");
    grid.className = "hk-fill__grid";
    names.forEach(function (name, i) {
      var label = document.createElement("label");
      var span = document.createElement("span"); span.textContent = name;
      var input = document.createElement("input");
      input.type = "text"; input.value = values[name] || ""; input.setAttribute("data-ph-input", name);
      var problem = document.createElement("span");  // what huikuan letter would refuse in it
      problem.className = "hk-fill__problem"; problem.id = "hk-fill-problem-" + i; problem.hidden = true;
      input.setAttribute("aria-describedby", problem.id);
      input.addEventListener("input", function () {
        var v = load();
        if (input.value) v[name] = input.value; else delete v[name];
        save(v); fill(); clearNotes();
      });
      label.appendChild(span); label.appendChild(input); label.appendChild(problem); grid.appendChild(label);
    });
    var clear = document.createElement("button");
    clear.type = "button"; clear.className = "hk-fill__clear"; clear.textContent = "清空";
    clear.addEventListener("click", function () {
      save({}); grid.querySelectorAll("input").forEach(function (i) { i.value = ""; }); fill(); clearNotes();
    });
    box.appendChild(grid); box.appendChild(clear);
    var heading = article.querySelector("h1");
    if (heading && heading.nextSibling) article.insertBefore(box, heading.nextSibling); else article.prepend(box);
  }

  function addCopyButtons(root) {
    (root || document).querySelectorAll(".hk-line").forEach(function (line) {
      if (line.querySelector(".hk-copy")) return;
      var button = document.createElement("button");
      button.type = "button"; button.className = "hk-copy"; button.textContent = "复制";
      button.title = "复制这句话"; button.setAttribute("aria-label", "复制这句话");
      line.appendChild(button);
    });
  }

  /* Material's search reads the query box only on keyup, on focus and once when its worker is
     ready (components/search/query: watchSearchQuery). Text that arrives without a keyup — an IME
     commit, a paste from the context menu, autofill, dictation, or a test's fill()/insertText —
     is never searched if the worker was ready before it: the search stays on the empty query.
     Hand Material a keyup after every change; it drops unchanged values itself. Not bubbling, so
     only the box's own listeners see it. */
  function searchChanged(e) {
    var box = e.target;
    if (!box.matches || !box.matches("[data-md-component=search-query]") || e.isComposing) return;
    box.dispatchEvent(new KeyboardEvent("keyup", { key: "Unidentified" }));
  }
  document.addEventListener("input", searchChanged);
  document.addEventListener("compositionend", searchChanged);

  /* A page outside the navigation (a library entry) is shown in its list's place in it (the
     plugin's FolderSections): the tab and the sidebar mark the list. On a phone neither is in
     view, so a line above the title says where the page belongs, the list linked: the way back.
     Made here from the navigation, and not written into each of thousands of pages. */
  function addTrail() {
    var nav = document.querySelector(".md-nav--primary");
    var article = document.querySelector("article.md-content__inner");
    if (!nav || !article || nav.querySelector("a.md-nav__link--active")) return;  // a page in the navigation
    var active = nav.querySelectorAll(".md-nav__item--active");  // the list and its sections, outermost first
    var list = active.length && active[active.length - 1].querySelector(":scope > a, :scope > .md-nav__container > a");
    if (!list) return;
    var trail = document.createElement("nav");
    trail.className = "hk-trail"; trail.setAttribute("aria-label", "所在位置");
    for (var i = 0; i < active.length - 1; i++) {
      var title = active[i].querySelector(":scope > .md-nav__link .md-ellipsis");
      if (!title) continue;
      var section = document.createElement("span");
      section.textContent = title.textContent.trim();
      trail.appendChild(section);
    }
    var link = document.createElement("a");
    link.href = list.getAttribute("href"); link.textContent = list.textContent.trim();
    trail.appendChild(link);
    article.insertBefore(trail, article.querySelector("h1") || article.firstChild);
  }

  window.huikuan = { refresh: fill };
  function start() {
    if (!announcer || !document.body.contains(announcer)) {
      announcer = document.createElement("div");
      announcer.className = "hk-announce"; announcer.setAttribute("role", "status");
      document.body.appendChild(announcer);
    }
    addTrail(); addCopyButtons(); buildForm(); fill();
  }
  /* Material's document$ tells of every page shown: the first, and with navigation.instant each
     page swapped in without a load (whose copy buttons, form and trail are made here again).
     Without Material's bundle, the page load is the only one. */
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
