/*
 * secdilemma.solvers._bimatrix_native: support enumeration of small bimatrix games,
 * compiled ahead of time (at install) so that no compilation reaches import or the
 * first solve.
 *
 * For every support size s and every pair of supports (I, J) with |I| = |J| = s the
 * indifference systems
 *
 *     [[A[I, J], -1], [1 ... 1, 0]] (y_J, v) = (0, ..., 0, 1)
 *     [[B[I, J]^T, -1], [1 ... 1, 0]] (x_I, w) = (0, ..., 0, 1)
 *
 * are solved (reduced to (s-1) x (s-1) by differencing rows, then Cramer's rule or
 * Gaussian elimination with partial pivoting; see solve_support); a candidate with
 * non-negative probabilities and no profitable deviation is an equilibrium. In a
 * nondegenerate game every equilibrium is found this way and their number is odd
 * (von Stengel 2007, Algorithmic Game Theory ch. 3; Wilson 1971). The decision rules
 * are those of the numpy implementation in _bimatrix_kernel.py, so that the two paths
 * take the same decisions up to rounding:
 *
 *   - each player's payoffs are normalised to [0, 1] (min subtracted, divided by the
 *     range), so every tolerance is relative and the result scale- and shift-invariant;
 *   - a singular support system makes the game unsure, and so does one whose
 *     condition bound 2 / |det M| (||M||_F / sqrt(k))^k exceeds COND_MAX (Guggenheimer,
 *     Edelman and Johnson 1995) unless the solution of one of the pair's two systems
 *     is infeasible beyond its forward error bound (surely_infeasible);
 *   - a candidate that is an equilibrium within `margin` (probabilities >= -margin,
 *     regrets <= margin) but has a support probability within `margin` of 0, an unused
 *     action within `margin` of a best reply, or is not an equilibrium within `tol`,
 *     makes the game unsure; margin = MARGIN + the rounding gap of the stored payoffs
 *     (1024 eps max|u| / range(u): a shift of 1e9 on a range of 1 hides ties of 2e-4);
 *   - an even number of equilibria, or more than the output holds, makes it unsure.
 *
 * Unsure games are left to the caller's exact per-game fallback.
 *
 * Speed (a 4 x 4 game: 53 support pairs, two systems each, about 2 us): the pair loop
 * is instantiated per support size, and per shape for square games up to 4 x 4, so
 * that its loops have constant bounds; each pair's reply values are computed once,
 * without branches on feasibility; a system's norm is computed only when its
 * determinant alone does not prove it well conditioned (cond_fast).
 *
 * No numpy C API: arrays come in and go out through the buffer protocol.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>
#include <float.h>

#if defined(_MSC_VER)
#define ALWAYS_INLINE static __forceinline
#elif defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE static inline
#endif

#define MAXD 6                 /* largest number of actions of either player */
#define MAXS (MAXD + 1)        /* largest support system */
#define MAXCOMB 20             /* C(6, 3) */
#define MAXK 128               /* equilibria stored per game at most */

static const double MARGIN = 1e-7;    /* relative near-tie margin (as _MARGIN) */
static const double COND_MAX = 1e6;   /* as solvers._polytope.COND_MAX */
static const double CLEAN = 1e-12;    /* probabilities below this are zeroed */

static PyObject *InvalidGame = NULL;  /* secdilemma.errors.InvalidGameError */

static unsigned char comb_idx[MAXD + 1][MAXD + 1][MAXCOMB][MAXD];
static int comb_cnt[MAXD + 1][MAXD + 1];

static void
init_combinations(void)
{
    for (int n = 1; n <= MAXD; n++) {
        for (int s = 1; s <= n; s++) {
            int c[MAXD];
            int cnt = 0;
            for (int t = 0; t < s; t++) c[t] = t;
            for (;;) {
                for (int t = 0; t < s; t++) comb_idx[n][s][cnt][t] = (unsigned char)c[t];
                cnt++;
                int t = s - 1;
                while (t >= 0 && c[t] == n - s + t) t--;
                if (t < 0) break;
                c[t]++;
                for (int u = t + 1; u < s; u++) c[u] = c[u - 1] + 1;
            }
            comb_cnt[n][s] = cnt;
        }
    }
}

typedef struct {
    double x[MAXD], y[MAXD];
    double key[2 * MAXD];    /* probabilities rounded to 1e-9 (sort key) */
    double u0, u1, regret;
    int support;
} Eq;

/* Whether a k x k matrix with squared Frobenius norm `sumsq` and determinant `det` is
 * safely conditioned: 2 / |det| (sqrt(sumsq / k))^k <= COND_MAX (the bound of
 * solvers._polytope.condition_bound), tested squared, without sqrt, pow or division. */
static inline int
conditioned(double sumsq, double det, int k)
{
    double q = sumsq / k, p = q;
    for (int t = 1; t < k; t++) p *= q;
    return 4.0 * p <= (COND_MAX * COND_MAX) * (det * det);
}

/* cond_fast[s]: 4 (q_max)^(s+1) with q_max = (s^2 + 2 s) / (s + 1), the left side of
 * conditioned() for the largest squared Frobenius norm s^2 + 2 s that a bordered
 * support system of normalised payoffs (entries in [0, 1]) can have. Rounded
 * arithmetic is monotone and the rounded norm of such a system is at most s^2 + 2 s (an
 * integer), so cond_fast[s] <= COND_MAX^2 det^2 implies conditioned(): the norm is
 * needed only for a system whose determinant fails this test. */
static double cond_fast[MAXS];

static void
init_cond_fast(void)
{
    for (int s = 2; s <= MAXD; s++) {
        const int k = s + 1;
        double q = (double)(s * s + 2 * s) / k, p = q;
        for (int t = 1; t < k; t++) p *= q;
        cond_fast[s] = 4.0 * p;
    }
}

/* Solve the bordered support system [[M, -1], [1 ... 1, 0]] (y, v) = (0, ..., 0, 1)
 * for y, where M is s x s (row-major, s >= 2). Returns 1 when the bordered matrix is
 * not safely conditioned.
 *
 * Reduction (exact algebra): subtracting indifference row r + 1 from row r removes v,
 * and substituting y[s-1] = 1 - sum of the others leaves the (s-1) x (s-1) system
 *     D[r][c] = E[r][c] - E[r][s-1],  rhs[r] = -E[r][s-1],  E[r][c] = M[r][c] - M[r+1][c],
 * obtained from the bordered matrix by unimodular row and column operations, so that
 * det D = det [[M, -1], [1, 0]] (expand along the v column). D is solved by Cramer's
 * rule up to 2 x 2 and by Gaussian elimination with partial pivoting above.
 *
 * Returns 0 when the bordered matrix is safely conditioned, 1 when it is not (the
 * solution is still computed and *bound is its condition bound), 2 when it is
 * singular (no solution). */
ALWAYS_INLINE int
solve_support(const double *M, const int s, double *y, double *bound)
{
    const int r1 = s - 1;
    double D[MAXD * MAXD], rhs[MAXD];
    for (int r = 0; r < r1; r++) {
        double last = M[r * s + r1] - M[(r + 1) * s + r1];
        rhs[r] = -last;
        for (int c = 0; c < r1; c++) D[r * r1 + c] = M[r * s + c] - M[(r + 1) * s + c] - last;
    }
    double det;
    if (r1 == 1) {
        det = D[0];
        if (!(det != 0.0) || !isfinite(det)) return 2;
        y[0] = rhs[0] / det;
    } else if (r1 == 2) {
        det = D[0] * D[3] - D[1] * D[2];
        if (!(det != 0.0) || !isfinite(det)) return 2;
        y[0] = (rhs[0] * D[3] - D[1] * rhs[1]) / det;
        y[1] = (D[0] * rhs[1] - rhs[0] * D[2]) / det;
    } else {
        det = 1.0;
        for (int c = 0; c < r1; c++) {
            int p = c;
            double best = fabs(D[c * r1 + c]);
            for (int r = c + 1; r < r1; r++) {
                double v = fabs(D[r * r1 + c]);
                if (v > best) { best = v; p = r; }
            }
            if (!(best > 0.0)) return 2;
            if (p != c) {
                for (int j = c; j < r1; j++) {
                    double tmp = D[c * r1 + j]; D[c * r1 + j] = D[p * r1 + j]; D[p * r1 + j] = tmp;
                }
                double tmp = rhs[c]; rhs[c] = rhs[p]; rhs[p] = tmp;
            }
            double piv = D[c * r1 + c];
            det *= piv;
            for (int r = c + 1; r < r1; r++) {
                double f = D[r * r1 + c] / piv;
                for (int j = c + 1; j < r1; j++) D[r * r1 + j] -= f * D[c * r1 + j];
                rhs[r] -= f * rhs[c];
            }
        }
        if (!(det != 0.0) || !isfinite(det)) return 2;
        for (int r = r1 - 1; r >= 0; r--) {
            double acc = rhs[r];
            for (int j = r + 1; j < r1; j++) acc -= D[r * r1 + j] * y[j];
            y[r] = acc / D[r * r1 + r];
        }
    }
    double rest = 1.0;
    for (int c = 0; c < r1; c++) rest -= y[c];
    y[r1] = rest;
    if (cond_fast[s] <= (COND_MAX * COND_MAX) * (det * det)) return 0;
    double sumsq = 2.0 * s;
    for (int t = 0; t < s * s; t++) sumsq += M[t] * M[t];
    if (conditioned(sumsq, det, s + 1)) return 0;
    double q = sumsq / (s + 1), p = q;
    for (int t = 0; t < s; t++) p *= q;
    *bound = sqrt(4.0 * p / (det * det));
    return isfinite(*bound) ? 1 : 2;
}

/* Whether the solution y (length s) of a support system with condition bound `bound`
 * (COND_MAX for a safely conditioned one) is infeasible beyond doubt: its smallest
 * probability is below -margin by more than the forward error bound
 *     |dy| <= 2 rel ||(y, v)||_2,  rel = bound * (2 k^2 2^(k-1) eps + s gaprel) < 1/2
 * (k = s + 1; normwise backward error of Gaussian elimination with partial pivoting at
 * worst-case growth, plus data stored to a relative accuracy gaprel of each player's
 * range), with ||(y, v)||_2 <= (s + 1) max(1, max|y|) since v is a convex combination
 * of normalised payoffs weighted by y. */
static int
surely_infeasible(const double *y, int s, double bound, double margin, double gaprel)
{
    double low = y[0], big = 1.0;
    for (int t = 0; t < s; t++) {
        if (y[t] < low) low = y[t];
        if (fabs(y[t]) > big) big = fabs(y[t]);
    }
    const int k = s + 1;
    double rel = bound * (2.0 * k * k * (double)(1 << (k - 1)) * DBL_EPSILON + s * gaprel);
    if (!(rel < 0.5)) return 0;
    return low < -(margin + 2.0 * rel * k * big);
}

/* Record an equilibrium: cleaned strategies, payoffs (original scale), regret. */
static void
store(Eq *e, const double *xf, const double *yf, int m, int n, const double *A,
      const double *B, const double *An, const double *Bn, double spanA, double spanB)
{
    double sx = 0.0, sy = 0.0;
    int support = 0;
    for (int i = 0; i < m; i++) {
        double v = xf[i];
        if (fabs(v) < CLEAN || v < 0.0) v = 0.0;
        e->x[i] = v;
        sx += v;
    }
    for (int j = 0; j < n; j++) {
        double v = yf[j];
        if (fabs(v) < CLEAN || v < 0.0) v = 0.0;
        e->y[j] = v;
        sy += v;
    }
    for (int i = 0; i < m; i++) {
        e->x[i] /= sx;
        support += e->x[i] > 0.0;
        e->key[i] = nearbyint(e->x[i] * 1e9);
    }
    for (int j = 0; j < n; j++) {
        e->y[j] /= sy;
        support += e->y[j] > 0.0;
        e->key[m + j] = nearbyint(e->y[j] * 1e9);
    }
    e->support = support;
    /* expected payoffs x.A.y and x.B.y, and each player's regret on normalised data */
    double u0 = 0.0, u1 = 0.0, best0 = -DBL_MAX, best1 = -DBL_MAX, got0 = 0.0, got1 = 0.0;
    for (int i = 0; i < m; i++) {
        double a = 0.0, an = 0.0;
        for (int j = 0; j < n; j++) {
            a += A[i * n + j] * e->y[j];
            an += An[i * n + j] * e->y[j];
        }
        u0 += e->x[i] * a;
        got0 += e->x[i] * an;
        if (an > best0) best0 = an;
    }
    for (int j = 0; j < n; j++) {
        double b = 0.0, bn = 0.0;
        for (int i = 0; i < m; i++) {
            b += B[i * n + j] * e->x[i];
            bn += Bn[i * n + j] * e->x[i];
        }
        u1 += e->y[j] * b;
        got1 += e->y[j] * bn;
        if (bn > best1) best1 = bn;
    }
    double r0 = best0 - got0, r1 = best1 - got1;
    r0 = r0 > 0.0 ? r0 * spanA : 0.0;
    r1 = r1 > 0.0 ? r1 * spanB : 0.0;
    e->u0 = u0;
    e->u1 = u1;
    e->regret = r0 > r1 ? r0 : r1;
}

/* Order of solve_nash: pure first, then total support size, then decreasing
 * probabilities (rounded to 1e-9); 1 when a goes strictly before b. */
static int
before(const Eq *a, const Eq *b, int len)
{
    int pa = a->support == 2, pb = b->support == 2;
    if (pa != pb) return pa;
    if (a->support != b->support) return a->support < b->support;
    for (int t = 0; t < len; t++)
        if (a->key[t] != b->key[t]) return a->key[t] > b->key[t];
    return 0;
}

/* Normalise one player's payoffs to [0, 1]; returns 1 (unsure) when constant or not
 * finite. Adds the player's rounding gap max|u| / range to *gap. */
static int
normalise(const double *U, int size, double *Un, double *span, double *gap)
{
    double lo = U[0], hi = U[0], big = 0.0;
    for (int t = 0; t < size; t++) {
        double v = U[t];
        if (!isfinite(v)) return 1;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (fabs(v) > big) big = fabs(v);
    }
    double r = hi - lo;
    if (!(r > 0.0) || !isfinite(r)) return 1;
    for (int t = 0; t < size; t++) Un[t] = (U[t] - lo) / r;
    *span = r;
    if (big / r > *gap) *gap = big / r;
    return 0;
}

/* The values to the opponent of each of its nl replies l against the mixed strategy z
 * on support K (size s): vals[l] = sum_u U[K[u] * stride + l] z[u], the reply index
 * contiguous in U (Bn for the column player's replies to x, AnT for the row player's
 * replies to y). */
ALWAYS_INLINE void
reply_values(const double *U, int stride, const unsigned char *K, const double *z,
             const int s, int nl, double *vals)
{
    const double *row = U + K[0] * stride;
    for (int l = 0; l < nl; l++) vals[l] = row[l] * z[0];
    for (int u = 1; u < s; u++) {
        row = U + K[u] * stride;
        const double zu = z[u];
        for (int l = 0; l < nl; l++) vals[l] += row[l] * zu;
    }
}

/* Whether the mixed strategy z (support of size s, smallest probability low) is a
 * vertex of the opponent-facing best-response polytope that is degenerate or nearly
 * so: z is feasible within margin, the replies L (size s) it was solved for are all
 * best replies within margin (vals: the values of the nl replies, from reply_values),
 * and a probability is within margin of 0 or a reply outside L is within margin of the
 * best reply. *best receives the best value. Without data-dependent branches: a
 * solution is feasible about half the time, a branch on it mispredicted as often. */
ALWAYS_INLINE int
degenerate_vertex(const double *vals, int nl, const unsigned char *L, const double *z,
                  const int s, double low, double margin, double *best)
{
    double top = vals[0], worst_in = vals[L[0]];
    for (int l = 1; l < nl; l++) top = vals[l] > top ? vals[l] : top;
    unsigned int in_l = 1u << L[0];
    for (int t = 1; t < s; t++) {
        worst_in = vals[L[t]] < worst_in ? vals[L[t]] : worst_in;
        in_l |= 1u << L[t];
    }
    int zero = 0, tie = 0;
    for (int t = 0; t < s; t++) zero |= fabs(z[t]) <= margin;
    for (int l = 0; l < nl; l++) tie |= !(in_l >> l & 1u) & (top - vals[l] <= margin);
    *best = top;
    /* a reply, in L or not, better than one of L by more than margin: no vertex */
    return (low >= -margin) & (top - worst_in <= margin) & (zero | tie);
}

/* One game, normalised, as the support-pair stage reads it. */
typedef struct {
    const double *A, *B;               /* the payoffs as given */
    double An[MAXD * MAXD];            /* row player's, normalised, m x n */
    double AnT[MAXD * MAXD];           /* the same transposed, n x m */
    double Bn[MAXD * MAXD];            /* column player's, normalised, m x n */
    double spanA, spanB, margin, gaprel, tol;
    int m, n;
} Game;

/* Every pair of supports of size s (s, and m and n where the caller can, compile-time
 * constants once inlined) for the game g: appends the equilibria to eqs[*cnt..kmax);
 * returns 1 when the game is unsure.
 *
 * For each pair the two support systems are solved once; the values of all the
 * opponent's replies to each solution are computed once (for every pair: a
 * feasibility branch would be mispredicted half the time) and serve both the
 * polytope-vertex test of each solution (the nondegeneracy certificate) and the
 * equilibrium test of the pair, which only a pair that is an equilibrium within tol or
 * within margin reaches. The decisions are those of the plain per-pair tests, in the
 * same order. */
ALWAYS_INLINE int
support_pairs(const Game *g, const int s, const int m, const int n, Eq *eqs, int kmax,
              int *cnt)
{
    const double *An = g->An, *AnT = g->AnT, *Bn = g->Bn;
    const double margin = g->margin, tol = g->tol;
    const double lim = margin > tol ? margin : tol;
    const int nI = comb_cnt[m][s], nJ = comb_cnt[n][s];
    double M[MAXD * MAXD], Mt[MAXD * MAXD], rv[MAXD], cv[MAXD];
    double xs[MAXS] = {0.0}, ys[MAXS] = {0.0};  /* set by solve_support before use */
    double xf[MAXD], yf[MAXD];
    for (int a = 0; a < nI; a++) {
        const unsigned char *I = comb_idx[m][s][a];
        for (int b = 0; b < nJ; b++) {
            const unsigned char *J = comb_idx[n][s][b];
            /* row player's indifference on I -> y on J; column player's on J -> x on I */
            for (int r = 0; r < s; r++)
                for (int c = 0; c < s; c++) {
                    M[r * s + c] = An[I[r] * n + J[c]];
                    Mt[r * s + c] = Bn[I[c] * n + J[r]];
                }
            double by = COND_MAX, bx = COND_MAX;
            int sy = solve_support(M, s, ys, &by), sx = solve_support(Mt, s, xs, &bx);
            if (sy == 2 || sx == 2) return 1;
            /* badly conditioned: harmless only when its own solution is infeasible
             * beyond its error bound (no vertex, no equilibrium there) */
            if (sy && !surely_infeasible(ys, s, by, margin, g->gaprel)) return 1;
            if (sx && !surely_infeasible(xs, s, bx, margin, g->gaprel)) return 1;
            double lowx = xs[0], lowy = ys[0];
            for (int t = 1; t < s; t++) {
                lowx = xs[t] < lowx ? xs[t] : lowx;
                lowy = ys[t] < lowy ? ys[t] : lowy;
            }
            /* x on I facing the column player's replies J; y on J facing rows I (the
             * values are computed for every pair: cheaper than a branch on feasibility;
             * a badly conditioned solution, surely infeasible, is no vertex) */
            double rbest, cbest;
            reply_values(Bn, n, I, xs, s, n, cv);
            reply_values(AnT, m, J, ys, s, m, rv);
            if (((sx == 0) & degenerate_vertex(cv, n, J, xs, s, lowx, margin, &cbest))
                    | ((sy == 0) & degenerate_vertex(rv, m, I, ys, s, lowy, margin, &rbest)))
                return 1;
            /* the equilibrium test, reached only by a pair that is an equilibrium within
             * tol or within margin (regrets and probabilities): otherwise it decides
             * nothing */
            const double low = lowx < lowy ? lowx : lowy;
            double xdot = 0.0, ydot = 0.0;
            for (int t = 0; t < s; t++) {
                xdot += xs[t] * rv[I[t]];
                ydot += ys[t] * cv[J[t]];
            }
            const double rreg = rbest - xdot, creg = cbest - ydot;
            if (!((sx == 0) & (sy == 0) & (low >= -lim) & (rreg <= lim) & (creg <= lim)))
                continue;
            const int in_tol = low >= -tol, in_margin = low >= -margin;
            int ok = in_tol && rreg <= tol && creg <= tol;
            if (in_margin && rreg <= margin && creg <= margin) {
                if (!ok) return 1;
                for (int t = 0; t < s; t++)
                    if (fabs(xs[t]) <= margin || fabs(ys[t]) <= margin) return 1;
                int used_r[MAXD] = {0}, used_c[MAXD] = {0};
                for (int t = 0; t < s; t++) { used_r[I[t]] = 1; used_c[J[t]] = 1; }
                for (int i = 0; i < m; i++)
                    if (!used_r[i] && rbest - rv[i] <= margin) return 1;
                for (int j = 0; j < n; j++)
                    if (!used_c[j] && cbest - cv[j] <= margin) return 1;
            }
            if (ok) {
                if (*cnt >= kmax) return 1;
                memset(xf, 0, sizeof(xf));
                memset(yf, 0, sizeof(yf));
                for (int t = 0; t < s; t++) { xf[I[t]] = xs[t]; yf[J[t]] = ys[t]; }
                store(&eqs[(*cnt)++], xf, yf, m, n, g->A, g->B, An, Bn, g->spanA, g->spanB);
            }
        }
    }
    return 0;
}

/* Every support size s >= 2 of game g, in increasing order; 1 when unsure. One
 * instance of support_pairs per s, so that its loops over the support have constant
 * bounds; the square games up to 4 x 4 (the common small games) have instances with
 * constant m and n too, whose loops over the replies are unrolled (about 10% faster). */
static int
support_stage(const Game *g, Eq *eqs, int kmax, int *cnt)
{
    const int m = g->m, n = g->n;
    if (m == n && m <= 4) {
        switch (m) {
        case 2: return support_pairs(g, 2, 2, 2, eqs, kmax, cnt);
        case 3: return support_pairs(g, 2, 3, 3, eqs, kmax, cnt)
                       || support_pairs(g, 3, 3, 3, eqs, kmax, cnt);
        case 4: return support_pairs(g, 2, 4, 4, eqs, kmax, cnt)
                       || support_pairs(g, 3, 4, 4, eqs, kmax, cnt)
                       || support_pairs(g, 4, 4, 4, eqs, kmax, cnt);
        default: return 0;  /* 1 x 1: no support of size 2 */
        }
    }
    const int d = m < n ? m : n;
    for (int s = 2; s <= d; s++) {
        int unsure;
        switch (s) {
        case 2: unsure = support_pairs(g, 2, m, n, eqs, kmax, cnt); break;
        case 3: unsure = support_pairs(g, 3, m, n, eqs, kmax, cnt); break;
        case 4: unsure = support_pairs(g, 4, m, n, eqs, kmax, cnt); break;
        case 5: unsure = support_pairs(g, 5, m, n, eqs, kmax, cnt); break;
        default: unsure = support_pairs(g, 6, m, n, eqs, kmax, cnt); break;
        }
        if (unsure) return 1;
    }
    return 0;
}

/* All equilibria of one m x n game (m, n <= MAXD) into eqs[0..*count), sorted.
 * Returns 1 when the game is unsure (left to the exact fallback), else 0.
 *
 * Unsure besides the rules above when the game is degenerate or nearly so anywhere,
 * not only at an equilibrium: a vertex of either best-response polytope (a mixed
 * strategy with support size s and s best replies, von Stengel 2007 section 3.2) with
 * a probability or a best-reply gap within the margin, or a badly conditioned support
 * system whose own solution is not surely infeasible; the rounding gap counts twice in
 * the margin. An answer is for a nondegenerate game, as a vertex enumeration with a
 * smaller tie margin would see it, and so it is complete. */
static int
solve_game(const double *A, const double *B, int m, int n, double tol, Eq *eqs,
           int kmax, int *count)
{
    Game g;
    double worst = 0.0;
    *count = 0;
    if (normalise(A, m * n, g.An, &g.spanA, &worst)) return 1;
    if (normalise(B, m * n, g.Bn, &g.spanB, &worst)) return 1;
    g.A = A;
    g.B = B;
    g.m = m;
    g.n = n;
    g.tol = tol;
    g.gaprel = 1024.0 * DBL_EPSILON * worst;
    g.margin = MARGIN + 2.0 * g.gaprel;
    const double margin = g.margin;
    const double *An = g.An, *Bn = g.Bn;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) g.AnT[j * m + i] = An[i * n + j];
    int cnt = 0;
    double xf[MAXD], yf[MAXD];

    /* s = 1: pure profiles */
    double colmax[MAXD], rowmax[MAXD];
    for (int j = 0; j < n; j++) {
        colmax[j] = An[j];
        for (int i = 1; i < m; i++)
            if (An[i * n + j] > colmax[j]) colmax[j] = An[i * n + j];
    }
    for (int i = 0; i < m; i++) {
        rowmax[i] = Bn[i * n];
        for (int j = 1; j < n; j++)
            if (Bn[i * n + j] > rowmax[i]) rowmax[i] = Bn[i * n + j];
    }
    /* every pure strategy is a vertex: its best reply must be unique with margin */
    for (int i = 0; i < m; i++) {
        int ties = 0;
        for (int j = 0; j < n; j++) ties += rowmax[i] - Bn[i * n + j] <= margin;
        if (ties > 1) return 1;
    }
    for (int j = 0; j < n; j++) {
        int ties = 0;
        for (int i = 0; i < m; i++) ties += colmax[j] - An[i * n + j] <= margin;
        if (ties > 1) return 1;
    }
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            double rreg = colmax[j] - An[i * n + j];
            double creg = rowmax[i] - Bn[i * n + j];
            int ok = rreg <= tol && creg <= tol;
            if (rreg <= margin && creg <= margin) {
                if (!ok || 1.0 <= margin) return 1;
                for (int i2 = 0; i2 < m; i2++)
                    if (i2 != i && colmax[j] - An[i2 * n + j] <= margin) return 1;
                for (int j2 = 0; j2 < n; j2++)
                    if (j2 != j && rowmax[i] - Bn[i * n + j2] <= margin) return 1;
            }
            if (ok) {
                if (cnt >= kmax) return 1;
                memset(xf, 0, sizeof(xf));
                memset(yf, 0, sizeof(yf));
                xf[i] = 1.0;
                yf[j] = 1.0;
                store(&eqs[cnt++], xf, yf, m, n, A, B, An, Bn, g.spanA, g.spanB);
            }
        }
    }

    /* s >= 2: solve the two indifference systems of every pair of supports */
    if (support_stage(&g, eqs, kmax, &cnt)) return 1;
    if (cnt % 2 == 0) return 1;
    /* stable insertion sort into solve_nash's order */
    for (int t = 1; t < cnt; t++) {
        Eq tmp = eqs[t];
        int u = t;
        while (u > 0 && before(&tmp, &eqs[u - 1], m + n)) {
            eqs[u] = eqs[u - 1];
            u--;
        }
        if (u != t) eqs[u] = tmp;
    }
    *count = cnt;
    return 0;
}

/* ------------------------------------------------------------------ buffers */

static int
is_float64(const Py_buffer *v)
{
    const char *f = v->format ? v->format : "B";
    return v->itemsize == 8 && (!strcmp(f, "d") || !strcmp(f, "=d") || !strcmp(f, "@d")
#if PY_LITTLE_ENDIAN
                                || !strcmp(f, "<d")
#else
                                || !strcmp(f, ">d")
#endif
                                );
}

static int
is_int64(const Py_buffer *v)
{
    const char *f = v->format ? v->format : "B";
    if (v->itemsize != 8) return 0;
    if (f[0] == '=' || f[0] == '@' || f[0] == '<') f++;
    return !strcmp(f, "q") || !strcmp(f, "l");
}

static int
is_bool(const Py_buffer *v)
{
    const char *f = v->format ? v->format : "B";
    return v->itemsize == 1 && !strcmp(f, "?");
}

/* Get a C-contiguous buffer of `ndim` dimensions and the given kind, or raise
 * InvalidGameError naming the function and parameter. kind: 'd', 'q' or '?'. */
static int
get_buffer(const char *func, const char *name, PyObject *obj, Py_buffer *v, int ndim,
           char kind, int writable)
{
    if (PyObject_GetBuffer(obj, v, writable ? PyBUF_RECORDS : PyBUF_RECORDS_RO) < 0) {
        PyErr_Clear();
        PyErr_Format(InvalidGame,
                     "%s(): %s must be a %sC-contiguous %s array (buffer protocol); got %.80s",
                     func, name, writable ? "writable " : "",
                     kind == 'd' ? "float64" : kind == 'q' ? "int64" : "bool",
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    const char *what = kind == 'd' ? "float64" : kind == 'q' ? "int64" : "bool";
    int good = kind == 'd' ? is_float64(v) : kind == 'q' ? is_int64(v) : is_bool(v);
    if (!good) {
        PyErr_Format(InvalidGame, "%s(): %s must have dtype %s; got buffer format '%s'",
                     func, name, what, v->format ? v->format : "B");
        goto fail;
    }
    if (v->ndim != ndim) {
        PyErr_Format(InvalidGame, "%s(): %s must have %d dimensions; got %d", func, name,
                     ndim, v->ndim);
        goto fail;
    }
    if (!PyBuffer_IsContiguous(v, 'C')) {
        PyErr_Format(InvalidGame, "%s(): %s must be C-contiguous; got a strided array",
                     func, name);
        goto fail;
    }
    return 0;
fail:
    PyBuffer_Release(v);
    return -1;
}

static int
check_dims(const char *func, Py_ssize_t m, Py_ssize_t n)
{
    if (m < 1 || n < 1 || m > MAXD || n > MAXD) {
        PyErr_Format(InvalidGame,
                     "%s(): each player must have 1 to %d actions; got a %zd x %zd game",
                     func, MAXD, m, n);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ batch arguments */

/* One positional argument of a batch entry point: a buffer of ndim dimensions and
 * kind 'd', 'q' or '?' (writable or not), or with kind 't' the tolerance (a finite
 * float >= 0). */
typedef struct {
    const char *name;
    int ndim;
    char kind;
    int writable;
} Arg;

#define MAXARGS 9

static int
parse_tol(const char *func, PyObject *obj, double *tol)
{
    double v = PyFloat_AsDouble(obj);
    if (v == -1.0 && PyErr_Occurred()) return -1;
    if (!(v >= 0.0) || !isfinite(v)) {
        PyErr_Format(InvalidGame, "%s(): tol must be a finite number >= 0; got %R", func, obj);
        return -1;
    }
    *tol = v;
    return 0;
}

static void
release_args(Py_buffer *v, int held)
{
    for (int t = 0; t < MAXARGS; t++)
        if (held & (1 << t)) PyBuffer_Release(&v[t]);
}

/* The positional arguments of func as spec lists them (nspec of them, at most
 * MAXARGS): buffers into v[t], the tolerance into *tol. Returns the mask of buffers
 * held (release them with release_args), or -1 with an exception set and nothing
 * held. Shapes are the caller's to check. */
static int
parse_args(const char *func, PyObject *const *args, Py_ssize_t nargs, const Arg *spec,
           int nspec, Py_buffer *v, double *tol)
{
    if (nargs != nspec) {
        PyErr_Format(PyExc_TypeError, "%s() takes %d positional arguments; got %zd", func,
                     nspec, nargs);
        return -1;
    }
    int held = 0;
    for (int t = 0; t < nspec; t++) {
        if (spec[t].kind == 't') {
            if (parse_tol(func, args[t], tol) < 0) goto fail;
            continue;
        }
        if (get_buffer(func, spec[t].name, args[t], &v[t], spec[t].ndim, spec[t].kind,
                       spec[t].writable) < 0)
            goto fail;
        held |= 1 << t;
    }
    return held;
fail:
    release_args(v, held);
    return -1;
}

/* Whether buffer v[t] has the shape want[0..ndim); else InvalidGameError naming the
 * argument, the axis and what was expected. */
static int
check_shape(const char *func, const Arg *spec, const Py_buffer *v, int t,
            const Py_ssize_t *want, const char *context)
{
    for (int a = 0; a < spec[t].ndim; a++) {
        if (v[t].shape[a] != want[a]) {
            PyErr_Format(InvalidGame, "%s(): %s has shape axis %d = %zd; expected %zd (%s)",
                         func, spec[t].name, a, v[t].shape[a], want[a], context);
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ solve_one */

PyDoc_STRVAR(solve_one_doc,
"solve_one(A, B, tol=1e-9)\n--\n\n"
"All Nash equilibria of one m x n game (float64 C-contiguous 2-D buffers, m, n <= 6)\n"
"by support enumeration, as a tuple of (x, y, u0, u1, regret) sorted as solve_nash\n"
"sorts them (x, y tuples of floats; u0, u1 expected payoffs; regret the absolute max\n"
"regret); None when the game is unsure or larger than 6. Strict rules: None when the\n"
"game is degenerate or nearly so anywhere (a degenerate vertex of either best-response\n"
"polytope), not only at an equilibrium, so that an answer is a nondegenerate game's.");

static PyObject *
build_eq(const Eq *e, int m, int n)
{
    PyObject *x = PyTuple_New(m), *y = PyTuple_New(n);
    if (!x || !y) goto fail;
    for (int i = 0; i < m; i++) {
        PyObject *f = PyFloat_FromDouble(e->x[i]);
        if (!f) goto fail;
        PyTuple_SET_ITEM(x, i, f);
    }
    for (int j = 0; j < n; j++) {
        PyObject *f = PyFloat_FromDouble(e->y[j]);
        if (!f) goto fail;
        PyTuple_SET_ITEM(y, j, f);
    }
    PyObject *u0 = PyFloat_FromDouble(e->u0);
    PyObject *u1 = PyFloat_FromDouble(e->u1);
    PyObject *r = PyFloat_FromDouble(e->regret);
    if (!u0 || !u1 || !r) {
        Py_XDECREF(u0); Py_XDECREF(u1); Py_XDECREF(r);
        goto fail;
    }
    PyObject *out = PyTuple_New(5);
    if (!out) { Py_DECREF(u0); Py_DECREF(u1); Py_DECREF(r); goto fail; }
    PyTuple_SET_ITEM(out, 0, x);
    PyTuple_SET_ITEM(out, 1, y);
    PyTuple_SET_ITEM(out, 2, u0);
    PyTuple_SET_ITEM(out, 3, u1);
    PyTuple_SET_ITEM(out, 4, r);
    return out;
fail:
    Py_XDECREF(x);
    Py_XDECREF(y);
    return NULL;
}

static PyObject *
solve_one(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    static const char *func = "solve_one";
    double tol = 1e-9;
    if (nargs < 2 || nargs > 3) {
        PyErr_Format(PyExc_TypeError, "%s() takes 2 or 3 positional arguments (A, B, tol); "
                     "got %zd", func, nargs);
        return NULL;
    }
    if (nargs == 3 && parse_tol(func, args[2], &tol) < 0) return NULL;
    Py_buffer va, vb;
    if (get_buffer(func, "A", args[0], &va, 2, 'd', 0) < 0) return NULL;
    if (get_buffer(func, "B", args[1], &vb, 2, 'd', 0) < 0) {
        PyBuffer_Release(&va);
        return NULL;
    }
    PyObject *result = NULL;
    Py_ssize_t m = va.shape[0], n = va.shape[1];
    if (vb.shape[0] != m || vb.shape[1] != n) {
        PyErr_Format(InvalidGame, "%s(): A and B must have the same shape; got (%zd, %zd) "
                     "and (%zd, %zd)", func, m, n, vb.shape[0], vb.shape[1]);
        goto done;
    }
    if (m < 1 || n < 1) {
        check_dims(func, m, n);
        goto done;
    }
    if (m > MAXD || n > MAXD) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    Eq eqs[MAXK];
    int cnt;
    if (solve_game((const double *)va.buf, (const double *)vb.buf, (int)m, (int)n, tol,
                   eqs, MAXK, &cnt)) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    result = PyTuple_New(cnt);
    if (!result) goto done;
    for (int t = 0; t < cnt; t++) {
        PyObject *e = build_eq(&eqs[t], (int)m, (int)n);
        if (!e) { Py_CLEAR(result); goto done; }
        PyTuple_SET_ITEM(result, t, e);
    }
done:
    PyBuffer_Release(&va);
    PyBuffer_Release(&vb);
    return result;
}

/* ------------------------------------------------------------------ enumerate_batch */

PyDoc_STRVAR(enumerate_batch_doc,
"enumerate_batch(A, B, tol, x, y, count, unsure, payoffs, regret)\n--\n\n"
"Support enumeration of N games of one shape m x n (m, n <= 6), written into\n"
"preallocated C-contiguous outputs: A, B float64 (N, m, n); x float64 (N, K, m);\n"
"y float64 (N, K, n); count int64 (N,); unsure bool (N,); payoffs float64 (N, K, 2);\n"
"regret float64 (N, K). Slots past count (and every slot of an unsure game, whose\n"
"count is 0) are NaN. A game with more than min(K, 128) equilibria is unsure, and so\n"
"is one degenerate anywhere (the rules of solve_one). The GIL is released while\n"
"solving.");

static const Arg batch_args[] = {
    {"A", 3, 'd', 0}, {"B", 3, 'd', 0}, {"tol", 0, 't', 0}, {"x", 3, 'd', 1},
    {"y", 3, 'd', 1}, {"count", 1, 'q', 1}, {"unsure", 1, '?', 1}, {"payoffs", 3, 'd', 1},
    {"regret", 2, 'd', 1},
};

static PyObject *
enumerate_batch(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    static const char *func = "enumerate_batch";
    Py_buffer v[MAXARGS];
    double tol = 0.0;
    int held = parse_args(func, args, nargs, batch_args, 9, v, &tol);
    if (held < 0) return NULL;
    PyObject *result = NULL;
    Py_ssize_t N = v[0].shape[0], m = v[0].shape[1], n = v[0].shape[2];
    Py_ssize_t K = v[3].shape[1];
    Py_ssize_t want[9][3] = {{N, m, n}, {N, m, n}, {0}, {N, K, m}, {N, K, n}, {N}, {N},
                             {N, K, 2}, {N, K}};
    char context[160];
    PyOS_snprintf(context, sizeof(context),
                  "A is (N, m, n) = (%zd, %zd, %zd), x is (N, K, m) with K = %zd", N, m, n, K);
    for (int t = 0; t < 9; t++)
        if (t != 2 && check_shape(func, batch_args, v, t, want[t], context) < 0) goto done;
    if (check_dims(func, m, n) < 0) goto done;
    {
        const double *A = v[0].buf, *B = v[1].buf;
        double *X = v[3].buf, *Y = v[4].buf, *P = v[7].buf, *R = v[8].buf;
        long long *C = v[5].buf;
        char *U = v[6].buf;
        int kmax = K < MAXK ? (int)K : MAXK;
        int mm = (int)m, nn = (int)n;
        Py_BEGIN_ALLOW_THREADS
        Eq eqs[MAXK];
        for (Py_ssize_t g = 0; g < N; g++) {
            int cnt = 0;
            int unsure = solve_game(A + g * mm * nn, B + g * mm * nn, mm, nn, tol, eqs, kmax,
                                    &cnt);
            if (unsure) cnt = 0;
            U[g] = (char)unsure;
            C[g] = cnt;
            double *xg = X + g * K * mm, *yg = Y + g * K * nn, *pg = P + g * K * 2,
                   *rg = R + g * K;
            for (int e = 0; e < cnt; e++) {
                memcpy(xg + e * mm, eqs[e].x, mm * sizeof(double));
                memcpy(yg + e * nn, eqs[e].y, nn * sizeof(double));
                pg[2 * e] = eqs[e].u0;
                pg[2 * e + 1] = eqs[e].u1;
                rg[e] = eqs[e].regret;
            }
            for (Py_ssize_t e = cnt; e < K; e++) {
                for (int i = 0; i < mm; i++) xg[e * mm + i] = NAN;
                for (int j = 0; j < nn; j++) yg[e * nn + j] = NAN;
                pg[2 * e] = pg[2 * e + 1] = NAN;
                rg[e] = NAN;
            }
        }
        Py_END_ALLOW_THREADS
    }
    result = Py_None;
    Py_INCREF(result);
done:
    release_args(v, held);
    return result;
}

/* ------------------------------------------------------------------ enumerate_compact */

PyDoc_STRVAR(enumerate_compact_doc,
"enumerate_compact(A, B, tol, x, y, count, unsure) -> int\n--\n\n"
"The rules of solve_one on N games of one shape m x n (m, n <= 6), written\n"
"compactly: the equilibria of game 0, then of game 1, ..., as rows of x float64\n"
"(cap, m) and y float64 (cap, n); count int64 (N,) and unsure bool (N,) per game\n"
"(an unsure game has count 0). Returns the number of rows written. Each game has\n"
"cap // N slots (at most 128): give cap = N * width_bound(m, n); a game with more\n"
"equilibria is unsure. Only the rows written are touched (an np.empty of that size\n"
"costs no memory beyond them).");

static const Arg compact_args[] = {
    {"A", 3, 'd', 0}, {"B", 3, 'd', 0}, {"tol", 0, 't', 0}, {"x", 2, 'd', 1},
    {"y", 2, 'd', 1}, {"count", 1, 'q', 1}, {"unsure", 1, '?', 1},
};

static PyObject *
enumerate_compact(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    static const char *func = "enumerate_compact";
    Py_buffer v[MAXARGS];
    double tol = 0.0;
    int held = parse_args(func, args, nargs, compact_args, 7, v, &tol);
    if (held < 0) return NULL;
    PyObject *result = NULL;
    Py_ssize_t N = v[0].shape[0], m = v[0].shape[1], n = v[0].shape[2];
    Py_ssize_t cap = v[3].shape[0];
    Py_ssize_t want[7][3] = {{N, m, n}, {N, m, n}, {0}, {cap, m}, {cap, n}, {N}, {N}};
    char context[160];
    PyOS_snprintf(context, sizeof(context),
                  "A is (N, m, n) = (%zd, %zd, %zd), x is (cap, m) with cap = %zd", N, m, n,
                  cap);
    for (int t = 0; t < 7; t++)
        if (t != 2 && check_shape(func, compact_args, v, t, want[t], context) < 0) goto done;
    if (check_dims(func, m, n) < 0) goto done;
    {
        const double *A = v[0].buf, *B = v[1].buf;
        double *X = v[3].buf, *Y = v[4].buf;
        long long *C = v[5].buf;
        char *U = v[6].buf;
        int mm = (int)m, nn = (int)n;
        Py_ssize_t rows = 0;
        int overflow = 0;
        /* cap / N slots per game: a game with more equilibria is unsure, as in
         * enumerate_batch, and the rows never run past cap */
        Py_ssize_t per = N ? cap / N : 1;
        int kmax = per < MAXK ? (int)per : MAXK;
        if (kmax < 1) kmax = 1;
        Py_BEGIN_ALLOW_THREADS
        Eq eqs[MAXK];
        for (Py_ssize_t g = 0; g < N; g++) {
            int cnt = 0;
            int unsure = solve_game(A + g * mm * nn, B + g * mm * nn, mm, nn, tol, eqs, kmax,
                                    &cnt);
            if (unsure) cnt = 0;
            if (rows + cnt > cap) { overflow = 1; break; }
            U[g] = (char)unsure;
            C[g] = cnt;
            for (int e = 0; e < cnt; e++, rows++) {
                memcpy(X + rows * mm, eqs[e].x, mm * sizeof(double));
                memcpy(Y + rows * nn, eqs[e].y, nn * sizeof(double));
            }
        }
        Py_END_ALLOW_THREADS
        if (overflow) {
            PyErr_Format(InvalidGame, "%s(): x and y hold %zd rows, too few for these games",
                         func, cap);
            goto done;
        }
        result = PyLong_FromSsize_t(rows);
    }
done:
    release_args(v, held);
    return result;
}

/* ------------------------------------------------------------------ scatter_padded */

PyDoc_STRVAR(scatter_padded_doc,
"scatter_padded(xs, ys, count, x, y)\n--\n\n"
"The compact rows of enumerate_compact (xs float64 (R, m), ys float64 (R, n); game g\n"
"owns count[g] consecutive rows, int64 (N,)) written into padded arrays x float64\n"
"(N, w, m) and y float64 (N, w, n), game after game, NaN past each count: one\n"
"sequential pass. Every count must be in [0, w] and their sum at most R.");

static const Arg scatter_args[] = {
    {"xs", 2, 'd', 0}, {"ys", 2, 'd', 0}, {"count", 1, 'q', 0}, {"x", 3, 'd', 1},
    {"y", 3, 'd', 1},
};

static PyObject *
scatter_padded(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    static const char *func = "scatter_padded";
    Py_buffer v[MAXARGS];
    int held = parse_args(func, args, nargs, scatter_args, 5, v, NULL);
    if (held < 0) return NULL;
    PyObject *result = NULL;
    Py_ssize_t R = v[0].shape[0], m = v[0].shape[1], n = v[1].shape[1];
    Py_ssize_t N = v[2].shape[0], w = v[3].shape[1];
    Py_ssize_t want[5][3] = {{R, m}, {R, n}, {N}, {N, w, m}, {N, w, n}};
    char context[160];
    PyOS_snprintf(context, sizeof(context),
                  "xs is (R, m) = (%zd, %zd), count is (N,) = (%zd,), x is (N, w, m) with "
                  "w = %zd", R, m, N, w);
    for (int t = 0; t < 5; t++)
        if (check_shape(func, scatter_args, v, t, want[t], context) < 0) goto done;
    {
        const long long *C = v[2].buf;
        Py_ssize_t total = 0;
        for (Py_ssize_t g = 0; g < N; g++) {
            if (C[g] < 0 || C[g] > w) {
                PyErr_Format(InvalidGame, "%s(): count must be in [0, w = %zd]; got %lld at "
                             "game %zd", func, w, C[g], g);
                goto done;
            }
            total += (Py_ssize_t)C[g];
        }
        if (total > R) {
            PyErr_Format(InvalidGame, "%s(): count adds up to %zd rows; xs holds %zd", func,
                         total, R);
            goto done;
        }
        const double *XS = v[0].buf, *YS = v[1].buf;
        double *X = v[3].buf, *Y = v[4].buf;
        Py_BEGIN_ALLOW_THREADS
        Py_ssize_t row = 0;
        for (Py_ssize_t g = 0; g < N; g++) {
            const Py_ssize_t c = (Py_ssize_t)C[g];
            double *xg = X + g * w * m, *yg = Y + g * w * n;
            if (c) {
                memcpy(xg, XS + row * m, c * m * sizeof(double));
                memcpy(yg, YS + row * n, c * n * sizeof(double));
                row += c;
            }
            for (Py_ssize_t t = c * m; t < w * m; t++) xg[t] = NAN;
            for (Py_ssize_t t = c * n; t < w * n; t++) yg[t] = NAN;
        }
        Py_END_ALLOW_THREADS
    }
    result = Py_None;
    Py_INCREF(result);
done:
    release_args(v, held);
    return result;
}

static PyMethodDef methods[] = {
    {"solve_one", (PyCFunction)(void (*)(void))solve_one, METH_FASTCALL, solve_one_doc},
    {"enumerate_batch", (PyCFunction)(void (*)(void))enumerate_batch, METH_FASTCALL,
     enumerate_batch_doc},
    {"enumerate_compact", (PyCFunction)(void (*)(void))enumerate_compact, METH_FASTCALL,
     enumerate_compact_doc},
    {"scatter_padded", (PyCFunction)(void (*)(void))scatter_padded, METH_FASTCALL,
     scatter_padded_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "_bimatrix_native",
    "Support enumeration of small bimatrix games (compiled; see _bimatrix_kernel).", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__bimatrix_native(void)
{
    init_combinations();
    init_cond_fast();
    PyObject *errors = PyImport_ImportModule("secdilemma.errors");
    if (errors) {
        InvalidGame = PyObject_GetAttrString(errors, "InvalidGameError");
        Py_DECREF(errors);
    }
    if (!InvalidGame) {
        PyErr_Clear();
        InvalidGame = PyExc_ValueError;
        Py_INCREF(InvalidGame);
    }
    PyObject *mod = PyModule_Create(&moduledef);
    if (!mod) return NULL;
    if (PyModule_AddIntConstant(mod, "MAX_ACTIONS", MAXD) < 0 ||
        PyModule_AddIntConstant(mod, "MAX_EQUILIBRIA", MAXK) < 0 ||
        PyModule_AddObject(mod, "MARGIN", PyFloat_FromDouble(MARGIN)) < 0 ||
        PyModule_AddObject(mod, "COND_MAX", PyFloat_FromDouble(COND_MAX)) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
