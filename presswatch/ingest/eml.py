"""E-mail newsletters: moved to :mod:`presswatch.mail` (decoding reads message bodies too); an alias."""

from presswatch.mail import eml_record, header_meta, message_body, message_id, parse_message

__all__ = ["eml_record", "header_meta", "message_body", "message_id", "parse_message"]
