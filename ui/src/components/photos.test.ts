import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import Photos from "./Photos.svelte";
import { setLanguage } from "../i18n/index.svelte";
import { clearMocks, mockBackend } from "../test/ipc-mock";

// jsdom's Blob lacks arrayBuffer() (every real web view has it); read through FileReader instead.
if (!Blob.prototype.arrayBuffer) {
  Blob.prototype.arrayBuffer = function (this: Blob) {
    return new Promise<ArrayBuffer>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.onerror = () => reject(reader.error);
      reader.readAsArrayBuffer(this);
    });
  };
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("Photos", () => {
  it("uploads dropped files as raw bytes and reports the ones that fail by name", async () => {
    setLanguage("en");
    const received: { bytes: number[] }[] = [];
    const backend = mockBackend({
      entry_images: () => [],
      attach_image: (args) => {
        const bytes = [...(args as unknown as Uint8Array)];
        if (bytes[0] !== 0xff) backend.fail({ kind: "image_unsupported", message: "no" });
        received.push({ bytes });
        return { id: `img-${received.length}`, entryId: "e1", entryAt: "2026-01-01T00:00", width: 4, height: 3, byteSize: 3 };
      },
    });
    let ensured = 0;
    render(Photos, {
      entryId: "e1",
      ensureEntry: async () => {
        ensured++;
        return "e1";
      },
    });
    const zone = screen.getByLabelText("Photos");
    const files = [
      new File([new Uint8Array([0xff, 0xd8, 0xff])], "a.jpg", { type: "image/jpeg" }),
      new File(["not an image"], "notes.jpg", { type: "image/jpeg" }),
    ];
    await fireEvent.drop(zone, { dataTransfer: { files } });
    await waitFor(() => expect(backend.calls.filter((c) => c.cmd === "attach_image")).toHaveLength(2));
    await waitFor(() => expect(screen.getAllByTestId("entry-image")).toHaveLength(1));
    expect(received).toEqual([{ bytes: [0xff, 0xd8, 0xff] }]);
    expect(ensured).toBe(1);
    const attach = backend.calls.filter((c) => c.cmd === "attach_image");
    expect(attach).toHaveLength(2);
    expect(screen.getByTestId("error-message").textContent).toBe(
      "notes.jpg: This is not a supported image (JPEG, PNG, WebP or GIF).",
    );
  });
});
