"""Pure helpers shared by every SIGAP app.

Nothing in this package may import Django or any other ``sigap`` module, so the screening
engine and command-line tools can use it without settings.
"""
