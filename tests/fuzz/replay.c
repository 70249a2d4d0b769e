/* Replays saved inputs through a fuzz target without libFuzzer: each
 * argument is a file, or a folder whose files are all replayed. Used by
 * make check on the seed corpora and on every crash ever found. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void fuzz_fail(const char *what)
{
    fprintf(stderr, "fuzz finding: %s\n", what);
    abort();
}

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, got;

    if (f == NULL) {
        perror(path);
        return 1;
    }
    for (;;) {
        if (len == cap) {
            unsigned char *nb;
            cap = cap ? cap * 2 : 4096;
            nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return 1;
            }
            buf = nb;
        }
        got = fread(buf + len, 1, cap - len, f);
        if (got == 0)
            break;
        len += got;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    int i, n = 0, bad = 0;
    for (i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 1;
        }
        if (S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *e;
            char path[4096];
            if (d == NULL) {
                perror(argv[i]);
                return 1;
            }
            while ((e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.')
                    continue;
                snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
                bad |= replay_file(path);
                n++;
            }
            closedir(d);
        } else {
            bad |= replay_file(argv[i]);
            n++;
        }
    }
    printf("replayed %d inputs\n", n);
    return bad;
}
