/* The device's outbox: work done without a network (lesson completions, quiz answers, roll call
   marks, check-ins) kept in IndexedDB and sent, oldest first, when the network returns.
   Loaded by pages and by the service worker (importScripts), so both can send; each item has
   an idempotency key that the server stores, so an item sent twice still counts once.

   An item: {key, kind, url, body, csrf, user, label, made_at}. The server answers
   200 {ok, message, ...} (done, possibly refused for a reason the person must read) and the
   item leaves the outbox with its result; a network error, a 5xx, a 403 (signed out, expired
   token) or a 409 (another account is signed in) keeps it and stops the round, so the order of
   the items is kept. */
/* global self */
(function (root) {
  "use strict";
  var DB_NAME = "lms-offline";
  var OUTBOX = "outbox";
  var RESULTS = "results";
  var dbPromise = null;
  var flushing = null;

  function open() {
    if (dbPromise) { return dbPromise; }
    dbPromise = new Promise(function (resolve, reject) {
      var request = root.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        var outbox = db.createObjectStore(OUTBOX, { keyPath: "id", autoIncrement: true });
        outbox.createIndex("key", "key", { unique: true });
        db.createObjectStore(RESULTS, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return dbPromise;
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result = work(tx.objectStore(store));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function newKey() {
    if (root.crypto && root.crypto.randomUUID) { return root.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    root.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function add(item) {
    item.key = item.key || newKey();
    item.made_at = item.made_at || new Date().toISOString();
    return run(OUTBOX, "readwrite", function (store) { return store.add(item); }).then(function () {
      return item;
    });
  }

  function list(filter) {
    return run(OUTBOX, "readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).filter(filter || function () { return true; });
    });
  }

  function remove(id) {
    return run(OUTBOX, "readwrite", function (store) { return store.delete(id); });
  }

  function keepResult(item, answer) {
    var result = {
      key: item.key, kind: item.kind, label: item.label || "", url: item.url,
      ok: !!answer.ok, message: answer.message || "", at: new Date().toISOString(),
      data: answer
    };
    return run(RESULTS, "readwrite", function (store) { return store.put(result); });
  }

  function takeResults(filter) {
    return run(RESULTS, "readonly", function (store) { return store.getAll(); }).then(function (all) {
      var mine = (all || []).filter(filter || function () { return true; });
      return run(RESULTS, "readwrite", function (store) {
        mine.forEach(function (r) { store.delete(r.key); });
      }).then(function () { return mine; });
    });
  }

  function send(item) {
    var body = {};
    Object.keys(item.body || {}).forEach(function (name) { body[name] = item.body[name]; });
    body.key = item.key;
    body.made_at = item.made_at;
    body.sent_at = new Date().toISOString();
    body.user = item.user;
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": item.csrf || "", Accept: "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 200 || response.status === 400) {
        return response.json().then(function (answer) { return { done: true, answer: answer }; });
      }
      return { done: false, status: response.status };
    });
  }

  /* Send everything in order; resolves to {sent, kept, results}. One round at a time. */
  function flush() {
    if (flushing) { return flushing; }
    var report = { sent: 0, kept: 0, results: [], stopped: null };
    flushing = list().then(function (items) {
      items.sort(function (a, b) { return a.id - b.id; });
      return items.reduce(function (chain, item) {
        return chain.then(function () {
          if (report.stopped) { report.kept += 1; return null; }
          return send(item).then(function (outcome) {
            if (!outcome.done) { report.stopped = outcome.status; report.kept += 1; return null; }
            report.sent += 1;
            outcome.answer.key = item.key;
            outcome.answer.kind = item.kind;
            outcome.answer.label = item.label || "";
            report.results.push(outcome.answer);
            return keepResult(item, outcome.answer).then(function () { return remove(item.id); });
          }, function () { report.stopped = "network"; report.kept += 1; });
        });
      }, Promise.resolve());
    }).then(function () { flushing = null; return report; }, function (error) { flushing = null; throw error; });
    return flushing;
  }

  root.LmsQueue = { add: add, list: list, flush: flush, takeResults: takeResults, newKey: newKey };
}(typeof self !== "undefined" ? self : this));
