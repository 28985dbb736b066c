/* drawcloser service worker.
   It caches the app's static files (styles, scripts, icons) so the app opens fast, and
   nothing else: pages, the API and anything she writes always come from the server and
   are never stored here. Served at /sw.js with __STATIC_VERSION__ filled in. */
"use strict";

var VERSION = "__STATIC_VERSION__";
var CACHE = "drawcloser-static-" + VERSION;
var OFFLINE = "/static/offline.html";
var PRECACHE = [
  "/static/css/app.css?v=" + VERSION,
  "/static/js/htmx.min.js?v=" + VERSION,
  "/static/js/app.js?v=" + VERSION,
  "/static/icons/icon.svg?v=" + VERSION,
  "/static/css/app.css",
  OFFLINE
];

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0;
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) { return cache.addAll(PRECACHE); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (keys) {
        return Promise.all(keys.filter(function (key) {
          return key.indexOf("drawcloser-") === 0 && key !== CACHE;
        }).map(function (key) { return caches.delete(key); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (isStatic(url)) {
    event.respondWith(
      caches.open(CACHE).then(function (cache) {
        return cache.match(request).then(function (hit) {
          if (hit) return hit;
          return fetch(request).then(function (response) {
            if (response.ok) cache.put(request, response.clone());
            return response;
          });
        });
      })
    );
    return;
  }
  if (request.mode === "navigate" && url.origin === self.location.origin) {
    // Pages always come from the server; when it cannot be reached, a static note says so.
    event.respondWith(
      fetch(request).catch(function () { return caches.match(OFFLINE); })
    );
  }
});
