// presswatch web UI: keyboard navigation, selection, saving without reloads. No inline scripts, no eval.
(function () {
  "use strict";
  document.documentElement.classList.add("js");   // (the plain-form fallbacks, .nojs, give way: app.css)
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function toast(text, bad) {
    var box = document.getElementById("toast");
    if (!box) { return; }
    box.textContent = text;
    box.className = "show" + (bad ? " error" : "");
    window.clearTimeout(toast.timer);
    toast.timer = window.setTimeout(function () { box.className = ""; }, 1800);
  }

  // Every htmx request carries the CSRF token as a header too (forms also have the hidden field).
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrf;
  });
  document.addEventListener("htmx:responseError", function (event) {
    var msg = "could not save";
    try { msg = JSON.parse(event.detail.xhr.responseText).error.message; } catch (e) { /* not JSON */ }
    toast(msg, true);
  });

  function showRevision(data) {   // the editor's header follows the draft's revision as edits are saved
    var shown = document.getElementById("revision");
    if (shown && data && typeof data.revision === "number") { shown.textContent = String(data.revision); }
    return data;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error((data.error && data.error.message) || r.statusText); }
        return showRevision(data);
      });
    });
  }

  // ---- list navigation: j/k move, Enter/o open, x select
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("[data-row]")); }
  var current = -1;
  function setCurrent(i) {
    var all = rows();
    if (!all.length) { return; }
    i = Math.max(0, Math.min(all.length - 1, i));
    if (all[current]) { all[current].classList.remove("current"); }
    current = i;
    all[i].classList.add("current");
    all[i].scrollIntoView({ block: "nearest" });
  }
  function currentRow() { return rows()[current] || null; }
  function selectedRows() {
    var picked = rows().filter(function (r) { return r.classList.contains("selected"); });
    return picked.length ? picked : (currentRow() ? [currentRow()] : []);
  }
  function toggleSelect(row) {
    row.classList.toggle("selected");
    var box = row.querySelector("[data-pick]");
    if (box) { box.checked = row.classList.contains("selected"); }
  }
  document.addEventListener("change", function (event) {
    var box = event.target.closest && event.target.closest("[data-pick]");
    if (box) { box.closest("[data-row]").classList.toggle("selected", box.checked); }
  });

  function pressTriage(key) {
    selectedRows().forEach(function (row) {
      var button = row.querySelector('.triage button[data-key="' + key + '"]');
      if (button) { button.click(); }
    });
    if (!rows().length) {  // a unit page: its own buttons
      var own = document.querySelector('.triage button[data-key="' + key + '"]');
      if (own) { own.click(); }
    }
  }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey) { return; }
    if (typing(event.target)) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var help = document.getElementById("help");
    if (help && help.open && event.key !== "?") { return; }   // the open help takes no list keys
    // Enter on a focused link or button does what it does, not "open the current row"
    if (event.key === "Enter" && event.target.closest && event.target.closest("a[href], button, summary, [role=button]")) {
      return;
    }
    if (event.altKey) {
      if (event.key === "ArrowUp" || event.key === "ArrowDown") {
        var item = currentRow();
        if (item && item.closest("[data-sortable]")) {
          event.preventDefault();
          moveItem(item, event.key === "ArrowUp" ? -1 : 1);
        }
      }
      return;
    }
    switch (event.key) {
      case "j": setCurrent(current + 1); break;
      case "k": setCurrent(current - 1); break;
      case "Enter": case "o":
        if (currentRow() && currentRow().dataset.href) { window.location.href = currentRow().dataset.href; } else { return; }
        break;
      case "x": if (currentRow()) { toggleSelect(currentRow()); } break;
      case "s": pressTriage("s"); break;
      case "i": pressTriage("i"); break;
      case "-": pressTriage("-"); break;
      case "/":
        var box = document.getElementById("searchbox") || document.getElementById("quicksearch");
        if (box) { box.focus(); box.select(); }
        break;
      case "?":
        if (help && help.showModal) { if (help.open) { help.close(); } else { help.showModal(); } }
        break;
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-help]");
    var help = document.getElementById("help");
    if (link && help && help.showModal) { event.preventDefault(); help.showModal(); }
  });

  // ---- on a phone, side panels (the inbox's filters, the editor's add-from-search) start folded so
  // that the list comes first; on a wide screen they are always open (their summary is hidden)
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 760px)") : null;
  function fold() {
    document.querySelectorAll("details.fold").forEach(function (box) {
      box.open = !(narrow && narrow.matches) || box.hasAttribute("data-keep-open");
    });
  }
  fold();
  if (narrow && narrow.addEventListener) { narrow.addEventListener("change", fold); }

  // ---- sortable lists (the digest editor): drag and drop, Alt+Up/Down; the new order is saved at once
  function saveOrder(list) {
    var ids = Array.prototype.map.call(list.querySelectorAll("[data-item]"), function (el) { return Number(el.dataset.item); });
    post(list.dataset.orderUrl, { order: ids }).then(function () { toast("order saved"); })
      .catch(function (err) { toast(err.message, true); });
  }
  function moveItem(item, step) {
    var list = item.closest("[data-sortable]");
    var sibling = step < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) { return; }
    if (step < 0) { list.insertBefore(item, sibling); } else { list.insertBefore(sibling, item); }
    current = rows().indexOf(item);
    item.scrollIntoView({ block: "nearest" });
    saveOrder(list);
  }
  // drag by the handle with pointer events (mouse, pen and touch alike; HTML5 drag and drop never
  // reaches a phone): the item follows the pointer over the others, the order is saved on release
  var drag = null;   // { item, list, moved }
  document.addEventListener("pointerdown", function (event) {
    var handle = event.target.closest && event.target.closest("[data-sortable] [data-item] .handle");
    if (!handle || event.button !== 0) { return; }
    event.preventDefault();
    var item = handle.closest("[data-item]");
    drag = { item: item, list: item.closest("[data-sortable]"), moved: false };
    item.classList.add("dragging");
    if (handle.setPointerCapture) { handle.setPointerCapture(event.pointerId); }
  });
  document.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var under = document.elementFromPoint(event.clientX, event.clientY);
    var over = under && under.closest && under.closest("[data-sortable] [data-item]");
    if (!over || over === drag.item || over.parentNode !== drag.list) { return; }
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    var before = after ? over.nextSibling : over;
    if (before !== drag.item && drag.item.nextSibling !== before) {
      drag.list.insertBefore(drag.item, before);
      drag.moved = true;
    }
  });
  function endDrag() {
    if (!drag) { return; }
    var done = drag;
    drag = null;
    done.item.classList.remove("dragging");
    current = rows().indexOf(done.item);
    if (done.moved) { saveOrder(done.list); }
  }
  document.addEventListener("pointerup", endDrag);
  document.addEventListener("pointercancel", endDrag);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-move]");
    if (!button) { return; }
    event.preventDefault();
    moveItem(button.closest("[data-item]"), Number(button.dataset.move));
  });

  // ---- saved-state line next to fields htmx saves as you type
  document.addEventListener("htmx:beforeRequest", function (event) {
    var state = event.target.closest && event.target.closest("[data-item], .intro");
    var line = state && state.querySelector(".saved-state");
    if (line) { line.textContent = "saving…"; line.classList.remove("error"); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var state = event.target.closest && event.target.closest("[data-item], .intro");
    var line = state && state.querySelector(".saved-state");
    if (line) {
      line.textContent = event.detail.successful ? "saved" : "not saved";
      line.classList.toggle("error", !event.detail.successful);
    }
  });

  // ---- fields that save themselves as the editor types (the digest editor): debounced, flushed on blur
  // and when the page is left. Every edit not yet confirmed by the server is also kept in sessionStorage
  // (written on each keystroke, removed once saved), and replayed when the page loads again, so an edit
  // followed at once by a reload (whose request may overtake or cancel the save) is never lost.
  // <html data-unsaved="N"> says how many fields hold an edit the server has not confirmed.
  var pending = new Map();   // element -> debounce timer
  var unsaved = new Set();   // elements whose edit the server has not confirmed yet
  var sentValues = new Map();   // element -> values sent and not yet confirmed (any may have landed)
  var STORE = "presswatch-unsaved:";
  function stateLine(el) {
    var box = el.closest("[data-item], .intro");
    return box ? box.querySelector(".saved-state") : null;
  }
  function storeKey(el) { return STORE + el.dataset.save + "#" + el.dataset.field; }
  function remember(el) {
    try {
      // ``bases``: what the server may hold now (the last confirmed text, or one sent since)
      var bases = [el.dataset.savedValue].concat(sentValues.get(el) || []);
      window.sessionStorage.setItem(storeKey(el), JSON.stringify({ value: el.value, bases: bases }));
    } catch (e) { /* storage full or off: the debounced save and the flush on leaving remain */ }
  }
  function forget(el) {
    try { window.sessionStorage.removeItem(storeKey(el)); } catch (e) { /* storage off */ }
  }
  function showUnsaved() {
    document.documentElement.dataset.unsaved = String(unsaved.size);
  }
  function markUnsaved(el, yes) {
    if (yes) { unsaved.add(el); } else { unsaved.delete(el); }
    showUnsaved();
  }
  // One save per field at a time: an edit typed while one is on its way waits for its answer and is
  // then sent with the text the server confirmed as its base (two saves of one field in flight could be
  // answered in either order, and the second would look like a change made elsewhere).
  var inflight = new Set();   // fields with a save on its way
  var queued = new Map();     // field -> leaving flag, for an edit to send once the save on its way is answered
  function saveField(el, leaving) {
    window.clearTimeout(pending.get(el));
    pending.delete(el);
    if (inflight.has(el)) { queued.set(el, !!leaving || !!queued.get(el)); markUnsaved(el, true); return; }
    if (el.value === el.dataset.savedValue) { forget(el); markUnsaved(el, false); return; }
    var body = {};
    body[el.dataset.field] = el.value;
    // what the server holds in this field as far as this page knows: if it holds something else, another
    // tab or editor changed it since, and the server refuses this edit (409) rather than overwrite theirs
    body.bases = {};
    body.bases[el.dataset.field] = [el.dataset.savedValue];
    var line = stateLine(el);
    if (line) { line.textContent = "saving…"; line.classList.remove("error"); }
    sentValues.set(el, [el.value]);
    remember(el);
    markUnsaved(el, true);
    inflight.add(el);
    var sent = fetch(el.dataset.save, {
      method: "POST", credentials: "same-origin", keepalive: !!leaving,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: JSON.stringify(body)
    });
    function answered() {
      inflight.delete(el);
      sentValues.delete(el);
      if (queued.has(el)) {
        var flag = queued.get(el);
        queued.delete(el);
        saveField(el, flag);
      }
    }
    sent.then(function (r) {
      return r.json().then(function (data) {
        if (r.status === 409) { keepAside(el, body[el.dataset.field], data.error && data.error.message); }
        if (!r.ok) { throw new Error((data.error && data.error.message) || r.statusText); }
        el.dataset.savedValue = body[el.dataset.field];
        showRevision(data);
        dropAside(el);
        // (once the page is being left, a kept edit stays kept: the page that comes next may have been
        // rendered before this save landed, and puts it back; if it was not, it finds the same text)
        if (el.value === el.dataset.savedValue && !leavingPage) {   // (else a newer edit is on its way)
          forget(el);
          markUnsaved(el, pending.has(el) || queued.has(el));
          if (line && !pending.has(el) && !queued.has(el)) { line.textContent = "saved"; }
        }
        answered();
      });
    }).catch(function (err) {
      queued.delete(el);   // (a refused or lost save: the edit stays kept in the tab, not sent again now)
      answered();
      if (line) { line.textContent = "not saved: " + err.message; line.classList.add("error"); }
      toast("not saved: " + err.message, true);
    });
  }
  function flat(text) { return String(text).replace(/\s+/g, " ").trim(); }
  // an edit the server refused because the field was changed elsewhere: shown beside the field, read-only,
  // so that it can be copied after a reload brings the other change (it is never silently dropped)
  function keepAside(el, text, why) {
    var anchor = el.closest("label") || el;   // (after the label: a click in the box must not focus the field)
    var box = anchor.nextElementSibling;
    if (!box || !box.classList.contains("kept-aside")) {
      box = document.createElement("details");
      box.className = "kept-aside";
      box.open = true;
      box.appendChild(document.createElement("summary"));
      var area = document.createElement("textarea");
      area.readOnly = true;
      area.rows = 3;
      box.appendChild(area);
      anchor.insertAdjacentElement("afterend", box);
    }
    box.querySelector("summary").textContent = "your version, not saved" + (why ? ": " + why : "");
    box.querySelector("textarea").value = text;
  }
  function dropAside(el) {   // a later save of this field landed: what was kept aside is settled
    var anchor = el.closest("label") || el;
    var box = anchor.nextElementSibling;
    if (box && box.classList.contains("kept-aside") && flat(box.querySelector("textarea").value) === flat(el.value)) {
      box.remove();
    }
  }
  var leavingPage = false;
  function flushAll() {
    leavingPage = true;
    Array.from(pending.keys()).forEach(function (el) { saveField(el, true); });
  }
  window.addEventListener("pageshow", function () { leavingPage = false; });   // (back from the cache)
  var fields = Array.prototype.slice.call(document.querySelectorAll("[data-save]"));
  fields.forEach(function (el) { el.dataset.savedValue = el.value; });
  // an edit kept from before the last reload: put back and saved, unless the server already has it, or
  // the field was changed elsewhere since (then the server's text stays and the kept edit is dropped)
  fields.forEach(function (el) {
    var kept = null;
    try { kept = JSON.parse(window.sessionStorage.getItem(storeKey(el)) || "null"); } catch (e) { kept = null; }
    if (!kept || typeof kept.value !== "string" || !Array.isArray(kept.bases)) { forget(el); return; }
    // (compared as the server stores text: it trims, and collapses the spaces of one-line fields)
    if (flat(kept.value) === flat(el.value)) { forget(el); return; }
    if (!kept.bases.some(function (v) { return flat(v) === flat(el.value); })) {
      forget(el);
      keepAside(el, kept.value, "the text was changed elsewhere before this edit was saved");
      toast("an unsaved edit was not put back: the text was changed elsewhere; your version is shown beside it",
            true);
      return;
    }
    el.value = kept.value;
    var line = stateLine(el);
    if (line) { line.textContent = "restored"; }
    saveField(el, false);
  });
  showUnsaved();
  document.addEventListener("input", function (event) {
    var el = event.target;
    if (!el.dataset || !el.dataset.save) { return; }
    window.clearTimeout(pending.get(el));
    remember(el);
    markUnsaved(el, true);
    var line = stateLine(el);
    if (line) { line.textContent = "editing…"; line.classList.remove("error"); }
    pending.set(el, window.setTimeout(function () { saveField(el, false); }, 600));
  });
  document.addEventListener("focusout", function (event) {
    var el = event.target;
    if (el.dataset && el.dataset.save && pending.has(el)) { saveField(el, false); }
  });
  window.addEventListener("beforeunload", flushAll);
  window.addEventListener("pagehide", flushAll);
  // the plain form's Save button is for pages without JavaScript; with it, Enter in a title saves now
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches(".textform")) { return; }
    event.preventDefault();
    Array.prototype.forEach.call(form.querySelectorAll("[data-save]"), function (el) { saveField(el, false); });
  });

  // ---- merging: "Merge selected into this" takes the items selected with x (or typed ids)
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-merge]")) { return; }
    var keep = form.closest("[data-item]");
    var ids = Array.prototype.map.call(document.querySelectorAll("[data-item].selected"), function (el) {
      return el.dataset.item;
    }).filter(function (id) { return id !== keep.dataset.item; });
    var typed = form.querySelector('input[name="others"]');
    if (ids.length) { typed.value = ids.join(" "); }
    if (!typed.value.trim()) { event.preventDefault(); toast("select the items to merge with x first", true); }
  });
}());
