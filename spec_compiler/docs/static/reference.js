// Starts Swagger UI on the document embedded in index.html (no network request: the page works offline,
// served or opened from disk) and lists each path's operations in the order people expect. "Try it out"
// is offered only when the document names an API server (`docs --server-url https://...`); with the
// default "/" it would only send requests to the host serving these pages.
(function () {
  "use strict";
  var METHOD_ORDER = ["get", "post", "put", "patch", "delete", "head", "options", "trace"];
  var spec = JSON.parse(document.getElementById("openapi-document").textContent);
  var callable = (spec.servers || []).some(function (server) {
    return /^https?:\/\//.test(server.url);
  });
  window.ui = SwaggerUIBundle({
    spec: spec,
    supportedSubmitMethods: callable ? METHOD_ORDER : [],
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 1,
    defaultModelExpandDepth: 2,
    showExtensions: false,
    validatorUrl: null,
    operationsSorter: function (a, b) {
      var byPath = a.get("path").localeCompare(b.get("path"));
      if (byPath !== 0) {
        return byPath;
      }
      return METHOD_ORDER.indexOf(a.get("method")) - METHOD_ORDER.indexOf(b.get("method"));
    },
  });
})();
