// Photos and the profile's avatar are served by the app's own `keepsake:` scheme (see
// src-tauri/src/protocol.rs); this is the one place that knows its URLs. Windows' WebView2
// reaches custom schemes as http://<scheme>.localhost.
const onWindows = typeof navigator !== "undefined" && /Windows/i.test(navigator.userAgent);
const base = onWindows ? "http://keepsake.localhost" : "keepsake://localhost";

export function imageUrl(id: string, kind: "image" | "thumb"): string {
  return `${base}/${kind}/${encodeURIComponent(id)}`;
}

/** The profile's one avatar. `version` only makes each new picture a new URL (the scheme never
 * caches, but the web view may keep an image it has shown under the same URL). */
export function avatarUrl(version: number): string {
  return `${base}/avatar/${version.toString(16)}`;
}

/** Run `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
