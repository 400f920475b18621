"""A submission's fingerprint: the same content in another order or with stray blanks is the
same; any changed value or file is not."""

import hashlib

from sigap.lib.fingerprint import file_digest, fingerprint, json_fingerprint

BASE = {"topics": ["a", "b"], "notes": ["catatan"], "children_f": ["3"]}


def test_order_blanks_and_empty_values_do_not_count():
    same = {"children_f": [" 3 "], "notes": ["catatan"], "topics": ["b", "a"], "empty": [""]}
    assert fingerprint(same) == fingerprint(BASE)


def test_each_change_counts():
    for changed in (
        {**BASE, "children_f": ["4"]},
        {**BASE, "topics": ["a"]},
        {**BASE, "notes": ["catatan lain"]},
        {**BASE, "extra": ["x"]},
    ):
        assert fingerprint(changed) != fingerprint(BASE)


def test_files_count_by_their_bytes():
    one, other = file_digest([b"foto-", b"satu"]), file_digest([b"foto-dua"])
    assert one == hashlib.sha256(b"foto-satu").hexdigest()
    assert fingerprint(BASE, {"photo": [one]}) == fingerprint(BASE, {"photo": [one]})
    assert fingerprint(BASE, {"photo": [one]}) != fingerprint(BASE, {"photo": [other]})
    assert fingerprint(BASE, {"photo": [one]}) != fingerprint(BASE)
    # A file is not a field of the same name.
    assert fingerprint({"photo": [one]}) != fingerprint({}, {"photo": [one]})


def test_json_bodies_compare_by_value_not_key_order():
    assert json_fingerprint({"a": 1, "b": [True]}) == json_fingerprint({"b": [True], "a": 1})
    assert json_fingerprint({"a": 1}) != json_fingerprint({"a": "1"})
