/* Site-wide accessibility fix on top of Material: its search overlay is a dialog
   without a name. Re-applied on every page instant navigation shows (common.js). */
(function () {
  "use strict";
  function label() {
    var search = document.querySelector('.md-search[role="dialog"]');
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
  }
  window.tfc.onEveryPage(label);
})();
