/* A check-in that survives a lost signal (issue 19, item 4). The member scanned the QR code
   while online, so this page holds the signed pass of that scan; if the signal is gone when
   they press "Điểm danh", the page keeps the form and sends it as soon as the network returns
   (also after a reload: the service worker kept the page, the pass is in it). The server
   counts the check-in as of the scan, and still refuses a pass older than 10 minutes. A typed
   password is never stored: after a reload, a member who was not signed in types it again. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-checkin-offline]");
  if (!form) { return; }
  var note = form.querySelector("[data-offline-note]");
  var key = "lms-checkin:" + window.location.pathname;

  function pending() {
    try { return window.sessionStorage.getItem(key) === "1"; } catch (e) { return false; }
  }
  function setPending(on) {
    try { if (on) { window.sessionStorage.setItem(key, "1"); } else { window.sessionStorage.removeItem(key); } } catch (e) { /* private */ }
  }
  function ready() {
    var password = form.querySelector("input[type=password]");
    return !password || password.value !== "";
  }
  function send() {
    if (!pending() || navigator.onLine === false) { return; }
    if (!ready()) { note.hidden = false; note.textContent = form.getAttribute("data-text-password"); return; }
    setPending(false);
    form.submit();
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine !== false) { setPending(false); return; }
    event.preventDefault();
    setPending(true);
    note.hidden = false;
    note.textContent = form.getAttribute("data-text-queued");
  });
  window.addEventListener("online", send);
  if (pending()) {
    note.hidden = false;
    note.textContent = form.getAttribute("data-text-queued");
    send();
  }
}());
