/* huikuan: the search index ships once, as search/search_index.js.
   That file is Material's offline copy ("var __index = " followed by the JSON), which Material's
   bundle loads with a <script> tag from file://. Over http the bundle requests
   search/search_index.json instead; this script answers that request from the same file, minus
   the prefix, so the site does not carry the index twice. Loaded in <head>, before the bundle. */
(function () {
  "use strict";
  if (location.protocol === "file:") return;
  var PREFIX = "var __index = ".length;  // ASCII: as many bytes as characters
  var INDEX = /\/search\/search_index\.json$/;

  function inline(url) {
    var target = new URL(String(url), location.href);
    if (!INDEX.test(target.pathname)) return null;
    target.pathname = target.pathname.replace(/\.json$/, ".js");
    return target.href;
  }

  function strip(body) {
    if (typeof Blob !== "undefined" && body instanceof Blob) return body.slice(PREFIX, body.size, "application/json");
    if (typeof body === "string") return body.slice(PREFIX);
    return body;
  }

  // Material 9 (bundle.ts, requestJSON): XMLHttpRequest with responseType "blob".
  var proto = XMLHttpRequest.prototype;
  var open = proto.open;
  var response = Object.getOwnPropertyDescriptor(proto, "response").get;
  var responseText = Object.getOwnPropertyDescriptor(proto, "responseText").get;
  proto.open = function (method, url) {
    var redirected = inline(url);
    if (redirected) {
      var xhr = this;
      Object.defineProperty(xhr, "response", { configurable: true, get: function () { return strip(response.call(xhr)); } });
      Object.defineProperty(xhr, "responseText", { configurable: true, get: function () { return strip(responseText.call(xhr)); } });
      arguments[1] = redirected;
    }
    return open.apply(this, arguments);
  };

  // Anything else that fetches the JSON (another theme version, a user's script) gets it too.
  if (window.fetch) {
    var fetchOriginal = window.fetch;
    window.fetch = function (input, init) {
      var redirected = typeof input === "string" || input instanceof URL ? inline(input) : null;
      if (!redirected) return fetchOriginal.apply(this, arguments);
      return fetchOriginal.call(this, redirected, init).then(function (res) {
        if (!res.ok) return res;
        return res.blob().then(function (blob) {
          return new Response(strip(blob), { status: res.status, statusText: res.statusText,
                                             headers: { "Content-Type": "application/json" } });
        });
      });
    };
  }
})();
