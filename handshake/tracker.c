/* handshake/tracker: the lesson's Status Tracker variables (see tracker.h),
 * set as each lesson step is reached. No RFC defines them: they are the
 * lesson's names for points of the RFC 5246 7.3 message flow. */
#include "handshake/tracker.h"

#include <stdio.h>

#include "handshake/conn.h"

static const char *const names[GT_VAR_COUNT] = {
    [GT_VAR_CLIENT_HELLO] = "ClientHello",     [GT_VAR_SERVER_HELLO] = "ServerHello",
    [GT_VAR_CERTIFICATE] = "Certificate",      [GT_VAR_SESSION_KEY] = "SessionKey",
    [GT_VAR_SECURE_CHANNEL] = "SecureChannel",
};

static const char *const start[GT_VAR_COUNT] = {
    [GT_VAR_CLIENT_HELLO] = GT_VAL_NOT_SENT,    [GT_VAR_SERVER_HELLO] = GT_VAL_NOT_SENT,
    [GT_VAR_CERTIFICATE] = GT_VAL_NOT_RECEIVED, [GT_VAR_SESSION_KEY] = GT_VAL_NOT_GENERATED,
    [GT_VAR_SECURE_CHANNEL] = GT_VAL_NO,
};

void gt_tracker_init(gt_tracker *t)
{
    for (int v = 0; v < GT_VAR_COUNT; v++)
        t->value[v] = start[v];
    t->rejected[0] = 0;
}

const char *gt_tracker_var_name(int var)
{
    return var >= 0 && var < GT_VAR_COUNT ? names[var] : "?";
}

const char *gt_tracker_start_value(int var)
{
    return var >= 0 && var < GT_VAR_COUNT ? start[var] : "?";
}

void gt_tracker_set(gt_conn *c, int var, const char *value)
{
    c->tracker.value[var] = value;
    gt_event ev = {.kind = GT_EV_TRACKER, .var = var, .value = value};
    ev.name = names[var];
    gt_emit(c, &ev);
}

void gt_tracker_reject_certificate(gt_conn *c, const char *why)
{
    snprintf(c->tracker.rejected, sizeof c->tracker.rejected, "%s (%s)", GT_VAL_REJECTED, why);
    gt_tracker_set(c, GT_VAR_CERTIFICATE, c->tracker.rejected);
}
