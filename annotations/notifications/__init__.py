"""Notifications: who hears about which replies, mentions, new texts and reading-list
items (``services``), what each reader's list and unread count hold (``queries``), their
JSON and links (``presenters``), the daily email digest (``digest``) and its signed
unsubscribe links (``tokens``). ``mentions`` finds ``@username`` in a text (pure)."""
