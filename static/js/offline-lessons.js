/* Courses offline (issue 19, item 2).
   - Course page: "Tải về để học khi không có mạng" stores the course page, the lessons the
     member may open, their images, styles, scripts and fonts in the cache "lms-course-<id>"
     (the service worker serves them offline and refreshes them when they are opened online),
     and shows how many MB that takes.
   - Lesson page: offline, "Đánh dấu đã học" and "Nộp bài" go into the outbox (offline-queue.js)
     instead of the network; the server grades the answers when they are sent and the result is
     shown then. Nothing is graded here: the page never holds the correct answers.
   - The "Đang ngoại tuyến" page lists the downloaded courses. */
(function () {
  "use strict";
  var STORE = "lms-downloaded-courses";

  function mb(bytes) {
    return (bytes / (1024 * 1024)).toLocaleString("vi-VN", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + " MB";
  }

  function downloaded() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "{}"); } catch (e) { return {}; }
  }

  function remember(id, entry) {
    var all = downloaded();
    if (entry) { all[id] = entry; } else { delete all[id]; }
    try { window.localStorage.setItem(STORE, JSON.stringify(all)); } catch (e) { /* full or private */ }
  }

  /* --- the course page ---------------------------------------------------------------------- */
  function subresources(html, base) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var urls = [];
    doc.querySelectorAll("img[src]").forEach(function (img) { urls.push(img.getAttribute("src")); });
    doc.querySelectorAll("img[srcset], source[srcset]").forEach(function (img) {
      img.getAttribute("srcset").split(",").forEach(function (part) {
        var url = part.trim().split(/\s+/)[0];
        if (url) { urls.push(url); }
      });
    });
    doc.querySelectorAll("link[rel=stylesheet][href], script[src], link[rel=preload][href]").forEach(function (el) {
      urls.push(el.getAttribute("href") || el.getAttribute("src"));
    });
    return urls.map(function (url) { return new URL(url, base); })
      .filter(function (url) { return url.origin === window.location.origin; })
      .map(function (url) { return url.pathname + url.search; });
  }

  function store(cache, url, counter) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) { throw new Error(url); }
      return response.clone().blob().then(function (blob) {
        counter.bytes += blob.size;
        return cache.put(url, response).then(function () { return blob; });
      });
    });
  }

  function download(box, bundle) {
    var cacheName = "lms-course-" + bundle.course;
    var counter = { bytes: 0 };
    var label = box.querySelector("[data-offline-state]");
    var button = box.querySelector("[data-offline-download]");
    button.disabled = true;
    label.textContent = box.getAttribute("data-text-working");
    return caches.delete(cacheName).then(function () { return caches.open(cacheName); }).then(function (cache) {
      var assets = {};
      bundle.assets.forEach(function (url) { assets[url] = true; });
      return bundle.pages.reduce(function (chain, url) {
        return chain.then(function () {
          return store(cache, url, counter).then(function (blob) { return blob.text(); }).then(function (html) {
            subresources(html, new URL(url, window.location.href).href).forEach(function (asset) { assets[asset] = true; });
          });
        });
      }, Promise.resolve()).then(function () {
        return Promise.all(Object.keys(assets).map(function (url) {
          return store(cache, url, counter).catch(function () { /* an image gone: skip it */ });
        }));
      });
    }).then(function () {
      remember(bundle.course, { title: bundle.title, url: bundle.pages[0], bytes: counter.bytes, at: new Date().toISOString() });
      showState(box, bundle);
    }).catch(function () {
      label.textContent = box.getAttribute("data-text-failed");
    }).then(function () { button.disabled = false; });
  }

  function showState(box, bundle) {
    var label = box.querySelector("[data-offline-state]");
    var remove = box.querySelector("[data-offline-remove]");
    var entry = downloaded()[box.getAttribute("data-course")];
    if (entry) {
      label.textContent = box.getAttribute("data-text-done").replace("{size}", mb(entry.bytes));
      remove.hidden = false;
    } else if (bundle) {
      label.textContent = box.getAttribute("data-text-size").replace("{size}", mb(bundle.bytes));
      remove.hidden = true;
    }
  }

  var box = document.querySelector("[data-offline-course]");
  if (box && "caches" in window) {
    var bundle = null;
    box.hidden = false;
    var loadBundle = function () {
      return fetch(box.getAttribute("data-bundle-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (data) { bundle = data; showState(box, bundle); return data; });
    };
    showState(box, null);
    if (navigator.onLine !== false) { loadBundle().catch(function () { /* shown without a size */ }); }
    box.querySelector("[data-offline-download]").addEventListener("click", function () {
      (bundle ? Promise.resolve(bundle) : loadBundle()).then(function (data) { return download(box, data); })
        .catch(function () { box.querySelector("[data-offline-state]").textContent = box.getAttribute("data-text-failed"); });
    });
    box.querySelector("[data-offline-remove]").addEventListener("click", function () {
      caches.delete("lms-course-" + box.getAttribute("data-course")).then(function () {
        remember(box.getAttribute("data-course"), null);
        showState(box, bundle);
      });
    });
  }

  /* --- lesson pages: the outbox -------------------------------------------------------------- */
  function answers(form) {
    var result = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.indexOf("q-") !== 0) { return; }
      var id = el.name.slice(2);
      result[id] = result[id] || [];
      if ((el.type === "radio" || el.type === "checkbox") && el.checked) { result[id].push(el.value); }
    });
    return result;
  }

  document.querySelectorAll("form[data-offline-action]").forEach(function (form) {
    var note = form.querySelector("[data-offline-note]");
    form.addEventListener("submit", function (event) {
      if (navigator.onLine !== false || !window.LmsQueue) { return; }
      event.preventDefault();
      var action = form.getAttribute("data-offline-action");
      window.LmsQueue.add({
        kind: "lesson",
        url: form.getAttribute("data-sync-url"),
        csrf: form.querySelector("[name=csrfmiddlewaretoken]").value,
        user: form.getAttribute("data-user"),
        label: form.getAttribute("data-label"),
        body: { lesson: form.getAttribute("data-lesson"), action: action, answers: action === "quiz" ? answers(form) : {} }
      }).then(function () {
        note.hidden = false;
        note.textContent = form.getAttribute("data-text-queued");
        form.querySelector("[type=submit]").disabled = true;
        if (window.LmsPwa) { window.LmsPwa.requestSync(); }
      });
    });
  });

  document.addEventListener("lms:synced", function (event) {
    var result = event.detail;
    var form = document.querySelector("form[data-offline-action][data-lesson='" + (result.data && result.data.lesson) + "']");
    if (!form) { return; }
    var note = form.querySelector("[data-offline-note]");
    note.hidden = false;
    note.textContent = result.message;
    form.querySelector("[type=submit]").disabled = false;
  });

  /* --- the "Đang ngoại tuyến" page ------------------------------------------------------------ */
  var list = document.getElementById("offline-courses");
  if (list) {
    var all = downloaded();
    Object.keys(all).forEach(function (id) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = all[id].url;
      a.textContent = all[id].title + " (" + mb(all[id].bytes) + ")";
      li.appendChild(a);
      list.appendChild(li);
    });
  }
}());
