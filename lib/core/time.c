/* Times as RFC 3339 gives them and records hold them: the one reader
 * of date-times, for the journal's records and the engine's deadlines. */
#include "core/core-private.h"

#include <stdio.h>
#include <string.h>

int mfk__digits(const char *s, int n, int lo, int hi)
{
    int v = 0, i;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    return v >= lo && v <= hi;
}

static int num(const char *s, int n)
{
    int v = 0, i;
    for (i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d, in the proleptic Gregorian calendar. */
static long long days_from_civil(int y, int m, int d)
{
    long long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
    long long era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int mfk_time_to_utc(const char *t, char *out, size_t size)
{
    const char *p, *frac = NULL;
    size_t nfrac = 0, len;
    int y, mo, d, h, mi, sec, off = 0;
    long long secs;
    char buf[80];
    int n;

    if (t == NULL || (out == NULL && size > 0))
        return MFK_EINVAL;
    len = strlen(t);
    if (len < 20 || !mfk__digits(t, 4, 0, 9999) || t[4] != '-' ||
        !mfk__digits(t + 5, 2, 1, 12) || t[7] != '-' || !mfk__digits(t + 8, 2, 1, 31) ||
        (t[10] != 'T' && t[10] != 't') || !mfk__digits(t + 11, 2, 0, 23) ||
        t[13] != ':' || !mfk__digits(t + 14, 2, 0, 59) || t[16] != ':' ||
        !mfk__digits(t + 17, 2, 0, 59))
        return MFK_EINVAL; /* 60: no leap second */
    y = num(t, 4);
    mo = num(t + 5, 2);
    d = num(t + 8, 2);
    h = num(t + 11, 2);
    mi = num(t + 14, 2);
    sec = num(t + 17, 2);
    if (d > days_in_month(y, mo))
        return MFK_EINVAL;
    p = t + 19;
    if (*p == '.') {
        frac = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        nfrac = (size_t)(p - frac);
        if (nfrac == 0 || nfrac > 18) /* records hold under 40 bytes */
            return MFK_EINVAL;
    }
    if ((p[0] == 'Z' || p[0] == 'z') && p[1] == '\0')
        off = 0;
    else if ((p[0] == '+' || p[0] == '-') && mfk__digits(p + 1, 2, 0, 23) &&
             p[3] == ':' && mfk__digits(p + 4, 2, 0, 59) && p[6] == '\0')
        off = (p[0] == '-' ? -1 : 1) * (num(p + 1, 2) * 60 + num(p + 4, 2));
    else
        return MFK_EINVAL;
    secs = days_from_civil(y, mo, d) * 86400LL + h * 3600 + mi * 60 + sec -
           off * 60LL;
    civil_from_days(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400, &y,
                    &mo, &d);
    secs = ((secs % 86400) + 86400) % 86400;
    if (y < 0 || y > 9999)
        return MFK_EINVAL; /* an offset took it out of four digits */
    n = snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s%.*sZ", y,
                 mo, d, (int)(secs / 3600), (int)(secs / 60 % 60),
                 (int)(secs % 60), frac != NULL ? "." : "", (int)nfrac,
                 frac != NULL ? frac : "");
    if ((size_t)n + 1 > size)
        return MFK_ERANGE;
    memcpy(out, buf, (size_t)n + 1);
    return MFK_OK;
}

int mfk__time_cmp(const char *a, const char *b)
{
    int d = memcmp(a, b, 19);
    a += 19 + (a[19] == '.');
    b += 19 + (b[19] == '.');
    while (d == 0 && (*a != 'Z' || *b != 'Z')) {
        char x = *a == 'Z' ? '0' : *a++, y = *b == 'Z' ? '0' : *b++;
        d = x - y;
    }
    return d;
}
