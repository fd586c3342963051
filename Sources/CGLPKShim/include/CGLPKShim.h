/*
 * CGLPKShim: the only code in Berth that talks to GLPK.
 *
 * Every entry point creates, loads, solves, reads and deletes its glp_prob
 * inside ONE guarded C call, so a glp_prob never leaves the OS thread that
 * created it and never reaches Swift. A GLPK fatal error is caught by
 * glp_error_hook, which longjmps back to the guard (only C frames are
 * crossed); the guard then frees the thread's GLPK environment and returns
 * BERTH_GLPK_E_FAULT with GLPK's own message instead of calling abort().
 *
 * All entry points are thread-safe in the sense that each thread has its own
 * guard state (thread-local) and GLPK environment. They are not reentrant:
 * calling one from inside a print or branch-and-cut callback of another
 * returns BERTH_GLPK_E_BUSY.
 */
#ifndef BERTH_CGLPKSHIM_H
#define BERTH_CGLPKSHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes of the entry points. */
#define BERTH_GLPK_OK 0
/* GLPK hit a fatal error (it would have called abort()); message holds its text. */
#define BERTH_GLPK_E_FAULT (-1)
/* A GLPK routine returned a failure code; function/glpk_code say which. */
#define BERTH_GLPK_E_FAILED (-2)
/* The shim rejected its arguments (NULL arrays, negative counts). */
#define BERTH_GLPK_E_INVALID (-3)
/* A guarded call is already running on this thread (called from a callback). */
#define BERTH_GLPK_E_BUSY (-4)
/* malloc failed. */
#define BERTH_GLPK_E_NOMEM (-5)

/* Bound flags for columns and rows (bit set = that bound exists). */
#define BERTH_GLPK_HAS_LOWER 1
#define BERTH_GLPK_HAS_UPPER 2

typedef enum berth_glpk_kind {
    BERTH_GLPK_CONTINUOUS = 0,
    BERTH_GLPK_INTEGER = 1,
    BERTH_GLPK_BINARY = 2
} berth_glpk_kind;

typedef enum berth_glpk_status {
    BERTH_GLPK_STATUS_ERROR = 0,
    BERTH_GLPK_OPTIMAL = 1,
    BERTH_GLPK_FEASIBLE_TIME_LIMIT = 2,
    BERTH_GLPK_FEASIBLE_INTERRUPTED = 3,
    /* glp_intopt returned GLP_EMIPGAP: optimal within the relative gap. */
    BERTH_GLPK_FEASIBLE_GAP = 4,
    BERTH_GLPK_INFEASIBLE = 5,
    BERTH_GLPK_UNBOUNDED = 6,
    BERTH_GLPK_NO_SOLUTION_TIME_LIMIT = 7,
    BERTH_GLPK_NO_SOLUTION_INTERRUPTED = 8
} berth_glpk_status;

/* Why the branch-and-cut callback was called (GLPK's GLP_I* reasons). */
typedef enum berth_glpk_reason {
    BERTH_GLPK_REASON_OTHER = 0,
    BERTH_GLPK_REASON_SELECT = 1,
    BERTH_GLPK_REASON_PREPROCESS = 2,
    BERTH_GLPK_REASON_ROWGEN = 3,
    BERTH_GLPK_REASON_HEURISTIC = 4,
    BERTH_GLPK_REASON_CUTGEN = 5,
    BERTH_GLPK_REASON_BRANCH = 6,
    BERTH_GLPK_REASON_BINGO = 7
} berth_glpk_reason;

/* What happened to params->incumbent. */
typedef enum berth_glpk_incumbent_outcome {
    BERTH_GLPK_INCUMBENT_NONE = 0,        /* none was given */
    BERTH_GLPK_INCUMBENT_ACCEPTED = 1,    /* glp_ios_heur_sol accepted it */
    BERTH_GLPK_INCUMBENT_REJECTED = 2,    /* not integral, or GLPK already had one at least as good */
    BERTH_GLPK_INCUMBENT_NOT_REACHED = 3  /* the search ended before its first heuristic point */
} berth_glpk_incumbent_outcome;

/* A flat problem. All arrays are 0-based; indices in the matrix are 0-based. */
typedef struct berth_glpk_problem {
    int ncols;
    const int *col_kind;        /* ncols berth_glpk_kind values */
    const int *col_flags;       /* ncols BERTH_GLPK_HAS_* masks */
    const double *col_lb;       /* ncols; read only where the flag is set */
    const double *col_ub;       /* ncols */
    const double *obj;          /* ncols objective coefficients */
    double obj_constant;
    int maximize;               /* 0 = minimise */

    int nrows;
    const int *row_flags;       /* nrows */
    const double *row_lb;       /* nrows */
    const double *row_ub;       /* nrows */

    int nnz;                    /* triplets; no duplicate (row, col) pairs */
    const int *a_row;
    const int *a_col;
    const double *a_val;

    const char *name;                 /* may be NULL */
    const char *const *col_names;     /* NULL, or ncols entries (each may be NULL) */
    const char *const *row_names;     /* NULL, or nrows entries (each may be NULL) */
} berth_glpk_problem;

typedef struct berth_glpk_bnc_event {
    berth_glpk_reason reason;
    int has_bound;
    double best_bound;          /* dual bound, objective constant included */
    int has_incumbent;
    double incumbent;           /* objective of the best integer solution */
    int has_gap;
    double mip_gap;             /* glp_ios_mip_gap (relative) */
    int active_nodes;
    int total_nodes;
} berth_glpk_bnc_event;

typedef struct berth_glpk_bnc_reply {
    int terminate;              /* -> glp_ios_terminate */
    /* ncols values (0-based) to offer via glp_ios_heur_sol. Honoured only at
       BERTH_GLPK_REASON_HEURISTIC and only when presolve is off. Must stay
       valid until the callback's caller returns. Integer columns must hold
       exact integers. */
    const double *heuristic;
} berth_glpk_bnc_reply;

typedef void (*berth_glpk_print_fn)(void *ctx, const char *text);
/* Fill *reply only: the shim makes the GLPK calls after this returns. */
typedef void (*berth_glpk_bnc_fn)(void *ctx, const berth_glpk_bnc_event *event,
                                  berth_glpk_bnc_reply *reply);

typedef struct berth_glpk_params {
    double time_limit;          /* seconds, for the whole call; <= 0 or non-finite = none */
    double mip_gap;             /* relative gap (glp_iocp.mip_gap) */
    int presolve;               /* forced off when incumbent != NULL */
    int msg_level;              /* 0 off, 1 errors, 2 normal, 3 all */
    const double *incumbent;    /* NULL or ncols values, feasibility checked by the caller */
    berth_glpk_print_fn print;  /* NULL = silent; nothing ever goes to stdout */
    void *print_ctx;
    berth_glpk_bnc_fn bnc;      /* NULL = none */
    void *bnc_ctx;
    int cuts;                   /* bit set: 1 Gomory mixed-integer, 2 mixed-integer rounding, 4 mixed cover, 8 clique */
    int br_tech;                /* glp_iocp.br_tech (GLP_BR_*); 0 = GLPK's default */
    double proximity_limit;     /* seconds of proximity search at the root (ps_heur); <= 0 or non-finite = off */
} berth_glpk_params;

typedef struct berth_glpk_result {
    berth_glpk_status status;
    double objective;           /* when status has a solution */
    int has_best_bound;
    double best_bound;          /* recorded in the callback; = objective when optimal */
    int has_root_bound;
    double root_bound;          /* LP relaxation optimum, when glp_simplex computed it */
    int nodes;                  /* branch-and-bound nodes created */
    double *values;             /* CALLER-allocated, ncols; written when status has a solution */
    berth_glpk_incumbent_outcome incumbent_outcome;
    int heuristic_accepted;     /* callback points accepted by glp_ios_heur_sol */
    int heuristic_rejected;
    int glpk_code;              /* GLPK return code of a failed routine */
    char function[64];          /* GLPK routine that failed or faulted */
    char message[512];          /* GLPK's last printed lines on failure */
} berth_glpk_result;

/* Solve an LP (glp_simplex) or MIP (glp_intopt). Returns BERTH_GLPK_OK when
   out->status holds an outcome, or a negative code with out->function,
   out->glpk_code and out->message describing the failure. */
int berth_glpk_solve(const berth_glpk_problem *p, const berth_glpk_params *params,
                     berth_glpk_result *out);

/* Write the problem in CPLEX LP format (glp_write_lp). On failure, err holds
   "function: message". */
int berth_glpk_write_lp(const berth_glpk_problem *p, const char *path, char *err,
                        size_t errlen);

/* Deliberately make an invalid GLPK call under the guard; returns
   BERTH_GLPK_E_FAULT with GLPK's message in err if the hook works. */
int berth_glpk_fault_probe(char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
