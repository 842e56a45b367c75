// Drives the real Keepsake binary through tauri-driver (WebDriver). Each `Driver` owns a fresh
// data directory; `launch()` starts the app (a new WebDriver session) and `quit()` closes it, so
// a journey can quit and relaunch against the same diary. Waits are conditions, never sleeps.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.resolve(here, "..", "artifacts");

/** The binary under test: set by the test command, never guessed. */
export function appBinary() {
  const app = process.env.KEEPSAKE_APP;
  if (!app) throw new Error("KEEPSAKE_APP must name the Keepsake binary to test");
  return app;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForStatus(port, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not answer on port ${port}`);
}

/** A fresh data folder holding a diary as an earlier Keepsake left it: created under privacy
 * policy `policy`, with one entry ("Written before the update"). Made by the core's seeding tool. */
export function seedDiary(passphrase, policy) {
  const tool = process.env.KEEPSAKE_SEED_VAULT;
  if (!tool) throw new Error("KEEPSAKE_SEED_VAULT must name the seed_vault example binary");
  const dir = mkdtempSync(path.join(tmpdir(), "keepsake-e2e-"));
  execFileSync(tool, [dir, passphrase, String(policy)], { stdio: "ignore" });
  return dir;
}

/** The keychain service name the app under this driver uses (see Driver.start). */
export function keychainService(dataDir) {
  return `keepsake-e2e-${path.basename(dataDir)}`;
}

/** How many Secret Service items the app keeps under `service` (secret-tool, libsecret). */
export function keychainItems(service) {
  try {
    const out = execFileSync("secret-tool", ["search", "--all", "service", service], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return (out.match(/^\[\//gm) ?? []).length;
  } catch {
    // secret-tool exits non-zero when nothing matches.
    return 0;
  }
}

export class Driver {
  /** Start tauri-driver with a fresh data directory (or `dataDir`) in the app's environment.
   * Typed paths are honoured (the test-only KEEPSAKE_TEST_TYPED_PATHS, which the QA contract
   * names), unless `typedPaths` is false: then the app behaves as for a user. */
  static async start({ dataDir, typedPaths = true } = {}) {
    const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), "keepsake-e2e-"));
    const [port, nativePort] = [await freePort(), await freePort()];
    // The driver's output goes to a file: a pipe would be inherited by the app it launches and
    // keep this process waiting for as long as any app lingers.
    mkdirSync(ARTIFACTS, { recursive: true });
    const logPath = path.join(ARTIFACTS, `tauri-driver-${path.basename(dir)}.log`);
    const log = openSync(logPath, "a");
    // Windows: tauri-driver drives msedgedriver, named by the CI workflow (it must match WebView2).
    const native = process.env.KEEPSAKE_NATIVE_DRIVER ? ["--native-driver", process.env.KEEPSAKE_NATIVE_DRIVER] : [];
    const child = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort), ...native], {
      env: {
        ...process.env,
        KEEPSAKE_DATA_DIR: dir,
        KEEPSAKE_KEYCHAIN_SERVICE: keychainService(dir),
        KEEPSAKE_TEST_TYPED_PATHS: typedPaths ? "1" : "",
      },
      stdio: ["ignore", log, log],
      // Its own process group, so stop() can end the driver, WebKitWebDriver and the app.
      detached: true,
    });
    closeSync(log);
    await waitForStatus(port, child);
    return new Driver(dir, port, child, logPath);
  }

  constructor(dataDir, port, child, logPath) {
    this.dataDir = dataDir;
    this.port = port;
    this.child = child;
    this.logPath = logPath;
  }

  /** Start the app and return a page object for its window. */
  async launch() {
    const browser = await remote({
      hostname: "127.0.0.1",
      port: this.port,
      logLevel: "warn",
      // tauri-driver now and then drops a request before forwarding it: retry.
      connectionRetryCount: 5,
      connectionRetryTimeout: 120_000,
      waitforTimeout: 15_000,
      capabilities: {
        "tauri:options": { application: appBinary() },
        "wdio:enforceWebDriverClassic": true,
      },
    });
    return new App(browser, this.dataDir);
  }

  /** End tauri-driver and everything it started, app included. */
  async stop() {
    const exited = new Promise((r) => (this.child.exitCode !== null ? r() : this.child.once("exit", r)));
    try {
      if (process.platform === "win32") execFileSync("taskkill", ["/pid", String(this.child.pid), "/t", "/f"]);
      else process.kill(-this.child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await exited;
  }
}

const sel = (testid) => `[data-testid="${testid}"]`;

/** The app's window, addressed by the QA contract's data-testid hooks. */
export class App {
  constructor(browser, dataDir) {
    this.browser = browser;
    this.dataDir = dataDir;
  }

  el(testid) {
    return this.browser.$(sel(testid));
  }

  all(testid) {
    return this.browser.$$(sel(testid));
  }

  async visible(testid) {
    const el = this.el(testid);
    await el.waitForDisplayed();
    return el;
  }

  async click(testid) {
    const el = this.el(testid);
    await el.waitForClickable();
    await el.click();
  }

  async type(testid, text) {
    if (text === "") return this.setInputValue(testid, "");
    const el = await this.visible(testid);
    // Line breaks are typed as the Enter key, as a person would.
    await el.setValue(text.replaceAll("\n", "\uE007"));
  }

  /** The trimmed text of `inner` (a CSS selector) inside every element `testid`, read at once. */
  async texts(testid, inner = "") {
    return this.browser.execute(
      (selector) => [...document.querySelectorAll(selector)].map((e) => e.textContent.trim()),
      `${sel(testid)} ${inner}`.trim(),
    );
  }

  /** For inputs WebDriver cannot type into portably (datetime-local): set and announce. */
  async setInputValue(testid, value) {
    const el = await this.visible(testid);
    await this.browser.execute(
      (input, v) => {
        input.value = v;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      },
      el,
      value,
    );
  }

  async text(testid) {
    return (await this.visible(testid)).getText();
  }

  /** Wait until the element's text satisfies `predicate`; return the text. */
  async waitForText(testid, predicate, what) {
    let last = "";
    await this.browser.waitUntil(
      async () => {
        const el = this.el(testid);
        last = (await el.isExisting()) ? await el.getText() : "";
        return predicate(last);
      },
      { timeoutMsg: `${testid}: expected ${what}, saw ${JSON.stringify(last)}` },
    );
    return last;
  }

  /** Turn on optional permission `id` in Settings → Permissions (already open). */
  async grant(id) {
    await this.click(`permission-${id}`);
    await this.waitForText(`permission-state-${id}`, (t) => t === "On", `${id} on`);
  }

  /** Turn it off, keeping or deleting what it stored; returns the confirmation shown. */
  async revoke(id, { purge = true } = {}) {
    await this.click(`permission-${id}`);
    const box = this.el("permission-purge");
    if ((await box.isExisting()) && (await box.isSelected()) !== purge) await box.click();
    await this.click("permission-revoke-confirm");
    await this.waitForText(`permission-state-${id}`, (t) => t === "Off", `${id} off`);
    return this.waitForText("toast", (t) => t.includes("is off"), "what was deleted");
  }

  /** The privacy dashboard's item count per category id (Settings → Privacy dashboard open). */
  async dashboardCounts() {
    await this.visible("dashboard-category");
    return this.browser.execute(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[data-testid="dashboard-category"]')].map((e) => [
          e.dataset.id,
          Number(e.dataset.count),
        ]),
      ),
    );
  }

  async screenshot(name) {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Two animation frames: the window has painted what the DOM now holds.
    await this.browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    await this.browser.saveScreenshot(path.join(ARTIFACTS, `${name}.png`));
  }

  /** Close the app, and wait until its process has let go of the diary folder, so that the
   * next launch is never taken for a second start of a window that is still closing. */
  async quit() {
    await this.browser.deleteSession();
    await waitFolderFree(this.dataDir);
  }
}

/** True while some process holds the diary folder's lock (`flock` on the folder, as the app
 * takes it). */
export function folderHeld(dir) {
  // Elsewhere the lock is not on the folder itself (Windows): any Keepsake still running holds it.
  if (process.platform !== "linux") return keepsakeProcesses() > 0;
  try {
    execFileSync("flock", ["--nonblock", "--shared", dir, "true"], { stdio: "ignore" });
    return false;
  } catch {
    return true;
  }
}

/** Wait until no process holds `dir`: the app that was quit has really exited. */
export async function waitFolderFree(dir, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (folderHeld(dir)) {
    if (Date.now() > deadline) throw new Error(`${dir} is still held ${timeoutMs} ms after quitting`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Start the binary under test by hand (as a second double-click would) on `dataDir`; resolves
 * with its exit code, or rejects if it is still running after `timeoutMs`. */
export function startAgain(dataDir, timeoutMs = 20_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(appBinary(), [], {
      env: { ...process.env, KEEPSAKE_DATA_DIR: dataDir, KEEPSAKE_KEYCHAIN_SERVICE: keychainService(dataDir) },
      stdio: "ignore",
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`a second start on ${dataDir} was still running after ${timeoutMs} ms`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** How many Keepsake processes run on this machine now (the binary is named `keepsake`). */
export function keepsakeProcesses() {
  if (process.platform === "win32") {
    const out = execFileSync("tasklist", ["/fi", "imagename eq keepsake.exe", "/fo", "csv", "/nh"], { encoding: "utf8" });
    return out.split("\n").filter((l) => l.toLowerCase().includes("keepsake.exe")).length;
  }
  try {
    return execFileSync("pgrep", ["-x", "keepsake"], { encoding: "utf8" }).trim().split("\n").length;
  } catch {
    return 0;
  }
}

/** The X desktop as a person sees it: which window has the keyboard focus, and another window
 * to give it to (xdotool and xmessage, under the test's Xvfb). */
export const desktop = {
  focusedWindowName() {
    return execFileSync("xdotool", ["getwindowfocus", "getwindowname"], { encoding: "utf8" }).trim();
  },
  /** Open a plain X window, give it the focus, and return a function that closes it. */
  async focusAnotherWindow() {
    const title = `elsewhere-${process.pid}-${Date.now()}`;
    const other = spawn("xmessage", ["-name", title, "-title", title, "Another program"], { stdio: "ignore" });
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const id = execFileSync("xdotool", ["search", "--name", `^${title}$`], { encoding: "utf8" }).trim().split("\n")[0];
        execFileSync("xdotool", ["windowfocus", "--sync", id], { stdio: "ignore" });
        if (this.focusedWindowName() === title) break;
      } catch {
        // not mapped yet
      }
      if (Date.now() > deadline) throw new Error("could not focus another window");
      await new Promise((r) => setTimeout(r, 100));
    }
    return () => other.kill();
  },
  /** The id of the window titled `title` once it is mapped (a native dialog, say). */
  async waitForWindow(title, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const ids = execFileSync("xdotool", ["search", "--onlyvisible", "--name", `^${title}$`], { encoding: "utf8" }).trim();
        if (ids) return ids.split("\n")[0];
      } catch {
        // xdotool exits non-zero while nothing matches
      }
      if (Date.now() > deadline) throw new Error(`no window titled "${title}" appeared`);
      await new Promise((r) => setTimeout(r, 100));
    }
  },
  /** Give window `id` the focus and press Escape in it, as a user cancelling a dialog. */
  pressEscapeIn(id) {
    execFileSync("xdotool", ["windowfocus", "--sync", id, "key", "Escape"], { stdio: "ignore" });
  },
  /** True while a window titled `title` is mapped. */
  windowShown(title) {
    try {
      return execFileSync("xdotool", ["search", "--onlyvisible", "--name", `^${title}$`], { encoding: "utf8" }).trim() !== "";
    } catch {
      return false;
    }
  },
};

/** End a suite: close the app if it is open, then the driver and everything it started. */
export async function shutdown(driver, app) {
  await app?.quit().catch(() => undefined);
  await driver?.stop();
}

/** A fresh data folder, the app started and onboarded with `passphrase`. */
export async function newDiary(passphrase) {
  const driver = await Driver.start();
  const app = await driver.launch();
  const recoveryKey = await onboard(app, passphrase);
  return { driver, app, recoveryKey };
}

/** Onboard a new diary in English with `passphrase`, ticking the optional permissions in
 * `grant` (all others stay off); returns the recovery key shown. */
export async function onboard(app, passphrase, { grant = [] } = {}) {
  await app.click("onboarding-next");
  await app.click("policy-accept");
  await app.click("onboarding-next");
  for (const id of grant) await app.click(`onboarding-permission-${id}`);
  await app.click("onboarding-next");
  await app.type("passphrase-new", passphrase);
  await app.type("passphrase-confirm", passphrase);
  await app.click("onboarding-next");
  const key = await app.waitForText("recovery-key", (t) => t.length === 39, "a recovery key");
  await app.click("onboarding-next");
  await app.type("recovery-key-confirm", key);
  await app.click("onboarding-finish");
  await app.visible("new-entry");
  return key;
}

/** Write a new entry through the editor and go back to the timeline. */
export async function writeEntry(app, { title, body = "", date, tags = "", mood = "" }) {
  await app.click("new-entry");
  await app.type("entry-title", title);
  if (body) await app.type("entry-body", body);
  if (date) await app.setInputValue("entry-date", date);
  if (tags) await app.type("entry-tags", tags);
  if (mood) await app.el("entry-mood").selectByAttribute("value", String(mood));
  await app.click("entry-save");
  // This editor's own status, not a toast that may be left from the previous save.
  await app.waitForText("autosave-status", (t) => t.startsWith("Saved at"), "saved");
  await app.click("editor-back");
  await app.visible("new-entry");
}

/** The main window's title, which the desktop shows. */
export const WINDOW_TITLE = "Keepsake · 拾忆";

/** Give the focus to another window, start the app again on `spelling` (a way of writing the
 * running app's data folder), and check that the second start exits, the running window comes
 * to the front, and one Keepsake process remains. */
export async function secondStartComesToTheFront(app, spelling) {
  const closeOther = await desktop.focusAnotherWindow();
  try {
    if (desktop.focusedWindowName() === WINDOW_TITLE) throw new Error("another window should have the focus first");
    const code = await startAgain(spelling);
    if (code !== 0) throw new Error(`the second start on ${spelling} exited with ${code}`);
    await app.browser.waitUntil(() => desktop.focusedWindowName() === WINDOW_TITLE, {
      timeoutMsg: `the running window did not come to the front for ${spelling}`,
    });
    const running = keepsakeProcesses();
    if (running !== 1) throw new Error(`${running} Keepsake processes run, not one`);
  } finally {
    closeOther();
  }
}
