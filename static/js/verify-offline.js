/* "Quét để kiểm tra": checks the signed payload a certificate's QR code carries in its URL
   fragment (…/tra-cuu/<code>/#<compact JWS>) with the issuer's published Ed25519 key, in the
   browser (WebCrypto, or the vendored @noble/ed25519 where the browser lacks Ed25519), so it
   works with no network. The keys (JWKS) are fetched when online
   and kept in localStorage; a small service worker (certificates.credentials) keeps this page
   and script for offline use. Revocation is not checked here: that needs the network. */
(function () {
  "use strict";
  var root = document.querySelector("[data-offline-check]");
  if (!root) return;
  var STORE = "lms-credential-jwks";
  var stringsNode = document.getElementById("offline-check-strings");
  var T = stringsNode ? JSON.parse(stringsNode.textContent) : {};
  var resultBox = root.querySelector("[data-offline-result]");
  var keysNote = root.querySelector("[data-offline-keys]");
  var form = root.querySelector("[data-offline-form]");

  function b64urlBytes(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("base64url");
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function b64urlJson(text) {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(b64urlBytes(text)));
  }

  function isoToVn(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }

  function readCache() {
    try {
      var doc = JSON.parse(localStorage.getItem(STORE) || "null");
      return doc && Array.isArray(doc.keys) ? doc : null;
    } catch (e) {
      return null;
    }
  }

  function showKeys(doc) {
    if (!keysNote || !doc) return;
    var when = doc.savedAt ? new Date(doc.savedAt) : null;
    var date = when ? ("0" + when.getDate()).slice(-2) + "/" + ("0" + (when.getMonth() + 1)).slice(-2) + "/" + when.getFullYear() : "";
    keysNote.textContent = (T.keys_cached || "").replace("%(count)s", doc.keys.length).replace("%(date)s", date);
  }

  // Online: refresh the stored keys (a rotation adds one). Offline: the stored ones.
  function loadKeys() {
    var cached = readCache();
    return fetch(root.dataset.jwksUrl, { cache: "no-cache", credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error("jwks " + response.status);
        return response.json();
      })
      .then(function (doc) {
        if (!doc || !Array.isArray(doc.keys)) throw new Error("jwks");
        var stored = { keys: doc.keys, savedAt: new Date().toISOString() };
        try { localStorage.setItem(STORE, JSON.stringify(stored)); } catch (e) { /* private mode */ }
        return stored;
      })
      .catch(function () { return cached; });
  }

  function setResult(state, message, payload, header) {
    resultBox.dataset.state = state;
    resultBox.className = "cert-offline__result callout" + (state === "fake" ? " callout--danger" : state === "genuine" ? "" : " callout--warning");
    resultBox.textContent = "";
    var p = document.createElement("p");
    if (state === "genuine" || state === "fake") {
      var badge = document.createElement("span");
      badge.className = "badge " + (state === "genuine" ? "badge--ok" : "badge--danger");
      badge.textContent = state === "genuine" ? "✓" : "✗";
      p.appendChild(badge);
      p.appendChild(document.createTextNode(" "));
    }
    var strong = document.createElement("strong");
    strong.textContent = message;
    p.appendChild(strong);
    resultBox.appendChild(p);
    if (!payload) return;
    var dl = document.createElement("dl");
    dl.className = "cert-facts";
    [
      [T.number, payload.n],
      [T.holder, payload.h],
      [T.course, payload.c],
      [T.issued, isoToVn(payload.i)],
      [T.expires, payload.e ? isoToVn(payload.e) : T.no_expiry],
      [T.key, header && header.kid],
    ].forEach(function (row) {
      var dt = document.createElement("dt");
      dt.textContent = row[0];
      var dd = document.createElement("dd");
      dd.textContent = row[1] || "";
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    resultBox.appendChild(dl);
  }

  function tokenFrom(text) {
    text = (text || "").trim();
    var hash = text.indexOf("#");
    if (hash >= 0) text = text.slice(hash + 1);
    try { text = decodeURIComponent(text); } catch (e) { /* keep as is */ }
    return text.trim();
  }

  // WebCrypto Ed25519 where the browser has it (Chrome 137+, Safari 17+, Firefox 129+);
  // otherwise the vendored, audited @noble/ed25519 (static/js/vendor, MIT), strict RFC 8032.
  function verifyEd25519(x, signature, signed) {
    return crypto.subtle
      .importKey("jwk", { kty: "OKP", crv: "Ed25519", x: x }, { name: "Ed25519" }, false, ["verify"])
      .then(
        function (key) {
          root.dataset.verifier = "webcrypto";
          return crypto.subtle.verify({ name: "Ed25519" }, key, signature, signed);
        },
        function () {
          if (!root.dataset.fallbackUrl) throw new Error("unsupported");
          return import(root.dataset.fallbackUrl).then(function (ed) {
            root.dataset.verifier = "noble";
            return ed.verifyAsync(signature, signed, b64urlBytes(x), { zip215: false }).catch(function () {
              return false; // a malformed signature or key is no valid signature
            });
          });
        }
      );
  }

  function check(token, keysDoc) {
    var parts = token.split(".");
    var header, payload, signature;
    try {
      if (parts.length !== 3) throw new Error("parts");
      header = b64urlJson(parts[0]);
      payload = b64urlJson(parts[1]);
      signature = b64urlBytes(parts[2]);
    } catch (e) {
      setResult("fake", T.malformed);
      return Promise.resolve("fake");
    }
    if (header.alg !== "EdDSA" || typeof payload !== "object" || !payload || !payload.n) {
      setResult("fake", T.fake);
      return Promise.resolve("fake");
    }
    if (!keysDoc || !keysDoc.keys.length) {
      setResult("unknown", T.no_keys);
      return Promise.resolve("unknown");
    }
    var jwk = keysDoc.keys.filter(function (k) {
      return k.kid === header.kid && k.kty === "OKP" && k.crv === "Ed25519" && typeof k.x === "string";
    })[0];
    if (!jwk) {
      setResult("unknown", T.unknown_key);
      return Promise.resolve("unknown");
    }
    if (!window.crypto || !crypto.subtle) {
      setResult("unknown", T.unsupported);
      return Promise.resolve("unknown");
    }
    var signed = new TextEncoder().encode(parts[0] + "." + parts[1]);
    return verifyEd25519(jwk.x, signature, signed)
      .then(
        function (ok) {
          if (!ok) {
            setResult("fake", T.fake);
            return "fake";
          }
          var expected = root.dataset.expectedNumber;
          if (expected && expected !== payload.n) {
            setResult("fake", (T.mismatch || "").replace("%(number)s", payload.n), payload, header);
            return "fake";
          }
          setResult("genuine", T.genuine, payload, header);
          return "genuine";
        },
        function () {
          setResult("unknown", T.unsupported);
          return "unknown";
        }
      );
  }

  var keysReady = loadKeys().then(function (doc) {
    showKeys(doc);
    return doc;
  });

  function run(text) {
    var token = tokenFrom(text);
    if (!token) return Promise.resolve("idle");
    return keysReady.then(function (doc) { return check(token, doc); });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(form.elements.payload.value);
    });
  }
  window.addEventListener("hashchange", function () { run(location.hash); });
  if (location.hash.length > 1) run(location.hash);

  // Keep this page, its script and the keys on the device for the next time there is no signal.
  var ready = keysReady;
  if ("serviceWorker" in navigator && root.dataset.swUrl) {
    ready = navigator.serviceWorker
      .register(root.dataset.swUrl, { scope: root.dataset.swScope })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () { return keysReady; })
      .catch(function () { return keysReady; });
  }
  ready.then(function () { root.dataset.offlineReady = "1"; });
})();
