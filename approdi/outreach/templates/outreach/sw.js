// Approdi outreach service worker ({{ version }}): keeps the entry screens and their files
// so that records can be entered with no network. It stores no record: the page keeps
// its queue in IndexedDB. Only GET requests for the files below are answered from here.
"use strict";
var CACHE = "approdi-outreach-{{ version }}";
var ASSETS = {{ assets|safe }};
var PAGES = {{ pages|safe }};

function keep(cache, url) {
  return fetch(url, { credentials: "same-origin" }).then(function (response) {
    if (response.ok && !response.redirected) { return cache.put(url, response); }
    return null;
  }, function () { return null; });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(ASSETS.concat(PAGES).map(function (url) { return keep(cache, url); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("approdi-outreach-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (PAGES.indexOf(url.pathname) !== -1 && request.mode === "navigate") {
    // Network first (fresh form and token), the kept copy when there is no network.
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return response;
    }, function () {
      return caches.match(url.pathname).then(function (kept) {
        return kept || Response.error();
      });
    }));
    return;
  }
  if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(url.pathname).then(function (kept) {
      return kept || fetch(request);
    }));
  }
});
