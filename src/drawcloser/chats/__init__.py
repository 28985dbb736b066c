"""Reading real chat exports (WhatsApp, Telegram, SMS) into plain messages.

Start at :func:`drawcloser.chats.detect.open_export`; docs/chat-formats.md describes every
format and rule.
"""

from __future__ import annotations

from drawcloser.chats.detect import SUPPORTED_FORMATS, open_export
from drawcloser.chats.parsed import ChatSource, Conversation, ParsedMessage

__all__ = ["SUPPORTED_FORMATS", "ChatSource", "Conversation", "ParsedMessage", "open_export"]
