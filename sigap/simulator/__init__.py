"""The demo's fake messaging provider: it plays the WhatsApp Cloud API, the Telegram Bot API
and the SMS gateway for SIGAP's own channels, and a chat page lets a person write as a resident
(or read a staff member's Telegram chat). On only with SIGAP_CHANNEL_SIMULATOR; otherwise every
address of it is a 404."""
