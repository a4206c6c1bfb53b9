"""Limits on what readers write, shared by the services that enforce them and the reads
that rely on them."""

MAX_COMMENT = 10_000
MAX_REPLY = 10_000
MAX_TAGS = 20
MAX_TAG_LENGTH = 50
# A highlight spans at most this many characters (some pages of a book). Reads use it to
# bound their index scans.
MAX_HIGHLIGHT = 20_000
MAX_OFFSET = 2**31 - 1  # what the databases' substring functions accept
# An invite link lets at most this many readers join (the form's limit too).
MAX_INVITE_USES = 10_000
