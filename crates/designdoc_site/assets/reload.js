// designdoc serve: reload the page when the site is rebuilt.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var source = new EventSource("/__designdoc/events");
  source.addEventListener("reload", function (e) {
    var changed = [];
    try { changed = JSON.parse(e.data).changed || []; } catch (_) {}
    var here = decodeURIComponent(location.pathname).replace(/^\//, "") || "index.html";
    if (here.endsWith("/")) here += "index.html";
    // Reload when this page (or any page, if unknown) changed.
    if (!changed.length || changed.indexOf(here) !== -1) location.reload();
  });
})();
