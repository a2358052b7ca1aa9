/* demo/observers: one event, several listeners, in a fixed order (so the
 * terminal view has told a step before the --explain dump shows its bytes).
 * Layer: demo. */
#include "demo/observers.h"

int gt_observers_add(gt_observers *o, gt_observer_fn fn, void *ctx)
{
    if (!fn)
        return 0;
    if (o->n == GT_MAX_OBSERVERS)
        return -1;
    o->list[o->n].fn = fn;
    o->list[o->n].ctx = ctx;
    o->n++;
    return 0;
}

void gt_observers_event(void *ctx, const gt_event *ev)
{
    gt_observers *o = ctx;
    for (size_t i = 0; i < o->n; i++)
        o->list[i].fn(o->list[i].ctx, ev);
}

void gt_observers_attach(gt_observers *o, gt_config *cfg)
{
    cfg->observer = gt_observers_event;
    cfg->observer_ctx = o;
}
