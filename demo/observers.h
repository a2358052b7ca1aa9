/* demo/observers: a connection reports to one observer (gt_config); this
 * fan-out is that one observer and passes each event on to several: the
 * terminal view, the --explain dump, and the trace writers (JSON, key log).
 * Layer: demo. */
#ifndef GT_OBSERVERS_H
#define GT_OBSERVERS_H

#include <stddef.h>

#include "handshake/conn.h"
#include "handshake/observer.h"

#define GT_MAX_OBSERVERS 8

typedef struct gt_observers {
    struct {
        gt_observer_fn fn;
        void *ctx;
    } list[GT_MAX_OBSERVERS];
    size_t n;
} gt_observers;

/* Adds a listener; they hear events in the order added. 0, or -1 when full. */
int gt_observers_add(gt_observers *o, gt_observer_fn fn, void *ctx);
/* The observer callback: ctx is the gt_observers. */
void gt_observers_event(void *ctx, const gt_event *ev);
/* Makes the fan-out cfg's observer. */
void gt_observers_attach(gt_observers *o, gt_config *cfg);

#endif
