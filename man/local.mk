# The manual. Pages are listed by name; tests/man-lint.sh checks them all.
MAN_CORE = \
	man/mufakat.1 \
	man/mufakat.3 \
	man/mufakat-scenario.5
include $(srcdir)/man/pages.mk
include $(srcdir)/man/analysis.mk
include $(srcdir)/man/records.mk
include $(srcdir)/man/sim.mk
dist_man_MANS = $(MAN_CORE) $(MAN_API) $(MAN_ANALYSIS) $(MAN_RECORDS) \
	$(MAN_SIM)

# mufakat(1) documents mufakat-meeting too: `man mufakat-meeting` finds it;
# mfk_report_new(3) the other report functions.
MAN_REPORT_LINKS = mfk_report_add.3 mfk_report_write_json.3 \
	mfk_report_free.3
install-data-hook:
	cd '$(DESTDIR)$(man1dir)' && rm -f mufakat-meeting.1 && \
	  $(LN_S) mufakat.1 mufakat-meeting.1
	cd '$(DESTDIR)$(man3dir)' && for l in $(MAN_REPORT_LINKS); do \
	  rm -f $$l && $(LN_S) mfk_report_new.3 $$l || exit 1; done
uninstall-hook:
	rm -f '$(DESTDIR)$(man1dir)/mufakat-meeting.1'
	cd '$(DESTDIR)$(man3dir)' && rm -f $(MAN_REPORT_LINKS)
