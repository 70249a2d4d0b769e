/* The README's example: two members, one proposal, one round. Build it
 * against an installed mufakat with
 *   cc -o vote vote.c $(pkg-config --cflags --libs mufakat) */
#include <mufakat.h>
#include <stdio.h>
int main(void) {
    mfk_body *b; mfk_proposal *p; mfk_consultation *c; mfk_outcome o;
    mfk_body_new(&b, "AMM", 1, NULL);
    mfk_body_add_member(b, "IDN", "Indonesia", NULL);
    mfk_body_add_member(b, "PHL", "Philippines", NULL);
    mfk_proposal_new(&p, b, "P1", "Joint statement", NULL);
    mfk_consultation_new(&c, b, p, NULL);
    mfk_consultation_set_stance(c, 0, MFK_SUPPORT);
    mfk_consultation_set_stance(c, 1, MFK_JOIN);
    mfk_consultation_close_round(c, NULL);
    mfk_consultation_outcome(c, &o);
    printf("%s\n", mfk_name(MFK_NAMES_OUTCOME, o));   /* adopted */
    mfk_consultation_free(c); mfk_proposal_free(p); mfk_body_free(b);
    return 0;
}
