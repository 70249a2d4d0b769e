/* Benchmark: journal (being written). */
#include "bench.h"
int main(void)
{
    puts("bench_journal: not written yet");
    return 0;
}
