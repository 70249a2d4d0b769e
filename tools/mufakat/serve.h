/* mufakat serve: what its files share (cmd-serve.c, serve-pages.c). */
#ifndef MUFAKAT_SERVE_H
#define MUFAKAT_SERVE_H

/* The page, served as it is: plain HTML, CSS and JavaScript, no
 * external resource. One page for every link: its script asks the state
 * for the link's role and shows a delegation's or the Chair's part. */
extern const char serve_page[];
extern const char serve_css[];
extern const char serve_js[];

#endif
