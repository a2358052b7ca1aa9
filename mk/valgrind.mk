# mk/valgrind.mk: `make valgrind` runs the demo and one interop handshake
# each way (glasstls client / openssl s_server, openssl s_client / glasstls
# server) under valgrind memcheck: zero errors and zero leaks, still-reachable
# included (scripts/valgrind.sh). Always the plain build: ASan and valgrind
# do not mix, so SANITIZE=1 is refused.
.PHONY: valgrind
valgrind: test-deps build/glasstls
ifeq ($(SANITIZE),1)
	@echo "make valgrind: run it without SANITIZE=1 (valgrind cannot run ASan binaries)"; exit 2
endif
	@scripts/valgrind.sh build/glasstls
