"""Writes the C source of the mufakat package's extension, mufakat._mufakat.

cffi in API mode: the declarations are include/mufakat.h itself, run through
the C preprocessor (so that its enums, made by macros, come out whole), and
the generated C is compiled against that same header, so a declaration that
drifted from the library would not compile.

Usage: build_ffi.py CPP HEADER OUTPUT.c
"""
import os
import re
import subprocess
import sys
import tempfile

import cffi


def declarations(cpp, header):
    """The header's declarations, preprocessed, and its integer macros."""
    with tempfile.TemporaryDirectory() as empty:
        # <stddef.h> is the header's one include: cffi knows size_t itself.
        open(os.path.join(empty, "stddef.h"), "w").close()
        text = subprocess.run(
            cpp.split() + ["-P", "-nostdinc", "-I", empty, header],
            check=True, stdout=subprocess.PIPE, universal_newlines=True
        ).stdout
    with open(header) as f:
        macros = re.findall(r"^#define (MFK_[A-Z0-9_]+) +\(?(?:0x)?[0-9a-fA-F]+u?"
                            r"(?: << [0-9]+)?\)?(?: |$)", f.read(), re.M)
    return text + "".join("#define %s ...\n" % m for m in macros)


def main():
    cpp, header, out = sys.argv[1:4]
    ffi = cffi.FFI()
    ffi.cdef(declarations(cpp, header))
    # A stance model written in Python, called by mfk_consultation_run().
    ffi.cdef('extern "Python" int mfk_py_stances(const mfk_consultation *, '
             'unsigned, unsigned char *, void *);')
    # A simulation's stance model written in Python (mfk_sim_set_stance_model).
    ffi.cdef('extern "Python" int mfk_py_sim_stance(const mfk_body *, size_t, '
             'const double *, const double *, mfk_rule_kind, unsigned, '
             'struct mfk_rng *, void *);')
    # A consultation's hook written in Python (mfk_consultation_set_hook).
    ffi.cdef('extern "Python" int mfk_py_hook(const mfk_consultation *, '
             'const mfk_event *, void *);')
    ffi.set_source("mufakat._mufakat", "#include <mufakat.h>\n")
    tmp = out + ".tmp"
    ffi.emit_c_code(tmp)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
