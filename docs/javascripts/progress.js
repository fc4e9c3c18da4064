/*
 * Progress across the course, kept in this browser beside the quiz scores (common.js).
 * Without JavaScript the pages stay plain pages. With it:
 *
 * - a lesson page's <div class="lesson-progress"> (at its end) becomes a toggle
 *   button "Mark this lesson as done" (aria-pressed), with a status line that a
 *   screen reader announces;
 * - the navigation shows a done mark next to each lesson marked done, and each
 *   quiz's saved score next to the quiz (with text for screen readers, not only a sign);
 * - the course home's <div class="course-progress"> gets "done" or "not done yet"
 *   next to each lesson link it holds (links inside a nested "quiz-progress" are
 *   quizzes, whose scores quiz.js shows), a count, and a button that resets all
 *   progress, lessons and quiz scores alike.
 *
 * Re-initialised on every page Material's instant navigation shows (document$).
 * Needs common.js (loaded before it); no other dependency, no request.
 */
(function () {
  "use strict";

  var store = window.tfc;
  var RESET_EVENT = "tfc-progress-reset";  // quiz.js refreshes its score lines on it
  var CHANGED_EVENT = "tfc-progress-changed";  // quiz.js saved a score: the navigation shows it

  function pathOf(link) {
    return new URL(link.getAttribute("href"), window.location.href).pathname;
  }

  function lessonDone(pathname) {
    var data = store.load(store.key("lesson", pathname));
    return Boolean(data && data.done);
  }

  function quizScore(pathname) {
    var data = store.load(store.key("quiz", pathname));
    return data && data.total && data.answered ? data : null;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  /* A sign for the eye and words for a screen reader: "✓" + " (done)". */
  function mark(kind, sign, words) {
    var span = el("span", { class: "progress-mark progress-mark--" + kind, "data-progress-mark": "" });
    span.appendChild(el("span", { "aria-hidden": "true" }, sign));
    span.appendChild(el("span", { class: "progress-sr" }, words));
    return span;
  }

  /* ------------------------------------------------------------ a lesson page */

  function initLesson(box) {
    var key = store.key("lesson", window.location.pathname);
    var button = el("button", { type: "button", class: "md-button lesson-progress__toggle", "aria-pressed": "false" });
    var status = el("p", { class: "lesson-progress__status", role: "status", "aria-live": "polite" });
    function render() {
      var done = lessonDone(window.location.pathname);
      button.setAttribute("aria-pressed", String(done));
      button.textContent = done ? "\u2713 Lesson done (click to undo)" : "Mark this lesson as done";
      button.classList.toggle("md-button--primary", !done);
      status.textContent = done
        ? "Marked done in this browser: the course home and the navigation show it."
        : "Your progress stays in this browser only.";
    }
    button.addEventListener("click", function () {
      var title = document.querySelector(".md-content h1");
      if (lessonDone(window.location.pathname)) store.forget(key);
      else store.save(key, { done: true, title: title ? title.textContent.replace(/\s*¶\s*$/, "") : document.title });
      render();
      initNav();
    });
    box.textContent = "";
    box.appendChild(button);
    box.appendChild(status);
    render();
  }

  /* ----------------------------------------------------------- the navigation */

  function initNav() {
    document.querySelectorAll(".md-nav [data-progress-mark]").forEach(function (m) { m.remove(); });
    document.querySelectorAll(".md-nav--primary a.md-nav__link[href]").forEach(function (link) {
      var pathname = pathOf(link);
      var quiz = quizScore(pathname);
      var target = link.querySelector(".md-ellipsis") || link;
      if (lessonDone(pathname)) target.appendChild(mark("done", " \u2713", " (done)"));
      else if (quiz) target.appendChild(mark("score", " " + quiz.score + "/" + quiz.total,
        " (your score: " + quiz.score + " of " + quiz.total + ")"));
    });
  }

  /* ---------------------------------------------------------- the course home */

  function initHome(box) {
    var links = Array.prototype.filter.call(box.querySelectorAll("a[href]"), function (link) {
      return !link.closest(".quiz-progress");  // the quizzes' scores are quiz.js's
    });
    var summary = box.querySelector(".course-progress__summary");
    if (!summary) {
      summary = el("p", { class: "course-progress__summary", role: "status", "aria-live": "polite" });
      var reset = el("button", { type: "button", class: "md-button course-progress__reset" }, "Reset all progress");
      reset.addEventListener("click", function () {
        store.keys("lesson").concat(store.keys("quiz")).forEach(store.forget);
        document.dispatchEvent(new CustomEvent(RESET_EVENT));
        render();
        initNav();
        summary.textContent = "Progress reset. " + summary.textContent;
      });
      box.appendChild(summary);
      box.appendChild(reset);
    }
    function render() {
      var done = 0;
      links.forEach(function (link) {
        var status = link.nextElementSibling;
        if (!status || !status.classList.contains("course-progress__status")) {
          status = el("span", { class: "course-progress__status" });
          link.insertAdjacentElement("afterend", status);
        }
        var isDone = lessonDone(pathOf(link));
        if (isDone) done++;
        status.textContent = isDone ? " \u2713 done" : " not done yet";
        status.classList.toggle("course-progress__status--done", isDone);
      });
      summary.textContent = done + " of " + links.length + " lessons done (kept in this browser).";
    }
    render();
  }

  function init() {
    var article = document.querySelector(".md-content article") || document.body;
    article.querySelectorAll(".lesson-progress").forEach(initLesson);
    article.querySelectorAll(".course-progress").forEach(initHome);
    initNav();
  }

  document.addEventListener(CHANGED_EVENT, initNav);

  window.tfc.onEveryPage(init);
})();
