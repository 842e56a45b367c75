export type PolicyBlock = { kind: "title" | "heading" | "paragraph"; text: string };

/** Split the bundled policy text into headings and paragraphs. It is shown as text, never HTML. */
export function policyBlocks(text: string): PolicyBlock[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map((block) => {
      if (block.startsWith("## ")) return { kind: "heading", text: block.slice(3) };
      if (block.startsWith("# ")) return { kind: "title", text: block.slice(2) };
      return { kind: "paragraph", text: block.replace(/\s*\n\s*/g, " ") };
    });
}
