"""The SQLite side of the append-only audit log (see migration 0002).

Production never unlocks it. The test suite sets ``purge_allowed`` for the moment Django flushes
the tables after a transactional test, because SQLite's flush deletes row by row.
"""

state = {"purge_allowed": False}


def _audit_locked() -> int:
    return 0 if state["purge_allowed"] else 1


def register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("sigap_audit_locked", 0, _audit_locked)
