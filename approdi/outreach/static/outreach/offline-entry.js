// Approdi outreach entry: records are queued on the phone (IndexedDB) before they are
// sent, and sent exactly once thanks to the idempotency key each carries. Works offline
// with the service worker that keeps this page. No inline script (strict CSP).
(function () {
  "use strict";
  var root = document.querySelector("[data-offline-entry]");
  if (!root) { return; }
  var form = root.querySelector("form[data-entry-form]");
  var msgs = root.querySelector("[data-messages]").dataset;
  var user = root.dataset.user;
  var DB_NAME = "approdi-outreach";
  var STORE = "queue";
  var flushing = false;
  var noteText = root.querySelector("[data-pending-note]").dataset;

  if ("serviceWorker" in navigator && root.dataset.swUrl) {
    navigator.serviceWorker.register(root.dataset.swUrl, { scope: root.dataset.swScope })
      .catch(function () { /* the page still works online */ });
  }

  // ---- IndexedDB queue -------------------------------------------------------------
  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function withStore(mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = action(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }
  var queue = {
    put: function (item) { return withStore("readwrite", function (s) { return s.put(item); }); },
    remove: function (key) { return withStore("readwrite", function (s) { return s.delete(key); }); },
    all: function () { return withStore("readonly", function (s) { return s.getAll(); }); }
  };

  // ---- helpers ---------------------------------------------------------------------
  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function csrfFromPage() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function serialize() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (Object.prototype.hasOwnProperty.call(data, name)) {
        data[name] = [].concat(data[name], value);
      } else {
        data[name] = value;
      }
    });
    return data;
  }
  function summary(payload) {
    var contacts = 0;
    Object.keys(payload).forEach(function (name) {
      if (/^tallies-\d+-count$/.test(name)) { contacts += parseInt(payload[name], 10) || 0; }
    });
    var parts = [root.dataset.title, payload.date || ""];
    if (payload.place) { parts.push(payload.place); }
    if (payload.area) { parts.push(payload.area); }
    if (contacts) { parts.push(contacts + " " + msgs.contacts); }
    return parts.filter(Boolean).join(" · ");
  }
  function showStatus(text, kind) {
    var box = root.querySelector("[data-status]");
    box.textContent = text;
    box.className = "alert alert-" + (kind || "success");
    box.hidden = false;
  }
  function clearErrors() {
    root.querySelectorAll("[data-error-for]").forEach(function (el) { el.textContent = ""; });
    form.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
  }
  function showErrors(errors) {
    Object.keys(errors).forEach(function (name) {
      var text = errors[name].join(" ");
      var slot = root.querySelector('[data-error-for="' + CSS.escape(name) + '"]') ||
        root.querySelector('[data-error-for="__all__"]');
      slot.textContent = (slot.textContent ? slot.textContent + " " : "") + text;
      var input = form.querySelector('[name="' + CSS.escape(name) + '"]');
      if (input) { input.classList.add("is-invalid"); }
    });
    var first = form.querySelector(".is-invalid");
    if (first) { first.focus(); }
  }
  function resetForNext() {
    // Keep the outing's context (date, shift, kind, area, team): reset only the counts.
    form.querySelector("input[name=idempotency_key]").value = newKey();
    form.querySelectorAll("input[data-stepper]").forEach(function (input) {
      if (/-count$|^service_|^material_/.test(input.name)) { input.value = "0"; }
    });
  }

  // ---- steppers and tally rows -----------------------------------------------------
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-step]");
    if (!button) { return; }
    var input = button.parentElement.querySelector("input");
    var step = parseInt(input.dataset.stepper, 10) || 1;
    var value = (parseInt(input.value, 10) || 0) + step * parseInt(button.dataset.step, 10);
    var min = input.min === "" ? 0 : parseInt(input.min, 10);
    var max = input.max === "" ? Infinity : parseInt(input.max, 10);
    input.value = String(Math.max(min, Math.min(max, value)));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  var addTally = root.querySelector("[data-add-tally]");
  if (addTally) {
    addTally.addEventListener("click", function () {
      var total = form.querySelector("input[name=tallies-TOTAL_FORMS]");
      var index = parseInt(total.value, 10);
      var template = root.querySelector("template[data-tally-template]");
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      root.querySelector("[data-tally-rows]").appendChild(row);
      total.value = String(index + 1);
      row.querySelector("select").focus();
    });
  }

  // ---- sending ---------------------------------------------------------------------
  // "sent" (stored, or already stored), "rejected" (bad input), "signin", "offline".
  function send(item, csrf) {
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(item.payload)
    }).then(function (response) {
      if (response.status === 201 || response.status === 200) {
        return response.json().then(function (data) { return { state: "sent", data: data }; });
      }
      if (response.status === 400) {
        return response.json().then(function (data) { return { state: "rejected", errors: data.errors || {} }; });
      }
      if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
        return { state: "signin" };
      }
      if (response.status === 404) { return { state: "rejected", errors: { __all__: [msgs.rejected] } }; }
      return { state: "offline" };
    }, function () { return { state: "offline" }; });
  }
  function noteSent(item) {
    var li = document.createElement("li");
    li.className = "text-success";
    li.textContent = "✓ " + item.label;
    root.querySelector("[data-sent]").prepend(li);
  }
  function render() {
    return queue.all().then(function (items) {
      var box = root.querySelector("[data-pending]");
      var list = root.querySelector("[data-pending-list]");
      list.textContent = "";
      items.sort(function (a, b) { return a.createdAt < b.createdAt ? -1 : 1; });
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.dataset.key = item.key;
        var text = document.createElement("span");
        text.textContent = item.label + " — " + (item.errors ? Object.keys(item.errors).map(function (k) {
          return item.errors[k].join(" ");
        }).join(" ") : msgs.waiting);
        li.appendChild(text);
        if (item.errors) {
          li.className = "text-danger";
          var discard = document.createElement("button");
          discard.type = "button";
          discard.className = "btn btn-sm btn-outline-danger ms-2";
          discard.textContent = msgs.discard;
          discard.addEventListener("click", function () {
            if (window.confirm(msgs.discardConfirm)) { queue.remove(item.key).then(render); }
          });
          li.appendChild(discard);
        }
        list.appendChild(li);
      });
      root.querySelector("[data-pending-count]").textContent = String(items.length);
      box.hidden = items.length === 0;
      return items;
    });
  }
  function note(text) {
    var el = root.querySelector("[data-pending-note]");
    el.textContent = text || "";
    el.hidden = !text;
  }
  function flush() {
    if (flushing || !navigator.onLine) { return Promise.resolve(); }
    flushing = true;
    return queue.all().then(function (items) {
      items = items.filter(function (item) { return !item.errors; });
      if (!items.length) { return null; }
      return fetch(root.dataset.syncUrl, {
        credentials: "same-origin", redirect: "manual", headers: { "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) { note(noteText.signinText); return null; }
        return response.json().then(function (session) {
          var mine = items.filter(function (item) { return item.user === session.user; });
          note(mine.length < items.length ? noteText.otherUserText : "");
          return mine.reduce(function (chain, item) {
            return chain.then(function (stop) {
              if (stop) { return true; }
              return send(item, session.csrf).then(function (result) {
                if (result.state === "sent") { noteSent(item); return queue.remove(item.key).then(function () { return false; }); }
                if (result.state === "rejected") { item.errors = result.errors; return queue.put(item).then(function () { return false; }); }
                return true;  // offline or signed out: try again later
              });
            });
          }, Promise.resolve(false));
        });
      }, function () { return null; });
    }).then(function () { flushing = false; return render(); },
            function () { flushing = false; return render(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var payload = serialize();
    var item = {
      key: payload.idempotency_key, url: form.getAttribute("action") || window.location.pathname,
      user: user, payload: payload, label: summary(payload), createdAt: new Date().toISOString()
    };
    // Stored first: nothing is lost if the phone is closed while the request is out.
    queue.put(item).then(function () {
      if (!navigator.onLine) { return { state: "offline" }; }
      return send(item, csrfFromPage());
    }).then(function (result) {
      if (result.state === "rejected") {
        return queue.remove(item.key).then(function () {
          showErrors(result.errors);
          showStatus(msgs.rejected, "danger");
        });
      }
      if (result.state === "sent") {
        noteSent(item);
        showStatus(msgs.saved + " " + item.label, "success");
        return queue.remove(item.key).then(resetForNext);
      }
      showStatus(msgs.queued, "warning");
      resetForNext();
      if (result.state === "signin") { return flush(); }
      return null;
    }).then(render);
  });

  // A page kept by the service worker carries the key and the date it was first served
  // with: every entry needs its own key, and "today" is the phone's today.
  form.querySelector("input[name=idempotency_key]").value = newKey();
  var dateInput = form.querySelector("input[name=date]");
  if (dateInput && dateInput.max && dateInput.defaultValue === dateInput.max) {
    var now = new Date();
    var today = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
    if (today > dateInput.max) { dateInput.value = today; dateInput.max = today; }
  }

  var sendNow = root.querySelector("[data-send-now]");
  sendNow.addEventListener("click", function () { flush(); });
  window.addEventListener("online", function () { flush(); });
  window.setInterval(flush, 20000);
  render().then(flush);
})();
