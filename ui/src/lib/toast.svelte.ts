// One short confirmation at a time ("Entry saved"), shown by <Toast>.
let message = $state<string | null>(null);
let timer: ReturnType<typeof setTimeout> | undefined;

export function toastMessage(): string | null {
  return message;
}

export function showToast(text: string, ms = 3500): void {
  message = text;
  clearTimeout(timer);
  timer = setTimeout(() => (message = null), ms);
}
