// SIGAP's service worker (served at /sw.js with self.SIGAP written in front by sigap/offline.py).
// Keeps the app shell for everyone, and the pages a signed-in person opened in a cache named
// after that person's key, so that on a shared phone nobody sees another person's pages.
"use strict";
var CONFIG = self.SIGAP;
var SHELL = "sigap-shell-" + CONFIG.version;
var PAGES = "sigap-pages-";
var META = "sigap-meta";
// Pages a field user needs without a signal; anything else is never kept.
var KEPT = [
  /^\/$/,
  /^\/kotak-keluar\/$/,
  /^\/program\/(saya\/)?$/,
  /^\/program\/\d+\/$/,
  /^\/program\/\d+\/(pakta|laporan-kondisi)\/$/,
  /^\/program\/\d+\/(laporan-kondisi\/isi|jangkauan\/catat)\/$/,
  /^\/program\/(pakta|laporan)\/\d+\/$/,
  /^\/program\/(laporan|jangkauan)\/\d+\/ubah\/$/,
  /^\/program\/kegiatan\/\d+\/((kehadiran|peserta|daftar-hadir|komitmen|pakta)\/)?$/,
];
// outbox.js's markers in a page's address: "open this kept form", "this form was just kept".
var CLIENT_PARAMS = ["kotak", "tersimpan"];
var USER_META = /<meta name="sigap-user" content="([0-9a-f]*)">/;
var current = null; // the key of the person whose page was seen last

importScripts(CONFIG.outboxScript);

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    // The public report form is kept as an anonymous visitor sees it: no one's name in it.
    var pages = CONFIG.publicPages.map(function (url) {
      return fetch(url, { credentials: "omit" }).then(function (response) {
        return response.ok ? cache.put(url, response) : null;
      });
    });
    return Promise.all([cache.addAll(CONFIG.shell)].concat(pages));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("sigap-shell-") === 0 && name !== SHELL;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function userKey() {
  if (current !== null) { return Promise.resolve(current); }
  return caches.open(META).then(function (cache) { return cache.match("/user"); })
    .then(function (hit) { return hit ? hit.text() : ""; })
    .then(function (key) { current = key; return key; });
}

function remember(key) {
  current = key;
  return caches.open(META).then(function (cache) { return cache.put("/user", new Response(key)); });
}

// A page from the cache says so (outbox.js then gives its forms fresh submission ids).
function marked(response) {
  return response.text().then(function (html) {
    return new Response(html.replace("<html ", '<html data-sigap-cache="1" '), {
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
  });
}

function keep(request, response) {
  var copy = response.clone();
  return copy.text().then(function (html) {
    var found = USER_META.exec(html);
    var key = found ? found[1] : "";
    return remember(key).then(function () {
      var url = new URL(request.url);
      var flagged = CLIENT_PARAMS.some(function (name) { return url.searchParams.has(name); });
      if (!key || !kept(url.pathname) || flagged) { return null; }
      return caches.open(PAGES + key).then(function (cache) {
        return cache.put(request, new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } }));
      });
    });
  });
}

function kept(path) {
  return KEPT.some(function (pattern) { return pattern.test(path); });
}

function fromCache(request) {
  var url = new URL(request.url);
  CLIENT_PARAMS.forEach(function (name) { url.searchParams.delete(name); });
  return userKey().then(function (key) {
    var lookups = [caches.open(SHELL).then(function (cache) { return cache.match(url.pathname); })];
    if (key && kept(url.pathname)) {
      lookups.unshift(caches.open(PAGES + key).then(function (cache) { return cache.match(url.href); }));
    }
    return Promise.all(lookups);
  }).then(function (hits) {
    var hit = hits[0] || hits[1];
    if (hit) { return marked(hit); }
    return caches.open(SHELL).then(function (cache) { return cache.match(CONFIG.offlinePage); });
  });
}

function navigate(event) {
  event.respondWith(fetch(event.request).then(function (response) {
    var html = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
    if (response.status === 200 && html && !response.redirected) {
      event.waitUntil(keep(event.request, response));
    }
    return response;
  }).catch(function () { return fromCache(event.request); }));
}

// An outbox form posted while the phone believed it was online (a weak signal, Wi-Fi without
// internet): if the post cannot leave the phone, it is kept in the outbox instead of being lost
// behind the browser's error page, and the form page is shown again.
var OUTBOX_FORMS = [
  [/^\/program\/\d+\/laporan-kondisi\/isi\/$|^\/program\/laporan\/\d+\/ubah\/$/, "condition"],
  [/^\/program\/\d+\/jangkauan\/catat\/$|^\/program\/jangkauan\/\d+\/ubah\/$/, "outreach"],
  [/^\/program\/kegiatan\/\d+\/kehadiran\/$/, "attendance"],
  [/^\/program\/kegiatan\/\d+\/peserta\/$/, "registration"],
  [/^\/lapor\/$/, "report"],
];
var titles = {}; // submission id -> the form's title, told by the page as it posts

function outboxKind(path) {
  var found = OUTBOX_FORMS.filter(function (form) { return form[0].test(path); })[0];
  return found ? found[1] : null;
}

function keepPosted(request, kind) {
  var type = request.headers.get("Content-Type") || "";
  return Promise.all([request.formData(), userKey()]).then(function (got) {
    var entries = [];
    got[0].forEach(function (value, name) { entries.push([name, value]); });
    if (got[0].has("find_area")) { throw new Error("an area search, not a report"); }
    var id = String(got[0].get("submission_id") || "") || String(Date.now());
    var url = new URL(request.url);
    var item = {
      id: id, kind: kind, title: titles[id] || kind, url: url.href, page: url.pathname + url.search,
      enctype: type.indexOf("multipart/form-data") === 0 ? "multipart/form-data" : "application/x-www-form-urlencoded",
      entries: entries, time: Date.now(), state: "queued",
    };
    return self.SigapOutbox.db.put(self.SigapOutbox.dbName(got[1]), item).then(function () {
      if (self.registration.sync) { self.registration.sync.register("sigap-outbox").catch(function () {}); }
      var back = new URL(item.page, self.location.origin);
      back.searchParams.set("tersimpan", "1"); // outbox.js then says it was kept
      return Response.redirect(back.href, 303);
    });
  });
}

function post(event, kind) {
  var copy = event.request.clone();
  event.respondWith(fetch(event.request).catch(function (error) {
    return keepPosted(copy, kind).catch(function () { throw error; });
  }));
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST" && request.mode === "navigate" && outboxKind(url.pathname)) {
    return post(event, outboxKind(url.pathname));
  }
  if (request.method !== "GET") { return; }
  if (request.mode === "navigate") { return navigate(event); }
  if (CONFIG.shell.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(request, { cacheName: SHELL }).then(function (hit) {
      return hit || fetch(request);
    }));
  }
});

// Background Sync: an open page sends (it can show the result); with none open, this worker
// sends what the signed-in person left, where the browser lets it read the CSRF cookie.
self.addEventListener("sync", function (event) {
  if (event.tag !== "sigap-outbox") { return; }
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (pages) {
    if (pages.length) {
      pages.forEach(function (page) { page.postMessage({ sigap: "send" }); });
      return null;
    }
    return userKey().then(function (key) {
      return key ? self.SigapOutbox.sendAll([self.SigapOutbox.dbName(key)]) : null;
    });
  }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.sigap === "forget") { current = ""; }
  if (data.sigap === "posting" && data.id) { titles[data.id] = String(data.title || "").slice(0, 200); }
});
