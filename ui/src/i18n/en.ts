// English catalog: the reference. zh-CN.ts must have exactly these keys (the type enforces it).
export const en = {
  "app.name": "Keepsake",
  "app.tagline": "A private diary that stays on this computer.",

  "common.next": "Next",
  "common.back": "Back",
  "common.cancel": "Cancel",
  "common.loading": "Loading…",

  "lang.label": "Language",

  "onboarding.step": "Step {n} of {total}",
  "onboarding.welcome.title": "Welcome to Keepsake",
  "onboarding.welcome.body":
    "Everything you write is encrypted and kept on this computer only. There is no account and nothing is sent anywhere.",
  "onboarding.policy.title": "Privacy policy",
  "onboarding.policy.accept": "I have read and accept the privacy policy",
  "onboarding.policy.mustAccept": "Accept the privacy policy to continue.",
  "onboarding.passphrase.title": "Choose a passphrase",
  "onboarding.passphrase.body":
    "It unlocks your diary. Nobody can reset it for you, so choose something long that you will remember — a few unrelated words work well.",
  "onboarding.passphrase.new": "Passphrase",
  "onboarding.passphrase.confirm": "Type it again",
  "onboarding.passphrase.mismatch": "The two passphrases are different.",
  "onboarding.passphrase.tooShort": "Use at least {n} characters.",
  "onboarding.passphrase.creating": "Creating your encrypted diary…",
  "onboarding.recovery.title": "Your recovery key",
  "onboarding.recovery.body":
    "If you forget your passphrase, this key is the only other way in. Write it down and keep it somewhere safe, away from this computer. It will not be shown again.",
  "onboarding.recovery.written": "I have written it down",
  "onboarding.recovery.mustConfirm": "Tick the box once you have written the key down.",
  "onboarding.confirm.title": "Confirm your recovery key",
  "onboarding.confirm.body": "Type the recovery key you wrote down, to be sure it is right.",
  "onboarding.confirm.label": "Recovery key",
  "onboarding.confirm.wrong":
    "That is not the key shown on the previous step. Check what you wrote down.",
  "onboarding.finish": "Start writing",

  "strength.label": "Strength: {s}",
  "strength.0": "very weak",
  "strength.1": "weak",
  "strength.2": "fair",
  "strength.3": "strong",
  "strength.4": "very strong",

  "unlock.title": "Unlock your diary",
  "unlock.passphrase": "Passphrase",
  "unlock.recoveryKey": "Recovery key",
  "unlock.submit": "Unlock",
  "unlock.useRecovery": "Use the recovery key instead",
  "unlock.usePassphrase": "Use the passphrase instead",
  "unlock.offlineNote":
    "Waiting between attempts slows guessing in this app only. Someone with a copy of your files can guess offline, where only a long passphrase protects you.",

  "errors.wrong_secret": "That passphrase or recovery key is not correct.",
  "errors.throttled": "Too many attempts. Try again in {s} seconds.",
  "errors.key_file_damaged":
    "The key file (keyfile.json) is damaged, so the diary cannot be unlocked. Nothing was changed: restore the file from a backup.",
  "errors.database_damaged":
    "Your passphrase is right, but the diary file (diary.db) is damaged. Nothing was changed: restore the file from a backup.",
  "errors.database_missing": "The diary file (diary.db) is missing from the data folder.",
  "errors.locked": "The diary is locked.",
  "errors.already_exists": "A diary already exists here.",
  "errors.no_vault": "There is no diary here yet.",
  "errors.not_found": "This entry no longer exists.",
  "errors.invalid_input": "Some of what you entered is not valid.",
  "errors.passphrase_too_short": "Use at least {n} characters.",
  "errors.internal": "Something went wrong. Nothing was lost; please try again.",

  "nav.timeline": "Timeline",
  "nav.settings": "Settings",
  "nav.lock": "Lock",

  "timeline.title": "Timeline",
  "timeline.new": "New entry",
  "timeline.empty": "No entries yet. Your first one is a click away.",
  "timeline.more": "Show older entries",
  "timeline.untitled": "Untitled",

  "editor.new": "New entry",
  "editor.edit": "Edit entry",
  "editor.title": "Title",
  "editor.titlePlaceholder": "A title for the day",
  "editor.body": "Entry",
  "editor.bodyPlaceholder": "What happened today?",
  "editor.date": "Date and time",
  "editor.save": "Save",
  "editor.saved": "Entry saved",
  "editor.delete": "Delete",
  "editor.deleteConfirm": "Delete this entry for good? This cannot be undone.",
  "editor.deleteConfirmButton": "Delete for good",
  "editor.deleted": "Entry deleted",
  "editor.back": "Back to the timeline",
  "editor.empty": "Write a title or some text first.",

  "settings.title": "Settings",
  "settings.security": "Security",
  "settings.language": "Language",
  "settings.policy": "Privacy policy",

  "security.changeTitle": "Change passphrase",
  "security.changeBody":
    "Your diary stays as it is; only the key that unlocks it is rewrapped. The recovery key keeps working.",
  "security.current": "Current passphrase",
  "security.new": "New passphrase",
  "security.confirm": "Type the new passphrase again",
  "security.submit": "Change passphrase",
  "security.changed": "Passphrase changed. Use the new one from now on.",

  "policy.version": "Version {v}, effective {d}",

  "nav.search": "Search",
  "nav.calendar": "Calendar",
  "timeline.onThisDay": "On this day",
  "calendar.title": "Calendar",
  "calendar.previous": "Previous month",
  "calendar.next": "Next month",
  "calendar.count": "{n} entries",
  "calendar.none": "No entries on this day.",

  "nav.gallery": "Gallery",
  "common.close": "Close",

  "photos.title": "Photos",
  "photos.add": "Add photos",
  "photos.hint": "JPEG, PNG, WebP or GIF. Drop them here or pick them. Location and camera details are removed.",
  "photos.adding": "Adding photos: {done} of {total}",
  "photos.viewer": "Photo",
  "photos.delete": "Delete photo",
  "photos.deleteConfirm": "Delete this photo for good?",
  "photos.deleteConfirmButton": "Delete for good",
  "photos.deleted": "Photo deleted",

  "gallery.title": "Gallery",
  "gallery.empty": "No photos yet. Add some to an entry.",
  "gallery.more": "Show more photos",

  "errors.image_unsupported": "This is not a supported image (JPEG, PNG, WebP or GIF).",
  "errors.image_too_large": "This image is too large to import.",
  "errors.image_damaged": "This image is damaged and could not be read.",

  "editor.tags": "Tags",
  "editor.tagsPlaceholder": "travel, family, …",
  "editor.write": "Write",
  "editor.preview": "Preview",
  "editor.tagTooLong": "A tag can have at most 50 characters.",
  "editor.saving": "Saving…",
  "editor.unsaved": "Unsaved changes",
  "editor.autosaved": "Saved at {time}",
  "editor.linkNotOpened": "Links are not opened from Keepsake: {url}",

  "mood.label": "Mood",
  "mood.none": "No mood",
  "mood.1": "Awful",
  "mood.2": "Low",
  "mood.3": "Okay",
  "mood.4": "Good",
  "mood.5": "Great",

  "search.title": "Search",
  "search.placeholder": "Search titles, text and tags…",
  "search.tag": "Tag",
  "search.anyMood": "Any mood",
  "search.from": "From",
  "search.to": "To",
  "search.hint": "Type a word — in English or Chinese — or pick a filter.",
  "search.none": "No entries match.",
  "search.count": "Found: {n}",
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
