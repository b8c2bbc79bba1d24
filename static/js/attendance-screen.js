/* The trainer's check-in screen: fetch the current QR, code and live list from the JSON
   endpoint and swap them in. Without JavaScript the page reloads itself (meta refresh). */
(function () {
  "use strict";
  var root = document.querySelector("[data-state-url]");
  if (!root) { return; }
  var url = root.getAttribute("data-state-url");
  var qr = document.getElementById("screen-qr");
  var code = document.getElementById("screen-code");
  var seconds = document.getElementById("screen-seconds");
  var attended = document.getElementById("screen-attended");
  var invited = document.getElementById("screen-invited");
  var list = document.getElementById("screen-list");
  var closed = document.getElementById("screen-closed");
  var left = parseInt(seconds.textContent, 10) || 0;
  var POLL_MS = 5000;

  function render(state) {
    if (qr.getAttribute("src") !== state.qr) { qr.setAttribute("src", state.qr); }
    code.textContent = state.code;
    left = state.seconds_left;
    seconds.textContent = String(left);
    attended.textContent = String(state.counts.attended);
    invited.textContent = String(state.counts.invited);
    closed.hidden = !!state.open;
    while (list.firstChild) { list.removeChild(list.firstChild); }
    state.recent.forEach(function (row) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.textContent = row.name;
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = " " + row.time + (row.late ? " · " + row.status : "");
      li.appendChild(name);
      li.appendChild(meta);
      list.appendChild(li);
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(render)
      .catch(function () { /* keep the last code; the next poll retries */ })
      .then(schedule);
  }

  function schedule() {
    // Poll every few seconds for the live list, and right after the code changes.
    var wait = Math.min(POLL_MS, Math.max(left, 1) * 1000 + 300);
    window.setTimeout(poll, wait);
  }

  window.setInterval(function () {
    if (left > 0) { left -= 1; seconds.textContent = String(left); }
  }, 1000);
  schedule();
}());
