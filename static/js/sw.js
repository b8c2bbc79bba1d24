/* The site's service worker, served at /sw.js (lms.core.pwa prepends self.LMS_SW: version,
   files to precache, the queue script). No Workbox, no CDN.

   - Static files: cache first (their names change with their content in production).
   - Pages: network first. A page that answered is kept for offline use when it is one of:
     a lesson or course the member downloaded ("Tải về để học khi không có mạng", cache
     "lms-course-<id>"), a trainer's roll call, a check-in page. Offline, the kept copy is
     served; any other page falls back to the "Đang ngoại tuyến" page.
   - Work done offline (lesson completions, quiz answers, roll call marks, check-ins) waits in
     IndexedDB (offline-queue.js) and is sent by Background Sync where the browser has it;
     pages also send it on their "online" event. Every item carries an idempotency key, so the
     two senders racing each other never count anything twice. */
/* global LMS_SW, LmsQueue, importScripts */
"use strict";

var CONFIG = self.LMS_SW || { version: "dev", precache: [], offlinePage: "/ngoai-tuyen/" };
var SHELL = "lms-shell-" + CONFIG.version;
var PAGES = "lms-pages";
var KEEP_PAGES = [/^\/tap-huan\/\d+\/diem-danh\/$/, /^\/tap-huan\/d\/[^/]+\/$/];
var MAX_KEPT_PAGES = 40;

if (CONFIG.queueScript) { importScripts(CONFIG.queueScript); }

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL)
      .then(function (cache) { return cache.addAll(CONFIG.precache); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("lms-shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isStatic(url) {
  return url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/media/") === 0;
}

function keptPage(url) {
  return KEEP_PAGES.some(function (pattern) { return pattern.test(url.pathname); });
}

function trimPages() {
  return caches.open(PAGES).then(function (cache) {
    return cache.keys().then(function (keys) {
      return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_KEPT_PAGES)).map(function (key) {
        return cache.delete(key);
      }));
    });
  });
}

/* The downloaded course cache that holds this address, if any. */
function courseCacheFor(request) {
  return caches.keys().then(function (names) {
    var courses = names.filter(function (name) { return name.indexOf("lms-course-") === 0; });
    return courses.reduce(function (found, name) {
      return found.then(function (hit) {
        if (hit) { return hit; }
        return caches.open(name).then(function (cache) {
          return cache.match(request, { ignoreSearch: true }).then(function (match) {
            return match ? cache : null;
          });
        });
      });
    }, Promise.resolve(null));
  });
}

function fromCaches(request) {
  return caches.match(request, { ignoreSearch: false }).then(function (hit) {
    return hit || caches.match(request, { ignoreSearch: true });
  });
}

function page(event) {
  var request = event.request;
  var url = new URL(request.url);
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      var store = keptPage(url)
        ? caches.open(PAGES).then(function (cache) { return cache.put(url.pathname, copy); }).then(trimPages)
        : courseCacheFor(request).then(function (cache) { return cache && cache.put(url.pathname, copy); });
      event.waitUntil(store);
    }
    return response;
  }).catch(function () {
    return fromCaches(new Request(url.pathname)).then(function (hit) {
      return hit || caches.match(CONFIG.offlinePage);
    });
  });
}

function asset(event) {
  var request = event.request;
  return fromCaches(request).then(function (hit) {
    if (hit) { return hit; }
    return fetch(request).then(function (response) {
      var url = new URL(request.url);
      if (response.ok && url.pathname.indexOf("/static/") === 0) {
        var copy = response.clone();
        event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.put(request, copy); }));
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (isStatic(url)) {
    event.respondWith(asset(event));
  }
});

function tellPages(message) {
  return self.clients.matchAll({ includeUncontrolled: true }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage(message); });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === "lms-outbox" && self.LmsQueue) {
    event.waitUntil(LmsQueue.flush().then(function (report) {
      return tellPages({ type: "lms-outbox-flushed", report: report });
    }));
  }
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "lms-clear-pages") {
    // Signing out on a shared phone: forget the pages kept for that person.
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name === PAGES || name.indexOf("lms-course-") === 0;
      }).map(function (name) { return caches.delete(name); }));
    }));
  }
});
