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

  function as(type, text) {
    if (type === "json") {
      try { return JSON.parse(text); } catch (error) { return null; }
    }
    if (type === "blob") return new Blob([text], { type: "application/json" });
    if (type === "arraybuffer") return new TextEncoder().encode(text).buffer;
    if (type === "document") return null;
    return text;
  }

  // Material 9 (requestJSON in its bundle): XMLHttpRequest with responseType "blob". The file is
  // read as UTF-8 text whatever the caller asked for, and handed over as that. While a request
  // is for the index, the object's responseType is its own property, so the caller reads back
  // what it set; the next open() puts that type back on the object itself.
  var proto = XMLHttpRequest.prototype;
  var open = proto.open, send = proto.send;
  var responseText = Object.getOwnPropertyDescriptor(proto, "responseText").get;
  var responseType = Object.getOwnPropertyDescriptor(proto, "responseType");
  var TYPES = ["", "text", "json", "blob", "arraybuffer", "document"];

  function done(xhr) { return xhr.readyState === 4; }
  function answered(xhr) { return done(xhr) && xhr.status >= 200 && xhr.status < 300; }

  // The body: the index's JSON once answered; as it comes otherwise (an error page, say).
  function text(xhr) {
    if (!answered(xhr)) return responseText.call(xhr);
    if (!("__hkJson" in xhr)) xhr.__hkJson = indexJson(responseText.call(xhr));
    return xhr.__hkJson;
  }

  // As the browser answers: for types other than text, nothing before the request is done.
  function reply(xhr) {
    var type = xhr.__hkType;
    if (type === "" || type === "text") return text(xhr);
    if (!done(xhr)) return null;
    if (!("__hkReply" in xhr)) xhr.__hkReply = as(type, text(xhr));
    return xhr.__hkReply;
  }

  proto.open = function (method, url) {
    var redirected = inline(url);
    var wanted = this.__hkIndex ? this.__hkType : undefined;  // set during the last request
    delete this.response;  // an object reused for another request reads it as it is
    delete this.responseText;
    delete this.responseType;
    delete this.__hkJson;
    delete this.__hkReply;
    this.__hkIndex = !!redirected;
    if (redirected) arguments[1] = redirected;
    var opened = open.apply(this, arguments);
    if (wanted !== undefined && wanted !== responseType.get.call(this)) {
      try { responseType.set.call(this, wanted); } catch (error) { /* synchronous: as natively */ }
    }
    if (redirected) {
      var xhr = this;
      xhr.__hkType = responseType.get.call(xhr);
      Object.defineProperty(xhr, "responseType", { configurable: true,
        get: function () { return xhr.__hkType; },
        set: function (type) { if (TYPES.indexOf(type) >= 0) xhr.__hkType = type; } });
      Object.defineProperty(xhr, "response", { configurable: true, get: function () { return reply(xhr); } });
      Object.defineProperty(xhr, "responseText", { configurable: true, get: function () { return text(xhr); } });
    }
    return opened;
  };

  proto.send = function () {
    if (this.__hkIndex) {
      this.overrideMimeType("text/plain; charset=utf-8");  // whatever charset the server names
      // ("" reads as text already, and a synchronous request may not set responseType)
      if (this.__hkType !== "") responseType.set.call(this, "text");
    }
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
