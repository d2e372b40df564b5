/* huikuan: the search index ships once, as search/search_index.js.
   That file is Material's offline copy ("var __index = " followed by the JSON), which Material's
   bundle loads with a <script> tag from file://. Over http the bundle requests
   search/search_index.json instead; this script answers that request, and only a request for
   this site's own index, from the same file minus the prefix, so the site does not carry the
   index twice. Loaded in <head>, before the bundle. */
(function () {
  "use strict";
  if (location.protocol === "file:" || !document.currentScript) return;
  var PREFIX = "var __index = ".length;  // ASCII: as many bytes as characters
  // This script is assets/huikuan/search-index.js; the index is search/ at the site's root.
  var INDEX = new URL("../../search/search_index.json", document.currentScript.src);
  var INLINE = new URL("../../search/search_index.js", document.currentScript.src).href;

  function inline(url) {
    var target = new URL(String(url), document.baseURI);
    return target.origin === INDEX.origin && target.pathname === INDEX.pathname ? INLINE : null;
  }

  function strip(body) {
    if (typeof body === "string") return body.slice(PREFIX);
    if (body instanceof Blob) return body.slice(PREFIX, body.size, "application/json");
    if (body instanceof ArrayBuffer) return body.slice(PREFIX);
    return body;
  }

  // Material 9 (requestJSON in its bundle): XMLHttpRequest with responseType "blob".
  var proto = XMLHttpRequest.prototype;
  var open = proto.open, send = proto.send;
  var response = Object.getOwnPropertyDescriptor(proto, "response").get;
  var responseText = Object.getOwnPropertyDescriptor(proto, "responseText").get;

  function answered(xhr) { return xhr.status >= 200 && xhr.status < 300; }

  proto.open = function (method, url) {
    var redirected = inline(url);
    delete this.response;  // an object reused for another request reads it as it is
    delete this.responseText;
    this.__hkIndex = !!redirected;
    if (redirected) {
      var xhr = this;
      Object.defineProperty(xhr, "response", { configurable: true, get: function () {
        var body = response.call(xhr);
        if (!answered(xhr) || xhr.readyState !== 4) return body;
        body = strip(body);
        return xhr.__hkJson ? JSON.parse(body) : body;
      } });
      Object.defineProperty(xhr, "responseText", { configurable: true, get: function () {
        var text = responseText.call(xhr);
        return answered(xhr) && xhr.readyState === 4 ? strip(text) : text;
      } });
      arguments[1] = redirected;
    }
    return open.apply(this, arguments);
  };

  proto.send = function () {
    // The file is JavaScript, not JSON: read it as text and parse what is left after the prefix.
    this.__hkJson = this.__hkIndex && this.responseType === "json";
    if (this.__hkJson) this.responseType = "text";
    return send.apply(this, arguments);
  };

  // Anything else that fetches the JSON (another theme version, a user's script) gets it too.
  if (window.fetch) {
    var fetchOriginal = window.fetch;
    window.fetch = function (input, init) {
      var isRequest = typeof Request !== "undefined" && input instanceof Request;
      var redirected = inline(isRequest ? input.url : input);
      if (!redirected) return fetchOriginal.apply(this, arguments);
      var request = isRequest ? new Request(redirected, input) : redirected;
      return fetchOriginal.call(this, request, init).then(function (res) {
        if (!res.ok) return res;
        return res.blob().then(function (blob) {
          return new Response(strip(blob), { status: res.status, statusText: res.statusText,
                                             headers: { "Content-Type": "application/json" } });
        });
      });
    };
  }
})();
