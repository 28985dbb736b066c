"""Every message a person reads from drawcloser, in one place: plain, kind and specific."""

CHECK_EMPTY = "There is nothing to check: the message is empty."
CHECK_NOT_TEXT = "The check needs text."
CHECK_TOO_LONG = (
    "That message is {size:,} characters; the check takes up to {limit:,}. "
    "Try checking it in parts."
)
CHECK_BINARY = "That looks like binary data, not a message."
CHECK_UNKNOWN_ENGINE = "There is no engine called '{engine}'. Choose one of: {known}."
CHECK_ENGINE_UNAVAILABLE = "That engine cannot run here: {reason}."
CHECK_NOT_ENGLISH = (
    "This looks like it may not be English. The check is tuned for English, "
    "so take its reading lightly."
)
CHECK_SAFETY_PAUSES_COACHING = (
    "Coaching is paused for this message: what you wrote suggests you may not be safe."
)
MODEL_MISSING = (
    "The message check's model is not built yet. Run `make model` "
    "(or `drawcloser model build`) once, then try again."
)

FILE_MISSING = "Cannot read {path}: no such file."
FILE_IS_DIR = "{path} is a folder, not a file."
FILE_UNREADABLE = "Cannot read {path}: {reason}."
FILE_BINARY = "{path} looks like a binary file, not text."
FILE_NOT_UTF8 = (
    "{path} is not UTF-8 text (first bad byte at position {pos}). Save it as UTF-8 and try again."
)
STDIN_NOT_UTF8 = "The input is not UTF-8 text (first bad byte at position {pos})."
BATCH_BAD_JSON = "Line {line} of {path} is not valid JSON: {reason}."
BATCH_NO_TEXT = 'Line {line} of {path} has no "text" field holding a string.'
BATCH_LINE_INVALID = "Line {line} of {path}: {reason}"
BATCH_EMPTY_FILE = "{path} has no messages to check."
BATCH_EMPTY_LINE = (
    "Line {line} of {path} is blank. Put one message on each line "
    "(blank lines would break the line-to-report order)."
)
HELP_FILE_INVALID = "The help-resources file is not usable: {reason}"

# The journal: storage, lock, practice
DB_BAD_URL = "The journal's database address is not usable: {url}"
DB_UNAVAILABLE = "Cannot open the journal's database ({where}): {reason}"
DB_NEWER = (
    "This journal was written by a newer version of drawcloser (schema {revision}). "
    "Update drawcloser to open it; nothing was changed."
)
JOURNAL_LOCKED = (
    "Your journal is locked. Enter your passphrase (or set DRAWCLOSER_PASSPHRASE) to open it."
)
JOURNAL_WRONG_PASSPHRASE = "That passphrase does not open your journal. Nothing was changed."
LOCK_ALREADY = "Your journal is already locked. To choose a new passphrase use `lock --change`."
LOCK_NOT_LOCKED = "Your journal has no passphrase, so there is nothing to unlock."
LOCK_EMPTY_PASSPHRASE = "The passphrase cannot be empty."
LOCK_SHORT_PASSPHRASE = "Choose a passphrase of at least {min} characters."
LOCK_MISMATCH = "The two passphrases differ. Nothing was changed."
RATING_RANGE = "{name} must be a whole number from -2 to +2 (got {value})."
DATE_INVALID = "'{value}' is not a date I can read. Use YYYY-MM-DD, e.g. 2026-11-24."
DATETIME_INVALID = (
    "'{value}' is not a date and time I can read. Use YYYY-MM-DD HH:MM, e.g. 2026-11-24 19:30."
)
DATE_FUTURE = "{value} is in the future; a check-in records something that already happened."
TEXT_TOO_LONG = "{name} is {size:,} characters; the limit is {limit:,}."
TAG_INVALID = "Tags are short words (up to 40 characters, no commas): '{value}' is not one."
CHECKIN_UNKNOWN = "There is no check-in number {id} in your journal."
CHECKIN_EMPTY = "A check-in needs at least one of: what happened, what you said, how he responded."
REMEMBER_UNKNOWN = "There is no remembered item number {id}."
REMEMBER_KIND = "Choose one of: {known} (got '{value}')."
REMEMBER_EMPTY = "Write the quality or the memory you want to keep."
ACTION_UNKNOWN = "There is no action '{key}'. `drawcloser actions list` shows them all."
ACTION_NEED = "Needs are: {known} (got '{value}')."
ACTION_EFFORT = "Effort is one of: {known} (got '{value}')."
ACTION_NO_NEED = "Say which need the action serves (--need), e.g. --need seen."
ACTION_EMPTY = "Describe the action in a few words."
ACTION_NOTHING_LEFT = (
    "Every action is hidden or was done recently. Unhide some, or add your own with "
    "`drawcloser actions add`."
)
ACTION_NOT_OWN = "'{key}' comes with drawcloser; you can hide it, but only your own can be deleted."
IMPORT_NOT_EXPORT = "{path} is not a drawcloser export (no drawcloser export header found)."
IMPORT_VERSION = (
    "{path} was exported by a newer drawcloser (export version {version}); update to import it."
)
IMPORT_INVALID = "{path} is damaged or incomplete: {reason}. Nothing was imported."
IMPORT_NOT_EMPTY = (
    "Your journal already has entries. Import into an empty journal, or use --replace to "
    "replace everything in it with the file's contents."
)
EXPORT_FORMAT = "Export formats are json, csv and markdown (got '{value}')."
DELETE_ALL_DONE = "Everything is deleted: journal, remembered items, actions and logs."
ACTION_STATUS = "Log an action as one of: {known} (got '{value}')."

# Chat import
CHAT_FORMATS = (
    "a WhatsApp chat export (the .txt, or the .zip it comes in), "
    'a Telegram Desktop chat export (result.json, format "Machine-readable JSON"), '
    "or an SMS Backup & Restore file (.xml)"
)
CHAT_EMPTY = "{path} is empty: there is no chat in it."
CHAT_BINARY = "{path} looks like a binary file, not a chat export. drawcloser reads {formats}."
CHAT_BINARY_LINE = "Line {line} of {path} holds binary data, so this is not a chat export."
CHAT_UTF16 = "{path} is saved as UTF-16 text. Save it as UTF-8 and try again."
CHAT_NOT_UTF8 = (
    "Line {line} of {path} is not UTF-8 text (byte {pos:,} of the file). Chat exports are "
    "UTF-8: if the file was opened and saved in another program, export the chat again, "
    "or save it as UTF-8."
)
CHAT_LINE_TOO_LONG = "Line {line} of {path} is far too long for a chat message."
CHAT_UNKNOWN_FORMAT = "{path} is not a chat export drawcloser can read. It reads {formats}."
CHAT_WHATSAPP_NO_STAMP = (
    "{path} does not look like a WhatsApp chat export: no line near the top starts with a "
    'date and time, like "31/12/2020, 21:41 - Name: text". drawcloser reads ' + CHAT_FORMATS + "."
)
CHAT_WHATSAPP_BEFORE_FIRST = (
    "Line {line} of {path} comes before the first message. In a WhatsApp export every "
    'message starts with its date and time, like "31/12/2020, 21:41 - Name: text"; '
    "was something added at the top of the file?"
)
CHAT_WHATSAPP_BAD_DATE = (
    'Line {line} of {path} has a date or time that does not exist: "{stamp}" (the file '
    "writes dates {order}). Was that line edited?"
)
CHAT_ZIP_BAD = "{path} is not a zip file that can be read: {reason}."
CHAT_ZIP_ENCRYPTED = "{path} is protected by a password. Unzip it, then import the chat's .txt."
CHAT_ZIP_NO_CHAT = (
    '{path} has no chat in it (WhatsApp puts "_chat.txt" or "WhatsApp Chat with ….txt" '
    "in its zip). drawcloser reads {formats}."
)
CHAT_ZIP_SEVERAL = (
    "{path} holds several text files ({names}), so it is not clear which is the chat. "
    "Unzip it and import the chat's .txt file."
)
CHAT_TELEGRAM_NO_MESSAGES = (
    '{path} is JSON but not a Telegram chat export: it has no "messages" list. '
    "In Telegram Desktop, open the chat, choose Export chat history, and pick "
    '"Machine-readable JSON".'
)
CHAT_TELEGRAM_WHOLE_ACCOUNT = (
    "{path} is a whole-account Telegram export. Export just the one chat: open it in "
    'Telegram Desktop, choose Export chat history, and pick "Machine-readable JSON".'
)
CHAT_TELEGRAM_HTML = (
    "{path} looks like Telegram's HTML export. Export the chat again and pick "
    '"Machine-readable JSON" as the format, then import result.json.'
)
CHAT_TELEGRAM_CUT_OFF = (
    "{path} is cut off: it stops at byte {offset:,}, in the middle of the export, after "
    "message {index}. Export the chat again (or copy the whole file) and try again."
)
CHAT_TELEGRAM_BROKEN = (
    "{path} is not valid JSON after message {index} (between bytes {start:,} and "
    "{end:,}): {reason}. Was the file edited?"
)
CHAT_TELEGRAM_BAD_MESSAGE = "Message {index} of {path} cannot be read: {reason}."
CHAT_SMS_BROKEN = (
    "{path} is not well-formed XML at line {line}, column {column} ({reason}). "
    "A backup that was cut short ends like this too: back up again and retry."
)
CHAT_SMS_UNSAFE = (
    "{path} declares XML entities or a document type, which drawcloser does not read, "
    "for safety. SMS Backup & Restore files never do: back up again and retry."
)
CHAT_SMS_CALL_LOG = (
    "{path} is a call-log backup, not messages. In SMS Backup & Restore, back up "
    "Messages and import that file."
)
CHAT_SMS_NOT_SMSES = (
    "{path} is XML, but not an SMS Backup & Restore file (it starts with <{tag}>, not <smses>)."
)
CHAT_SMS_BAD_MESSAGE = "Message {index} of {path} cannot be read: {reason}."
CHAT_REASON_NOT_OBJECT = "it is not a message object"
CHAT_REASON_TYPE = "its type {value} is not one drawcloser knows"
CHAT_REASON_TEXT = "its text is neither a string nor a list of text parts"
CHAT_REASON_DATE = "its date {value} is not a date"
CHAT_REASON_DIRECTION = 'its {field} "{value}" says neither sent nor received'
CHAT_REASON_BAD_STRING = "a piece of text in it is not valid Unicode"

# --- web app and API (drawcloser.web) ---
WEB_HOST_NOT_LOCAL = (
    "drawcloser listens only on this computer ({allowed}) unless it runs in server mode: "
    "'{host}' would let other machines reach your journal. Use --server if that is what you "
    "want, behind HTTPS."
)
WEB_BAD_PORT = "The port must be a number from 1 to 65535 (got {port})."
WEB_PORT_IN_USE = (
    "Something else is already using {host} port {port}. Stop it, or choose another port "
    "with --port."
)
WEB_CANNOT_LISTEN = "drawcloser cannot listen on {host} port {port}: {reason}."
WEB_BAD_WORKERS = "The number of workers must be 1 or more (got {workers})."
WEB_RELOAD_WITH_WORKERS = "Reloading runs a single worker: use either --reload or --workers."
WEB_RUNNING = "drawcloser is running at {url} (Ctrl+C stops it)."
WEB_RUNNING_SERVER = "drawcloser is serving on {url} in server mode (Ctrl+C stops it)."
WEB_BAD_REQUEST = "That request could not be understood."
WEB_BAD_JSON = 'The request body is not valid JSON. Send an object such as {{"text": "..."}}.'
WEB_BODY_NOT_OBJECT = "The request body must be a JSON object; /docs shows each route's fields."
WEB_UNSUPPORTED_MEDIA = "Send the request body as JSON, with Content-Type: application/json."
WEB_MISSING_FIELD = 'The request needs a "{field}" field.'
WEB_FIELD_NOT_TEXT = 'The "{field}" field must be a string.'
WEB_INVALID_FIELD = 'The "{field}" field is not valid: {reason}.'
WEB_BODY_TOO_LARGE = "That request is too large: drawcloser accepts up to {limit:,} bytes."
WEB_NOT_FOUND = "There is nothing at {path}."
WEB_METHOD_NOT_ALLOWED = "{path} does not take {method} requests."
WEB_SERVER_ERROR = (
    "Something went wrong on our side. Nothing you wrote was sent anywhere. Please try again."
)
WEB_BAD_HOST = "drawcloser answers only on this computer's own address (127.0.0.1 or localhost)."
WEB_CROSS_SITE = "That request came from another website, so drawcloser refused it."
WEB_COPIED = "Copied"
WEB_COPY_FAILED = "Could not copy. Select the words and copy them yourself."
WEB_UNREACHABLE = "drawcloser could not be reached. Is it still running?"

# The journal from the command line
CONFIRM_NEEDS_YES = "This asks for confirmation; in a script, add --yes."
JOURNAL_EMPTY = "No check-ins yet. After a moment with him, note how it felt: drawcloser checkin"
REMEMBER_NONE = (
    "Nothing here yet. Start with one quality he once adored in you: "
    'drawcloser remember add he-loved "…"'
)
CHART_FORMAT = "Charts are drawn as PNG or SVG: name the file .png or .svg (got {path})."
DELETE_ALL_WARNING = (
    "This deletes everything you wrote in drawcloser — check-ins, remembered items, your "
    "actions and logs, the lock — and cannot be undone. Export first if you want a copy."
)
LOCK_NEEDS_NEW = "Set DRAWCLOSER_NEW_PASSPHRASE, or run this in a terminal to be asked."
LOCK_DONE = (
    "Your journal is locked. Keep your passphrase safe: without it, your text cannot be read, "
    "not even by drawcloser."
)
LOCK_CHANGED = "Your passphrase is changed."
UNLOCK_DONE = "The passphrase is off; your journal is stored unencrypted."

# Imported chats: storage and report
CHAT_GROUP = (
    "{path} is a group chat. drawcloser reads one-to-one conversations: export the chat "
    "between the two of you."
)
CHAT_GROUP_SENDERS = (
    "{path} has {count} senders ({names}), so it looks like a group chat. drawcloser reads "
    "one-to-one conversations: export the chat between the two of you."
)
CHAT_NO_MESSAGES = "{path} holds no messages to import."
CHAT_WHICH_CONVERSATION = (
    "{path} holds {count} conversations ({names}). Say which one is with him: --conversation NAME."
)
CHAT_NO_SUCH_CONVERSATION = "There is no conversation '{name}' in this file."
CHAT_WHO_IS_ME = "Which sender is you? Give --me with one of: {names}."
CHAT_ME_NOT_FOUND = "'{me}' is not a sender in this chat. The senders are: {names}."
CHAT_UNKNOWN = "There is no imported chat number {id}. `drawcloser chats` lists them."
CHAT_NONE = (
    "No chats imported yet. Export your chat with him from WhatsApp, Telegram or an SMS "
    'backup app, then: drawcloser import FILE --me "your name in the chat"'
)
CHAT_SAFETY_NOTE = (
    "{count} of your messages suggest you may not be safe. This method is for distance, not "
    "danger: if you are afraid of him, please reach out for help (drawcloser check shows "
    "where)."
)

# Accounts (server mode)
ACCOUNT_NAME = "Choose a name of 1 to {max} characters."
ACCOUNT_PASSWORD_SHORT = "Choose a password of at least {min} characters."
ACCOUNT_TAKEN = "That name is taken. Choose another."
ACCOUNT_WRONG = "That name and password do not match."
ACCOUNT_TOO_MANY = "Too many attempts. Wait {minutes} minutes, then try again."

# Web: Today, Journal, Remember, Actions (pages and /api/v1)
WEB_CHECKIN_SAVED = "Saved to your journal."
WEB_CHECKIN_UPDATED = "Your check-in is updated."
WEB_CHECKIN_DELETED = "The check-in is deleted."
WEB_REMEMBER_SAVED = "Kept. It may come back to you on a day you need it."
WEB_REMEMBER_DELETED = "Deleted."
WEB_ACTION_ADDED = "Your action is in the library; it can now be suggested on Today."
WEB_ACTION_DELETED = "Your action is deleted."
WEB_ACTION_UNKNOWN = "There is no action '{key}'."
WEB_ACTION_NO_NEED = "Choose at least one need the action serves."
WEB_ACTION_NOT_OWN = (
    "That action comes with drawcloser: you can hide it, but only your own can be deleted."
)
WEB_ACTION_NOTHING_LEFT = (
    "Every action is hidden or came up recently. Bring some back, or add one of your own, "
    "on the Actions page."
)
WEB_RATING_MISSING = "Choose how {name} felt, from −2 to +2."
WEB_POLARITY = "Show check-ins that push or pull (got '{value}')."
WEB_DATES_ORDER = "The first day ({since}) comes after the last one ({until})."
WEB_NEED_UNKNOWN = "Needs are: {known} (got '{value}')."

# Web: server mode, accounts, unlock, CSRF (helper SERVER)
WEB_CSRF_FORM = (
    "This form has expired, so nothing was changed. Go back, reload the page and try again."
)
WEB_CSRF_API = (
    "This request needs the X-CSRF-Token header with your session's token "
    "(GET /api/v1/session gives it)."
)
WEB_NEED_SIGN_IN = "You are not signed in. Sign in at /signin first."
WEB_NEED_UNLOCK = "Your journal is locked. Open /unlock and type your passphrase first."
ACCOUNT_PASSWORDS_DIFFER = "The two passwords differ. Type the same password twice."
ACCOUNT_CURRENT_WRONG = "Your current password is not right."
ACCOUNT_PASSWORD_CHANGED = "Your password is changed."
ACCOUNT_SIGNED_OUT = "You are signed out."
ACCOUNT_DELETED = "Your account and everything in it are deleted."
ACCOUNT_DELETE_CONFIRM = "Nothing was deleted. To delete your account, type your name ({name})."
UNLOCK_EMPTY = "Type your passphrase to unlock your journal."
UNLOCK_LOCKED_NOW = "Locked. Your journal needs your passphrase again on this device."

# Web: progress, chats and settings pages
WEB_BAD_DATE = "'{value}' is not a date. Write it as YYYY-MM-DD, for example 2026-03-02."
WEB_FUTURE_WEEK = "That week has not happened yet. Pick this week or an earlier one."
WEB_CHAT_UNKNOWN = "There is no imported chat number {id}."
WEB_CHAT_DELETED = "The chat with {him} is deleted."
WEB_CHAT_NO_FILE = (
    "Choose a file first: a WhatsApp export (.txt or .zip), a Telegram result.json or an "
    "SMS Backup & Restore .xml."
)
WEB_CHAT_PICK_AGAIN = "That choice is not in this file. Pick one of the names below."
WEB_UPLOAD_EXPIRED = (
    "That upload is no longer here (uploads wait an hour for an answer). Choose the file again."
)
WEB_API_WHO_IS_ME = 'Which sender is you? Send the file again with "me" set to one of: {names}.'
WEB_API_WHICH_CONVERSATION = (
    'This file holds several conversations. Send it again with "conversation" set to the '
    "one with him: {names}."
)
WEB_LOCK_DONE = (
    "Your journal is locked: what you write is encrypted with your passphrase. It stays open "
    "in this browser until you lock it or close the browser."
)
WEB_LOCKED_NOW = "Locked. Your passphrase is needed again to open your journal."
WEB_DISCREET_ON = "Discreet mode is on: this app is called Notes, with a plain icon."
WEB_DISCREET_OFF = "Discreet mode is off."
WEB_DISCREET_CHOICE = "Choose on or off for discreet mode."
WEB_REMINDER_SUMMARY = "A few quiet minutes for my notes"
WEB_REMINDER_DESCRIPTION = "Five minutes to write down how today went."
WEB_IMPORT_DONE = "Imported."
IMPORT_DONE_COUNTS = "Imported: {counts}."
WEB_IMPORT_CANCELLED = "Nothing was imported; your journal is as it was."
WEB_IMPORT_NO_FILE = "Choose a drawcloser JSON export to import."
WEB_IMPORT_CHATS = "Chat exports from WhatsApp, Telegram or SMS are imported in Chats."
WEB_IMPORT_NOT_EMPTY = (
    "Your journal already holds entries, so nothing was imported. To put this file in their "
    "place, tick “Replace everything” and import it again."
)
WEB_API_IMPORT_NOT_EMPTY = (
    "The journal already holds entries, so nothing was imported. Add ?replace=true to "
    "replace everything with this export."
)
WEB_DELETE_CONFIRM = "Nothing was deleted. To delete everything, type {word} in the box."
PREF_BAD_TIME = "'{value}' is not a time of day. Write it as HH:MM, for example 20:30."
API_UNLOCKED = "Unlocked: this session can read and write your journal until you lock it."
WEB_LOCK_ALREADY = (
    "Your journal is already locked. To choose a new passphrase, use “Change the passphrase”."
)
API_LOCK_ALREADY = (
    "Your journal is already locked. To choose a new passphrase, use POST /api/v1/lock/change."
)
WEB_UNREACHABLE_DISCREET = "The page could not be reached. Is the app still running?"
