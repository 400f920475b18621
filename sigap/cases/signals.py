"""Hooks for the layers above cases (sigap.channels), which cases may not import: a report's
reporter getting a message from the team, and a report's contents erased. Sent inside the
action's transaction, so what a receiver writes commits or rolls back with it."""

from django.dispatch import Signal

# Sent with report= and message= when the team writes to the reporter.
message_to_reporter = Signal()
# Sent with report= when a report's contents are erased under the retention rule.
report_erased = Signal()
