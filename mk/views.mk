# mk/views.mk: the demo's golden outputs (test/golden/, see docs/demo.md).
#   make golden   rewrite every golden from the current build, then review
#                 `git diff test/golden/` line by line before committing.
.PHONY: golden
golden: $(B)/test/test_demo_golden $(B)/glasstls
	GOLDEN_UPDATE=1 GLASSTLS=$(B)/glasstls $(B)/test/test_demo_golden
