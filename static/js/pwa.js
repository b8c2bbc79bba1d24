/* On every page: registers the service worker (/sw.js), shows the "Đang ngoại tuyến" banner,
   sends the outbox when the network returns and shows what the server answered, runs the
   "Tiết kiệm dữ liệu" switch, and forgets the pages kept offline when someone signs out. */
(function () {
  "use strict";
  var banner = document.getElementById("offline-banner");
  var status = document.getElementById("outbox-status");
  var SAVER_COOKIE = "tiet_kiem_du_lieu";

  function showBanner() { if (banner) { banner.hidden = navigator.onLine !== false; } }
  window.addEventListener("online", showBanner);
  window.addEventListener("offline", showBanner);
  showBanner();

  /* --- the outbox -------------------------------------------------------------------------- */
  function say(lines) {
    if (!status || !lines.length) { return; }
    while (status.firstChild) { status.removeChild(status.firstChild); }
    var list = document.createElement("ul");
    lines.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    });
    status.appendChild(list);
    status.hidden = false;
  }

  function showResults() {
    if (!window.LmsQueue) { return Promise.resolve(); }
    return window.LmsQueue.takeResults().then(function (results) {
        say(results.map(function (r) { return (r.label ? r.label + ": " : "") + r.message; }));
        results.forEach(function (r) {
          document.dispatchEvent(new CustomEvent("lms:synced", { detail: r }));
        });
      });
  }

  function flush() {
    if (!window.LmsQueue || navigator.onLine === false) { return Promise.resolve(); }
    return window.LmsQueue.flush().then(function (report) {
      document.dispatchEvent(new CustomEvent("lms:flushed", { detail: report }));
      return showResults();
    }).catch(function () { /* kept; the next "online" or sync retries */ });
  }

  function requestSync() {
    if (!("serviceWorker" in navigator)) { return flush(); }
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync && registration.sync.register) {
        return registration.sync.register("lms-outbox").catch(flush);
      }
      return flush();
    });
  }

  window.LmsPwa = { flush: flush, requestSync: requestSync, showResults: showResults };
  window.addEventListener("online", function () { flush(); });

  /* --- the service worker ------------------------------------------------------------------ */
  if ("serviceWorker" in navigator && document.documentElement.getAttribute("data-sw")) {
    navigator.serviceWorker.register(document.documentElement.getAttribute("data-sw"), { scope: "/" })
      .catch(function () { /* the site works without it */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "lms-outbox-flushed") {
        document.dispatchEvent(new CustomEvent("lms:flushed", { detail: event.data.report }));
        showResults();
      }
    });
  }
  if (navigator.onLine !== false) { flush(); } else { showResults(); }

  /* A page that must open offline ([data-keep-offline]: the roll call, a check-in) is kept
     even on the first visit, before the service worker controlled the page. */
  if ("serviceWorker" in navigator && "caches" in window && !navigator.serviceWorker.controller &&
      document.querySelector("[data-keep-offline]")) {
    navigator.serviceWorker.ready.then(function () {
      return caches.open("lms-pages").then(function (cache) { return cache.add(window.location.pathname); });
    }).catch(function () { /* kept on the next visit */ });
  }

  /* --- signing out: nothing personal stays on a shared phone ------------------------------- */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.action || form.action.indexOf("/dang-xuat") === -1) { return; }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "lms-clear-pages" });
    }
    try { window.localStorage.removeItem("lms-downloaded-courses"); } catch (e) { /* private mode */ }
  }, true);

  /* --- "Tiết kiệm dữ liệu" ------------------------------------------------------------------ */
  var saver = document.getElementById("data-saver");
  if (saver) {
    saver.addEventListener("change", function () {
      var on = saver.checked;
      document.cookie = SAVER_COOKIE + "=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
      try { window.localStorage.setItem(SAVER_COOKIE, on ? "1" : "0"); } catch (e) { /* private mode */ }
      window.location.reload();
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-saver-show]") : null;
    if (!button) { return; }
    var holder = button.parentNode;
    var template = holder.querySelector("template");
    if (template) { holder.replaceChild(template.content.cloneNode(true), button); template.remove(); }
  });
}());
