/* huikuan: the search index ships once, as search/search_index.js.
   That file is Material's offline copy ("var __index = " followed by the JSON on one line), which
   Material's bundle loads with a <script> tag from file://; in it, word breaks (U+200B) are
   written as DEL, and the script after the JSON puts them back. Over http the bundle requests
   search/search_index.json instead; this script answers that request, and only a request for
   this site's own index, from the same file: the JSON line, breaks restored. So the site does
   not carry the index twice. Loaded in <head>, before the bundle. */
(function () {
  "use strict";
  if (location.protocol === "file:" || !document.currentScript) return;
  var PREFIX = "var __index = ".length;
  // This script is assets/huikuan/search-index.js; the index is search/ at the site's root.
  var INDEX = new URL("../../search/search_index.json", document.currentScript.src);
  var INLINE = new URL("../../search/search_index.js", document.currentScript.src).href;

  function inline(url) {
    var target = new URL(String(url), document.baseURI);
    return target.origin === INDEX.origin && target.pathname === INDEX.pathname ? INLINE : null;
  }

  // search_index.js as text → the JSON Material expects (generator/render/site/search.py writes it).
  function indexJson(text) {
    var end = text.indexOf("\n", PREFIX);
    return text.slice(PREFIX, end < 0 ? text.length : end).replace(/\x7f/g, "\u200b");
  }

  function as(type, json) {
    if (type === "json") return JSON.parse(json);
    if (type === "blob") return new Blob([json], { type: "application/json" });
    if (type === "arraybuffer") return new TextEncoder().encode(json).buffer;
    return json;
  }

  // Material 9 (requestJSON in its bundle): XMLHttpRequest with responseType "blob". The file is
  // read as text whatever the caller asked for, and handed over as that.
  var proto = XMLHttpRequest.prototype;
  var open = proto.open, send = proto.send;
  var response = Object.getOwnPropertyDescriptor(proto, "response").get;
  var responseText = Object.getOwnPropertyDescriptor(proto, "responseText").get;

  function answered(xhr) { return xhr.status >= 200 && xhr.status < 300 && xhr.readyState === 4; }

  function body(xhr) {
    if (!("__hkBody" in xhr)) xhr.__hkBody = indexJson(responseText.call(xhr));
    return xhr.__hkBody;
  }

  proto.open = function (method, url) {
    var redirected = inline(url);
    delete this.response;  // an object reused for another request reads it as it is
    delete this.responseText;
    delete this.__hkBody;
    delete this.__hkResponse;
    this.__hkIndex = !!redirected;
    if (redirected) {
      var xhr = this;
      Object.defineProperty(xhr, "response", { configurable: true, get: function () {
        if (!answered(xhr)) return response.call(xhr);
        if (!("__hkResponse" in xhr)) xhr.__hkResponse = as(xhr.__hkType, body(xhr));
        return xhr.__hkResponse;
      } });
      Object.defineProperty(xhr, "responseText", { configurable: true, get: function () {
        return answered(xhr) ? body(xhr) : responseText.call(xhr);
      } });
      arguments[1] = redirected;
    }
    return open.apply(this, arguments);
  };

  proto.send = function () {
    this.__hkType = this.responseType;
    // ("" reads as text already, and a synchronous request may not set responseType)
    if (this.__hkIndex && this.responseType !== "") this.responseType = "text";
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
        return res.text().then(function (text) {
          return new Response(indexJson(text), { status: res.status, statusText: res.statusText,
                                                 headers: { "Content-Type": "application/json" } });
        });
      });
    };
  }
})();
