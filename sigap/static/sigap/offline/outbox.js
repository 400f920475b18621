// SIGAP's outbox (issue 20). A form marked data-outbox that cannot reach the server is kept in
// this phone's IndexedDB, one database per signed-in person (anonymous report drafts apart), and
// sent later with the same submission id, so that the server stores it exactly once. Online,
// forms post as they always did. sw.js loads this file too (for Background Sync).
(function (root) {
  "use strict";
  var ANON = "sigap-drafts";
  var STORE = "items";
  var SIGN_IN = /^\/akun\/(masuk|verifikasi)\//;

  function dbName(key) { return key ? "sigap-outbox-" + key : ANON; }

  function done(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  async function withStore(name, mode, use) {
    var opening = indexedDB.open(name, 1);
    opening.onupgradeneeded = function () { opening.result.createObjectStore(STORE, { keyPath: "id" }); };
    var db = await done(opening);
    try {
      var tx = db.transaction(STORE, mode);
      var finished = new Promise(function (resolve, reject) {
        tx.oncomplete = resolve;
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
      var result = done(use(tx.objectStore(STORE)));
      await finished;
      return await result;
    } finally {
      db.close();
    }
  }

  var db = {
    list: function (name) { return withStore(name, "readonly", function (s) { return s.getAll(); }); },
    get: function (name, id) { return withStore(name, "readonly", function (s) { return s.get(id); }); },
    put: function (name, item) { return withStore(name, "readwrite", function (s) { return s.put(item); }); },
    remove: function (name, id) { return withStore(name, "readwrite", function (s) { return s.delete(id); }); },
  };

  async function csrfToken() {
    if (typeof document !== "undefined") {
      var found = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
      if (found) { return found[1]; }
    }
    if (root.cookieStore) {
      var cookie = await root.cookieStore.get("csrftoken");
      if (cookie) { return cookie.value; }
    }
    return "";
  }

  function body(item, token) {
    var data = item.enctype === "multipart/form-data" ? new FormData() : new URLSearchParams();
    item.entries.forEach(function (entry) {
      var value = entry[1];
      if (entry[0] === "csrfmiddlewaretoken") { return; }
      if (value instanceof Blob) {
        if (value.size || value.name) { data.append(entry[0], value, value.name || "file"); }
      } else {
        data.append(entry[0], value);
      }
    });
    data.append("csrfmiddlewaretoken", token);
    return data;
  }

  // One post of a kept form, with a fresh CSRF token: "sent" (stored or replayed: the server
  // redirects to the first result), "conflict" (409), "invalid" (the form comes back with
  // errors), "signin" (the session ended) or "network" (still no connection; try later).
  async function send(item) {
    var token = await csrfToken();
    var response;
    try {
      response = await fetch(item.url, {
        method: "POST", body: body(item, token), credentials: "same-origin",
        headers: { "X-CSRFToken": token },
      });
    } catch (error) {
      return { state: "network" };
    }
    var mark = response.headers.get("X-Sigap-Submission") || "";
    if (response.status === 403 || response.redirected && SIGN_IN.test(new URL(response.url).pathname)) {
      return { state: "signin" };
    }
    if (response.status >= 500) { return { state: "network" }; }
    var html = await response.text();
    var state = "invalid";
    if (mark === "stored" || mark === "replayed" || response.redirected && response.ok) {
      state = "sent";
    } else if (response.status === 409) {
      state = "conflict";
    }
    return { state: state, url: response.url, html: html.slice(0, 500000) };
  }

  // Sends what waits, oldest first, one sender at a time across pages and the worker. A sent
  // anonymous report stops the round: its receipt code must be shown before the next is sent.
  async function sendAll(names, options) {
    options = options || {};
    async function round() {
      var results = [];
      for (var n = 0; n < names.length; n++) {
        var items = (await db.list(names[n])).sort(function (a, b) { return a.time - b.time; });
        for (var i = 0; i < items.length; i++) {
          var item = items[i];
          if (item.state !== "queued" && !options.all) { continue; }
          var result = await send(item);
          results.push({ item: item, result: result, db: names[n] });
          if (result.state === "network") { return results; }
          if (result.state === "sent") {
            await db.remove(names[n], item.id);
            if (item.kind === "report") { return results; }
          } else {
            item.state = result.state;
            item.answer = result.html || "";
            item.answerUrl = result.url || item.url;
            await db.put(names[n], item);
          }
        }
      }
      return results;
    }
    return navigator.locks ? navigator.locks.request("sigap-outbox", round) : round();
  }

  root.SigapOutbox = { db: db, dbName: dbName, send: send, sendAll: sendAll };
  if (typeof document === "undefined") { return; }

  // The page ------------------------------------------------------------------------------
  var bar = document.getElementById("outbox-bar");
  var meta = document.querySelector('meta[name="sigap-user"]');
  if (meta) { localStorage.setItem("sigap-user", meta.content); }
  var key = meta ? meta.content : localStorage.getItem("sigap-user") || "";
  var mine = dbName(key);
  // Anonymous drafts are seen and sent only while nobody is signed in: a person signing in on
  // a shared phone must not get someone else's receipt code.
  var names = [mine];
  var busy = false;

  function t(name, values) {
    var text = bar ? bar.getAttribute("data-t-" + name) || "" : "";
    Object.keys(values || {}).forEach(function (k) { text = text.replace("%(" + k + ")s", values[k]); });
    return text;
  }

  function randomId() {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = bytes[6] & 15 | 64;
    bytes[8] = bytes[8] & 63 | 128;
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function idField(form) { return form.querySelector("input[name=submission_id], input[name=submission]"); }

  function pageUrl() {
    var url = new URL(location.href);
    url.searchParams.delete("kotak");
    url.searchParams.delete("tersimpan");
    return url.pathname + url.search;
  }

  var message = { text: "", link: null };

  async function refresh() {
    if (!bar) { return 0; }
    var count = 0;
    for (var i = 0; i < names.length; i++) { count += (await db.list(names[i])).length; }
    var out = document.getElementById("outbox-text");
    out.textContent = message.text + (message.text && count ? " " : "") + (count ? t("pending", { n: count }) : "");
    if (message.link) {
      var link = document.createElement("a");
      link.href = message.link;
      link.textContent = t("see");
      out.append(" ", link);
    }
    bar.querySelector("[data-outbox-actions]").hidden = !count;
    bar.classList.toggle("outbox-active", Boolean(count || message.text));
    document.querySelectorAll("[data-outbox-list]").forEach(render);
    return count;
  }

  function say(text, link) {
    message = { text: text, link: link || null };
    return refresh();
  }

  function capture(form, submitter) {
    var data = new FormData(form, submitter);
    var entries = [];
    data.forEach(function (value, name) { entries.push([name, value]); });
    var field = idField(form);
    return {
      id: form.dataset.outboxRestored || field && field.value || randomId(),
      kind: form.getAttribute("data-outbox"),
      title: form.getAttribute("data-outbox-title") || document.title,
      url: form.getAttribute("action") ? form.action : new URL(pageUrl(), location.href).href,
      page: pageUrl(),
      enctype: form.enctype,
      entries: entries,
      time: Date.now(),
      state: "queued",
    };
  }

  function askForSync() {
    if (!navigator.serviceWorker) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync && registration.sync.register("sigap-outbox");
    }).catch(function () {});
  }

  async function keepOnPhone(form, item) {
    await db.put(mine, item);
    form.reset();
    delete form.dataset.outboxRestored;
    var field = idField(form);
    if (field) { field.value = randomId(); }
    window.scrollTo(0, 0);
    askForSync();
    return say(t("saved"));
  }

  // The server's page (a receipt, a 409 choice screen, a form with errors) in place of this one.
  function showPage(html, url) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var main = page.querySelector("main");
    if (!main) { return; }
    var here = document.querySelector("main");
    here.innerHTML = main.innerHTML;
    document.title = page.title;
    if (window.sigapEnhance) { window.sigapEnhance(here); }
    if (url && new URL(url).origin === location.origin) { history.replaceState(null, "", url); }
    window.scrollTo(0, 0);
  }

  async function flush(byPerson) {
    if (busy) { return; }
    busy = true;
    try {
      // A receipt on screen stays there until the person asks for the next draft to go.
      var receiptShown = Boolean(document.getElementById("receipt-code"));
      var which = names.filter(function (name) { return name !== ANON || byPerson || !receiptShown; });
      await say(t("sending"));
      await report(await sendAll(which, { all: byPerson }), byPerson);
    } finally {
      busy = false;
    }
  }

  // What the round did, in the bar: a receipt is shown at once; an item that did not go is
  // told before those that went (and, asked for by the person, its server page is shown).
  async function report(results, byPerson) {
    var sent = results.filter(function (r) { return r.result.state === "sent"; }).pop();
    var stuck = results.filter(function (r) { return r.result.state !== "sent"; }).pop();
    if (sent && sent.item.kind === "report") {
      await say(t("sent", { title: sent.item.title }));
      return showPage(sent.result.html, sent.result.url);
    }
    if (stuck) {
      var state = stuck.result.state;
      var answered = state === "conflict" || state === "invalid";
      await say(t(state), answered && !byPerson ? bar.dataset.outboxUrl : null);
      if (answered && byPerson) { showPage(stuck.result.html, stuck.result.url); }
      return;
    }
    return say(sent ? t("sent", { title: sent.item.title }) : "", sent && sent.result.url);
  }

  async function sendOne(form, item) {
    await db.put(mine, item);
    var result = await send(item);
    if (result.state === "network") { return keepOnPhone(form, item); }
    if (result.state === "sent") { await db.remove(mine, item.id); }
    else {
      item.state = result.state;
      item.answer = result.html || "";
      item.answerUrl = result.url;
      await db.put(mine, item);
    }
    await say(result.state === "sent" ? t("sent", { title: item.title }) : t(result.state));
    if (result.html) { showPage(result.html, result.url); }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented) { return; }
    if (form.matches("form[data-signout]")) { return signOut(event, form); }
    if (form.matches("form[data-outbox-choice]")) { return posting(form); }
    if (!form.matches("form[data-outbox]")) { return; }
    var submitter = event.submitter;
    if (submitter && (submitter.hasAttribute("data-outbox-skip") || submitter.name === "find_area")) { return; }
    if (navigator.onLine && !form.dataset.outboxRestored) {
      return posting(form); // a plain post, as without JavaScript
    }
    event.preventDefault();
    var item = capture(form, submitter);
    (navigator.onLine ? sendOne(form, item) : keepOnPhone(form, item)).catch(function () {
      say(t("full")); // the form keeps what was typed
    });
  });

  // Remembered so that a kept copy of a form posted the ordinary way leaves the outbox once the
  // server has taken it (forgetPosted).
  function posting(form) {
    var field = idField(form);
    if (!field) { return; }
    sessionStorage.setItem("sigap-posted", field.value);
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) {
      worker.postMessage({ sigap: "posting", id: field.value, title: form.getAttribute("data-outbox-title") });
    }
  }

  // A kept item that was then posted the ordinary way (from the server's choice screen) leaves
  // the outbox once the server answered with a redirect or a receipt.
  async function forgetPosted() {
    var id = sessionStorage.getItem("sigap-posted");
    sessionStorage.removeItem("sigap-posted");
    var url = new URL(location.href);
    if (url.searchParams.has("tersimpan")) { // the worker kept the post: it did not go
      url.searchParams.delete("tersimpan");
      history.replaceState(null, "", url.pathname + url.search);
      message.text = t("saved");
      return;
    }
    if (!id) { return; }
    var nav = performance.getEntriesByType("navigation")[0];
    var status = nav && nav.responseStatus || 200;
    if (status < 300 && (nav && nav.redirectCount || document.getElementById("receipt-code"))) {
      for (var i = 0; i < names.length; i++) { await db.remove(names[i], id); }
    }
  }

  async function purge() {
    localStorage.removeItem("sigap-user");
    sessionStorage.clear();
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ sigap: "forget" });
    }
    var found = indexedDB.databases ? await indexedDB.databases() : [{ name: mine }, { name: ANON }];
    await Promise.all(found.map(function (d) { return d.name; }).filter(function (name) {
      return name && name.indexOf("sigap-") === 0;
    }).map(function (name) { return done(indexedDB.deleteDatabase(name)).catch(function () {}); }));
    if (root.caches) {
      var cacheNames = await caches.keys();
      await Promise.all(cacheNames.filter(function (name) {
        return name.indexOf("sigap-pages-") === 0 || name === "sigap-meta";
      }).map(function (name) { return caches.delete(name); }));
    }
  }

  async function signOut(event, form) {
    event.preventDefault();
    var count = (await db.list(mine)).length;
    if (count && !window.confirm(t("signout", { n: count }))) { return; }
    await purge();
    form.submit();
  }

  function restore(form, item) {
    var values = {};
    item.entries.forEach(function (entry) { (values[entry[0]] = values[entry[0]] || []).push(entry[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      var given = values[el.name] || [];
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "submit" || el.type === "button") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = given.indexOf(el.value) >= 0;
      } else if (el.type === "file") {
        var files = new DataTransfer();
        given.forEach(function (file) { if (file instanceof File && file.size) { files.items.add(file); } });
        el.files = files.files;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = given.indexOf(o.value) >= 0; });
      } else if (given.length) {
        el.value = given.shift();
      }
    });
    form.dataset.outboxRestored = item.id;
  }

  async function restoreFromUrl() {
    var id = new URLSearchParams(location.search).get("kotak");
    if (!id) { return; }
    for (var i = 0; i < names.length; i++) {
      var item = await db.get(names[i], id);
      var form = item && (document.querySelector('form[data-outbox="' + item.kind + '"]') || document.querySelector("form[data-outbox]"));
      if (form) { return restore(form, item); }
    }
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "small secondary";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  async function render(box) {
    box.textContent = "";
    for (var i = 0; i < names.length; i++) {
      var name = names[i];
      var items = (await db.list(name)).sort(function (a, b) { return a.time - b.time; });
      if (!items.length) { continue; }
      if (name === ANON) {
        var heading = document.createElement("h2");
        heading.textContent = t("drafts");
        box.append(heading);
      }
      var list = document.createElement("ul");
      list.className = "outbox-list";
      items.forEach(function (item) { list.append(row(name, item)); });
      box.append(list);
    }
    if (!box.childNodes.length) { box.textContent = t("empty"); }
  }

  function row(name, item) {
    var li = document.createElement("li");
    li.setAttribute("data-outbox-item", item.id);
    var title = document.createElement("strong");
    title.textContent = item.title;
    li.append(title, " · " + new Date(item.time).toLocaleString(document.documentElement.lang || "id") +
      " · " + t("state-" + item.state) + " ");
    var open = document.createElement("a");
    open.className = "button small secondary";
    open.href = item.page + (item.page.indexOf("?") < 0 ? "?" : "&") + "kotak=" + encodeURIComponent(item.id);
    open.textContent = t("open");
    li.append(open, " ");
    if (item.answer) {
      li.append(button(t("answer"), function () { showPage(item.answer, item.answerUrl); }), " ");
    }
    li.append(button(name === ANON ? t("discard") : t("delete"), async function () {
      if (!window.confirm(t("confirm-delete"))) { return; }
      await db.remove(name, item.id);
      refresh();
    }));
    return li;
  }

  async function start() {
    if (document.cookie.indexOf("sigap_signed_out=") >= 0) {
      await purge();
      document.cookie = "sigap_signed_out=; Max-Age=0; path=/";
    }
    if (navigator.serviceWorker && bar) {
      navigator.serviceWorker.register(bar.dataset.worker, { scope: "/" }).catch(function () {});
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.sigap === "send") { flush(false); }
      });
    }
    if (document.documentElement.hasAttribute("data-sigap-cache")) {
      // A copy kept on the phone holds the id it was first shown with: each new draft needs its own.
      document.querySelectorAll("form[data-outbox]").forEach(function (form) {
        var field = idField(form);
        if (field) { field.value = randomId(); }
      });
      // Its CSRF tokens may predate a new sign-in; the cookie's value is always accepted.
      var token = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
      if (token) {
        document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
          input.value = token[1];
        });
        if (document.body.hasAttribute("hx-headers")) {
          document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": token[1] }));
        }
      }
      message.text = t("cached");
    }
    await forgetPosted();
    await restoreFromUrl();
    var count = await refresh();
    if (count && navigator.onLine) { flush(false); }
  }

  if (bar) {
    bar.querySelector("[data-outbox-send]").addEventListener("click", function () { flush(true); });
  }
  window.addEventListener("online", function () { flush(false); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})(self);
