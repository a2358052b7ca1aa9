# mk/exercise.mk: classroom exercises (exercises/README.md).
#   make exercise EX=NAME              grade exercises/N-NAME/NAME.c
#   make exercise EX=NAME FILE=path    grade a student's file handed in elsewhere
#   make exercise EX=NAME REFERENCE=1  grade glasstls's own code (must pass)
#   make exercise                      list the exercises
# The library is built a second time with -fPIC and -fno-inline under
# $(B)/exercise/obj: with -fPIC a call from one function to another in the
# same file goes through the symbol, so when grade.sh weakens the reference
# (objcopy --weaken-symbol) and links the student's object first, every
# caller, inside the file too, runs the student's function.

EX_B       := $(B)/exercise
EX_LIB_OBJ := $(LIB_SRC:%.c=$(EX_B)/obj/%.o)
EX_GRADER  := $(EX_B)/obj/exercises/grader/grader.o
EX_TESTOBJ := $(TEST_SRC:%.c=$(B)/%.o)

$(EX_B)/obj/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -fno-inline -MMD -MP -c $< -o $@

.PHONY: exercise exercise-prereqs test-graders
exercise-prereqs: test-deps $(EX_LIB_OBJ) $(EX_GRADER) $(TEST_HELP_OBJ) $(EX_TESTOBJ)

exercise test-graders: export GX_CFLAGS := $(CFLAGS)
exercise test-graders: export GX_LDFLAGS := $(LDFLAGS)
exercise test-graders: export GX_LDLIBS := $(LDLIBS)
exercise test-graders: export GX_B := $(B)
exercise test-graders: export GX_HELP_OBJ := $(TEST_HELP_OBJ)
exercise test-graders: export CC := $(CC)
exercise test-graders: export REFERENCE := $(REFERENCE)

exercise: exercise-prereqs
	@exercises/grade.sh '$(EX)' '$(FILE)'

# Every grader fails the untouched skeleton and passes the reference.
test-graders: exercise-prereqs
	@test/scripts/graders.sh

TEST_HOOKS += test-graders
