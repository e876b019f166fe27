/* On /verify/ only, before the theme's script: the theme reads `?q=` as a search of the hand-written
   pages and opens its search box. The query is the verify box's: it is taken out of the address here
   (data-portal-q keeps it) and portal.js puts it back once it has answered it. */
(function () {
  "use strict";
  try {
    var url = new URL(location.href);
    if (!url.searchParams.has("q")) return;
    document.documentElement.setAttribute("data-portal-q", url.searchParams.get("q"));
    url.searchParams.delete("q");
    history.replaceState(history.state, "", url.href);
  } catch (e) { /* an old browser: the theme's search opens too, the box still answers */ }
})();
