"""Intake: turn what arrives (JSON today; bank messages next) into validated inbound payments."""
