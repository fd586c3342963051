/*
 * The guarded path to GLPK. See include/CGLPKShim.h for the contract.
 *
 * Facts this file relies on were measured on Debian's GLPK 5.0 (see
 * shared/DESIGN.md, "GLPK facts measured on this machine").
 */
/* clock_gettime(CLOCK_MONOTONIC) under strict C modes. */
#define _POSIX_C_SOURCE 200809L

#include "CGLPKShim.h"

#include <float.h>
#include <limits.h>
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------
 * Guard: thread-local, because GLPK keeps one environment per thread and a
 * glp_prob must stay on the thread that created it.
 * ---------------------------------------------------------------------- */

#define RING_SIZE 4096

struct guard {
    jmp_buf jump;
    int active;
    const char *step;            /* GLPK routine the shim is calling now */
    char ring[RING_SIZE];        /* last terminal output, even when silent */
    size_t written;              /* total bytes ever appended */
    berth_glpk_print_fn print;
    void *print_ctx;
};

static _Thread_local struct guard tl;

static void ring_append(const char *s) {
    for (; *s; s++) {
        tl.ring[tl.written % RING_SIZE] = *s;
        tl.written++;
    }
}

/* Copy the last lines of terminal output (whole lines where possible). */
static void ring_tail(char *dst, size_t cap) {
    if (cap == 0) return;
    size_t avail = tl.written < RING_SIZE ? tl.written : RING_SIZE;
    size_t take = avail < cap - 1 ? avail : cap - 1;
    size_t start = tl.written - take;
    /* Skip a partial first line when the tail was cut. */
    if (take < avail) {
        size_t k = 0;
        while (k < take && tl.ring[(start + k) % RING_SIZE] != '\n') k++;
        if (k < take) { start += k + 1; take -= k + 1; }
    }
    for (size_t k = 0; k < take; k++) dst[k] = tl.ring[(start + k) % RING_SIZE];
    /* Trim trailing newlines. */
    while (take > 0 && (dst[take - 1] == '\n' || dst[take - 1] == '\r')) take--;
    dst[take] = '\0';
}

static void copy_str(char *dst, size_t cap, const char *src) {
    if (cap == 0) return;
    snprintf(dst, cap, "%s", src ? src : "");
}

/* The GLPK routine named at the start of a fault message ("glp_xxx: ..."). */
static void function_from_text(const char *text, const char *fallback, char *dst, size_t cap) {
    const char *s = strstr(text, "glp_");
    if (s != NULL) {
        size_t n = 0;
        while (s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9')) n++;
        if (n > 4 && n < cap) {
            memcpy(dst, s, n);
            dst[n] = '\0';
            return;
        }
    }
    copy_str(dst, cap, fallback);
}

static int on_term(void *info, const char *s) {
    (void)info;
    ring_append(s);
    if (tl.print != NULL) tl.print(tl.print_ctx, s);
    return 1; /* never let GLPK write to stdout */
}

static void on_error(void *info) {
    (void)info;
    /* Only C frames lie between here and the setjmp in run_guarded: Swift
       callbacks always return before the shim calls GLPK again. */
    longjmp(tl.jump, 1);
}

typedef int (*guarded_body)(void *arg, char *function, size_t fncap);

/* Run body with GLPK's hooks installed; on a fault, free the environment
   (every glp_prob of this thread is gone with it) and report GLPK's text. */
static int run_guarded(guarded_body body, void *arg, berth_glpk_print_fn print, void *print_ctx,
                       char *function, size_t fncap, char *message, size_t msgcap) {
    if (tl.active) {
        copy_str(function, fncap, "berth_glpk");
        copy_str(message, msgcap, "a guarded GLPK call is already running on this thread");
        return BERTH_GLPK_E_BUSY;
    }
    tl.active = 1;
    tl.written = 0;
    tl.step = "glp_create_prob";
    tl.print = print;
    tl.print_ctx = print_ctx;
    int rc;
    if (setjmp(tl.jump) == 0) {
        glp_term_hook(on_term, NULL);
        glp_error_hook(on_error, NULL);
        rc = body(arg, function, fncap);
        if (rc == BERTH_GLPK_E_FAILED) ring_tail(message, msgcap);
        glp_error_hook(NULL, NULL);
        glp_term_hook(NULL, NULL);
        /* One glp_prob per call, so the environment holds nothing worth
           keeping; freeing it also means no per-thread leak at thread exit. */
        glp_free_env();
    } else {
        /* Measured: after the hook's longjmp, glp_free_env() must be called;
           the problem object is gone with it, so it is not deleted. */
        glp_free_env();
        char text[512];
        ring_tail(text, sizeof text);
        if (text[0] == '\0') copy_str(text, sizeof text, "GLPK reported a fatal error");
        function_from_text(text, tl.step, function, fncap);
        copy_str(message, msgcap, text);
        rc = BERTH_GLPK_E_FAULT;
    }
    tl.active = 0;
    tl.print = NULL;
    tl.print_ctx = NULL;
    return rc;
}

/* ------------------------------------------------------------------------
 * Loading
 * ---------------------------------------------------------------------- */

static int bound_type(int flags, double lb, double ub) {
    int lo = (flags & BERTH_GLPK_HAS_LOWER) != 0, up = (flags & BERTH_GLPK_HAS_UPPER) != 0;
    if (lo && up) return lb == ub ? GLP_FX : GLP_DB;
    if (lo) return GLP_LO;
    if (up) return GLP_UP;
    return GLP_FR;
}

struct scratch {
    int *ia, *ja;
    double *ar;
    double *x; /* 1-based point for glp_ios_heur_sol */
};

static void load_problem(glp_prob *P, const berth_glpk_problem *p, struct scratch *s, int names) {
    tl.step = "glp_set_prob_name";
    if (names && p->name) glp_set_prob_name(P, p->name);
    glp_set_obj_dir(P, p->maximize ? GLP_MAX : GLP_MIN);
    tl.step = "glp_add_cols";
    glp_add_cols(P, p->ncols);
    if (p->nrows > 0) {
        tl.step = "glp_add_rows";
        glp_add_rows(P, p->nrows);
    }
    glp_set_obj_coef(P, 0, p->obj_constant);
    for (int j = 0; j < p->ncols; j++) {
        int kind = p->col_kind[j];
        int flags = p->col_flags[j];
        double lb = p->col_lb[j], ub = p->col_ub[j];
        tl.step = "glp_set_col_kind";
        if (kind == BERTH_GLPK_INTEGER || kind == BERTH_GLPK_BINARY) glp_set_col_kind(P, j + 1, GLP_IV);
        if (kind == BERTH_GLPK_BINARY) {
            if (!(flags & BERTH_GLPK_HAS_LOWER)) lb = 0.0;
            if (!(flags & BERTH_GLPK_HAS_UPPER)) ub = 1.0;
            flags = BERTH_GLPK_HAS_LOWER | BERTH_GLPK_HAS_UPPER;
        }
        tl.step = "glp_set_col_bnds";
        glp_set_col_bnds(P, j + 1, bound_type(flags, lb, ub), lb, ub);
        tl.step = "glp_set_obj_coef";
        glp_set_obj_coef(P, j + 1, p->obj[j]);
        if (names && p->col_names && p->col_names[j]) {
            tl.step = "glp_set_col_name";
            glp_set_col_name(P, j + 1, p->col_names[j]);
        }
    }
    for (int i = 0; i < p->nrows; i++) {
        tl.step = "glp_set_row_bnds";
        glp_set_row_bnds(P, i + 1, bound_type(p->row_flags[i], p->row_lb[i], p->row_ub[i]),
                         p->row_lb[i], p->row_ub[i]);
        if (names && p->row_names && p->row_names[i]) {
            tl.step = "glp_set_row_name";
            glp_set_row_name(P, i + 1, p->row_names[i]);
        }
    }
    for (int k = 0; k < p->nnz; k++) {
        s->ia[k + 1] = p->a_row[k] + 1;
        s->ja[k + 1] = p->a_col[k] + 1;
        s->ar[k + 1] = p->a_val[k];
    }
    /* One call: GLPK checks indices and duplicates here (a fault, not abort). */
    tl.step = "glp_load_matrix";
    glp_load_matrix(P, p->nnz, s->ia, s->ja, s->ar);
}

static int problem_ok(const berth_glpk_problem *p) {
    if (p == NULL || p->ncols < 1 || p->nrows < 0 || p->nnz < 0) return 0;
    if (!p->col_kind || !p->col_flags || !p->col_lb || !p->col_ub || !p->obj) return 0;
    if (p->nrows > 0 && (!p->row_flags || !p->row_lb || !p->row_ub)) return 0;
    if (p->nnz > 0 && (!p->a_row || !p->a_col || !p->a_val)) return 0;
    return 1;
}

static int scratch_alloc(struct scratch *s, const berth_glpk_problem *p) {
    s->ia = malloc(sizeof(int) * ((size_t)p->nnz + 1));
    s->ja = malloc(sizeof(int) * ((size_t)p->nnz + 1));
    s->ar = malloc(sizeof(double) * ((size_t)p->nnz + 1));
    s->x = malloc(sizeof(double) * ((size_t)p->ncols + 1));
    return s->ia && s->ja && s->ar && s->x;
}

static void scratch_free(struct scratch *s) {
    free(s->ia);
    free(s->ja);
    free(s->ar);
    free(s->x);
}

/* ------------------------------------------------------------------------
 * Solving
 * ---------------------------------------------------------------------- */

struct solve_job {
    const berth_glpk_problem *p;
    const berth_glpk_params *params;
    berth_glpk_result *out;
    struct scratch s;
    double deadline;             /* monotonic seconds; INFINITY = none */
    int presolve;                /* the effective setting */
    int incumbent_pending;
    int msg_lev;
};

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Milliseconds left for the next GLPK routine (GLPK wants an int). */
static int ms_left(const struct solve_job *job) {
    if (isinf(job->deadline)) return INT_MAX;
    double ms = (job->deadline - now_seconds()) * 1000.0;
    if (ms < 1.0) return 0;
    if (ms > (double)(INT_MAX - 1)) return INT_MAX - 1;
    return (int)ms;
}

static const char *code_name(int rc) {
    switch (rc) {
    case GLP_EBADB: return "GLP_EBADB (invalid basis)";
    case GLP_ESING: return "GLP_ESING (singular matrix)";
    case GLP_ECOND: return "GLP_ECOND (ill-conditioned matrix)";
    case GLP_EBOUND: return "GLP_EBOUND (invalid bounds)";
    case GLP_EFAIL: return "GLP_EFAIL (solver failed)";
    case GLP_EOBJLL: return "GLP_EOBJLL (objective lower limit reached)";
    case GLP_EOBJUL: return "GLP_EOBJUL (objective upper limit reached)";
    case GLP_EITLIM: return "GLP_EITLIM (iteration limit exceeded)";
    case GLP_EROOT: return "GLP_EROOT (root LP optimum not provided)";
    default: return "an unknown code";
    }
}

/* The outcome classes of glp_simplex and glp_intopt return codes. */
typedef enum { RC_DONE, RC_TIME, RC_STOP, RC_GAP, RC_NO_PRIMAL, RC_NO_DUAL, RC_FAIL } rc_class;

/* ONE switch over the return codes of glp_simplex and glp_intopt. */
static rc_class classify(int rc) {
    switch (rc) {
    case 0: return RC_DONE;
    case GLP_ETMLIM: return RC_TIME;
    case GLP_ESTOP: return RC_STOP;
    case GLP_EMIPGAP: return RC_GAP;       /* optimal within mip_gap */
    case GLP_ENOPFS: return RC_NO_PRIMAL;  /* (presolver) no primal feasible solution */
    case GLP_ENODFS: return RC_NO_DUAL;    /* no dual feasible solution: unbounded or infeasible */
    default: return RC_FAIL;               /* EBADB, ESING, ECOND, EBOUND, EFAIL, EROOT, EITLIM, unknown */
    }
}

static int fail(struct solve_job *job, const char *function, int rc, char *fn, size_t fncap) {
    copy_str(fn, fncap, function);
    job->out->glpk_code = rc;
    char line[160];
    snprintf(line, sizeof line, "%s returned %d, %s\n", function, rc, code_name(rc));
    ring_append(line);
    return BERTH_GLPK_E_FAILED;
}

static void set_status(struct solve_job *job, berth_glpk_status st) { job->out->status = st; }

static void read_lp_solution(struct solve_job *job, glp_prob *P) {
    job->out->objective = glp_get_obj_val(P);
    for (int j = 0; j < job->p->ncols; j++) job->out->values[j] = glp_get_col_prim(P, j + 1);
}

static void read_mip_solution(struct solve_job *job, glp_prob *P) {
    job->out->objective = glp_mip_obj_val(P);
    for (int j = 0; j < job->p->ncols; j++) job->out->values[j] = glp_mip_col_val(P, j + 1);
}

static void init_smcp(const struct solve_job *job, glp_smcp *smcp, int presolve) {
    glp_init_smcp(smcp);
    smcp->msg_lev = job->msg_lev;
    smcp->presolve = presolve ? GLP_ON : GLP_OFF;
    smcp->tm_lim = ms_left(job);
}

/* Applies "tm_lim is honoured except by proximity search": ps_tm_lim <= tm_lim. */
static void init_iocp(const struct solve_job *job, glp_iocp *iocp, int presolve, int ms) {
    glp_init_iocp(iocp);
    iocp->msg_lev = job->msg_lev;
    iocp->presolve = presolve ? GLP_ON : GLP_OFF;
    iocp->tm_lim = ms;
    iocp->ps_tm_lim = ms; /* measured: proximity search ignores tm_lim and uses ps_tm_lim (60 s default) */
    double ps = job->params->proximity_limit;
    if (ps > 0 && ps == ps && ps < 1e9) {
        /* Proximity search polls neither tm_lim nor the callback: its own limit, within the call's, bounds it. */
        double ps_ms = ps * 1000.0;
        iocp->ps_heur = GLP_ON;
        iocp->ps_tm_lim = ps_ms < (double)ms ? (int)ps_ms : ms;
    }
    iocp->mip_gap = job->params->mip_gap > 0 ? job->params->mip_gap : 0.0;
    iocp->gmi_cuts = (job->params->cuts & 1) ? GLP_ON : GLP_OFF;
    iocp->mir_cuts = (job->params->cuts & 2) ? GLP_ON : GLP_OFF;
    iocp->cov_cuts = (job->params->cuts & 4) ? GLP_ON : GLP_OFF;
    iocp->clq_cuts = (job->params->cuts & 8) ? GLP_ON : GLP_OFF;
    if (job->params->br_tech >= GLP_BR_FFV && job->params->br_tech <= GLP_BR_PCH) iocp->br_tech = job->params->br_tech;
}

/* GLP_ENODFS (or an unbounded relaxation) means "unbounded or infeasible".
   Resolve it honestly: drop the objective and look for any feasible point. */
static int resolve_no_dual(struct solve_job *job, glp_prob *P, int is_mip, char *fn, size_t fncap) {
    tl.step = "glp_set_obj_coef";
    for (int j = 0; j <= job->p->ncols; j++) glp_set_obj_coef(P, j, 0.0);
    glp_smcp smcp;
    init_smcp(job, &smcp, 0);
    if (smcp.tm_lim == 0) { set_status(job, BERTH_GLPK_NO_SOLUTION_TIME_LIMIT); return BERTH_GLPK_OK; }
    tl.step = "glp_simplex";
    int rc = glp_simplex(P, &smcp);
    switch (classify(rc)) {
    case RC_DONE: break;
    case RC_TIME: set_status(job, BERTH_GLPK_NO_SOLUTION_TIME_LIMIT); return BERTH_GLPK_OK;
    case RC_NO_PRIMAL: set_status(job, BERTH_GLPK_INFEASIBLE); return BERTH_GLPK_OK;
    default: return fail(job, "glp_simplex", rc, fn, fncap);
    }
    int st = glp_get_status(P);
    if (st == GLP_NOFEAS) { set_status(job, BERTH_GLPK_INFEASIBLE); return BERTH_GLPK_OK; }
    if (st != GLP_OPT) return fail(job, "glp_get_status", st, fn, fncap);
    if (!is_mip) { set_status(job, BERTH_GLPK_UNBOUNDED); return BERTH_GLPK_OK; }
    /* With rational data, a feasible MIP whose relaxation is unbounded is
       unbounded; so only integer feasibility remains to be decided. */
    int ms = ms_left(job);
    if (ms == 0) { set_status(job, BERTH_GLPK_NO_SOLUTION_TIME_LIMIT); return BERTH_GLPK_OK; }
    glp_iocp iocp;
    init_iocp(job, &iocp, 0, ms);
    iocp.mip_gap = 0.0;
    tl.step = "glp_intopt";
    rc = glp_intopt(P, &iocp);
    int mst = glp_mip_status(P);
    switch (classify(rc)) {
    case RC_DONE:
        if (mst == GLP_OPT || mst == GLP_FEAS) set_status(job, BERTH_GLPK_UNBOUNDED);
        else if (mst == GLP_NOFEAS) set_status(job, BERTH_GLPK_INFEASIBLE);
        else return fail(job, "glp_mip_status", mst, fn, fncap);
        return BERTH_GLPK_OK;
    case RC_TIME:
    case RC_GAP:
        set_status(job, (mst == GLP_FEAS || mst == GLP_OPT) ? BERTH_GLPK_UNBOUNDED
                                                            : BERTH_GLPK_NO_SOLUTION_TIME_LIMIT);
        return BERTH_GLPK_OK;
    case RC_NO_PRIMAL: set_status(job, BERTH_GLPK_INFEASIBLE); return BERTH_GLPK_OK;
    default: return fail(job, "glp_intopt", rc, fn, fncap);
    }
}

static void record_bound(struct solve_job *job, double b) {
    berth_glpk_result *out = job->out;
    if (!out->has_best_bound) {
        out->has_best_bound = 1;
        out->best_bound = b;
    } else if (job->p->maximize ? b < out->best_bound : b > out->best_bound) {
        /* Every recorded value is a valid bound, so keep the tightest. */
        out->best_bound = b;
    }
}

static berth_glpk_reason map_reason(int r) {
    switch (r) {
    case GLP_ISELECT: return BERTH_GLPK_REASON_SELECT;
    case GLP_IPREPRO: return BERTH_GLPK_REASON_PREPROCESS;
    case GLP_IROWGEN: return BERTH_GLPK_REASON_ROWGEN;
    case GLP_IHEUR: return BERTH_GLPK_REASON_HEURISTIC;
    case GLP_ICUTGEN: return BERTH_GLPK_REASON_CUTGEN;
    case GLP_IBRANCH: return BERTH_GLPK_REASON_BRANCH;
    case GLP_IBINGO: return BERTH_GLPK_REASON_BINGO;
    default: return BERTH_GLPK_REASON_OTHER;
    }
}

static int offer_point(struct solve_job *job, glp_tree *T, const double *x0) {
    for (int j = 0; j < job->p->ncols; j++) job->s.x[j + 1] = x0[j];
    job->s.x[0] = 0.0;
    tl.step = "glp_ios_heur_sol";
    /* Measured: glp_ios_heur_sol checks integrality only, never rows or
       bounds; the caller vetted the point before it got here. */
    return glp_ios_heur_sol(T, job->s.x) == 0;
}

static void on_branch(glp_tree *T, void *info) {
    struct solve_job *job = info;
    berth_glpk_result *out = job->out;
    int reason = glp_ios_reason(T);

    if (reason == GLP_IHEUR && job->incumbent_pending) {
        job->incumbent_pending = 0;
        out->incumbent_outcome = offer_point(job, T, job->params->incumbent)
                                     ? BERTH_GLPK_INCUMBENT_ACCEPTED
                                     : BERTH_GLPK_INCUMBENT_REJECTED;
    }

    /* Measured: there is no API for the final bound after glp_intopt
       returns, so it is recorded here at every callback. */
    tl.step = "glp_ios_get_prob";
    glp_prob *M = glp_ios_get_prob(T);
    int mst = glp_mip_status(M);
    int has_inc = (mst == GLP_FEAS || mst == GLP_OPT);
    double inc = has_inc ? glp_mip_obj_val(M) : 0.0;
    int has_b = 0;
    double b = 0.0;
    tl.step = "glp_ios_best_node";
    int best = glp_ios_best_node(T);
    if (best != 0) {
        b = glp_ios_node_bound(T, best);
        has_b = fabs(b) < DBL_MAX;
    } else if (has_inc) {
        b = inc; /* no active node left: the incumbent is optimal */
        has_b = 1;
    }
    /* The global dual bound is the better of the active nodes and the incumbent. */
    if (has_b && has_inc) b = job->p->maximize ? fmax(b, inc) : fmin(b, inc);
    if (has_b) record_bound(job, b);
    int a_cnt = 0, n_cnt = 0, t_cnt = 0;
    glp_ios_tree_size(T, &a_cnt, &n_cnt, &t_cnt);
    out->nodes = t_cnt;
    if (job->params->bnc == NULL) return;

    berth_glpk_bnc_event ev;
    memset(&ev, 0, sizeof ev);
    ev.reason = map_reason(reason);
    ev.has_bound = out->has_best_bound;
    ev.best_bound = out->best_bound;
    ev.has_incumbent = has_inc;
    ev.incumbent = inc;
    double gap = has_inc ? glp_ios_mip_gap(T) : DBL_MAX; /* DBL_MAX without an incumbent */
    ev.has_gap = gap < DBL_MAX;
    ev.mip_gap = ev.has_gap ? gap : 0.0;
    ev.active_nodes = a_cnt;
    ev.total_nodes = t_cnt;
    berth_glpk_bnc_reply reply = {0, NULL};
    job->params->bnc(job->params->bnc_ctx, &ev, &reply);
    /* The callback has returned: GLPK faults from here on cross C frames only. */
    if (reply.heuristic != NULL && reason == GLP_IHEUR && !job->presolve) {
        if (offer_point(job, T, reply.heuristic)) out->heuristic_accepted++;
        else out->heuristic_rejected++;
    }
    if (reply.terminate) {
        tl.step = "glp_ios_terminate";
        glp_ios_terminate(T);
    }
}

static int solve_lp(struct solve_job *job, glp_prob *P, char *fn, size_t fncap) {
    glp_smcp smcp;
    init_smcp(job, &smcp, job->presolve);
    if (smcp.tm_lim == 0) { set_status(job, BERTH_GLPK_NO_SOLUTION_TIME_LIMIT); return BERTH_GLPK_OK; }
    tl.step = "glp_simplex";
    int rc = glp_simplex(P, &smcp);
    int st = glp_get_status(P);
    switch (classify(rc)) {
    case RC_DONE:
        if (st == GLP_OPT) {
            set_status(job, BERTH_GLPK_OPTIMAL);
            read_lp_solution(job, P);
            job->out->has_root_bound = 1;
            job->out->root_bound = job->out->objective;
            job->out->has_best_bound = 1;
            job->out->best_bound = job->out->objective;
            return BERTH_GLPK_OK;
        }
        if (st == GLP_NOFEAS) { set_status(job, BERTH_GLPK_INFEASIBLE); return BERTH_GLPK_OK; }
        if (st == GLP_UNBND) { set_status(job, BERTH_GLPK_UNBOUNDED); return BERTH_GLPK_OK; }
        return fail(job, "glp_get_status", st, fn, fncap);
    case RC_TIME:
        if (st == GLP_FEAS) {
            set_status(job, BERTH_GLPK_FEASIBLE_TIME_LIMIT);
            read_lp_solution(job, P);
        } else {
            set_status(job, BERTH_GLPK_NO_SOLUTION_TIME_LIMIT);
        }
        return BERTH_GLPK_OK;
    case RC_NO_PRIMAL: set_status(job, BERTH_GLPK_INFEASIBLE); return BERTH_GLPK_OK;
    case RC_NO_DUAL: return resolve_no_dual(job, P, 0, fn, fncap);
    default: return fail(job, "glp_simplex", rc, fn, fncap);
    }
}

static int solve_mip(struct solve_job *job, glp_prob *P, char *fn, size_t fncap) {
    berth_glpk_result *out = job->out;
    if (!job->presolve) {
        /* Without the MIP presolver glp_intopt needs the root LP solved first. */
        glp_smcp smcp;
        init_smcp(job, &smcp, 0);
        if (smcp.tm_lim == 0) { set_status(job, BERTH_GLPK_NO_SOLUTION_TIME_LIMIT); return BERTH_GLPK_OK; }
        tl.step = "glp_simplex";
        int rc = glp_simplex(P, &smcp);
        int st = glp_get_status(P);
        switch (classify(rc)) {
        case RC_DONE:
            if (st == GLP_OPT) {
                out->has_root_bound = 1;
                out->root_bound = glp_get_obj_val(P);
                break;
            }
            if (st == GLP_NOFEAS) { set_status(job, BERTH_GLPK_INFEASIBLE); return BERTH_GLPK_OK; }
            if (st == GLP_UNBND) return resolve_no_dual(job, P, 1, fn, fncap);
            return fail(job, "glp_get_status", st, fn, fncap);
        case RC_TIME: set_status(job, BERTH_GLPK_NO_SOLUTION_TIME_LIMIT); return BERTH_GLPK_OK;
        case RC_NO_PRIMAL: set_status(job, BERTH_GLPK_INFEASIBLE); return BERTH_GLPK_OK;
        case RC_NO_DUAL: return resolve_no_dual(job, P, 1, fn, fncap);
        default: return fail(job, "glp_simplex", rc, fn, fncap);
        }
    }
    /* glp_intopt's tm_lim counts from its own start: pass only what is left. */
    int ms = ms_left(job);
    if (ms == 0) { set_status(job, BERTH_GLPK_NO_SOLUTION_TIME_LIMIT); return BERTH_GLPK_OK; }
    glp_iocp iocp;
    init_iocp(job, &iocp, job->presolve, ms);
    iocp.cb_func = on_branch;
    iocp.cb_info = job;
    tl.step = "glp_intopt";
    int rc = glp_intopt(P, &iocp);
    tl.step = "glp_mip_status";
    int mst = glp_mip_status(P);
    int has = (mst == GLP_OPT || mst == GLP_FEAS);
    switch (classify(rc)) {
    case RC_DONE:
        if (mst == GLP_OPT) {
            set_status(job, BERTH_GLPK_OPTIMAL);
            read_mip_solution(job, P);
            out->has_best_bound = 1;
            out->best_bound = out->objective;
            return BERTH_GLPK_OK;
        }
        if (mst == GLP_NOFEAS) { set_status(job, BERTH_GLPK_INFEASIBLE); return BERTH_GLPK_OK; }
        return fail(job, "glp_mip_status", mst, fn, fncap);
    case RC_TIME:
    case RC_STOP:
    case RC_GAP: {
        int time = classify(rc) == RC_TIME, gap = classify(rc) == RC_GAP;
        if (has) {
            set_status(job, gap ? BERTH_GLPK_FEASIBLE_GAP
                                : time ? BERTH_GLPK_FEASIBLE_TIME_LIMIT : BERTH_GLPK_FEASIBLE_INTERRUPTED);
            read_mip_solution(job, P);
        } else if (gap) {
            return fail(job, "glp_intopt", rc, fn, fncap); /* a gap needs an incumbent */
        } else {
            set_status(job, time ? BERTH_GLPK_NO_SOLUTION_TIME_LIMIT : BERTH_GLPK_NO_SOLUTION_INTERRUPTED);
        }
        return BERTH_GLPK_OK;
    }
    case RC_NO_PRIMAL: set_status(job, BERTH_GLPK_INFEASIBLE); return BERTH_GLPK_OK;
    case RC_NO_DUAL: return resolve_no_dual(job, P, 1, fn, fncap);
    default: return fail(job, "glp_intopt", rc, fn, fncap);
    }
}

static int solve_body(void *arg, char *fn, size_t fncap) {
    struct solve_job *job = arg;
    glp_prob *P = glp_create_prob();
    load_problem(P, job->p, &job->s, 0);
    tl.step = "glp_scale_prob";
    glp_scale_prob(P, GLP_SF_AUTO);
    int is_mip = 0;
    for (int j = 0; j < job->p->ncols; j++)
        if (job->p->col_kind[j] != BERTH_GLPK_CONTINUOUS) { is_mip = 1; break; }
    int rc = is_mip ? solve_mip(job, P, fn, fncap) : solve_lp(job, P, fn, fncap);
    tl.step = "glp_delete_prob";
    glp_delete_prob(P);
    return rc;
}

int berth_glpk_solve(const berth_glpk_problem *p, const berth_glpk_params *params,
                     berth_glpk_result *out) {
    if (out == NULL) return BERTH_GLPK_E_INVALID;
    double *values = out->values;
    memset(out, 0, sizeof *out);
    out->values = values;
    out->status = BERTH_GLPK_STATUS_ERROR;
    if (!problem_ok(p) || params == NULL || values == NULL) {
        copy_str(out->function, sizeof out->function, "berth_glpk_solve");
        copy_str(out->message, sizeof out->message,
                 "invalid arguments: need ncols >= 1, non-negative counts and non-NULL arrays");
        return BERTH_GLPK_E_INVALID;
    }
    struct solve_job job;
    memset(&job, 0, sizeof job);
    job.p = p;
    job.params = params;
    job.out = out;
    double t = params->time_limit;
    job.deadline = (t > 0 && isfinite(t)) ? now_seconds() + t : INFINITY;
    /* Measured: with presolve on, the callback sees the presolved problem
       (other columns, no mapping), so injecting a point needs presolve off. */
    job.presolve = params->presolve && params->incumbent == NULL;
    job.incumbent_pending = params->incumbent != NULL;
    out->incumbent_outcome = params->incumbent ? BERTH_GLPK_INCUMBENT_NOT_REACHED : BERTH_GLPK_INCUMBENT_NONE;
    switch (params->msg_level) {
    case 0: job.msg_lev = GLP_MSG_OFF; break;
    case 2: job.msg_lev = GLP_MSG_ON; break;
    case 3: job.msg_lev = GLP_MSG_ALL; break;
    default: job.msg_lev = GLP_MSG_ERR; break;
    }
    if (!scratch_alloc(&job.s, p)) {
        scratch_free(&job.s);
        copy_str(out->function, sizeof out->function, "malloc");
        copy_str(out->message, sizeof out->message, "out of memory");
        return BERTH_GLPK_E_NOMEM;
    }
    int rc = run_guarded(solve_body, &job, params->print, params->print_ctx, out->function,
                         sizeof out->function, out->message, sizeof out->message);
    scratch_free(&job.s);
    if (rc != BERTH_GLPK_OK) out->status = BERTH_GLPK_STATUS_ERROR;
    return rc;
}

/* ------------------------------------------------------------------------
 * LP files and the fault probe
 * ---------------------------------------------------------------------- */

struct write_job {
    const berth_glpk_problem *p;
    const char *path;
    struct scratch s;
};

static int write_body(void *arg, char *fn, size_t fncap) {
    struct write_job *job = arg;
    glp_prob *P = glp_create_prob();
    load_problem(P, job->p, &job->s, 1);
    tl.step = "glp_write_lp";
    int rc = glp_write_lp(P, NULL, job->path);
    glp_delete_prob(P);
    if (rc != 0) {
        copy_str(fn, fncap, "glp_write_lp");
        return BERTH_GLPK_E_FAILED;
    }
    return BERTH_GLPK_OK;
}

/* err gets "function: message" so one string carries both. */
static void format_err(char *err, size_t errlen, const char *fn, const char *msg) {
    if (err == NULL || errlen == 0) return;
    if (strncmp(msg, fn, strlen(fn)) == 0) copy_str(err, errlen, msg);
    else snprintf(err, errlen, "%s: %s", fn, msg);
}

int berth_glpk_write_lp(const berth_glpk_problem *p, const char *path, char *err, size_t errlen) {
    if (err && errlen) err[0] = '\0';
    if (!problem_ok(p) || path == NULL) {
        format_err(err, errlen, "berth_glpk_write_lp", "invalid arguments");
        return BERTH_GLPK_E_INVALID;
    }
    struct write_job job = {p, path, {0}};
    if (!scratch_alloc(&job.s, p)) {
        scratch_free(&job.s);
        format_err(err, errlen, "malloc", "out of memory");
        return BERTH_GLPK_E_NOMEM;
    }
    char fn[64] = "", msg[512] = "";
    int rc = run_guarded(write_body, &job, NULL, NULL, fn, sizeof fn, msg, sizeof msg);
    scratch_free(&job.s);
    if (rc != BERTH_GLPK_OK) format_err(err, errlen, fn, msg);
    return rc;
}

static int probe_body(void *arg, char *fn, size_t fncap) {
    (void)arg;
    (void)fn;
    (void)fncap;
    glp_prob *P = glp_create_prob();
    glp_add_cols(P, 1);
    tl.step = "glp_set_obj_coef";
    glp_set_obj_coef(P, 5, 1.0); /* column 5 does not exist: GLPK's fatal error */
    glp_delete_prob(P);
    return BERTH_GLPK_OK;
}

int berth_glpk_fault_probe(char *err, size_t errlen) {
    if (err && errlen) err[0] = '\0';
    char fn[64] = "", msg[512] = "";
    int rc = run_guarded(probe_body, NULL, NULL, NULL, fn, sizeof fn, msg, sizeof msg);
    if (rc != BERTH_GLPK_OK) format_err(err, errlen, fn, msg);
    return rc;
}
