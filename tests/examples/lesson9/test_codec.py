"""examples/lesson9/codec.py: AES-GCM payload codec."""

import base64

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from examples.lesson9.codec import EncryptionCodec, data_converter_from_env, encrypted_data_converter
from tests.support.run_example import assert_output_matches_recorded, run_example

KEY = AESGCM.generate_key(bit_length=256)


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.codec", run_example("examples.lesson9.codec"))


async def test_round_trip_hides_the_plaintext_and_uses_a_fresh_nonce():
    converter = encrypted_data_converter("k1", KEY)
    first, second = await converter.encode(["4242 4242 4242 4242", "4242 4242 4242 4242"])
    assert b"4242" not in first.SerializeToString()
    assert first.data != second.data  # same plaintext, different ciphertext
    assert await converter.decode([first, second]) == ["4242 4242 4242 4242"] * 2


async def test_another_key_cannot_decrypt_and_tampering_is_detected():
    (payload,) = await EncryptionCodec("k1", KEY).encode([_plain()])
    with pytest.raises(InvalidTag):
        await EncryptionCodec("k1", AESGCM.generate_key(bit_length=256)).decode([payload])
    with pytest.raises(ValueError, match="unknown key 'k1'"):
        await EncryptionCodec("k2", KEY).decode([payload])
    payload.data = payload.data[:-1] + bytes([payload.data[-1] ^ 1])
    with pytest.raises(InvalidTag):
        await EncryptionCodec("k1", KEY).decode([payload])


async def test_unencrypted_payloads_pass_through_decode():
    plain = _plain()
    assert await EncryptionCodec("k1", KEY).decode([plain]) == [plain]


async def test_key_from_the_environment(monkeypatch):
    monkeypatch.setenv("PAYLOAD_ENCRYPTION_KEY", base64.b64encode(KEY).decode())
    monkeypatch.setenv("PAYLOAD_ENCRYPTION_KEY_ID", "key-from-secret")
    (payload,) = await data_converter_from_env().encode(["x"])
    assert payload.metadata["encryption-key-id"] == b"key-from-secret"
    assert await encrypted_data_converter("key-from-secret", KEY).decode([payload]) == ["x"]


def _plain():
    from temporalio.api.common.v1 import Payload

    return Payload(metadata={"encoding": b"json/plain"}, data=b'"hello"')
