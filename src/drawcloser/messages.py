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
