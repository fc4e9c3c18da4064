/*
 * Interactive quiz, progressive enhancement of plain quiz pages (see CONTRIBUTING.md,
 * "Quiz pages"). Without JavaScript the page stays what MkDocs built: questions with
 * collapsible answers. With it:
 *
 * - a question is an <h3 id="question-..."> and its answer the first <details> after
 *   it; a multiple-choice question has options "A) ...", "B) ..." (paragraphs or
 *   list items) before its answer, which opens "**Answer:** A - ...", or the same
 *   options in a <div class="quiz-choice" data-answer="A" markdown>: the options
 *   become buttons with instant feedback, then the explanation opens;
 * - after revealing an open question's answer the learner marks it "right on the
 *   first try" or "not yet";
 * - the score, and the band for it read from the page's own "Scoring Guide" list
 *   ("- **10-12 correct:** ..."), are shown and announced (aria-live);
 * - marks and choices persist in localStorage, with a reset;
 * - an element with class "quiz-progress" (the course home) gets, next to each link
 *   to a quiz, that quiz's saved score.
 *
 * Re-initialised on every page Material's instant navigation shows (document$).
 * Needs common.js (loaded before it); no other dependency, no request.
 */
(function () {
  "use strict";

  var OPTION_RE = /^\s*[A-Z]\)\s/;
  var BAND_RE = /(\d+)(?:\s*[-\u2013\u2014]\s*(\d+))?\s*correct/i;  // "10-12 correct" or "6 correct"
  var store = window.tfc;  // common.js, loaded before this script

  function pathKey(pathname) { return store.key("quiz", pathname); }
  var load = store.load, save = store.save, forget = store.forget;

  function text(node) {
    var clone = node.cloneNode(true);
    clone.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  /* The siblings after a heading, up to the next heading of the same or higher rank. */
  function section(heading) {
    var nodes = [];
    var rank = Number(heading.tagName.charAt(1));
    for (var n = heading.nextElementSibling; n; n = n.nextElementSibling) {
      if (/^H[1-6]$/.test(n.tagName) && Number(n.tagName.charAt(1)) <= rank) break;
      nodes.push(n);
    }
    return nodes;
  }

  function find(nodes, selector) {
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].matches(selector)) return nodes[i];
      var inner = nodes[i].querySelector(selector);
      if (inner) return inner;
    }
    return null;
  }

  /* "- **7-9 correct:** Strong foundation" -> {min: 7, max: 9, label: "7-9 correct", text: "..."} */
  function readBands(root) {
    var guide = Array.prototype.find.call(root.querySelectorAll("h2"), function (h) {
      return /scoring guide/i.test(text(h));
    });
    if (!guide) return [];
    var list = find(section(guide), "ul, ol");
    if (!list) return [];
    var bands = [];
    Array.prototype.forEach.call(list.children, function (li) {
      var full = text(li);
      var match = BAND_RE.exec(full);
      if (!match) return;
      var label = match[0];
      var rest = full.slice(match.index + label.length);
      bands.push({
        min: Number(match[1]), max: Number(match[2] || match[1]), item: li, label: label,
        text: rest.replace(/^[\s:\u2013\u2014-]+/, "").trim(),
      });
    });
    return bands;
  }

  /*
   * Plain Markdown multiple choice: between the question and its answer, paragraphs (or
   * list items) "A) ...", "B) ...", and the answer opening "**Answer:** A - ...". They
   * are wrapped in a <div class="quiz-choice" data-answer="A">, the explicit form.
   */
  function discoverChoice(nodes, answer) {
    var options = [];
    for (var i = 0; i < nodes.length && nodes[i] !== answer; i++) {
      var n = nodes[i];
      if (n.tagName === "P" && OPTION_RE.test(n.textContent)) options.push(n);
      else if (/^(UL|OL)$/.test(n.tagName) && n.children.length &&
               Array.prototype.every.call(n.children, function (li) { return OPTION_RE.test(li.textContent); })) options.push(n);
    }
    var first = answer.querySelector(":scope > summary + *");
    var match = first && /^\s*Answer:\s*([A-Z])\s*(?:[-\u2013\u2014).:]|$)/.exec(first.textContent);
    if (options.length < 1 || !match) return null;
    var box = el("div", { class: "quiz-choice", "data-answer": match[1] });
    options[0].parentNode.insertBefore(box, options[0]);
    var list = el("ul");
    options.forEach(function (option) {
      if (option.tagName === "P") {
        var li = el("li");
        while (option.firstChild) li.appendChild(option.firstChild);
        option.remove();
        list.appendChild(li);
      } else {
        while (option.firstElementChild) list.appendChild(option.firstElementChild);
        option.remove();
      }
    });
    box.appendChild(list);
    return box;
  }

  function bandFor(bands, score) {
    for (var i = 0; i < bands.length; i++) {
      if (score >= bands[i].min && score <= bands[i].max) return bands[i];
    }
    return null;
  }

  function describe(score, total, answered) {
    return score + " of " + total + " right on the first try (" + answered + " of " + total + " answered)";
  }

  /* ---------------------------------------------------------------- quiz page */

  function initQuiz(article) {
    var headings = article.querySelectorAll('h3[id^="question-"]');
    if (!headings.length || article.hasAttribute("data-quiz-ready")) return;
    article.setAttribute("data-quiz-ready", "");

    var key = pathKey(window.location.pathname);
    var h1 = article.querySelector("h1");
    var state = load(key) || {};
    state.marks = state.marks || {};
    state.choices = state.choices || {};
    var bands = readBands(article);
    var questions = [];

    Array.prototype.forEach.call(headings, function (heading) {
      var nodes = section(heading);
      var answer = find(nodes, "details");
      if (!answer) return;
      var q = { id: heading.id, title: text(heading), heading: heading, answer: answer };
      var choice = find(nodes, ".quiz-choice[data-answer]") || discoverChoice(nodes, answer);
      if (choice) setupChoice(q, choice);
      else setupMark(q);
      questions.push(q);
    });
    if (!questions.length) return;

    var panel = buildPanel();
    var guideList = bands.length ? bands[0].item.parentNode : null;
    if (guideList) guideList.parentNode.insertBefore(panel.root, guideList.nextSibling);
    else questions[questions.length - 1].answer.parentNode.appendChild(panel.root);

    render(false);

    // Deep link: content changed after the browser scrolled to the fragment; land on it again.
    if (window.location.hash) {
      var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target && article.contains(target)) target.scrollIntoView();
    }

    function score() {
      var right = 0, answered = 0;
      questions.forEach(function (q) {
        if (q.choice) {
          var picked = state.choices[q.id];
          if (picked) { answered++; if (picked === q.correct) right++; }
        } else if (state.marks[q.id]) {
          answered++;
          if (state.marks[q.id] === "right") right++;
        }
      });
      return { right: right, answered: answered, total: questions.length };
    }

    function persist() {
      var s = score();
      var band = bandFor(bands, s.right);
      state.title = h1 ? text(h1) : document.title;
      state.score = s.right;
      state.answered = s.answered;
      state.total = s.total;
      state.band = band ? band.label + ": " + band.text : "";
      if (s.answered) save(key, state);
      else forget(key);
      document.dispatchEvent(new CustomEvent("tfc-progress-changed"));  // progress.js: the navigation
    }

    function render(announce) {
      var s = score();
      var band = bandFor(bands, s.right);
      var line = "Score: " + describe(s.right, s.total, s.answered) + ".";
      if (band && s.answered) line += " Band: " + band.label + ": " + band.text;
      else if (!s.answered) line = "Score: nothing answered yet (" + s.total + " questions).";
      if (announce || panel.status.textContent !== line) panel.status.textContent = line;
      bands.forEach(function (b) {
        var current = s.answered > 0 && b === band;
        b.item.classList.toggle("quiz-band--current", current);
        if (current) b.item.setAttribute("aria-current", "true");
        else b.item.removeAttribute("aria-current");
      });
      questions.forEach(function (q) { q.render(s); });
    }

    function changed() {
      persist();
      render(true);
    }

    function buildPanel() {
      var status = el("p", { class: "quiz-panel__status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
      var reset = el("button", { type: "button", class: "md-button quiz-panel__reset", text: "Reset this quiz" });
      reset.addEventListener("click", function () {
        state.marks = {};
        state.choices = {};
        persist();
        render(true);
        panel.status.textContent = "Quiz reset. " + panel.status.textContent;
      });
      var root = el("div", { class: "quiz-panel", role: "region", "aria-label": "Your score" }, [
        el("p", { class: "quiz-panel__title", text: "Your score (kept in this browser)" }), status, reset,
      ]);
      return { root: root, status: status, reset: reset };
    }

    /* Open question: "I got it right on the first try" / "Not yet", after the reveal. */
    function setupMark(q) {
      var prompt = el("span", { class: "quiz-mark__prompt", id: q.id + "--mark", text: "How did you do?" });
      var right = el("button", { type: "button", class: "quiz-mark__button", "data-mark": "right", "aria-pressed": "false", text: "\u2705 I got it right on the first try" });
      var notYet = el("button", { type: "button", class: "quiz-mark__button", "data-mark": "not-yet", "aria-pressed": "false", text: "\uD83D\uDD01 Not yet" });
      var running = el("span", { class: "quiz-mark__score" });
      var group = el("div", { class: "quiz-mark", role: "group", "aria-labelledby": q.id + "--mark " + q.id }, [prompt, right, notYet, running]);
      var badge = el("span", { class: "quiz-badge", hidden: "" });
      q.answer.querySelector("summary").appendChild(badge);
      // Right after the "Answer:" paragraph: read the answer, then mark it.
      var first = q.answer.querySelector(":scope > summary + *");
      if (first) q.answer.insertBefore(group, first.nextSibling);
      else q.answer.appendChild(group);
      [right, notYet].forEach(function (button) {
        button.addEventListener("click", function () {
          var mark = button.getAttribute("data-mark");
          if (state.marks[q.id] === mark) delete state.marks[q.id];
          else state.marks[q.id] = mark;
          changed();
        });
      });
      q.render = function (s) {
        var mark = state.marks[q.id];
        right.setAttribute("aria-pressed", String(mark === "right"));
        notYet.setAttribute("aria-pressed", String(mark === "not-yet"));
        running.textContent = mark ? "Score: " + s.right + " of " + s.total : "";
        badge.hidden = !mark;
        badge.textContent = mark === "right" ? "\u2705 right first try" : mark ? "\uD83D\uDD01 not yet" : "";
      };
    }

    /* Multiple choice: options are buttons; the first choice counts; then the explanation opens. */
    function setupChoice(q, box) {
      q.choice = box;
      q.correct = box.getAttribute("data-answer").trim().toUpperCase();
      box.setAttribute("role", "group");
      box.setAttribute("aria-labelledby", q.id);
      var buttons = [];
      box.querySelectorAll("li").forEach(function (li) {
        var match = /^\s*([A-Z])\)/.exec(li.textContent);
        if (!match) return;
        var letter = match[1].toUpperCase();
        var button = el("button", { type: "button", class: "quiz-choice__option", "data-option": letter, "aria-pressed": "false" });
        while (li.firstChild) button.appendChild(li.firstChild);
        li.appendChild(button);
        button.addEventListener("click", function () {
          if (state.choices[q.id]) return;  // the first choice is the one that counts
          state.choices[q.id] = letter;
          changed();
          q.answer.open = true;  // then the explanation
        });
        buttons.push(button);
      });
      var feedback = el("p", { class: "quiz-choice__feedback", role: "status", "aria-live": "polite" });
      box.appendChild(feedback);
      q.render = function () {
        var picked = state.choices[q.id];
        buttons.forEach(function (button) {
          var letter = button.getAttribute("data-option");
          button.setAttribute("aria-pressed", String(letter === picked));
          button.setAttribute("aria-disabled", String(Boolean(picked)));
          button.classList.toggle("quiz-choice__option--correct", Boolean(picked) && letter === q.correct);
          button.classList.toggle("quiz-choice__option--wrong", Boolean(picked) && letter === picked && picked !== q.correct);
        });
        var message = !picked ? "" : picked === q.correct
          ? "\u2705 Correct: " + picked + "."
          : "\u274C Not quite: you chose " + picked + ". The answer is " + q.correct + ".";
        if (feedback.textContent !== message) feedback.textContent = message;
        box.classList.toggle("quiz-choice--answered", Boolean(picked));
      };
    }
  }

  /* ------------------------------------------------------ course-wide progress */

  function initProgress(root) {
    root.querySelectorAll(".quiz-progress a[href]").forEach(function (link) {
      var url = new URL(link.getAttribute("href"), window.location.href);
      var data = load(pathKey(url.pathname));
      var label = data && data.total
        ? ": " + describe(data.score, data.total, data.answered) + (data.band ? ". " + data.band : "")
        : ": not started";
      var shown = link.nextElementSibling;
      if (shown && shown.classList.contains("quiz-progress__score")) shown.textContent = label;
      else link.insertAdjacentElement("afterend", el("span", { class: "quiz-progress__score", text: label }));
    });
  }

  function article() {
    return document.querySelector(".md-content article") || document.querySelector("article") || document.body;
  }

  function init() {
    initQuiz(article());
    initProgress(article());
  }

  /* progress.js resets all progress, quiz scores included: show it at once. */
  document.addEventListener("tfc-progress-reset", function () { initProgress(article()); });

  window.tfc.onEveryPage(init);
})();
