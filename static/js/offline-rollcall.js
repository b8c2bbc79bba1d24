/* The trainer's roll call without a network (issue 19, item 3).

   Online, the page works as before ("Lưu điểm danh" sends the form). Offline (or while marks
   wait to be sent, so that they keep their order), each tap on a status is kept in the outbox
   (offline-queue.js) with the time it was made and a key of its own, and the page says
   "N thay đổi chưa gửi". The service worker keeps the page itself, so it can be reloaded
   offline; the waiting marks are shown on it again. When the network returns the marks are
   sent one by one, oldest first, to /ngoai-tuyen/diem-danh/<session>/; a mark sent twice
   counts once, and a later change made on the server wins over an older mark. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-offline-sync]");
  if (!form || !window.LmsQueue) { return; }
  var syncUrl = form.getAttribute("data-offline-sync");
  var user = form.getAttribute("data-user");
  var counter = document.getElementById("rollcall-pending");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var queued = 0;

  function mine(item) { return item.kind === "rollcall" && item.url === syncUrl; }

  function row(attendance) {
    return form.querySelector("[name='status_" + attendance + "']");
  }

  function nameOf(attendance) {
    var radio = row(attendance);
    var li = radio && radio.closest("li");
    var strong = li && li.querySelector("strong");
    return strong ? strong.textContent : "";
  }

  function showCount(n) {
    queued = n;
    counter.hidden = n === 0;
    counter.textContent = counter.getAttribute("data-text").replace("{n}", String(n));
  }

  function refresh() {
    return window.LmsQueue.list(mine).then(function (items) {
      items.sort(function (a, b) { return a.id - b.id; });
      items.forEach(function (item) {
        var radio = form.querySelector("[name='status_" + item.body.attendance + "'][value='" + item.body.status + "']");
        if (radio) { radio.checked = true; }
      });
      showCount(items.length);
      return items.length;
    });
  }

  function offline() { return navigator.onLine === false; }

  function keep(attendance, status) {
    var note = form.querySelector("[name='note_" + attendance + "']");
    var reason = form.querySelector("[name=reason]");
    return window.LmsQueue.add({
      kind: "rollcall",
      url: syncUrl,
      csrf: csrf,
      user: user,
      label: nameOf(attendance),
      body: { attendance: attendance, status: status, note: note ? note.value : null, reason: reason ? reason.value : "" }
    }).then(refresh).then(function () {
      if (!offline() && window.LmsPwa) { window.LmsPwa.flush(); }
    });
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio" || input.name.indexOf("status_") !== 0) { return; }
    if (!offline() && queued === 0) { return; } // online: "Lưu điểm danh" sends the form
    keep(input.name.slice("status_".length), input.value);
  });

  form.addEventListener("submit", function (event) {
    if (!offline()) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    if (submitter && submitter.name === "mark_all") {
      // "Đánh dấu tất cả chưa điểm danh là có mặt", offline: one mark per row still blank.
      var blank = [];
      form.querySelectorAll("fieldset.status-choices").forEach(function (set) {
        if (!set.querySelector("input[type=radio]:checked")) {
          var present = set.querySelector("input[type=radio][value=present]");
          if (present) { present.checked = true; blank.push(present.name.slice("status_".length)); }
        }
      });
      blank.reduce(function (chain, id) { return chain.then(function () { return keep(id, "present"); }); }, Promise.resolve());
    }
    showCount(queued);
  });

  document.addEventListener("lms:flushed", function () { refresh(); });
  window.addEventListener("online", function () { if (window.LmsPwa) { window.LmsPwa.flush(); } });
  refresh().then(function (n) { if (n && !offline() && window.LmsPwa) { window.LmsPwa.flush(); } });
}());
