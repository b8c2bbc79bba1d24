/* Service worker for /chung-nhan/tra-cuu/ only ("Quét để kiểm tra", certificates.credentials).
   Keeps the checking page, its script and the issuer's public keys; with no network, a scanned
   certificate address is answered with the checking page, which reads the signed payload from
   the URL fragment. Version __VERSION__. */
"use strict";
const CACHE = "lms-kiem-tra-__VERSION__";
const ASSETS = {{ assets|safe }};
const PAGE = ASSETS[0];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(ASSETS.map((url) => cache.add(new Request(url, { cache: "reload" })).catch(() => null)))
    ).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(
      names.filter((name) => name.startsWith("lms-kiem-tra-") && name !== CACHE).map((name) => caches.delete(name))
    )).then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.open(CACHE).then((cache) => cache.match(PAGE))));
    return;
  }
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(
      fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      }).catch(() => caches.open(CACHE).then((cache) => cache.match(url.pathname)))
    );
  }
});
