/* mufakat-meeting: being written. */
#include <stdio.h>
int main(void)
{
    fputs("mufakat-meeting: not available in this build\n", stderr);
    return 2;
}
