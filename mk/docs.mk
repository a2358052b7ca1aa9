# mk/docs.mk: `make docs` renders docs/*.md, the exercises' READMEs and the
# annotated sources of handshake/, record/, crypto/, x509/ and bytes/ to HTML
# in build/docs/ (open build/docs/index.html). pandoc does all the HTML
# (Debian package, scripts/packages/docs.list); a source page is the file in a
# highlighted C code block. Source files named in a page link to their page
# (scripts/docs/links.lua).

DOCS_OUT  := build/docs
DOCS_MD   := $(wildcard docs/*.md)
DOCS_EX   := exercises/README.md $(wildcard exercises/*/README.md)
DOCS_SRC  := $(wildcard handshake/*.[ch] record/*.[ch] crypto/*.[ch] x509/*.[ch] bytes/*.[ch])
DOCS_HTML := $(DOCS_MD:docs/%.md=$(DOCS_OUT)/%.html) $(DOCS_EX:%.md=$(DOCS_OUT)/%.html) \
             $(DOCS_SRC:%=$(DOCS_OUT)/src/%.html) $(DOCS_OUT)/index.html
PANDOC    := pandoc --standalone --shift-heading-level-by=-1 --metadata title-prefix=glasstls
DOCS_LUA  := scripts/docs/links.lua

.PHONY: docs docs-deps test-docs
docs: $(DOCS_HTML)
	@echo "docs: $(words $(DOCS_HTML)) pages in $(DOCS_OUT)/ (start at $(DOCS_OUT)/index.html)"

# pandoc is installed on first use
docs-deps:
	@command -v pandoc >/dev/null 2>&1 || scripts/deps.sh docs

$(DOCS_OUT)/%.html: docs/%.md $(DOCS_LUA) mk/docs.mk | docs-deps
	@mkdir -p $(dir $@)
	$(PANDOC) --toc --lua-filter=$(DOCS_LUA) -o $@ $<

$(DOCS_OUT)/exercises/%.html: exercises/%.md mk/docs.mk | docs-deps
	@mkdir -p $(dir $@)
	$(PANDOC) -o $@ $<

# An annotated source: its path as the title, the file as a C code block.
$(DOCS_OUT)/src/%.html: % mk/docs.mk | docs-deps
	@mkdir -p $(dir $@)
	@{ printf '# %s\n\n~~~~ {.c .numberLines}\n' '$<'; cat '$<'; printf '~~~~\n'; } | \
	    $(PANDOC) --from markdown -o $@
	@echo "pandoc $< -> $@"

# The index: the pages, then every source file with the first line of its
# opening comment (the lesson step or layer it belongs to).
$(DOCS_OUT)/index.md: $(DOCS_MD) $(DOCS_SRC) mk/docs.mk
	@mkdir -p $(dir $@)
	@{ echo '# glasstls: documentation and annotated source'; echo; \
	   echo 'Pages:'; echo; \
	   for f in $(DOCS_MD); do b=$$(basename $$f .md); \
	       echo "- [$$(sed -n '1s/^# *//p' $$f)]($$b.html)"; done; \
	   echo "- [Exercises](exercises/README.html)"; echo; \
	   for d in handshake record crypto x509 bytes; do \
	       echo "## $$d/"; echo; \
	       for f in $$d/*.[ch]; do \
	           echo "- [\`$$f\`](src/$$f.html): $$(sed -n '1,/\*\//p' $$f | tr '\n' ' ' | \
	               sed 's|^/\* *[a-z0-9_/.]*: *||; s| *\*/.*||; s| \* | |g; s|  *| |g')"; \
	       done; echo; \
	   done; } >$@
$(DOCS_OUT)/index.html: $(DOCS_OUT)/index.md | docs-deps
	$(PANDOC) -o $@ $<

# The docs build, and the walkthrough and opening comments checked (the
# walkthrough's quoted output against the demo's).
test-docs: export GLASSTLS := $(B)/glasstls
test-docs: docs $(B)/glasstls
	@test/scripts/docs.sh

TEST_HOOKS += test-docs
