/* drawcloser: small enhancements on top of pages that work without JavaScript.
   Tap-to-explain on marked phrases, copy buttons, example messages, the service worker.
   No inline handlers anywhere: everything is wired here, so the CSP can forbid them. */
(function () {
  "use strict";

  var toastTimer = null;

  function message(name) {
    return document.body.getAttribute("data-msg-" + name) || "";
  }

  function toast(text) {
    var el = document.getElementById("toast");
    if (!el) return;
    el.textContent = text;
    el.classList.add("is-visible");
    window.clearTimeout(toastTimer);
    toastTimer = window.setTimeout(function () {
      el.classList.remove("is-visible");
      window.setTimeout(function () {
        if (!el.classList.contains("is-visible")) el.textContent = "";
      }, 250);
    }, 2200);
  }

  /* ---- Marked phrases: each one opens what he may hear, right under the message. ---- */

  function panelsOf(mark) {
    return (mark.getAttribute("data-explain") || "")
      .split(" ")
      .map(function (id) { return document.getElementById(id); })
      .filter(Boolean);
  }

  function closeAll(root) {
    root.querySelectorAll(".mark[aria-expanded='true']").forEach(function (m) {
      m.setAttribute("aria-expanded", "false");
    });
    root.querySelectorAll(".explain").forEach(function (p) { p.hidden = true; });
  }

  function toggle(mark) {
    var card = mark.closest(".message-card") || document;
    var wasOpen = mark.getAttribute("aria-expanded") === "true";
    closeAll(card);
    if (wasOpen) return;
    var panels = panelsOf(mark);
    panels.forEach(function (p) { p.hidden = false; });
    mark.setAttribute("aria-expanded", "true");
    if (panels.length && panels[0].scrollIntoView) {
      panels[0].scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  }

  function upgrade(root) {
    root.querySelectorAll("[data-js-only][hidden]").forEach(function (el) { el.hidden = false; });
    root.querySelectorAll(".mark[data-explain]").forEach(function (mark) {
      if (mark.hasAttribute("role")) return;
      // Without JavaScript a phrase links to its card further down; with it, a button.
      mark.setAttribute("role", "button");
      mark.setAttribute("aria-expanded", "false");
      mark.setAttribute("aria-controls", mark.getAttribute("data-explain"));
    });
  }

  /* ---- Copy ---- */

  function copyFallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copied(button) {
    var label = button.querySelector(".copy-label");
    var before = label ? label.textContent : "";
    button.classList.add("is-copied");
    if (label) label.textContent = message("copied");
    toast(message("copied"));
    window.setTimeout(function () {
      button.classList.remove("is-copied");
      if (label) label.textContent = before;
    }, 2500);
  }

  function copy(button) {
    var text = button.getAttribute("data-copy") || "";
    var done = function () { copied(button); };
    var fail = function () {
      if (copyFallback(text)) done(); else toast(message("copy-failed"));
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fail);
    } else {
      fail();
    }
  }

  /* ---- Wiring ---- */

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var mark = target.closest(".mark[role='button']");
    if (mark) {
      event.preventDefault();
      toggle(mark);
      return;
    }
    var button = target.closest("button.copy");
    if (button) {
      copy(button);
      return;
    }
    var chip = target.closest(".chip[data-example]");
    if (chip) {
      var input = document.getElementById("message");
      if (!input) return;
      input.value = chip.getAttribute("data-example");
      input.focus();
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (event.key === "Escape") {
      var open = document.querySelector(".mark[aria-expanded='true']");
      if (open) {
        closeAll(open.closest(".message-card") || document);
        open.focus();
      }
      return;
    }
    if ((event.key === " " || event.key === "Spacebar") && target && target.matches(".mark[role='button']")) {
      event.preventDefault();
      toggle(target);
    }
  });

  document.addEventListener("htmx:load", function (event) {
    upgrade(event.detail && event.detail.elt ? event.detail.elt : document);
  });

  /* ---- HTMX requests carry the page's CSRF token (forms also post it as a field). ---- */

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector("meta[name='csrf-token']");
    if (meta && event.detail && event.detail.headers) {
      event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content") || "";
    }
  });

  /* A swapped card (Today's action) takes the focus, so the keyboard and screen readers
     follow the change instead of falling back to the top of the page. */
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    var card = target && target.id === "today-action" ? target : document.getElementById("today-action");
    if (!card || !event.detail.requestConfig || event.detail.requestConfig.verb !== "post") return;
    var field = card.querySelector("#his-response");
    var heading = card.querySelector("h2");
    if (field && !field.value) {
      field.focus();
    } else if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  });

  function unreachable() {
    toast(message("unreachable"));
  }
  document.addEventListener("htmx:sendError", unreachable);
  document.addEventListener("htmx:responseError", unreachable);

  function start() {
    upgrade(document);
    if ("serviceWorker" in navigator && window.isSecureContext) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
        /* The app works the same without it; it only makes static files load faster. */
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
