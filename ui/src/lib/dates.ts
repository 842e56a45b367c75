/** The current local time as an entry date, `YYYY-MM-DDTHH:MM`. */
export function nowAsEntryDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}` +
    `T${pad(now.getHours())}:${pad(now.getMinutes())}`
  );
}

/** Today's local date, `YYYY-MM-DD`. */
export function today(now = new Date()): string {
  return nowAsEntryDate(now).slice(0, 10);
}

/** The weeks of a month as rows of 7 cells (Monday first); `null` pads outside the month. */
export function monthGrid(year: number, month: number): (number | null)[][] {
  const first = new Date(year, month - 1, 1).getDay(); // 0 = Sunday
  const lead = (first + 6) % 7;
  const days = new Date(year, month, 0).getDate();
  const cells: (number | null)[] = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}
