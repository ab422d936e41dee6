/*
 * drydock-stream: a STREAM-style memory bandwidth kernel (after McCalpin's STREAM rules: arrays
 * far larger than the caches, every element written before timing starts, bytes counted as the
 * kernel names them, the result checked) that the memory benchmark runs unchanged on the host, in
 * containers and in a VM.
 *
 *   drydock-stream ARRAY_BYTES PASSES [MAX_MS]
 *
 * Three arrays of ARRAY_BYTES each (in one mapping, apart by ARRAY_OFFSET, in transparent huge
 * pages where the kernel gives them); up to PASSES timed passes of copy (c = a: 2 arrays moved) and
 * triad (a = b + q*c: 3 arrays moved), each pass timed on its own with CLOCK_MONOTONIC. With MAX_MS
 * (milliseconds, 0 = no limit) no pass starts once MAX_MS have gone by since the first one began,
 * so a slow platform (a VM under emulation) runs fewer passes in bounded time; at least one pass
 * always runs. Many passes spread over seconds are what make the best pass steady on a shared host:
 * a burst of load from a neighbour lasts up to about a second and slows every pass inside it.
 * Prints, on standard output:
 *
 *   drydock-stream 3 array_bytes=N passes=RAN max_passes=P max_ms=M huge_kib=H
 *
 * (H: the process's anonymous memory in transparent huge pages once the arrays are written.)
 *   copy best_mib_s=X median_mib_s=Y
 *   triad best_mib_s=X median_mib_s=Y
 *   check ok
 *
 * The best of the passes run is the figure (as STREAM reports it: load on a shared host only ever
 * lowers a pass), the median beside it. It is single-threaded: the caller binds it to one CPU (taskset).
 * Errors go to standard error, exit 2 for a usage error and 1 for a failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define FORMAT_VERSION 3
#define MIN_ARRAY_BYTES (1UL << 20)
#define MAX_ARRAY_BYTES (4UL << 30)
#define MAX_PASSES 1000
#define MAX_MS 3600000UL

static double now_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        fprintf(stderr, "drydock-stream: clock_gettime(CLOCK_MONOTONIC): %s\n", strerror(errno));
        exit(1);
    }
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* How far apart the three arrays start beyond their own size: 1 MiB + 8 KiB + 64 bytes, so that
 * a[i], b[i] and c[i] never share an address modulo a page, a huge page or a cache's set stride
 * (STREAM's OFFSET rule). Arrays that each start on their own mapping's boundary alias there: a
 * store to c[i] and the load of a[i] look alike to the core's memory disambiguation at 4 KiB, and
 * with huge pages the three streams fight over the same cache sets. Measured on a 2-core EPYC VM,
 * eight runs each, huge pages: copy 12350 MiB/s aliased, 28929 apart; triad 19805 MiB/s (7%
 * between runs) aliased, 25588 (0.4%) apart. */
#define ARRAY_OFFSET ((1UL << 20) + (8UL << 10) + 64)

/* The three arrays of `bytes` each in one mapping, ARRAY_OFFSET apart. */
static double *arrays(size_t bytes, double **b, double **c)
{
    size_t total = 3 * bytes + 2 * ARRAY_OFFSET;
    /* mmap, not malloc: the pages are the kernel's zero pages until first written, which the
     * initialisation below does outside the timed region. */
    char *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        fprintf(stderr, "drydock-stream: mmap of the arrays (%zu bytes): %s\n", total, strerror(errno));
        exit(1);
    }
    /* Transparent huge pages where the kernel offers them (its setting is the host's, shared by
     * every container; a guest's kernel has its own). With 4 KiB pages the streams are bound by
     * page walks, two-dimensional under a hypervisor's nested paging, and move with whatever
     * flushes the TLB. Advice only: where it fails the pages stay small, and the header says how
     * much of the arrays is huge. */
    (void)madvise(p, total, MADV_HUGEPAGE);
    *b = (double *)(p + bytes + ARRAY_OFFSET);
    *c = (double *)(p + 2 * (bytes + ARRAY_OFFSET));
    return (double *)p;
}

/* AnonHugePages of this process in KiB (/proc/self/smaps_rollup), or -1 where it cannot be read. */
static long huge_kib(void)
{
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    if (f == NULL) {
        return -1;
    }
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (sscanf(line, "AnonHugePages: %ld kB", &kib) == 1) {
            break;
        }
    }
    fclose(f);
    return kib;
}

static int by_value(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double median(double *v, unsigned long n)
{
    qsort(v, n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double best(const double *v, unsigned long n)
{
    double m = v[0];
    for (unsigned long i = 1; i < n; i++) {
        if (v[i] > m) {
            m = v[i];
        }
    }
    return m;
}

static unsigned long number(const char *arg, const char *what, unsigned long min, unsigned long max)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' || v < min || v > max) {
        fprintf(stderr, "drydock-stream: %s: expected a whole number from %lu to %lu, got '%s'\n", what, min, max, arg);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: drydock-stream ARRAY_BYTES PASSES [MAX_MS]\n");
        return 2;
    }
    size_t bytes = number(argv[1], "ARRAY_BYTES", MIN_ARRAY_BYTES, MAX_ARRAY_BYTES);
    unsigned long passes = number(argv[2], "PASSES", 1, MAX_PASSES);
    unsigned long max_ms = argc == 4 ? number(argv[3], "MAX_MS", 0, MAX_MS) : 0;
    size_t n = bytes / sizeof(double);
    bytes = n * sizeof(double);

    double *b, *c;
    double *a = arrays(bytes, &b, &c);
    for (size_t i = 0; i < n; i++) {
        a[i] = 1.0;
        b[i] = 2.0;
        c[i] = 0.0;
    }
    long huge = huge_kib();

    /* q = 0.5 keeps a bounded: a(k+1) = 2 + a(k)/2 tends to 4, never overflows. */
    const double q = 0.5;
    double *copy_rate = calloc(passes, sizeof(double));
    double *triad_rate = calloc(passes, sizeof(double));
    if (copy_rate == NULL || triad_rate == NULL) {
        fprintf(stderr, "drydock-stream: calloc of %lu pass timings: %s\n", passes, strerror(errno));
        return 1;
    }
    const double mib = 1024.0 * 1024.0;
    unsigned long ran = 0;
    double start = now_seconds();
    for (unsigned long k = 0; k < passes; k++) {
        double t0 = now_seconds();
        if (k > 0 && max_ms > 0 && (t0 - start) * 1000.0 >= (double)max_ms) {
            break;
        }
        for (size_t i = 0; i < n; i++) {
            c[i] = a[i];
        }
        double t1 = now_seconds();
        for (size_t i = 0; i < n; i++) {
            a[i] = b[i] + q * c[i];
        }
        double t2 = now_seconds();
        /* A pass faster than the clock can tell would divide by zero: count one nanosecond. */
        copy_rate[k] = 2.0 * (double)bytes / mib / (t1 - t0 > 1e-9 ? t1 - t0 : 1e-9);
        triad_rate[k] = 3.0 * (double)bytes / mib / (t2 - t1 > 1e-9 ? t2 - t1 : 1e-9);
        ran++;
    }

    /* The same recurrence on scalars: every element must hold exactly the value it gives (the
     * operations are exact in binary floating point for these inputs). */
    double ea = 1.0, ec = 0.0;
    for (unsigned long k = 0; k < ran; k++) {
        ec = ea;
        ea = 2.0 + q * ec;
    }
    size_t probes[] = {0, n / 3, n / 2, n - 1};
    for (size_t p = 0; p < sizeof probes / sizeof probes[0]; p++) {
        size_t i = probes[p];
        if (a[i] != ea || c[i] != ec || b[i] != 2.0) {
            fprintf(stderr, "drydock-stream: check failed at element %zu: a=%.17g (expected %.17g), c=%.17g (expected %.17g)\n",
                i, a[i], ea, c[i], ec);
            return 1;
        }
    }

    printf("drydock-stream %d array_bytes=%zu passes=%lu max_passes=%lu max_ms=%lu huge_kib=%ld\n", FORMAT_VERSION, bytes, ran,
        passes, max_ms, huge);
    printf("copy best_mib_s=%.1f median_mib_s=%.1f\n", best(copy_rate, ran), median(copy_rate, ran));
    printf("triad best_mib_s=%.1f median_mib_s=%.1f\n", best(triad_rate, ran), median(triad_rate, ran));
    printf("check ok\n");
    if (fflush(stdout) != 0) {
        fprintf(stderr, "drydock-stream: writing the result: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
