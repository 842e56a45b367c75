import js from "@eslint/js";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import ts from "typescript-eslint";

export default ts.config(
  { ignores: ["dist/", "node_modules/"] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // User text is never rendered as HTML.
      "svelte/no-at-html-tags": "error",
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@tauri-apps/api/core",
              importNames: ["invoke"],
              message: "Call the backend through src/ipc only.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["scripts/**"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["src/ipc/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
);
