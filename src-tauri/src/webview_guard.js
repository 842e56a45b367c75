// Keepsake's web view guard (see webview_guard.rs), injected before any page script in every
// frame; in the main frame it runs after Tauri's own scripts, so Object.prototype may already be
// frozen (freezePrototype): nothing here assigns through it. A diary talks to nothing but its own
// app, so the APIs that open a channel elsewhere without fetch (peer connections, sockets, event
// streams, beacons, workers, pop-ups) become read-only, non-configurable `undefined`: page script
// can neither use nor restore them. fetch and XMLHttpRequest stay: Tauri's IPC uses fetch (ipc:),
// and the CSP and the web view's request filter hold them to the app's own origins. Never
// throws; running it twice changes nothing.
(function () {
  "use strict";
  var define = Object.defineProperty;
  var describe = Object.getOwnPropertyDescriptor;
  var protoOf = Object.getPrototypeOf;
  var owns = Function.prototype.call.bind(Object.prototype.hasOwnProperty);

  // Make `target[name]` undefined for good. A property that is already non-configurable (a
  // second run) can still be made read-only and undefined, but not re-described.
  function seal(target, name) {
    try {
      var had = describe(target, name);
      define(target, name, had && !had.configurable
        ? { __proto__: null, value: undefined, writable: false }
        : { __proto__: null, value: undefined, writable: false, enumerable: false, configurable: false });
    } catch (e) {
      // A property the engine will not let go of stays as it is: the other layers still hold.
    }
  }

  // Seal `name` on `object` itself (shadowing whatever it inherits) and on every prototype of its
  // chain that defines it (`navigator.sendBeacon` lives on Navigator.prototype).
  function remove(object, name) {
    if (!object) return;
    for (var p = protoOf(object); p && p !== Object.prototype; p = protoOf(p)) {
      if (owns(p, name)) seal(p, name);
    }
    seal(object, name);
  }

  try {
    // Before its interface goes: a container reached some other way cannot register either.
    if (typeof ServiceWorkerContainer === "function") remove(ServiceWorkerContainer.prototype, "register");
  } catch (e) {
    // see seal
  }

  [
    "RTCPeerConnection",
    "webkitRTCPeerConnection",
    "mozRTCPeerConnection",
    "RTCDataChannel",
    "RTCSessionDescription",
    "RTCIceCandidate",
    "WebTransport",
    "WebSocket",
    "EventSource",
    "Worker",
    "SharedWorker",
    "ServiceWorker",
    "ServiceWorkerContainer",
    "ServiceWorkerRegistration",
    "open",
  ].forEach(function (name) {
    remove(window, name);
  });

  if (typeof navigator === "object") {
    ["serviceWorker", "sendBeacon"].forEach(function (name) {
      remove(navigator, name);
    });
  }
})();
