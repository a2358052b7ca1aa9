# mk/fuzz.mk: the libFuzzer targets (fuzz/fuzz_*.c, every one found by
# wildcard) built with clang, -fsanitize=fuzzer,address,undefined, into
# build/fuzz/ (its own objects: a plain or SANITIZE=1 build is not touched).
#   make fuzz [FUZZ_SECONDS=N] [FUZZ_TARGETS="record client"]
#                     fuzz each target N seconds (default 60) on a copy of
#                     its committed corpus (build/fuzz/corpus/NAME)
#   make fuzz-smoke   (part of `make test`) replay every corpus and regression
#                     input, then fuzz each target FUZZ_SMOKE_SECONDS (2)
#   make fuzz-seeds   rewrite fuzz/corpus/ from the demo and OpenSSL sessions
# See docs/fuzzing.md.

FUZZ_CC            ?= clang
FUZZ_SECONDS       ?= 60
FUZZ_SMOKE_SECONDS ?= 2
FUZZ_BUILD         := build/fuzz
FUZZ_SAN           := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                      -fno-omit-frame-pointer
FUZZ_CFLAGS        := -g -O1 -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -DUSE_LTM \
                      -DLTM_DESC -I. -DGT_PKI_DIR='"$(CURDIR)/test/pki"' \
                      $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
                      -fsanitize-coverage-ignorelist=fuzz/coverage-ignore.txt
FUZZ_ALL           := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_TARGETS       ?= $(FUZZ_ALL)
FUZZ_BINS          := $(FUZZ_ALL:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_LIB_OBJ       := $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o) $(FUZZ_BUILD)/obj/fuzz/harness.o

.PHONY: fuzz fuzz-build fuzz-smoke fuzz-seeds
# The fuzz binaries carry ASan and UBSan already: `make test SANITIZE=1`
# would only repeat the same smoke run.
ifneq ($(SANITIZE),1)
TEST_HOOKS += fuzz-smoke
endif

$(FUZZ_BUILD)/obj/%.o: %.c mk/fuzz.mk fuzz/coverage-ignore.txt | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/obj/fuzz/fuzz_%.o $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: test-deps fuzz-build
	@fuzz/run.sh fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Also says when the committed seeds no longer match what the library sends
# (the handshake changed): they still work, but reach less until regenerated.
fuzz-smoke: test-deps fuzz-build $(B)/fuzz/seeds
	@fuzz/run.sh smoke $(FUZZ_SMOKE_SECONDS) $(FUZZ_ALL)
	@rm -rf $(FUZZ_BUILD)/seeds-now && $(B)/fuzz/seeds $(FUZZ_BUILD)/seeds-now && \
	stale=$$(cd $(FUZZ_BUILD)/seeds-now && for f in */*; do \
	    cmp -s "$$f" "$(CURDIR)/fuzz/corpus/$$f" || printf ' %s' "$$f"; done); \
	[ -z "$$stale" ] || echo "fuzz: warning: these seeds differ from what glasstls sends now; \
	run make fuzz-seeds and commit fuzz/corpus:$$stale"

# The generator is an ordinary program, built like the tests.
$(B)/fuzz/seeds: $(B)/fuzz/seeds.o $(B)/fuzz/harness.o $(B)/test/helpers/transcript.o \
                 $(B)/libglasstls.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Replaces only the corpora the generator writes (others, e.g. der/ and
# x509/, are kept as they are).
fuzz-seeds: $(B)/fuzz/seeds
	rm -rf $(FUZZ_BUILD)/seeds-new
	$(B)/fuzz/seeds $(FUZZ_BUILD)/seeds-new
	@for d in $(FUZZ_BUILD)/seeds-new/*; do \
	    rm -rf fuzz/corpus/$${d##*/} && mkdir -p fuzz/corpus && cp -r $$d fuzz/corpus/; done
	@echo "fuzz/corpus/ rewritten: $$(ls $(FUZZ_BUILD)/seeds-new | tr '\n' ' ')"
