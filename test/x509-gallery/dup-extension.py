#!/usr/bin/env python3
"""test/x509-gallery/dup-extension.py CERT.der TBS.der | CERT.der TBS.der SIG

Used by make-gallery.sh to make a certificate with its subjectAltName
extension twice (RFC 5280 4.2 forbids that; openssl will not write it).
With two arguments: writes TBS.der, CERT's TBSCertificate with the extension
copied. With three: writes CERT.der from TBS.der and the signature SIG
(made by `openssl dgst -sha256 -sign`), as sha256WithRSAEncryption."""
import sys

SAN_OID = b'\x06\x03\x55\x1d\x11'  # 2.5.29.17


def parse(d, i):
    """One DER element at i: (tag, start of its body, end)."""
    tag, n = d[i], d[i + 1]
    if n < 0x80:
        return tag, i + 2, i + 2 + n
    k = n & 0x7f
    return tag, i + 2 + k, i + 2 + k + int.from_bytes(d[i + 2:i + 2 + k], 'big')


def children(d, start, end):
    out = []
    while start < end:
        t, b, e = parse(d, start)
        out.append((t, start, b, e))
        start = e
    return out


def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        return bytes([tag, n]) + body
    ln = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([tag, 0x80 | len(ln)]) + ln + body


def duplicate_san(cert_path, tbs_path):
    d = open(cert_path, 'rb').read()
    _, cb, ce = parse(d, 0)
    _, _, tb, te = children(d, cb, ce)[0]
    parts = []
    for t, s, b, e in children(d, tb, te):
        if t == 0xa3:  # extensions [3] EXPLICIT SEQUENCE OF Extension
            _, lb, le = parse(d, b)
            exts = [d[s2:e2] for _, s2, _, e2 in children(d, lb, le)]
            exts += [x for x in exts if SAN_OID in x[:8]]
            parts.append(tlv(0xa3, tlv(0x30, b''.join(exts))))
        else:
            parts.append(d[s:e])
    open(tbs_path, 'wb').write(tlv(0x30, b''.join(parts)))


def assemble(cert_path, tbs_path, sig_path):
    alg = bytes.fromhex('300d06092a864886f70d01010b0500')  # sha256WithRSAEncryption, NULL
    tbs, sig = open(tbs_path, 'rb').read(), open(sig_path, 'rb').read()
    open(cert_path, 'wb').write(tlv(0x30, tbs + alg + tlv(0x03, b'\0' + sig)))


if len(sys.argv) == 3:
    duplicate_san(sys.argv[1], sys.argv[2])
else:
    assemble(sys.argv[1], sys.argv[2], sys.argv[3])
