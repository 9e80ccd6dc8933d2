"""Mail: the weekly rhythm's messages, and how they are handed over.

``rhythm`` says when a week's reminders and digest are due; ``remind``, ``digest`` and
``receipts`` make the messages (``compose`` builds them, in the workspace's language);
``deliver`` hands each over exactly once, on record in the ledger (``ledger.messages``),
through ``transport`` (SMTP, or ``.eml`` files in ``outbox/mail/`` when no server is
configured); ``run`` is what the commands and the watcher call.
"""
