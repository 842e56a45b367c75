// The desktop benchmark: Keepsake's release build beside a minimal Tauri 2 window built with the
// same toolchain in the same run (src-tauri/bench-hello). Prints figures; asserts nothing.
//   start-up: from asking for the window (a new WebDriver session starts the process) to the
//             unlock screen's passphrase field being usable (hello: its one button)
//   unlock → timeline: from pressing Unlock (Argon2id, SQLCipher, the first page) to the
//             timeline's entries being shown, for a diary of 100 entries
//   memory:   proportional set size (PSS) of the app and every process it started (WebKit's web
//             and network processes), idle at the timeline with 100 entries (hello: its page)
//   node tests/bench/desktop.mjs <keepsake> <hello> <seed_vault> [runs]
// Run under Xvfb with tauri-driver on the PATH (src-tauri/scripts/bench.sh does both).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Driver } from "../e2e/harness.mjs";

const [keepsake, hello, seed, runsArg] = process.argv.slice(2);
if (!keepsake || !hello || !seed) throw new Error("usage: desktop.mjs <keepsake> <hello> <seed_vault> [runs]");
const runs = Number(runsArg ?? 5);
const PASSPHRASE = "benchmark passphrase 拾忆";

/** PSS in kB of `pid` and all its descendants. */
function treePss(pid) {
  const children = new Map();
  for (const d of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, "utf8");
      total += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // gone
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

function pidOf(name) {
  return Number(execFileSync("pgrep", ["-nx", name.slice(0, 15)], { encoding: "utf8" }).trim());
}

async function settle() {
  await new Promise((r) => setTimeout(r, 3000));
}

async function measureKeepsake() {
  const dir = mkdtempSync(path.join(tmpdir(), "keepsake-bench-"));
  execFileSync(seed, [dir, PASSPHRASE, "2", "100"], { stdio: "ignore" });
  process.env.KEEPSAKE_APP = keepsake;
  const driver = await Driver.start({ dataDir: dir });
  try {
    const t0 = performance.now();
    const app = await driver.launch();
    await app.el("unlock-passphrase").waitForEnabled({ timeout: 60_000 });
    const start = performance.now() - t0;
    await app.type("unlock-passphrase", PASSPHRASE);
    const t1 = performance.now();
    await app.click("unlock-submit");
    await app.browser.waitUntil(async () => (await app.all("entry-item")).length >= 20, { timeout: 60_000 });
    const unlock = performance.now() - t1;
    await settle();
    const pss = treePss(pidOf("keepsake"));
    await app.quit();
    return { start, unlock, pss };
  } finally {
    await driver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureHello() {
  const dir = mkdtempSync(path.join(tmpdir(), "keepsake-bench-hello-"));
  process.env.KEEPSAKE_APP = hello;
  const driver = await Driver.start({ dataDir: dir });
  try {
    const t0 = performance.now();
    const app = await driver.launch();
    await app.el("ready").waitForEnabled({ timeout: 60_000 });
    const start = performance.now() - t0;
    await settle();
    const pss = treePss(pidOf("hello-tauri"));
    await app.browser.deleteSession();
    return { start, pss };
  } finally {
    await driver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const k = [];
const h = [];
await measureHello(); // warm-up: page cache, fontconfig
for (let i = 0; i < runs; i++) {
  h.push(await measureHello());
  k.push(await measureKeepsake());
}
const row = (what, ks, hs, unit, target) => {
  const ratio = hs ? (ks / hs).toFixed(2) + "x" : "";
  console.log(`| ${what} | ${ks.toFixed(0)} ${unit} | ${hs ? hs.toFixed(0) + " " + unit : ""} | ${ratio} | ${target} |`);
};
console.log(`desktop benchmark: median of ${runs} runs, release builds, Xvfb, ${new Date().toISOString()}`);
console.log("| what | Keepsake | hello world | ratio | target |");
console.log("|---|---|---|---|---|");
row("start-up to an interactive first screen", median(k.map((r) => r.start)), median(h.map((r) => r.start)), "ms", "≤ 1.5x");
row("unlock → timeline shown (100 entries)", median(k.map((r) => r.unlock)), 0, "ms", "");
row("memory idle (PSS, app + web view processes)", median(k.map((r) => r.pss)) / 1024, median(h.map((r) => r.pss)) / 1024, "MB", "≤ 2x");
console.log(`raw: ${JSON.stringify({ keepsake: k, hello: h })}`);
