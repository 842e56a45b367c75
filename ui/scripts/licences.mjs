// Generates ui/src/about/licences.json: every third-party component built into Keepsake with its
// licence text, for Settings → About → Licences.
//   Rust crates: cargo-about (src-tauri/packaging/about.toml), for every OS Keepsake ships on.
//   C libraries bundled by crates: SQLCipher, SQLite and OpenSSL, from the crates' own sources.
//   JavaScript packages in the built UI: the non-dev packages of ui/package-lock.json.
//   node ui/scripts/licences.mjs          rewrite the file
//   node ui/scripts/licences.mjs --check  fail when the committed file is out of date
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ui = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const root = path.resolve(ui, "..");
const out = path.join(ui, "src", "about", "licences.json");

const texts = new Map();
const packages = [];
/** `textName`: what the text itself is (cargo-about's SPDX id for crates), for its heading. */
function add(source, name, version, licence, text, textName = licence) {
  const clean = text.replace(/\r\n/g, "\n").trim();
  if (!clean) throw new Error(`${name} ${version}: no licence text found`);
  const id = createHash("sha256").update(clean).digest("hex").slice(0, 12);
  if (!texts.has(id)) texts.set(id, { name: textName, text: clean });
  packages.push({ name, version, licence, source, text: id });
}

// Rust crates (cargo-about's JSON: each licence text with the crates that use it). Every
// platform's crates are fetched first, so that cargo-about itself can run offline.
execFileSync("cargo", ["fetch", "--locked", "--manifest-path", "src-tauri/Cargo.toml"], { cwd: root, stdio: "inherit" });
const about = JSON.parse(
  execFileSync(
    "cargo",
    ["about", "generate", "--format", "json", "-c", "src-tauri/packaging/about.toml", "-m", "src-tauri/Cargo.toml", "--frozen"],
    { cwd: root, encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"] },
  ),
);
const seen = new Set();
for (const licence of about.licenses) {
  for (const { crate } of licence.used_by) {
    if (crate.name === "keepsake" || crate.name === "keepsake-core") continue;
    const key = `${crate.name}@${crate.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    add("rust", crate.name, crate.version, crate.license ?? licence.id, licence.text, licence.id);
  }
}

// C libraries compiled into the binary by two of those crates.
const metadata = JSON.parse(
  execFileSync("cargo", ["metadata", "--format-version", "1", "--locked", "--manifest-path", "src-tauri/Cargo.toml"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 256 << 20,
  }),
);
const crateDir = (name) => {
  const found = metadata.packages.find((p) => p.name === name);
  if (!found) throw new Error(`crate ${name} is not in the build`);
  return { dir: path.dirname(found.manifest_path), version: found.version };
};
const sqlite = crateDir("libsqlite3-sys");
add("c", "SQLCipher", "bundled by libsqlite3-sys " + sqlite.version, "BSD-3-Clause",
  readFileSync(path.join(sqlite.dir, "sqlcipher", "LICENSE"), "utf8"));
add("c", "SQLite", "bundled by libsqlite3-sys " + sqlite.version, "blessing",
  "The author disclaims copyright to this source code. In place of a legal notice, here is a blessing:\n\n" +
    "May you do good and not evil.\nMay you find forgiveness for yourself and forgive others.\n" +
    "May you share freely, never taking more than you give.");
const openssl = crateDir("openssl-src");
add("c", "OpenSSL", openssl.version.split("+").pop(), "Apache-2.0",
  readFileSync(path.join(openssl.dir, "openssl", "LICENSE.txt"), "utf8"));

// JavaScript packages that ship in the built UI: everything in the lock file that is not
// dev-only, and the Svelte runtime, which the compiler puts into the bundle (with the two small
// packages that runtime imports) although npm counts it as a build tool.
const BUNDLED_FROM_DEV = new Set(["svelte", "esm-env", "clsx"]);
const lock = JSON.parse(readFileSync(path.join(ui, "package-lock.json"), "utf8"));
for (const [where, info] of Object.entries(lock.packages)) {
  if (!where.startsWith("node_modules/")) continue;
  const name = where.slice(where.lastIndexOf("node_modules/") + "node_modules/".length);
  const bundled = BUNDLED_FROM_DEV.has(name) && where === `node_modules/${name}`;
  if (!bundled && (info.dev || info.optional)) continue;
  const dir = path.join(ui, where);
  const files = readdirSync(dir).filter((f) => /^(licen[cs]e|copying)([._-].*)?$/i.test(f)).sort();
  if (files.length === 0) throw new Error(`${name}: no licence file in ${dir}`);
  const text = files.map((f) => readFileSync(path.join(dir, f), "utf8").trim()).join("\n\n");
  add("npm", name, info.version, info.license ?? "see text", text);
}

packages.sort((a, b) => a.source.localeCompare(b.source) || a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
const sortedTexts = Object.fromEntries([...texts.entries()].sort(([a], [b]) => a.localeCompare(b)));
const json =
  "{\n" +
  '  "packages": [\n' +
  packages.map((p) => "    " + JSON.stringify(p)).join(",\n") +
  "\n  ],\n" +
  '  "texts": ' +
  JSON.stringify(sortedTexts, null, 2).replace(/\n/g, "\n  ") +
  "\n}\n";

if (process.argv.includes("--check")) {
  const committed = existsSync(out) ? readFileSync(out, "utf8") : "";
  if (committed !== json) {
    console.error("ui/src/about/licences.json is out of date: run `node ui/scripts/licences.mjs`");
    process.exit(1);
  }
  console.log(`licences: ${packages.length} components, up to date`);
} else {
  writeFileSync(out, json);
  console.log(`licences: ${packages.length} components written to ${path.relative(root, out)}`);
}
