#!/bin/sh
# test/x509-gallery/make-gallery.sh: builds the gallery of good and bad
# certificate chains that test/test_x509_gallery.c checks glasstls (and
# OpenSSL) against. Run once; its output is committed, so the tests never
# depend on the day they run. Each fixture is a directory NAME/ with
#   leaf.pem            the server's certificate
#   intermediates.pem   what the server would send after it (if any)
#   roots.pem           the trust anchors
# Every certificate has fixed dates; the tests validate at 2030-01-01 (1893456000).
# Keys are thrown away. Needs the openssl command (1.1.1 or 3.x).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
mkdir newcerts
touch index.txt
echo 01 > serial
cat > ca.cnf <<'EOF'
[ca]
default_ca = gallery
[gallery]
dir = .
database = index.txt
new_certs_dir = newcerts
serial = serial
policy = anything
unique_subject = no
email_in_dn = no
copy_extensions = none
default_md = sha256
[anything]
commonName = supplied
organizationName = optional
EOF

# Validity: the usual span, and the spans of the time fixtures.
GOOD_FROM=250101000000Z
GOOD_TO=20450101000000Z

# key NAME TYPE: rsa (2048), p256 or p384
key() {
    case $2 in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out "$1.key" ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve -out "$1.key" ;;
    esac
}

# ca_ext [pathlen] [keyUsage]: the extensions of a CA certificate.
ca_ext() {
    bc="critical, CA:TRUE"
    [ -n "${1:-}" ] && bc="$bc, pathlen:$1"
    printf 'basicConstraints = %s\nkeyUsage = critical, %s\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' \
        "$bc" "${2:-keyCertSign, cRLSign}"
}

# leaf_ext SAN [EKU]: the extensions of a server certificate.
leaf_ext() {
    printf 'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\n'
    printf 'extendedKeyUsage = %s\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' "${2:-serverAuth}"
    [ -n "$1" ] && printf 'subjectAltName = %s\n' "$1"
    return 0
}

# cert NAME SUBJECT ISSUER(or self) EXTFILE [FROM TO MD]: issues NAME.pem.
cert() {
    name=$1 subj=$2 issuer=$3 ext=$4
    from=${5:-$GOOD_FROM} to=${6:-$GOOD_TO} md=${7:-sha256}
    openssl req -new -key "$name.key" -subj "$subj" -out "$name.csr" 2>/dev/null
    if [ "$issuer" = self ]; then
        sign="-selfsign -keyfile $name.key"
    else
        sign="-cert $issuer.pem -keyfile $issuer.key"
    fi
    # shellcheck disable=SC2086
    openssl ca -batch -config ca.cnf -notext -preserveDN -rand_serial $sign \
        -in "$name.csr" -out "$name.pem" -startdate "$from" -enddate "$to" -md "$md" \
        -extfile "$ext" 2>ca.log || { cat ca.log >&2; exit 1; }
}

# fixture NAME LEAF ROOTS [INTERMEDIATE...]: writes the fixture's directory.
fixture() {
    dir="$HERE/$1" leaf=$2 roots=$3
    shift 3
    rm -rf "$dir"
    mkdir -p "$dir"
    cp "$leaf.pem" "$dir/leaf.pem"
    for r in $roots; do cat "$r.pem"; done > "$dir/roots.pem"
    if [ $# -gt 0 ]; then
        for i in "$@"; do cat "$i.pem"; done > "$dir/intermediates.pem"
    fi
}

# ---- The CAs -----------------------------------------------------------------

ca_ext > ca.ext
ca_ext 0 > ca0.ext
ca_ext 1 > ca1.ext
ca_ext "" "digitalSignature, cRLSign" > ca-no-certsign.ext
printf 'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' > not-ca.ext
printf 'keyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' > no-bc.ext

key root rsa;      cert root "/CN=Gallery Root CA/O=glasstls gallery" self ca.ext 190101000000Z 20500101000000Z
key root-ec p384;  cert root-ec "/CN=Gallery EC Root CA/O=glasstls gallery" self ca.ext 190101000000Z 20500101000000Z sha384
key other rsa;     cert other "/CN=Other Root CA/O=somebody else" self ca.ext 190101000000Z 20500101000000Z
key int rsa;       cert int "/CN=Gallery Intermediate CA/O=glasstls gallery" root ca.ext
key int-ec p256;   cert int-ec "/CN=Gallery EC Intermediate CA/O=glasstls gallery" root-ec ca.ext "" "" sha384
key int-ecr p256;  cert int-ecr "/CN=Gallery EC-under-RSA Intermediate CA/O=glasstls gallery" root ca.ext
key int-rse rsa;   cert int-rse "/CN=Gallery RSA-under-EC Intermediate CA/O=glasstls gallery" root-ec ca.ext "" "" sha384
key int-384 rsa;   cert int-384 "/CN=Gallery SHA-512 Intermediate CA/O=glasstls gallery" root ca.ext "" "" sha512

# ---- Good chains -------------------------------------------------------------

leaf_ext "DNS:www.gallery.test, DNS:gallery.test" > www.ext
key leaf rsa; cert leaf "/CN=www.gallery.test" int www.ext
fixture good-rsa leaf root int

key leaf-sha rsa; cert leaf-sha "/CN=www.gallery.test" int-384 www.ext "" "" sha384
fixture good-rsa-sha384-sha512 leaf-sha root int-384

key leaf-ec p256; cert leaf-ec "/CN=www.gallery.test" int-ec www.ext
fixture good-ecdsa-p256 leaf-ec root-ec int-ec

key leaf-ec384 p384; cert leaf-ec384 "/CN=www.gallery.test" root-ec www.ext "" "" sha384
fixture good-ecdsa-p384 leaf-ec384 root-ec

key leaf-mix1 rsa; cert leaf-mix1 "/CN=www.gallery.test" int-ecr www.ext
fixture mixed-rsa-root-ec-intermediate leaf-mix1 root int-ecr

key leaf-mix2 p256; cert leaf-mix2 "/CN=www.gallery.test" int-rse www.ext "" "" sha512
fixture mixed-ec-root-rsa-intermediate leaf-mix2 root-ec int-rse

# ---- Time ------------------------------------------------------------------

key leaf-t rsa
for n in leaf-expired leaf-future; do cp leaf-t.key "$n.key"; done
cert leaf-expired "/CN=www.gallery.test" int www.ext 200101000000Z 210101000000Z
fixture expired-leaf leaf-expired root int
cert leaf-future "/CN=www.gallery.test" int www.ext 350101000000Z 400101000000Z
fixture not-yet-valid-leaf leaf-future root int

# The same intermediate key and name, with other dates.
cp int.key int-expired.key; cp int.key int-future.key
cert int-expired "/CN=Gallery Intermediate CA/O=glasstls gallery" root ca.ext 200101000000Z 210101000000Z
cert int-future "/CN=Gallery Intermediate CA/O=glasstls gallery" root ca.ext 350101000000Z 400101000000Z
fixture expired-intermediate leaf root int-expired
fixture not-yet-valid-intermediate leaf root int-future
# A dead branch before a good one: the expired copy first, then the good one.
fixture expired-copy-then-good leaf root int-expired int

cp root.key root-expired.key
cert root-expired "/CN=Gallery Root CA/O=glasstls gallery" self ca.ext 190101000000Z 200101000000Z
fixture expired-root leaf root-expired int

# ---- Names (RFC 6125) ---------------------------------------------------------

fixture wrong-host leaf root int

leaf_ext "DNS:*.gallery.test" > wild.ext
key leaf-wild rsa; cert leaf-wild "/CN=*.gallery.test" int wild.ext
fixture wildcard leaf-wild root int
fixture wildcard-two-labels leaf-wild root int
fixture wildcard-bare-domain leaf-wild root int

leaf_ext "DNS:*.test" > wild-tld.ext
key leaf-wild-tld rsa; cert leaf-wild-tld "/CN=*.test" int wild-tld.ext
fixture wildcard-single-label leaf-wild-tld root int

leaf_ext "DNS:w*.gallery.test" > wild-partial.ext
key leaf-wild-partial rsa; cert leaf-wild-partial "/CN=w*.gallery.test" int wild-partial.ext
fixture wildcard-partial-label leaf-wild-partial root int

leaf_ext "DNS:www.*.test" > wild-middle.ext
key leaf-wild-middle rsa; cert leaf-wild-middle "/CN=www.*.test" int wild-middle.ext
fixture wildcard-not-leftmost leaf-wild-middle root int

leaf_ext "IP:192.0.2.10, IP:2001:db8::10" > ip.ext
key leaf-ip rsa; cert leaf-ip "/CN=192.0.2.10" int ip.ext
fixture ip-v4 leaf-ip root int
fixture ip-v6 leaf-ip root int
fixture ip-wrong leaf-ip root int

leaf_ext "DNS:192.0.2.10" > ip-as-dns.ext
key leaf-ip-dns rsa; cert leaf-ip-dns "/CN=192.0.2.10" int ip-as-dns.ext
fixture ip-only-in-dnsname leaf-ip-dns root int

leaf_ext "" > nosan.ext
key leaf-cn rsa; cert leaf-cn "/CN=www.gallery.test" int nosan.ext
fixture cn-without-san leaf-cn root int

leaf_ext "DNS:other.gallery.test" > other.ext
key leaf-cn-san rsa; cert leaf-cn-san "/CN=www.gallery.test" int other.ext
fixture cn-ignored-with-san leaf-cn-san root int

# ---- Trust and signatures -----------------------------------------------------

fixture untrusted-root leaf other int

key leaf-self rsa; cert leaf-self "/CN=www.gallery.test" self www.ext
fixture self-signed-leaf leaf-self root

# One byte of the signature flipped (the last byte of the file's DER).
openssl x509 -in leaf.pem -outform DER -out leaf.der
python3 - leaf.der <<'EOF'
import sys
p = sys.argv[1]; d = bytearray(open(p, 'rb').read()); d[-1] ^= 0x01; open(p, 'wb').write(d)
EOF
openssl x509 -inform DER -in leaf.der -out leaf-forged.pem
fixture forged-signature leaf-forged root int

openssl x509 -in leaf-ec.pem -outform DER -out leaf-ec.der
python3 - leaf-ec.der <<'EOF'
import sys
p = sys.argv[1]; d = bytearray(open(p, 'rb').read()); d[-1] ^= 0x01; open(p, 'wb').write(d)
EOF
openssl x509 -inform DER -in leaf-ec.der -out leaf-ec-forged.pem
fixture forged-ecdsa-signature leaf-ec-forged root-ec int-ec

key leaf-sha1 rsa; cert leaf-sha1 "/CN=www.gallery.test" int www.ext "" "" sha1
fixture sha1-signed leaf-sha1 root int

key leaf-md5 rsa; cert leaf-md5 "/CN=www.gallery.test" int www.ext "" "" md5
fixture md5-signed leaf-md5 root int

# ---- CA constraints ---------------------------------------------------------

key int-notca rsa; cert int-notca "/CN=Gallery Not-a-CA/O=glasstls gallery" root not-ca.ext
key leaf-notca rsa; cert leaf-notca "/CN=www.gallery.test" int-notca www.ext
fixture intermediate-not-ca leaf-notca root int-notca

key int-nobc rsa; cert int-nobc "/CN=Gallery No-BC/O=glasstls gallery" root no-bc.ext
key leaf-nobc rsa; cert leaf-nobc "/CN=www.gallery.test" int-nobc www.ext
fixture intermediate-without-basic-constraints leaf-nobc root int-nobc

key int-p0 rsa; cert int-p0 "/CN=Gallery Pathlen-0 CA/O=glasstls gallery" root ca0.ext
key int-p0-sub rsa; cert int-p0-sub "/CN=Gallery Below Pathlen-0/O=glasstls gallery" int-p0 ca.ext
key leaf-p0 rsa; cert leaf-p0 "/CN=www.gallery.test" int-p0-sub www.ext
fixture pathlen-exceeded leaf-p0 root int-p0-sub int-p0

key int-p1 rsa; cert int-p1 "/CN=Gallery Pathlen-1 CA/O=glasstls gallery" root ca1.ext
key int-p1-sub rsa; cert int-p1-sub "/CN=Gallery Below Pathlen-1/O=glasstls gallery" int-p1 ca0.ext
key leaf-p1 rsa; cert leaf-p1 "/CN=www.gallery.test" int-p1-sub www.ext
fixture pathlen-ok leaf-p1 root int-p1-sub int-p1

key int-nocs rsa; cert int-nocs "/CN=Gallery No-keyCertSign/O=glasstls gallery" root ca-no-certsign.ext
key leaf-nocs rsa; cert leaf-nocs "/CN=www.gallery.test" int-nocs www.ext
fixture missing-keycertsign leaf-nocs root int-nocs

leaf_ext "DNS:www.gallery.test" clientAuth > client.ext
key leaf-eku rsa; cert leaf-eku "/CN=www.gallery.test" int client.ext
fixture wrong-eku leaf-eku root int

{ leaf_ext "DNS:www.gallery.test"; printf '1.3.6.1.4.1.55555.1 = critical, ASN1:UTF8String:do not ignore me\n'; } > unknown-crit.ext
key leaf-crit rsa; cert leaf-crit "/CN=www.gallery.test" int unknown-crit.ext
fixture unknown-critical-extension leaf-crit root int

# subjectAltName twice (RFC 5280 4.2 forbids it): copied by dup-extension.py
# inside the TBSCertificate, then signed again with the intermediate's key.
openssl x509 -in leaf.pem -outform DER -out leaf-dup.der
python3 "$HERE/dup-extension.py" leaf-dup.der tbs.der
openssl dgst -sha256 -sign int.key -out tbs.sig tbs.der
python3 "$HERE/dup-extension.py" leaf-dup.der tbs.der tbs.sig
openssl x509 -inform DER -in leaf-dup.der -out leaf-dup.pem
fixture duplicate-extension leaf-dup root int

# ---- Name constraints (RFC 5280 4.2.1.10) --------------------------------------

{ ca_ext; printf 'nameConstraints = critical, permitted;DNS:gallery.test, excluded;DNS:secret.gallery.test, permitted;IP:192.0.2.0/255.255.255.0, excluded;IP:192.0.2.128/255.255.255.128\n'; } > nc.ext
key int-nc rsa; cert int-nc "/CN=Gallery Constrained CA/O=glasstls gallery" root nc.ext
key leaf-nc-ok rsa; cert leaf-nc-ok "/CN=www.gallery.test" int-nc www.ext
fixture nc-dns-permitted leaf-nc-ok root int-nc
leaf_ext "DNS:www.elsewhere.test" > nc-out.ext
key leaf-nc-out rsa; cert leaf-nc-out "/CN=www.elsewhere.test" int-nc nc-out.ext
fixture nc-dns-not-permitted leaf-nc-out root int-nc
leaf_ext "DNS:db.secret.gallery.test" > nc-ex.ext
key leaf-nc-ex rsa; cert leaf-nc-ex "/CN=db.secret.gallery.test" int-nc nc-ex.ext
fixture nc-dns-excluded leaf-nc-ex root int-nc
leaf_ext "DNS:www.gallery.test, IP:192.0.2.10" > nc-ip-ok.ext
key leaf-nc-ip rsa; cert leaf-nc-ip "/CN=www.gallery.test" int-nc nc-ip-ok.ext
fixture nc-ip-permitted leaf-nc-ip root int-nc
leaf_ext "DNS:www.gallery.test, IP:198.51.100.10" > nc-ip-out.ext
key leaf-nc-ip-out rsa; cert leaf-nc-ip-out "/CN=www.gallery.test" int-nc nc-ip-out.ext
fixture nc-ip-not-permitted leaf-nc-ip-out root int-nc
leaf_ext "DNS:www.gallery.test, IP:192.0.2.200" > nc-ip-ex.ext
key leaf-nc-ip-ex rsa; cert leaf-nc-ip-ex "/CN=www.gallery.test" int-nc nc-ip-ex.ext
fixture nc-ip-excluded leaf-nc-ip-ex root int-nc

# ---- Path building --------------------------------------------------------------

# Three intermediates, sent in the wrong order, with the root and an unrelated CA.
key int-a rsa; cert int-a "/CN=Gallery Chain A/O=glasstls gallery" root ca.ext
key int-b rsa; cert int-b "/CN=Gallery Chain B/O=glasstls gallery" int-a ca.ext
key int-c rsa; cert int-c "/CN=Gallery Chain C/O=glasstls gallery" int-b ca.ext
key leaf-abc rsa; cert leaf-abc "/CN=www.gallery.test" int-c www.ext
fixture out-of-order leaf-abc root int-a int-c int-b
fixture redundant-intermediates leaf-abc root int-b other int-ec int-c root int-a int-b
fixture missing-intermediate leaf-abc root int-a int-c

# Two CAs with the same name and different keys: the wrong one is sent first.
key int-twin rsa; cert int-twin "/CN=Gallery Intermediate CA/O=glasstls gallery" root ca.ext
fixture several-candidate-issuers leaf root int-twin int

# A cross-signed intermediate: the same name and key, issued once by an
# untrusted root (sent first, a dead branch) and once by the trusted root.
cp int.key int-cross.key
cert int-cross "/CN=Gallery Intermediate CA/O=glasstls gallery" other ca.ext
fixture cross-signed-dead-branch-first leaf root int-cross other int
fixture cross-signed-other-root leaf other int-cross

# A loop: X issued by Y and Y issued by X, neither trusted.
key loop-x rsa; key loop-y rsa
cert loop-x "/CN=Gallery Loop X/O=glasstls gallery" self ca.ext
cp loop-x.key loop-x2.key
cert loop-y "/CN=Gallery Loop Y/O=glasstls gallery" loop-x ca.ext
cert loop-x2 "/CN=Gallery Loop X/O=glasstls gallery" loop-y ca.ext
key leaf-loop rsa; cert leaf-loop "/CN=www.gallery.test" loop-x2 www.ext
fixture loop leaf-loop root loop-x2 loop-y

# Depth: 8 intermediates make a path of 10 (the limit), 9 one of 11.
prev=root
chain=""
for i in 1 2 3 4 5 6 7 8 9; do
    key "deep$i" rsa
    cert "deep$i" "/CN=Gallery Deep $i/O=glasstls gallery" "$prev" ca.ext
    prev=deep$i
    chain="deep$i $chain"
    if [ $i = 8 ]; then
        key leaf-deep8 rsa; cert leaf-deep8 "/CN=www.gallery.test" deep8 www.ext
        # shellcheck disable=SC2086
        fixture depth-10-at-limit leaf-deep8 root $chain
    fi
done
key leaf-deep9 rsa; cert leaf-deep9 "/CN=www.gallery.test" deep9 www.ext
# shellcheck disable=SC2086
fixture depth-11-too-long leaf-deep9 root $chain

echo "gallery written to $HERE"
