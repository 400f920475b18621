"""The encryption of personal data at rest: the current form, the earlier Fernet form, keys."""

import base64

import pytest
from cryptography.fernet import Fernet

from sigap.lib import crypto

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_text_round_trips_and_never_shows_the_plain_text():
    cipher = crypto.make_cipher([NEW])
    stored = crypto.encrypt(cipher, "Siti Rahmawati, NIK 1271010101950001")
    assert stored.startswith("enc2:")
    assert "Siti" not in stored and "1271" not in stored
    assert crypto.decrypt(cipher, stored) == "Siti Rahmawati, NIK 1271010101950001"
    # a fresh nonce each time: equal values do not give equal ciphertext
    assert crypto.encrypt(cipher, "Siti") != crypto.encrypt(cipher, "Siti")


def test_values_written_in_the_fernet_form_still_decrypt_and_rotate_to_the_new_form():
    written = "enc1:" + Fernet(OLD.encode()).encrypt(b"Pak Budi").decode()
    cipher = crypto.make_cipher([NEW, OLD])
    assert crypto.decrypt(cipher, written) == "Pak Budi"
    rotated = crypto.rotate(cipher, written)
    assert rotated.startswith("enc2:")
    assert crypto.decrypt(crypto.make_cipher([NEW]), rotated) == "Pak Budi"


def test_every_configured_key_decrypts_only_the_first_encrypts():
    by_old = crypto.encrypt(crypto.make_cipher([OLD]), "Rahmawati")
    both = crypto.make_cipher([NEW, OLD])
    assert crypto.decrypt(both, by_old) == "Rahmawati"
    rotated = crypto.rotate(both, by_old)
    assert crypto.decrypt(crypto.make_cipher([NEW]), rotated) == "Rahmawati"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(crypto.make_cipher([NEW]), by_old)  # the old key is gone


def test_an_altered_value_or_plain_text_is_refused():
    cipher = crypto.make_cipher([NEW])
    sealed = bytearray(base64.urlsafe_b64decode(crypto.encrypt(cipher, "Rahmawati")[5:]))
    sealed[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(cipher, "enc2:" + base64.urlsafe_b64encode(bytes(sealed)).decode())
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(cipher, "enc2:not base64!")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(cipher, "Rahmawati")


def test_files_round_trip_and_old_fernet_files_still_open():
    cipher = crypto.make_cipher([NEW, OLD])
    photo = b"\xff\xd8\xff\xe0 a photo"
    token = cipher.encrypt(photo)
    assert token[:1] == b"\x02" and photo not in token
    assert cipher.decrypt(token) == photo
    old_file = Fernet(OLD.encode()).encrypt(photo)
    assert cipher.decrypt(old_file) == photo
    assert cipher.rotate(old_file)[:1] == b"\x02"
    with pytest.raises(crypto.DecryptionError):
        crypto.make_cipher([NEW]).decrypt(old_file)


def test_a_cipher_needs_a_key():
    with pytest.raises(ValueError):
        crypto.make_cipher([])
