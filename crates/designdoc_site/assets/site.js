// designdoc's site script: search, code highlighting, Mermaid diagrams.
// No inline scripts anywhere (the pages' Content-Security-Policy forbids
// them), so everything a page does starts here.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  function load(src, done) {
    var s = document.createElement("script");
    s.src = root + src;
    s.onload = done;
    document.head.appendChild(s);
  }

  function css(href) {
    var l = document.createElement("link");
    l.rel = "stylesheet";
    l.href = root + href;
    document.head.appendChild(l);
  }

  // Search: Pagefind over http(s); on file://, where browsers refuse the
  // fetches Pagefind makes, a plain search over search-index.js.
  var box = document.getElementById("search");
  if (box) {
    if (location.protocol === "http:" || location.protocol === "https:") {
      css("pagefind/pagefind-ui.css");
      // A large site's index comes in shards, merged by Pagefind's UI.
      load("search-shards.js", function () {
        load("pagefind/pagefind-ui.js", function () {
          var base = new URL(root || "./", location.href).pathname;
          var shards = (window.DESIGNDOC_SEARCH_SHARDS || []).map(function (s) {
            return { bundlePath: base + s };
          });
          /* global PagefindUI */
          new PagefindUI({ element: "#search", showSubResults: true, showImages: false,
                           baseUrl: base, mergeIndex: shards });
        });
      });
    } else {
      fallbackSearch(box);
    }
  }

  function fallbackSearch(box) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "dd-search-input";
    input.placeholder = "Search";
    input.setAttribute("aria-label", "Search the docs");
    var results = document.createElement("div");
    results.className = "dd-search-results";
    box.appendChild(input);
    box.appendChild(results);
    var loaded = false;
    input.addEventListener("focus", function () {
      if (!loaded) { loaded = true; load("search-index.js", function () { run(); }); }
    });
    input.addEventListener("input", run);
    function run() {
      var index = window.DESIGNDOC_SEARCH;
      results.textContent = "";
      var q = input.value.trim().toLowerCase();
      if (!index || q.length < 2) return;
      var words = q.split(/\s+/);
      var hits = [];
      index.forEach(function (d) {
        var hay = (d.l + " " + d.t + " " + d.h.map(function (h) { return h[1]; }).join(" ") + " " + d.x).toLowerCase();
        var score = 0;
        for (var i = 0; i < words.length; i++) {
          if (hay.indexOf(words[i]) === -1) return;
          if (d.t.toLowerCase().indexOf(words[i]) !== -1) score += 10;
          score += 1;
        }
        hits.push([score, d]);
      });
      hits.sort(function (a, b) { return b[0] - a[0]; });
      hits.slice(0, 20).forEach(function (h) {
        var d = h[1];
        var a = document.createElement("a");
        a.className = "dd-hit";
        a.href = root + d.u;
        var t = document.createElement("div");
        t.className = "dd-hit-title";
        t.textContent = d.l + " " + d.t + (d.s ? " (" + d.s + ")" : "");
        var x = document.createElement("div");
        x.className = "dd-hit-excerpt";
        var at = d.x.toLowerCase().indexOf(words[0]);
        x.textContent = at === -1 ? d.x.slice(0, 160) : "…" + d.x.slice(Math.max(0, at - 60), at + 100) + "…";
        a.appendChild(t);
        a.appendChild(x);
        results.appendChild(a);
      });
    }
  }

  // Code: highlight.js, loaded by the page when it has code.
  function highlight() {
    if (!window.hljs) return;
    document.querySelectorAll("pre code").forEach(function (el) {
      if (el.className.indexOf("language-mermaid") !== -1) return;
      var lang = (el.className.match(/language-([\w+#-]+)/) || [])[1];
      if (lang && !window.hljs.getLanguage(lang)) return;
      window.hljs.highlightElement(el);
    });
  }

  // Mermaid: each ```mermaid block drawn as SVG.
  function diagrams() {
    var blocks = document.querySelectorAll("pre > code.language-mermaid");
    if (!blocks.length || !window.mermaid) return;
    blocks.forEach(function (code) {
      var pre = code.parentNode;
      var div = document.createElement("pre");
      div.className = "mermaid";
      div.textContent = code.textContent;
      pre.parentNode.replaceChild(div, pre);
    });
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
    window.mermaid.run({ querySelector: "pre.mermaid" });
  }

  // The graph: drawn at its own size (labels at reading size) in a view
  // that scrolls; the buttons zoom it, "Fit" makes all of it visible.
  function graph() {
    var view = document.querySelector(".graph-view");
    var svg = view && view.querySelector("svg");
    if (!svg) return;
    var w = svg.width.baseVal.value, h = svg.height.baseVal.value, scale = 1;
    function zoom(to, cx, cy) {
      // Keep the point under (cx, cy) of the view where it was.
      var fx = (view.scrollLeft + cx) / scale, fy = (view.scrollTop + cy) / scale;
      scale = Math.min(4, Math.max(0.05, to));
      svg.setAttribute("width", String(w * scale));
      svg.setAttribute("height", String(h * scale));
      view.scrollLeft = fx * scale - cx;
      view.scrollTop = fy * scale - cy;
    }
    document.querySelectorAll(".graph-tools [data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var cx = view.clientWidth / 2, cy = view.clientHeight / 2;
        var how = b.getAttribute("data-zoom");
        if (how === "in") zoom(scale * 1.25, cx, cy);
        else if (how === "out") zoom(scale / 1.25, cx, cy);
        else if (how === "reset") zoom(1, cx, cy);
        else zoom(Math.min(1, view.clientWidth / w, view.clientHeight / h), 0, 0);
      });
    });
    // Ctrl + wheel (and a trackpad's pinch) zooms around the pointer.
    view.addEventListener("wheel", function (e) {
      if (!e.ctrlKey) return;
      e.preventDefault();
      var r = view.getBoundingClientRect();
      zoom(scale * Math.pow(1.0015, -e.deltaY), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
  }

  // The sticky header's height, for anchors to land below it when the nav
  // wraps to a second row.
  function headerHeight() {
    var top = document.querySelector(".top");
    if (!top) return;
    // The anchor the page opened at: scrolled to again whenever the header
    // changes height (the search box loads late), until the reader scrolls.
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var moved = false;
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (e) {
      window.addEventListener(e, function () { moved = true; }, { once: true, passive: true });
    });
    var set = function () {
      var sticky = getComputedStyle(top).position === "sticky";
      document.documentElement.style.setProperty("--top-h", (sticky ? top.offsetHeight : 0) + "px");
      if (target && !moved) target.scrollIntoView();
    };
    set();
    window.addEventListener("resize", set);
    if (window.ResizeObserver) new ResizeObserver(set).observe(top);
  }

  // Deferred scripts (highlight.js, Mermaid) have all run by then.
  window.addEventListener("DOMContentLoaded", function () {
    headerHeight();
    highlight();
    diagrams();
    graph();
  });
})();
