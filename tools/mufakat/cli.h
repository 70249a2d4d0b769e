/* The driver's shared declarations: commands, output helpers. */
#ifndef MUFAKAT_CLI_H
#define MUFAKAT_CLI_H

#include <stdio.h>

#include "mufakat.h"

/* Exit statuses (mufakat(1)). */
#define CLI_OK 0
#define CLI_INPUT 1 /* invalid input, or a file that cannot be read/written */
#define CLI_USAGE 2 /* wrong command line, or not in this build */

enum cli_format { CLI_TEXT, CLI_JSON };

/* The program's name for messages: "mufakat". */
extern const char *cli_progname;

/* Writes n bytes of text with every control character shown escaped, by
 * mfk_text_escape(3), so that text from input cannot move the cursor, set
 * a window title or overwrite a line. keep_sgr: colours (ESC [ ... m)
 * pass, for text whose colours the driver added itself. */
void cli_write_safe(FILE *f, const char *text, size_t n, int keep_sgr);
void cli_puts_safe(FILE *f, const char *text);
/* printf to f, the whole text then written by cli_write_safe: for lines
 * whose arguments are strings from input (a record's title, ids, names). */
void cli_printf_safe(FILE *f, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Messages to standard error, prefixed "mufakat: ". */
void cli_error(const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Prints a library error for FILE as CONTRACT says: FILE:LINE:COL: for
 * syntax errors, FILE: byte N: for CBOR ones, FILE: POINTER: otherwise. */
void cli_input_error(const char *file, const mfk_error *err);
/* A wrong command line: the message, then "Try 'mufakat CMD --help'."
 * Returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* After a message already printed: "Try 'mufakat CMD --help'." (CMD
 * NULL: the program's help). Returns CLI_USAGE. */
int cli_try_help(const char *cmd);

/* Parses "--format text|json" (both "--format X" and "--format=X").
 * Returns 1 when argv[*i] was the option (and advances *i), 0 when not,
 * -1 on a bad value (message printed). */
int cli_format_option(int argc, char **argv, int *i, enum cli_format *fmt);
/* Matches "--NAME VALUE" or "--NAME=VALUE"; returns 1 and sets *value,
 * 0 when argv[*i] is another argument, -1 when the value is missing. */
int cli_option_value(int argc, char **argv, int *i, const char *name,
                     const char **value);
int cli_is_help(const char *arg);

/* Colour on a terminal, unless NO_COLOR is set. */
int cli_colour(FILE *f);

/* ---- progress ---------------------------------------------------------- */

/* A progress bar on standard error, drawn only when it is a terminal (and
 * TERM is not "dumb"); redrawn at most ten times a second. */
typedef struct cli_progress {
    int on;
    const char *what;
    double total;
    double last_draw;
} cli_progress;

void cli_progress_start(cli_progress *p, const char *what, double total);
void cli_progress_update(cli_progress *p, double done);
/* Clears the bar's line. */
void cli_progress_end(cli_progress *p);

/* ---- JSON output ------------------------------------------------------ */

/* Prints the JSON text that one of the library's mfk_*_write_json
 * functions makes, called through write(ud, buf, size, len): the length
 * asked first, then the text. CLI_OK, or CLI_INPUT with a message
 * "mufakat: WHAT: ERROR". */
typedef int (*cli_json_writer)(const void *ud, char *buf, size_t size,
                               size_t *len);
int cli_json_print(const char *what, cli_json_writer write, const void *ud);

/* ---- output files (cli-out.c) ------------------------------------------ */
/* An output file (--svg, --csv) written whole or not at all: into a
 * temporary file beside it, renamed over it by cli_out_close(o, 1) once
 * written and synced; cli_out_close(o, 0) removes it. Both print
 * "mufakat: FILE: cannot write: REASON" on failure: open returns NULL,
 * close CLI_INPUT (else CLI_OK). */
typedef struct cli_out {
    FILE *f;
    char *tmp;
    const char *path;
} cli_out;
FILE *cli_out_open(cli_out *o, const char *path);
int cli_out_close(cli_out *o, int keep);
/* Whether paths a and b (either may be NULL) name the same existing file,
 * by device and inode: an output there would destroy an input. */
int cli_same_file(const char *a, const char *b);

/* ---- SVG output (svg.c) ----------------------------------------------- */
/* BEGIN svg */
/* Writes to path, whole or not at all (cli_out), the text one of the
 * library's two-call writers makes (cli_json_writer). CLI_OK or
 * CLI_INPUT (message printed). */
int cli_write_file(const char *path, cli_json_writer write, const void *ud);

/* The consultations of run and demo, as mfk_consultation_write_svg()
 * draws them, written to path. CLI_OK or CLI_INPUT (message printed). */
int cli_svg_consultations(const char *path, const char *title,
                          mfk_consultation *const *cs, size_t n);
/* END svg */

/* ---- the journal (cmd-journal.c) --------------------------------------- */

/* `mufakat run --journal J [--time T] [--sign NAME]`: opens (creating it
 * if missing) journal J, appends a record of each consultation (with the
 * scenario's reasons for proposal `proposal`), closes it. time is the
 * RFC 3339 time for records, NULL for now; sign the secret key's file,
 * NULL for none. Each returns CLI_OK, or
 * prints a message naming the file and returns CLI_INPUT (or CLI_USAGE
 * for a bad --time). */
typedef struct cli_journal cli_journal;
int cli_journal_open(cli_journal **j, const char *path, const char *time,
                     const char *sign);
int cli_journal_append(cli_journal *j, const mfk_consultation *c,
                       const mfk_scenario *s, size_t proposal);
int cli_journal_append_step(cli_journal *j, const mfk_consultation *c,
                            int year);
int cli_journal_close(cli_journal *j);
/* Meetings in series: the record of c made and appended by series q
 * (its year, reasons and link); takes up what journal `path` left
 * deferred into q (*count: how many), a fault named by the file and the
 * byte. */
int cli_journal_append_series(cli_journal *j, mfk_series *q,
                              const mfk_consultation *c);
int cli_series_take_up(mfk_series *q, const char *path, size_t *count);

/* ---- commands --------------------------------------------------------- */

int cli_demo(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_show(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_verify(int argc, char **argv);
int cli_keygen(int argc, char **argv);
int cli_power(int argc, char **argv);
int cli_winset(int argc, char **argv);
int cli_dynamics(int argc, char **argv);
int cli_simulate(int argc, char **argv);
int cli_predict(int argc, char **argv);
int cli_serve(int argc, char **argv);

/* The built-in demo scenario, examples/asean-amm.json. */
extern const unsigned char mfk_demo_json[];
extern const unsigned long mfk_demo_json_len;

#endif
