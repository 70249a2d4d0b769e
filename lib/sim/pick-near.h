/* The fast Chair's choice from the estimate of the run (fast-chair.c),
 * shared by the kernels, each of which builds it with its own flags (the
 * AVX2 kernel's floor and ceil are one instruction each). Not part of
 * the API. */
#ifndef MUFAKAT_SIM_PICK_NEAR_H
#define MUFAKAT_SIM_PICK_NEAR_H

#include "engine/engine-private.h"

#include <math.h>

/* mfk__pick_near()'s answer when a test it makes goes either way for ends
 * within its bounds. */
#define MFK__PICK_UNDECIDED (-1)

/* mfk__chair_pick_1d() for a run whose ends are known only to lie in
 * [lo - delta, lo + delta] and [hi - delta, hi + delta]: the choice it
 * makes for every pair of ends in them, where each of its tests comes
 * out the same for all of them; else MFK__PICK_UNDECIDED. Every
 * operation those tests read is monotone in each end (a sum, a halving,
 * a quotient by 100 or by a power of ten, floor, ceil), so a test with
 * the same answer at both bounds of what it reads has it everywhere
 * between. Only the common case is taken: the run wide and well clear
 * of the status quo on both sides (no end snapped to it), the text
 * outside it. */
static inline int mfk__pick_near(double lo, double hi, double delta,
                                 double pos, double sq, double scale,
                                 double *out)
{
    double t = scale * MFK__RUN_MIN, ten = 1;
    double loa = lo - delta, lob = lo + delta;
    double hia = hi - delta, hib = hi + delta;
    double ya, yb, mida, midb, sla, slb;
    int d, below;

    /* mfk__chair_pick_1d()'s first tests: the run is wide, neither end
     * is the status quo, the text is out of the run, not at the status
     * quo */
    if (!(hia - lob > t && lob < sq && sq - lob > t && hia > sq &&
          hia - sq > t) ||
        pos == sq)
        return MFK__PICK_UNDECIDED;
    if (pos >= lob && pos <= hia)
        return MFK_DONE;
    if (pos > hib) {
        /* y is hi; mid is sq / 2 + hi / 2, lo being below sq */
        ya = hia;
        yb = hib;
        mida = sq / 2 + hia / 2;
        midb = sq / 2 + hib / 2;
    } else if (pos < loa) {
        ya = loa;
        yb = lob;
        mida = loa / 2 + sq / 2;
        midb = lob / 2 + sq / 2;
    } else {
        return MFK__PICK_UNDECIDED;
    }
    sla = (hia - lob) / 100;
    slb = (hib - loa) / 100;
    /* rounded down where the middle is below y, else up */
    if (midb < ya)
        below = 1;
    else if (mida >= yb)
        below = 0;
    else
        return MFK__PICK_UNDECIDED;
    for (d = 0; d <= 15; d++, ten *= 10) {
        double ra, rb, fa, fb, least, most;
        ra = below ? floor(ya * ten) / ten : ceil(ya * ten) / ten;
        rb = below ? floor(yb * ten) / ten : ceil(yb * ten) / ten;
        if (ra != rb)
            return MFK__PICK_UNDECIDED;
        /* |r - y| over y in [ya, yb] */
        fa = fabs(ra - ya);
        fb = fabs(ra - yb);
        most = fa > fb ? fa : fb;
        least = ya < ra && ra < yb ? 0 : fa < fb ? fa : fb;
        if (most <= sla && ra >= lob && ra <= hia && ra != sq) {
            *out = ra;
            return MFK_OK;
        }
        if (!(least > slb || ra < loa || ra > hib || ra == sq))
            return MFK__PICK_UNDECIDED;
    }
    /* no decimal: the end itself */
    if (ya != yb)
        return MFK__PICK_UNDECIDED;
    *out = ya;
    return MFK_OK;
}

#endif
