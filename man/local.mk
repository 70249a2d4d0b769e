# The manual. Pages are listed by name; tests/man-lint.sh checks them all.
MAN_CORE = \
	man/mufakat.3
# These two name installed files: the build writes them into man/subst/
# with @examplesdir@ replaced by the real folder, and installs those.
MAN_SUBST = \
	man/mufakat.1 \
	man/mufakat-scenario.5
EXTRA_DIST += $(MAN_SUBST) man/types.txt
nodist_man_MANS = man/subst/mufakat.1 man/subst/mufakat-scenario.5
CLEANFILES += $(nodist_man_MANS)
man_subst = $(AM_V_GEN)$(MKDIR_P) man/subst && \
	sed -e 's|@examplesdir@|$(examplesdir)|g' $(srcdir)/man/$(@F) > $@.tmp && \
	mv $@.tmp $@
man/subst/mufakat.1: $(srcdir)/man/mufakat.1 Makefile
	$(man_subst)
man/subst/mufakat-scenario.5: $(srcdir)/man/mufakat-scenario.5 Makefile
	$(man_subst)
include $(srcdir)/man/pages.mk
include $(srcdir)/man/analysis.mk
include $(srcdir)/man/records.mk
include $(srcdir)/man/sim.mk
include $(srcdir)/man/predict.mk
include $(srcdir)/man/serve.mk
dist_man_MANS = $(MAN_CORE) $(MAN_API) $(MAN_ANALYSIS) $(MAN_RECORDS) \
	$(MAN_SIM) $(MAN_PREDICT) $(MAN_SERVE)

# Every function and type finds its page by its own name: man/links.sh
# writes man/NAME.3, one line `.so man3/PAGE.3`, for each name of a NAME
# section with no page of its own and for each type of man/types.txt, and
# lists them in man/links.mk; they install as pages (tests/man-names.sh
# holds them to the pages, tests/outside.sh checks an install).
include $(srcdir)/man/links.mk
dist_man_MANS += $(MAN_LINKS)
EXTRA_DIST += man/links.sh

# mufakat(1) documents mufakat-meeting too: `man mufakat-meeting` finds it.
install-data-hook:
	cd '$(DESTDIR)$(man1dir)' && rm -f mufakat-meeting.1 && \
	  $(LN_S) mufakat.1 mufakat-meeting.1
uninstall-hook:
	rm -f '$(DESTDIR)$(man1dir)/mufakat-meeting.1'
