"""examples/lesson9/certs.py: a CA and the leaf certificates it signs."""

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from examples.lesson9.certs import issue, make_ca
from tests.support.run_example import assert_output_matches_recorded, run_example


def test_example_output():
    assert_output_matches_recorded("examples.lesson9.certs", run_example("examples.lesson9.certs"))


def test_leaves_are_signed_by_the_ca_and_fit_their_role():
    ca = make_ca("Orders CA")
    ca_cert = x509.load_pem_x509_certificate(ca.cert)
    server = x509.load_pem_x509_certificate(issue(ca, "localhost", server=True).cert)
    client = x509.load_pem_x509_certificate(issue(ca, "order-worker", server=False).cert)
    for leaf in (server, client):
        leaf.verify_directly_issued_by(ca_cert)  # raises if not
    assert server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == x509.ExtendedKeyUsage(
        [ExtendedKeyUsageOID.SERVER_AUTH]
    )
    assert "localhost" in server.extensions.get_extension_for_class(
        x509.SubjectAlternativeName
    ).value.get_values_for_type(x509.DNSName)
    assert client.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == x509.ExtendedKeyUsage(
        [ExtendedKeyUsageOID.CLIENT_AUTH]
    )
