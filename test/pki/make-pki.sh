#!/bin/sh
# test/pki/make-pki.sh: builds glasstls's demo PKI (RSA-2048, SHA-256) with
# the openssl command. Every certificate has explicit validity dates, so the
# tests never depend on the day this script ran. The output is committed;
# run it again only to replace the whole PKI (the tests' constants, which
# come from `openssl x509 -noout ...`, must then be pasted again).
# See README.md for what each file is.
set -eu
cd "$(dirname "$0")"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One `openssl ca` configuration for every issuer. The SAN comes from the
# environment so that one extension section serves every server certificate.
cat >"$tmp/ca.cnf" <<'EOF'
[ ca ]
default_ca = demo

[ demo ]
dir            = $ENV::CADIR
database       = $dir/index.txt
new_certs_dir  = $dir
serial         = $dir/serial
default_md     = sha256
policy         = policy_any
unique_subject = no
email_in_dn    = no
copy_extensions = none

[ policy_any ]
commonName       = supplied
organizationName = optional

[ req ]
distinguished_name = req_dn
[ req_dn ]

[ root_ext ]
basicConstraints     = critical, CA:TRUE
keyUsage             = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ intermediate_ext ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ server_ext ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:$ENV::SAN
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ ec_server_ext ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:$ENV::SAN
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
EOF

# rsa_key NAME: a fresh RSA-2048 key as PKCS#8 ("BEGIN PRIVATE KEY").
rsa_key() {
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
}

# new_ca DIR SERIAL: an empty `openssl ca` database whose next serial is SERIAL (hex).
new_ca() {
    mkdir -p "$tmp/$1"
    : >"$tmp/$1/index.txt"
    echo "$2" >"$tmp/$1/serial"
}

# issue NAME SUBJECT ISSUER EXTENSIONS START END [SAN]
# Signs a request for NAME.key with ISSUER.pem/ISSUER.key ("self" for a
# self-signed root) and writes NAME.pem. Dates are YYYYMMDDHHMMSSZ.
issue() {
    name=$1 subject=$2 issuer=$3 ext=$4 start=$5 end=$6
    SAN=${7:-unused}
    CADIR="$tmp/$issuer"
    export SAN CADIR
    openssl req -new -config "$tmp/ca.cnf" -key "$name.key" -subj "$subject" \
        -out "$tmp/$name.csr"
    if [ "$issuer" = self ]; then
        signer="-selfsign -keyfile $name.key"
        new_ca self 01
    else
        signer="-cert $issuer.pem -keyfile $issuer.key"
    fi
    # -preserveDN keeps the subject's attributes in the order given above.
    # shellcheck disable=SC2086
    openssl ca -batch -notext -preserveDN -config "$tmp/ca.cnf" $signer \
        -extensions "$ext" -startdate "$start" -enddate "$end" \
        -in "$tmp/$name.csr" -out "$name.pem" 2>/dev/null
    rm -rf "$tmp/self"
}

# The demo root CA. Its notAfter (2050) is encoded as a GeneralizedTime,
# every other date as a UTCTime (RFC 5280 4.1.2.5).
rsa_key root
issue root "/CN=glasstls Demo Root CA/O=glasstls demo" self root_ext \
    20190101000000Z 20500101000000Z
new_ca root 1001

# The server certificate of the lesson, and its broken variants.
rsa_key sensor-hub
issue sensor-hub "/CN=sensor-hub.local/O=glasstls demo" root server_ext \
    20250101000000Z 20450101000000Z sensor-hub.local

openssl genrsa -traditional -out expired.key 2048 2>/dev/null # PKCS#1 "RSA PRIVATE KEY"
issue expired "/CN=sensor-hub.local/O=glasstls demo" root server_ext \
    20200101000000Z 20210101000000Z sensor-hub.local

rsa_key wrong-host
issue wrong-host "/CN=other-host.local/O=glasstls demo" root server_ext \
    20250101000000Z 20450101000000Z other-host.local

# An intermediate CA and a server certificate issued by it (a chain of three).
rsa_key intermediate
issue intermediate "/CN=glasstls Demo Intermediate CA/O=glasstls demo" root intermediate_ext \
    20250101000000Z 20450101000000Z
new_ca intermediate 2001
rsa_key via-intermediate
issue via-intermediate "/CN=sensor-hub.local/O=glasstls demo" intermediate server_ext \
    20250101000000Z 20450101000000Z sensor-hub.local

# A certificate "issued" by the sensor-hub server certificate, which is no CA.
new_ca sensor-hub 3001
rsa_key issued-by-leaf
issue issued-by-leaf "/CN=sensor-hub.local/O=glasstls demo" sensor-hub server_ext \
    20250101000000Z 20450101000000Z sensor-hub.local

# A server certificate with an ECDSA P-256 key (signed by the RSA root).
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec-leaf.key
issue ec-leaf "/CN=sensor-hub.local/O=glasstls demo" root ec_server_ext \
    20250101000000Z 20450101000000Z sensor-hub.local

# An intermediate CA with an ECDSA P-256 key, and a server certificate it
# signed (ecdsa-with-SHA256): a chain glasstls cannot check yet.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec-intermediate.key
issue ec-intermediate "/CN=glasstls Demo EC Intermediate CA/O=glasstls demo" root \
    intermediate_ext 20250101000000Z 20450101000000Z
new_ca ec-intermediate 4001
rsa_key via-ec-intermediate
issue via-ec-intermediate "/CN=sensor-hub.local/O=glasstls demo" ec-intermediate server_ext \
    20250101000000Z 20450101000000Z sensor-hub.local

# The attacker: an own root, and a certificate for sensor-hub.local from it.
rsa_key mitm-root
issue mitm-root "/CN=Attacker Root" self root_ext 20190101000000Z 20500101000000Z
new_ca mitm-root 6666
rsa_key mitm
issue mitm "/CN=sensor-hub.local/O=glasstls demo" mitm-root server_ext \
    20250101000000Z 20450101000000Z sensor-hub.local
rm -f mitm-root.key # nobody else holds the attacker's root key

# Another vendor's root, which did not issue any certificate here: the
# untrusted-ca demo scenario gives the client only this root to trust, so the
# genuine sensor-hub.local certificate leads nowhere the client knows.
rsa_key factory-root
issue factory-root "/CN=Factory Root CA/O=another vendor" self root_ext \
    20190101000000Z 20500101000000Z
rm -f factory-root.key # only its certificate is needed
# in a directory of its own, so that test/pki as a trust store stays the
# demo's own certificates
mkdir -p factory && mv factory-root.pem factory/

echo "demo PKI written to $(pwd)"
