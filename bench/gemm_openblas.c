/* Times OpenBLAS cblas_sgemm on square n x n x n problems, printing the same JSON lines as `heed bench gemm --json`.
   Built by bench/gemm_openblas.sh against Debian's libopenblas0-pthread; thread count comes from OPENBLAS_NUM_THREADS.
   Usage: gemm_openblas <n> [<n> ...] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Declared here so no -dev package (cblas.h) is needed; values are the CBLAS enum constants. */
enum { CblasRowMajor = 101, CblasNoTrans = 111 };
extern void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                        const float *b, int ldb, float beta, float *c, int ldc);
extern int openblas_get_num_threads(void);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* CPU time of the whole process (every OpenBLAS thread): far less disturbed by other jobs than the wall clock. */
static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int by_value(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

int main(int argc, char **argv) {
    enum { SAMPLES = 7 };
    for (int arg = 1; arg < argc; arg++) {
        int n = atoi(argv[arg]);
        if (n < 1) { fprintf(stderr, "bad size '%s'\n", argv[arg]); return 2; }
        float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n), *c = malloc(sizeof(float) * n * n);
        srand(1234);
        for (long i = 0; i < (long)n * n; i++) { a[i] = rand() / (float)RAND_MAX * 2 - 1; b[i] = rand() / (float)RAND_MAX * 2 - 1; }
        /* Same protocol as the Heed bench: 0.3 s warm-up, then samples of >= 50 ms, median reported. */
        int warm = 0;
        double start = now();
        while (warm < 2 || now() - start < 0.3) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
            warm++;
        }
        int calls = (int)(0.05 * warm / (now() - start));
        if (calls < 1) calls = 1;
        double rates[SAMPLES], cpu_rates[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            double t0 = now(), c0 = cpu_now();
            for (int i = 0; i < calls; i++)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
            rates[s] = 2.0 * n * n * n * calls / (now() - t0) / 1e9;
            cpu_rates[s] = 2.0 * n * n * n * calls / (cpu_now() - c0) / 1e9;
        }
        qsort(rates, SAMPLES, sizeof(double), by_value);
        qsort(cpu_rates, SAMPLES, sizeof(double), by_value);
        printf("{\"bench\":\"openblas\",\"n\":%d,\"threads\":%d,\"gflops\":%.1f,\"gflops_per_cpu_s\":%.1f}\n", n,
               openblas_get_num_threads(), rates[SAMPLES / 2], cpu_rates[SAMPLES / 2]);
        fflush(stdout);
        free(a); free(b); free(c);
    }
    return 0;
}
