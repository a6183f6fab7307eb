// skillpress dev server: live reload over server-sent events. Injected into HTML responses by
// `skillpress serve` only; never part of the built site.
(function () {
  var script = document.currentScript;
  var build = script && script.getAttribute('data-build');
  if (!window.EventSource) return;
  var source = new EventSource('/__skillpress/events');
  source.addEventListener('hello', function (e) {
    // A rebuild finished while this tab was disconnected, or the server restarted.
    if (e.data !== build) location.reload();
  });
  source.addEventListener('reload', function () {
    location.reload();
  });
  source.addEventListener('css', function (e) {
    // Only stylesheets changed: swap them without reloading, keeping scroll and form state.
    var changed = e.data.split('\n');
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    var swapped = false;
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      for (var j = 0; j < changed.length; j++) {
        if (url.pathname === '/' + changed[j]) {
          url.searchParams.set('v', String(Date.now()));
          links[i].href = url.pathname + url.search;
          swapped = true;
        }
      }
    }
    if (!swapped) location.reload();
  });
  window.addEventListener('pagehide', function () { source.close(); });
})();
