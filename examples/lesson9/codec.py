"""Client-side encryption: a ``PayloadCodec`` that seals every payload with AES-GCM.

Every workflow input, result, activity argument and signal passes through
``encode`` before it leaves the client or worker, and through ``decode`` when
it comes back. Error messages and stack traces are not payloads: the converter
below moves them into an encoded payload too, or they would be stored in clear.
Ids, task queues, activity names and error types are never encrypted. The key
stays with your clients and workers (load it from a KMS or a Kubernetes Secret).

Kept in its own module: workflow files are re-imported by the workflow sandbox,
which is no place for a cryptography library.

Run it: ``python -m examples.lesson9.codec`` (encrypts and decrypts one payload).
"""

import asyncio
import base64
import dataclasses
import os
from collections.abc import Sequence

import temporalio.converter
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import (
    DataConverter,
    DefaultFailureConverterWithEncodedAttributes,
    PayloadCodec,
)

ENCODING = b"binary/encrypted"


# region: codec
class EncryptionCodec(PayloadCodec):
    def __init__(self, key_id: str, key: bytes) -> None:
        self.key_id = key_id
        self.aead = AESGCM(key)  # a 256-bit key: AESGCM.generate_key(bit_length=256)

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [
            Payload(
                metadata={
                    "encoding": ENCODING,
                    "encryption-key-id": self.key_id.encode(),
                },
                data=self._encrypt(p.SerializeToString()),
            )
            for p in payloads
        ]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        decoded = []
        for p in payloads:
            if p.metadata.get("encoding") != ENCODING:
                decoded.append(p)  # not ours (e.g. written before encryption was on)
                continue
            key_id = p.metadata["encryption-key-id"].decode()
            if key_id != self.key_id:
                raise ValueError(f"payload encrypted with unknown key {key_id!r}")
            decoded.append(Payload.FromString(self._decrypt(p.data)))
        return decoded

    def _encrypt(self, data: bytes) -> bytes:
        nonce = os.urandom(12)  # never reuse a nonce with the same key
        return nonce + self.aead.encrypt(nonce, data, None)

    def _decrypt(self, data: bytes) -> bytes:
        return self.aead.decrypt(data[:12], data[12:], None)


# endregion: codec


# region: converter
def encrypted_data_converter(key_id: str, key: bytes) -> DataConverter:
    """The default converter (JSON etc.) with the codec applied after it."""
    return dataclasses.replace(
        temporalio.converter.default(),
        payload_codec=EncryptionCodec(key_id, key),
        # By default an error's message and stack trace are stored in clear, and an
        # error can quote the data it failed on ("card 4242 ... declined"). This
        # moves them into a payload, which the codec encrypts.
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )


def data_converter_from_env() -> DataConverter:
    """Key and key id from the environment, e.g. injected from a Kubernetes Secret."""
    key = base64.b64decode(os.environ["PAYLOAD_ENCRYPTION_KEY"])
    return encrypted_data_converter(
        os.environ.get("PAYLOAD_ENCRYPTION_KEY_ID", "key-1"), key
    )


# endregion: converter


async def main() -> None:
    converter = encrypted_data_converter(
        "key-2025-01", AESGCM.generate_key(bit_length=256)
    )
    (payload,) = await converter.encode(["4242 4242 4242 4242"])
    print("metadata:", dict(sorted(payload.metadata.items())))
    print(
        "plaintext visible in the stored bytes:", b"4242" in payload.SerializeToString()
    )
    print("decoded:", await converter.decode([payload]))


if __name__ == "__main__":
    asyncio.run(main())
