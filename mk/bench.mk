# mk/bench.mk: `make bench` (test/bench/, docs/performance.md).
# The benchmark builds everything again with -O2 in its own directory
# (build/bench/), so the debug build in build/ is left alone, then runs.
# The test hook only checks that a tiny run works (no time is asserted).

BENCH_SRC := $(wildcard test/bench/*.c)
BENCH_OBJ := $(BENCH_SRC:%.c=$(B)/%.o)
BENCH_DIR := build/bench

# the flags the bench reports in its header
$(B)/test/bench/bench.o: CFLAGS += -DGT_BENCH_CFLAGS='"$(OPT)"'

# demo/common.o: the same certificate and key loading as the glasstls command
$(B)/glasstls-bench: $(BENCH_OBJ) $(B)/demo/common.o $(B)/test/helpers/openssl_peer.o $(B)/libglasstls.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -ldl

.PHONY: bench bench-smoke
bench: test-deps
	@$(MAKE) --no-print-directory B=$(BENCH_DIR) OPT=-O2 $(BENCH_DIR)/glasstls-bench $(BENCH_DIR)/glasstls
	nice -n 10 $(BENCH_DIR)/glasstls-bench $(BENCH_ARGS)

# `make test`: seconds of every part, valgrind parts skipped under ASan
bench-smoke: $(B)/glasstls-bench $(B)/glasstls
	@echo "bench smoke run ($(B)/glasstls-bench --quick)"
	@$(B)/glasstls-bench --quick $(if $(filter 1,$(SANITIZE)),--no-valgrind) > $(B)/bench-smoke.out 2>&1 \
	    || { cat $(B)/bench-smoke.out; echo "bench smoke: FAILED"; exit 1; }
	@for line in 'crypto floor of one handshake' 'in-process handshake, median' \
	             'record layer, 16 KiB records' 'server: s_time -new' 'peak heap per connection: client' \
	             '  key_decrypt '; do \
	    grep "$$line" $(B)/bench-smoke.out | grep -q '[0-9]' \
	        || { cat $(B)/bench-smoke.out; echo "bench smoke: no numbers for '$$line'"; exit 1; }; \
	done; echo "bench smoke: ok"
TEST_HOOKS += bench-smoke
