"""SIGAP: community-based prevention and handling of human trafficking (TPPO) in Indonesia."""
