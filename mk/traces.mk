# traces: the dissector, --explain and the trace writers (demo/), linked into
# their own tests; the tshark and OpenSSL key log checks run in test_trace_*.
TRACE_OBJ := $(patsubst %.c,$(B)/%.o,demo/dissect.c demo/explain.c demo/observers.c \
	demo/trace.c demo/trace_json.c demo/trace_keylog.c demo/trace_pcap.c)
TRACE_TESTS := $(patsubst test/%.c,$(B)/test/%,$(wildcard test/test_dissect.c \
	test/test_explain.c test/test_trace_*.c))
$(TRACE_TESTS): $(TRACE_OBJ)
$(TRACE_TESTS): LDFLAGS += $(TRACE_OBJ)
