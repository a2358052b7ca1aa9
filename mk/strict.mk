# mk/strict.mk: the hardening tests (state machine, oracle, bounds).
# test_bounds counts the heap glasstls allocates and checks what it frees:
# the linker's --wrap sends every malloc/calloc/realloc/free of the objects
# linked into that one program (libglasstls.a included) through counting
# wrappers in test/test_bounds.c. Shared libraries are not wrapped.
BOUNDS_WRAP := -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc -Wl,--wrap=free

$(B)/test/test_bounds: $(B)/test/test_bounds.o $(TEST_HELP_OBJ) $(B)/libglasstls.a
	$(CC) $(LDFLAGS) $(BOUNDS_WRAP) -o $@ $< $(TEST_HELP_OBJ) $(B)/libglasstls.a $(LDLIBS) -lcmocka
