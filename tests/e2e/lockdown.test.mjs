// Defence in depth in the web view (src-tauri/src/webview_guard.rs and .js), through the real
// window: the APIs a diary never needs are gone and stay gone, no request leaves for anywhere but
// the app (whichever layer refuses it: the CSP, the web view's request filter, the init script),
// and the app's own channels (its page, the IPC) still work. Every address tried is this
// machine's loopback, where a server of the test's own counts what reaches it.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { Driver, shutdown } from "./harness.mjs";

/** Globals the init script takes away (`open` is window.open). */
const GLOBALS = [
  "RTCPeerConnection",
  "webkitRTCPeerConnection",
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
];
/** And on navigator. */
const NAVIGATOR = ["serviceWorker", "sendBeacon"];

/** A server on the loopback that answers 404 to everything and counts the connections and
 * requests that reach it. */
async function countingServer() {
  const seen = { connections: 0, requests: 0 };
  const server = http.createServer((req, res) => {
    seen.requests += 1;
    res.writeHead(404, { "Access-Control-Allow-Origin": "*" }).end();
  });
  server.on("connection", () => (seen.connections += 1));
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    seen,
    url: `http://127.0.0.1:${server.address().port}`,
    reset() {
      seen.connections = 0;
      seen.requests = 0;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

describe("the web view talks to nothing but the app", () => {
  let driver;
  let app;
  let server;

  before(async () => {
    server = await countingServer();
    driver = await Driver.start();
    app = await driver.launch();
    await app.visible("onboarding-next");
  });

  after(async () => {
    await shutdown(driver, app);
    await server?.close();
  });

  it("still shows the app and answers through the IPC", async () => {
    const status = await app.browser.executeAsync((done) => {
      window.__TAURI_INTERNALS__.invoke("app_status").then(
        (s) => done({ state: s.state }),
        (e) => done({ error: String(e) }),
      );
    });
    assert.deepEqual(status, { state: "new" });
    // invoke() falls back to another channel if its fetch to the IPC scheme fails: ask that
    // scheme directly. Any HTTP answer (a GET is refused with 405) shows it was let through.
    const transport = await app.browser.executeAsync((done) => {
      fetch(window.__TAURI_INTERNALS__.convertFileSrc("app_status", "ipc")).then(
        (r) => done(`answered ${r.status}`),
        (e) => done(`refused: ${e}`),
      );
    });
    assert.match(transport, /^answered \d{3}$/);
    await app.visible("language-select");
  });

  it("holds the page to a CSP that lets it reach only the app (http sources only on Windows)", async () => {
    // The policy in force, as the web view reports it on a violation (a loopback image).
    const csp = await app.browser.executeAsync((done) => {
      document.addEventListener("securitypolicyviolation", (e) => done(e.originalPolicy), { once: true });
      const img = document.createElement("img");
      img.src = "http://127.0.0.1:9/csp-probe.png";
      document.body.append(img);
    });
    const directive = (name) => (csp.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? "");
    assert.match(directive("default-src"), /'self'/, csp);
    assert.match(directive("connect-src"), /ipc:/);
    assert.match(directive("img-src"), /keepsake:/);
    // WebView2 reaches the app's schemes as http://<scheme>.localhost; elsewhere no page needs
    // any http source, so none is allowed.
    const windows = process.platform === "win32";
    assert.equal(/http:/.test(directive("connect-src")), windows, directive("connect-src"));
    assert.equal(/http:/.test(directive("img-src")), windows, directive("img-src"));
  });

  it("takes away the APIs a diary never needs, and page script cannot put them back", async () => {
    const seen = await app.browser.execute(
      (globals, onNavigator) => {
        const impostor = function impostor() {};
        const restore = (target, name) => {
          try {
            target[name] = impostor;
          } catch {
            // refused, as it should be
          }
          try {
            Object.defineProperty(target, name, { value: impostor, writable: true, configurable: true });
          } catch {
            // refused, as it should be
          }
          try {
            delete target[name];
          } catch {
            // refused, as it should be
          }
        };
        const state = (target, name) => {
          const own = Object.getOwnPropertyDescriptor(target, name);
          return {
            type: typeof target[name],
            locked: Boolean(own && !own.configurable && !own.writable && own.value === undefined),
          };
        };
        const out = {};
        for (const name of globals) {
          restore(window, name);
          out[name] = state(window, name);
        }
        for (const name of onNavigator) {
          restore(Navigator.prototype, name);
          restore(navigator, name);
          out[`navigator.${name}`] = state(navigator, name);
        }
        // What the app needs stays: the IPC is fetch, the photos are <img> loads.
        out.kept = { fetch: typeof fetch, XMLHttpRequest: typeof XMLHttpRequest, Image: typeof Image };
        return out;
      },
      GLOBALS,
      NAVIGATOR,
    );
    const gone = { type: "undefined", locked: true };
    assert.deepEqual(seen, {
      ...Object.fromEntries(GLOBALS.map((name) => [name, gone])),
      ...Object.fromEntries(NAVIGATOR.map((name) => [`navigator.${name}`, gone])),
      kept: { fetch: "function", XMLHttpRequest: "function", Image: "function" },
    });
  });

  it("lets no request leave for anywhere else: fetch, XMLHttpRequest, <img>, a fresh frame's WebSocket", async () => {
    // The server counts what reaches it: a request from the test itself does.
    assert.equal((await fetch(`${server.url}/from-the-test`)).status, 404);
    assert.equal(server.seen.requests, 1);
    assert.ok(server.seen.connections >= 1);
    server.reset();

    // Each attempt settles on an event of its own (refused, or answered by the server), so when
    // they have all settled any request that had left would already have been counted.
    const outcome = await app.browser.executeAsync((base, done) => {
      const added = [];
      const img = new Promise((resolve) => {
        const image = document.createElement("img");
        image.onload = () => resolve("loaded");
        image.onerror = () => resolve("refused");
        image.src = `${base}/pixel.png`;
        document.body.append(image);
        added.push(image);
      });
      const fetched = fetch(`${base}/fetch`).then(
        (r) => `answered ${r.status}`,
        () => "refused",
      );
      const xhr = new Promise((resolve) => {
        const request = new XMLHttpRequest();
        // Whatever ends it (error, abort, an answer): status 0 is "no answer".
        request.onloadend = () => resolve(request.status ? `answered ${request.status}` : "refused");
        try {
          request.open("GET", `${base}/xhr`);
          request.send();
        } catch {
          resolve("refused");
        }
      });
      // A new frame is a new set of globals, which the init script may not have reached: the
      // request layers must still refuse its WebSocket.
      const socket = new Promise((resolve) => {
        const frame = document.createElement("iframe");
        document.body.append(frame);
        added.push(frame);
        const Fresh = frame.contentWindow && frame.contentWindow.WebSocket;
        if (typeof Fresh !== "function") return resolve("no WebSocket");
        try {
          const ws = new Fresh(`${base.replace(/^http/, "ws")}/ws`);
          ws.onopen = () => resolve("opened");
          ws.onerror = () => resolve("refused");
          ws.onclose = () => resolve("refused");
        } catch {
          resolve("refused");
        }
      });
      Promise.all([img, fetched, xhr, socket]).then(([img, fetched, xhr, socket]) => {
        for (const element of added) element.remove();
        done({ img, fetch: fetched, xhr, socket });
      });
    }, server.url);

    assert.deepEqual(
      { ...outcome, socket: outcome.socket === "no WebSocket" ? "refused" : outcome.socket },
      { img: "refused", fetch: "refused", xhr: "refused", socket: "refused" },
    );
    assert.deepEqual(server.seen, { connections: 0, requests: 0 }, "nothing reached the server");
  });
});
