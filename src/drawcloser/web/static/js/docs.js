/* Starts the vendored Swagger UI for /docs: the spec comes from this server, the
   validator badge (which would call an outside service) is switched off. */
(function () {
  "use strict";
  function start() {
    var root = document.getElementById("swagger-ui");
    if (!root || typeof window.SwaggerUIBundle !== "function") return;
    window.SwaggerUIBundle({
      url: root.getAttribute("data-spec"),
      dom_id: "#swagger-ui",
      validatorUrl: null,
      deepLinking: false, // its links inside buttons trip screen readers (nested-interactive)
      tryItOutEnabled: true,
      syntaxHighlight: false,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout"
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
