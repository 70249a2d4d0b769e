# The Python package `mufakat` (python/): cffi in API mode over the shared
# library. `make` builds it into BUILD/python, so that
# PYTHONPATH=BUILD/python imports it; `make install` puts it where
# $(PYTHON) imports from under the prefix (MFK_PYTHONDIR, configure.ac).
MFK_PY_SOURCES = \
	python/mufakat/__init__.py \
	python/mufakat/_api.py \
	python/mufakat/_objects.py
EXTRA_DIST += python/build_ffi.py $(MFK_PY_SOURCES) python/tests \
	examples/sweep.py tests/python.sh
TESTS += tests/python.sh
AM_TESTS_ENVIRONMENT += PYTHON='$(PYTHON)'; export PYTHON;
# A distcheck builds the package with the same python.
AM_DISTCHECK_CONFIGURE_FLAGS += PYTHON='$(PYTHON)'
clean-local:
	rm -f python/mufakat/_mufakat$(MFK_PYTHON_EXT_SUFFIX)
	rm -rf python/mufakat/__pycache__ python/tests/__pycache__
	test python -ef $(srcdir)/python || \
	  for f in $(MFK_PY_SOURCES); do rm -f "$$f"; done

mfkpydir = $(MFK_PYTHONDIR)/mufakat
mfkpyexecdir = $(mfkpydir)
# libtool uninstalls a module by its .la, which the install took away.
uninstall-local:
	rm -f '$(DESTDIR)$(mfkpyexecdir)/_mufakat.so'

if MFK_PYTHON
mfkpy_DATA = $(MFK_PY_SOURCES)
mfkpyexec_LTLIBRARIES = python/mufakat/_mufakat.la
nodist_python_mufakat__mufakat_la_SOURCES = python/mufakat/_mufakat.c
python_mufakat__mufakat_la_CPPFLAGS = -I$(top_srcdir)/include \
	-I$(MFK_PYTHON_INCLUDES)
# cffi's generated code is not held to the project's warnings.
python_mufakat__mufakat_la_CFLAGS =
python_mufakat__mufakat_la_LDFLAGS = -module -avoid-version -shared
python_mufakat__mufakat_la_LIBADD = lib/libmufakat.la
BUILT_SOURCES += python/mufakat/_mufakat.c
CLEANFILES += python/mufakat/_mufakat.c
python/mufakat/_mufakat.c: $(srcdir)/python/build_ffi.py \
		$(srcdir)/include/mufakat.h
	$(AM_V_GEN)$(MKDIR_P) python/mufakat && \
	  $(PYTHON) $(srcdir)/python/build_ffi.py '$(CPP)' \
	    $(srcdir)/include/mufakat.h $@ > /dev/null

# The package as python imports it, in the build folder: the .py files
# (copied in a build outside the source) and the extension out of .libs.
all-local: python/mufakat/_mufakat$(MFK_PYTHON_EXT_SUFFIX)
python/mufakat/_mufakat$(MFK_PYTHON_EXT_SUFFIX): python/mufakat/_mufakat.la \
		$(MFK_PY_SOURCES:%=$(srcdir)/%)
	$(AM_V_GEN)for f in $(MFK_PY_SOURCES); do \
	  test -f "$$f" && test "$$f" -ef "$(srcdir)/$$f" || \
	    cp "$(srcdir)/$$f" "$$f" || exit 1; \
	done; \
	cp python/mufakat/.libs/_mufakat.so $@
# libtool's .la file is no use to python. A real install (no DESTDIR, as
# root) refreshes the loader's cache, without which the extension cannot
# find a libmufakat.so just put in /usr/local/lib.
install-exec-hook:
	rm -f '$(DESTDIR)$(mfkpyexecdir)/_mufakat.la'
	if test -z '$(DESTDIR)' && test "`id -u`" = 0 && \
	   command -v ldconfig >/dev/null 2>&1; then ldconfig || :; fi
endif
