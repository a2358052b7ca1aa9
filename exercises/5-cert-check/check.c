/* exercises/cert-check: checks of gt_cert_valid_at and gt_cert_matches_host.
 * The validity dates are those test/pki/make-pki.sh gives the demo
 * certificates (sensor-hub.pem: 2025-01-01 to 2045-01-01, expired.pem:
 * 2020-01-01 to 2021-01-01); the host-name cases are RFC 6125 6.4's rules.
 * The last two checks run the real handshake with the scenarios' bad
 * certificates and expect the client to refuse them with the right alert. */
#include <string.h>

#include "exercises/grader/grader.h"
#include "handshake/pair.h"
#include "test/helpers/demo_pair.h"
#include "x509/pem.h"
#include "x509/verify.h"

const char gx_exercise_title[] = "exercise cert-check: validity and host name (x509/verify.c)";

#define T2020_06_01 1590969600
#define T2025_01_01 1735689600 /* sensor-hub.pem notBefore */
#define T2026_01_01 1767225600
#define T2045_01_01 2366841600 /* sensor-hub.pem notAfter */

static bool load(const char *path, gt_cert *c)
{
    gt_error e = {0};
    size_t n = 0;
    if (gt_pem_load_certs(path, c, 1, &n, &e) != GT_OK || n != 1) {
        gx_say("could not load %s: %s", path, e.why);
        return false;
    }
    return true;
}

static bool expect_valid(const gt_cert *c, const char *name, int64_t t, const char *when, bool want)
{
    bool got = gt_cert_valid_at(c, t);
    if (got == want)
        return true;
    gx_say("%s at %s (%lld): expected %s, got %s", name, when, (long long)t,
           want ? "valid" : "not valid", got ? "valid" : "not valid");
    return false;
}

static bool validity_edges(void)
{
    gt_cert c;
    if (!load("test/pki/sensor-hub.pem", &c))
        return false;
    const char *n = "sensor-hub.pem (2025-01-01 to 2045-01-01)";
    bool ok = expect_valid(&c, n, T2026_01_01, "2026-01-01", true) &&
              expect_valid(&c, n, T2025_01_01, "notBefore itself", true) &&
              expect_valid(&c, n, T2045_01_01, "notAfter itself", true) &&
              expect_valid(&c, n, T2025_01_01 - 1, "one second before notBefore", false) &&
              expect_valid(&c, n, T2045_01_01 + 1, "one second after notAfter", false);
    gt_cert_free(&c);
    return ok;
}

static bool validity_expired(void)
{
    gt_cert c;
    if (!load("test/pki/expired.pem", &c))
        return false;
    const char *n = "expired.pem (2020-01-01 to 2021-01-01)";
    bool ok = expect_valid(&c, n, T2026_01_01, "2026-01-01", false) &&
              expect_valid(&c, n, T2020_06_01, "2020-06-01", true) &&
              expect_valid(&c, n, 0, "1970-01-01", false);
    gt_cert_free(&c);
    return ok;
}

typedef struct host_case {
    const char *cn;     /* subject CN, or NULL */
    const char *dns[3]; /* dNSNames, NULL-terminated */
    const char *host;
    bool match;
    const char *why;
} host_case;

static bool run_cases(const host_case *t, size_t n)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        gt_cert c;
        memset(&c, 0, sizeof c);
        if (t[i].cn)
            snprintf(c.subject.cn, sizeof c.subject.cn, "%s", t[i].cn);
        for (size_t k = 0; t[i].dns[k]; k++)
            snprintf(c.dns[c.n_dns++], sizeof c.dns[0], "%s", t[i].dns[k]);
        bool got = gt_cert_matches_host(&c, t[i].host);
        if (got != t[i].match) {
            gx_say("names {%s%s%s%s} CN %s, host %s: expected %s, got %s (%s)",
                   t[i].dns[0] ? t[i].dns[0] : "", t[i].dns[1] ? ", " : "",
                   t[i].dns[1] ? t[i].dns[1] : "", t[i].dns[0] ? "" : "no dNSName",
                   t[i].cn ? t[i].cn : "none", t[i].host ? t[i].host : "NULL",
                   t[i].match ? "a match" : "no match", got ? "a match" : "no match", t[i].why);
            ok = false;
        }
    }
    return ok;
}

#define N(t) (sizeof t / sizeof t[0])

static bool exact_names(void)
{
    static const host_case t[] = {
        {NULL, {"sensor-hub.local"}, "sensor-hub.local", true, "the same name"},
        {NULL, {"sensor-hub.local"}, "SENSOR-Hub.Local", true, "ASCII case does not matter"},
        {NULL, {"sensor-hub.local"}, "other-host.local", false, "another name"},
        {NULL, {"sensor-hub.local"}, "sensor-hub.loca", false, "a prefix is not the name"},
        {NULL, {"sensor-hub.local"}, "xsensor-hub.local", false, "a suffix is not the name"},
        {NULL,
         {"a.example.com", "sensor-hub.local"},
         "sensor-hub.local",
         true,
         "any of the dNSNames may match"},
        {NULL, {"sensor-hub.local"}, NULL, false, "no host: nothing matches"},
    };
    return run_cases(t, N(t));
}

static bool wildcards(void)
{
    static const host_case t[] = {
        {NULL, {"*.example.com"}, "a.example.com", true, "* stands for one whole label"},
        {NULL, {"*.example.com"}, "a.b.example.com", false, "one label, never two"},
        {NULL, {"*.example.com"}, "example.com", false, "one label, never none"},
        {NULL, {"*.com"}, "example.com", false, "a wildcard needs at least three labels"},
        {NULL,
         {"f*.example.com"},
         "foo.example.com",
         false,
         "only a whole leftmost label may be *"},
        {NULL, {"a.*.example.com"}, "a.b.example.com", false, "only the leftmost label"},
    };
    return run_cases(t, N(t));
}

static bool common_name(void)
{
    static const host_case t[] = {
        {"sensor-hub.local",
         {NULL},
         "sensor-hub.local",
         true,
         "no dNSName: the subject's CN is used"},
        {"sensor-hub.local",
         {"other-host.local"},
         "sensor-hub.local",
         false,
         "with a dNSName the CN is ignored (RFC 6125 6.4.4)"},
        {NULL, {NULL}, "sensor-hub.local", false, "no names at all"},
    };
    return run_cases(t, N(t));
}

/* The real handshake with a bad certificate: the client must refuse it. */
static bool refused(const char *pem, const char *key, int alert)
{
    gt_demo_pair p;
    memset(&p, 0, sizeof p);
    const char *chain[] = {pem, NULL};
    if (gt_demo_pair_load(&p, chain, key, T2026_01_01) != 0 || gt_demo_pair_start(&p) != 0) {
        gx_say("could not set up the demo pair with %s", pem);
        gt_demo_pair_free(&p);
        return false;
    }
    gt_err rc = gt_pair_run(p.client, p.server);
    const gt_error *e = gt_conn_error(p.client);
    bool ok = rc != GT_OK && gt_err_alert(e->code) == alert;
    if (rc == GT_OK)
        gx_say("the client accepted %s and finished the handshake", pem);
    else if (!ok)
        gx_say("the client stopped with %s (%s), expected the alert %s", gt_err_name(e->code),
               e->why, gt_alert_name(alert));
    gt_demo_pair_free(&p);
    return ok;
}

static bool handshake_expired(void)
{
    return refused("test/pki/expired.pem", "test/pki/expired.key", GT_ALERT_CERTIFICATE_EXPIRED);
}

static bool handshake_wrong_host(void)
{
    return refused("test/pki/wrong-host.pem", "test/pki/wrong-host.key", GT_ALERT_BAD_CERTIFICATE);
}

const gx_check gx_exercise_checks[] = {
    {"validity at the edges of sensor-hub.pem's period", validity_edges,
     "RFC 5280 4.1.2.5: from notBefore through notAfter, both included"},
    {"an expired certificate (expired.pem)", validity_expired,
     "compare now with both ends, not only one"},
    {"exact host names", exact_names,
     "compare without regard to ASCII case (strcasecmp) and try every dNSName"},
    {"wildcard names", wildcards,
     "RFC 6125 6.4.3: only \"*\" as the whole leftmost label, matching exactly one label, and "
     "never for a name of fewer than three labels"},
    {"the subject's CN, only without dNSNames", common_name,
     "RFC 6125 6.4.4: the CN is looked at only when the certificate has no dNSName"},
    {"the real handshake refuses expired.pem (scenario expired-cert)", handshake_expired,
     "the client must stop at step 3 with certificate_expired"},
    {"the real handshake refuses wrong-host.pem (scenario wrong-host)", handshake_wrong_host,
     "the client must stop at step 3 with bad_certificate: the name is other-host.local"},
};
const size_t gx_exercise_check_count = sizeof gx_exercise_checks / sizeof gx_exercise_checks[0];
