/*
 * What the course's scripts share (quiz.js, progress.js, site.js), as window.tfc:
 *
 * - what the course keeps in this browser (localStorage): one JSON entry per page
 *   and kind, under "tfc-<kind>:v1:<path>"; storage may be disabled or full, so
 *   every call is best effort and never throws;
 * - onEveryPage(fn): run fn on the page shown now and on every page Material's
 *   instant navigation shows later (document$), once the document is ready.
 */
(function () {
  "use strict";

  function key(kind, pathname) {
    return "tfc-" + kind + ":v1:" + pathname.replace(/index\.html$/, "");
  }

  function load(k) {
    try {
      var raw = window.localStorage.getItem(k);
      var data = raw ? JSON.parse(raw) : null;
      if (data && typeof data === "object") return data;
    } catch (e) { /* storage disabled or corrupt: start afresh */ }
    return null;
  }

  function save(k, data) {
    try { window.localStorage.setItem(k, JSON.stringify(data)); } catch (e) { /* best effort */ }
  }

  function forget(k) {
    try { window.localStorage.removeItem(k); } catch (e) { /* best effort */ }
  }

  /* Every entry of a kind ("quiz", "lesson"), for a reset. */
  function keys(kind) {
    var found = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var k = window.localStorage.key(i);
        if (k && k.indexOf("tfc-" + kind + ":v1:") === 0) found.push(k);
      }
    } catch (e) { /* storage disabled */ }
    return found;
  }

  function onEveryPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(fn);  // the first page included
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  window.tfc = { key: key, load: load, save: save, forget: forget, keys: keys, onEveryPage: onEveryPage };
})();
