/* Benchmark: power (being written). */
#include "bench.h"
int main(void)
{
    puts("bench_power: not written yet");
    return 0;
}
