/* Site-wide accessibility fix on top of Material: its search overlay is a dialog
   without a name. Re-applied on every page instant navigation shows. */
(function () {
  "use strict";
  function label() {
    var search = document.querySelector('.md-search[role="dialog"]');
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
  }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(label);
  else label();
})();
