// A `<name>-path` field (export, import, share, feedback). The web view never gives the back end a
// path: a command that reads or writes a file takes a single-use grant, issued by the back end for
// a path the user picked in its native dialog (choose_path) or confirmed there (grant_typed_path).
import { api, type PathGrantDto, type PathKindDto } from "../ipc";

export class PathChoice {
  /** What the field shows, and the user may edit: for display, never sent to a command. */
  text = $state("");
  /** The grant for the path last chosen with the button, until it is used (or not wanted). */
  #chosen: (PathGrantDto & { kind: PathKindDto }) | null = null;

  /** The native dialog: the chosen path fills the field and its grant is kept for the next use.
   * Cancelled (or the dialog failed): nothing changes. */
  async choose(kind: PathKindDto, suggested: string): Promise<void> {
    const grant = await api.choosePath(kind, suggested).catch(() => null);
    if (!grant) return;
    this.#chosen = { ...grant, kind };
    this.text = grant.path;
  }

  /**
   * The grant id to pass to one command, for what the field says now: the kept grant if the
   * field still shows its path (and it is of this kind), otherwise one for the typed path, which
   * the back end has the user confirm. `null` when the user cancelled that: do nothing then.
   * Either way the kept grant is forgotten: the back end consumes a grant when a command uses it,
   * whether the command succeeds or fails, so the next use asks again.
   */
  async grantFor(kind: PathKindDto): Promise<string | null> {
    const chosen = this.#chosen;
    this.#chosen = null;
    const text = this.text.trim();
    if (chosen && chosen.kind === kind && chosen.path === text) return chosen.id;
    const granted = await api.grantTypedPath(kind, text);
    if (!granted) return null;
    // The user may have picked another place in the dialog: show where it really goes.
    this.text = granted.path;
    return granted.id;
  }
}
