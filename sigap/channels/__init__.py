"""Messaging channels (WhatsApp Business Cloud API, Telegram Bot API): webhooks in, one
transport class per provider out; what a message does (check a job post, follow a report)
calls the features' actions. Credentials come from settings, never from the database."""
