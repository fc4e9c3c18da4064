/*
 * What the course keeps in this browser (localStorage), shared by quiz.js and
 * progress.js: one JSON entry per page and kind, under "tfc-<kind>:v1:<path>".
 * Storage may be disabled or full: every call is best effort and never throws.
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

  window.tfcStore = { key: key, load: load, save: save, forget: forget, keys: keys };
})();
