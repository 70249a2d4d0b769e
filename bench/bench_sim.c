/* Benchmark: sim (being written). */
#include "bench.h"
int main(void)
{
    puts("bench_sim: not written yet");
    return 0;
}
