// Markdown for entry previews. Raw HTML is off in the parser (so `<script>` arrives as text),
// markdown-it refuses javascript:/vbscript:/file: links, and DOMPurify cleans the result again
// as a second line of defence. Remote images cannot load: the CSP allows only the app itself.
import DOMPurify from "dompurify";
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(md.render(source), {
    FORBID_TAGS: ["style", "form", "input", "button", "iframe", "object", "embed"],
    FORBID_ATTR: ["style"],
  });
}

/** Tags typed as "travel, 家人，#food" → ["travel", "家人", "#food"] (the back end normalizes). */
export function parseTags(text: string): string[] {
  return text
    .split(/[,，、]/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/** The fragment being typed after the last separator, for autocomplete. */
export function currentFragment(text: string): string {
  const parts = text.split(/[,，、]/);
  return (parts[parts.length - 1] ?? "").trim().replace(/^#/, "");
}

/** Replace the fragment being typed with `tag` and start a new one. */
export function completeFragment(text: string, tag: string): string {
  const cut = Math.max(text.lastIndexOf(","), text.lastIndexOf("，"), text.lastIndexOf("、"));
  const head = cut >= 0 ? text.slice(0, cut + 1) + " " : "";
  return `${head}${tag}, `;
}
