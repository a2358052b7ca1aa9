# glasstls: `make` builds build/libglasstls.a and build/glasstls.
#   make demo    run the lesson's handshake, step by step
#   make test    build and run every cmocka test (unit, in-memory, OpenSSL interop)
#   make test SANITIZE=1   the same, built with ASan and UBSan
# Missing Debian packages are installed first by scripts/deps.sh.

CC      ?= cc
OPT     ?= -O1
CFLAGS  ?= -g $(OPT)
# -Wno-format-truncation: sentences for people are cut to their buffers on purpose.
CFLAGS  += -std=c11 -Wall -Wextra -Werror -Wno-format-truncation -D_DEFAULT_SOURCE -DUSE_LTM -DLTM_DESC -I.
# the demo PKI, found wherever glasstls is run from
CFLAGS  += -DGT_PKI_DIR='"$(CURDIR)/test/pki"'
LDLIBS  += -ltomcrypt -ltommath -lpthread

ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
B       := build/san
else
B       := build
endif

LIB_SRC  := $(wildcard bytes/*.c crypto/*.c record/*.c x509/*.c handshake/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
DEMO_SRC := $(wildcard demo/*.c)
DEMO_OBJ := $(DEMO_SRC:%.c=$(B)/%.o)
TEST_SRC := $(wildcard test/test_*.c)
TEST_BIN := $(TEST_SRC:test/%.c=$(B)/test/%)
TEST_HELP_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard test/helpers/*.c))
DEPS_OK  := build/.deps-ok

.PHONY: all demo test test-cmocka test-deps clean deps
.SECONDARY:
all: $(B)/glasstls

deps: $(DEPS_OK)
$(DEPS_OK): scripts/deps.sh scripts/packages/build.list
	@scripts/deps.sh
	@mkdir -p build && touch $@
# test-only packages (cmocka, clang, valgrind, tshark): checked on every `make test`
test-deps:
	@scripts/deps.sh test

# Each mk/NAME.mk adds one capability (fuzz, bench, exercise, docs, ...).
# A file there may append phony targets to TEST_HOOKS: `make test` runs them
# after the cmocka programs.
TEST_HOOKS :=
include $(wildcard mk/*.mk)

$(B)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/libglasstls.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/glasstls: $(DEMO_OBJ) $(B)/libglasstls.a
	$(CC) $(LDFLAGS) -o $@ $(DEMO_OBJ) $(B)/libglasstls.a $(LDLIBS)

$(B)/test/%: $(B)/test/%.o $(TEST_HELP_OBJ) $(B)/libglasstls.a
	$(CC) $(LDFLAGS) -o $@ $< $(TEST_HELP_OBJ) $(B)/libglasstls.a $(LDLIBS) -lcmocka

demo: $(B)/glasstls
	$(B)/glasstls demo

test: test-cmocka $(TEST_HOOKS)
test-cmocka: test-deps $(TEST_BIN) $(B)/glasstls
	@GLASSTLS=$(B)/glasstls scripts/run-tests.sh $(TEST_BIN)

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
