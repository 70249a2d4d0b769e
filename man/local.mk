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

# mufakat(1) documents mufakat-meeting too: `man mufakat-meeting` finds it.
# Every function finds its page by its own name: NAME.3 is a link to the
# page whose NAME section lists it (.Nm), where it has no page of its own
# (tests/outside.sh checks every function of mufakat.h after an install),
# and every type finds the page man/types.txt gives it.
man3_names = sed -n '/^\.Sh NAME/,/^\.Nd/s/^\.Nm \([a-z0-9_]*\).*/\1/p'
install-data-hook:
	cd '$(DESTDIR)$(man1dir)' && rm -f mufakat-meeting.1 && \
	  $(LN_S) mufakat.1 mufakat-meeting.1
	for p in $(dist_man_MANS); do \
	  case $$p in *.3) ;; *) continue ;; esac; \
	  page=`basename $$p`; \
	  for n in `$(man3_names) '$(srcdir)/'$$p`; do \
	    test -f '$(srcdir)/man/'$$n.3 && continue; \
	    (cd '$(DESTDIR)$(man3dir)' && rm -f $$n.3 && \
	      $(LN_S) $$page $$n.3) || exit 1; \
	  done; \
	done
	sed -n 's/^\(mfk_[a-z0-9_]*\) \([a-z0-9_]*\.3\)$$/\1 \2/p' \
	  '$(srcdir)/man/types.txt' | while read t page; do \
	  (cd '$(DESTDIR)$(man3dir)' && rm -f $$t.3 && \
	    $(LN_S) $$page $$t.3) || exit 1; \
	done
uninstall-hook:
	rm -f '$(DESTDIR)$(man1dir)/mufakat-meeting.1'
	for p in $(dist_man_MANS); do \
	  case $$p in *.3) ;; *) continue ;; esac; \
	  for n in `$(man3_names) '$(srcdir)/'$$p`; do \
	    test -f '$(srcdir)/man/'$$n.3 || rm -f '$(DESTDIR)$(man3dir)/'$$n.3; \
	  done; \
	done
	for t in `sed -n 's/^\(mfk_[a-z0-9_]*\) .*/\1/p' '$(srcdir)/man/types.txt'`; do \
	  rm -f '$(DESTDIR)$(man3dir)/'$$t.3; \
	done
