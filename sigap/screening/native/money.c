/*
 * _cmoney -- C accelerator for two extractors of sigap.screening.entities.
 *
 * Each C function is an exact drop-in for the pure-Python code named next to it; that code
 * stays the reference (and the fallback where this module cannot be built or imported).
 *
 *   money(norm, rates)   entities.money(), with _MONEY_HINT, _MONEY, _amount, _number, _kind,
 *                        _last, _CURRENCY_BEFORE, _CURRENCY_AFTER, _PERIOD, _FEE_WORDS and
 *                        _SALARY_WORDS, and normalize.Normalized.span / _Map.span for the spans.
 *   phones(text)         entities.phones(), with sigap.lib.phones.find_phones, normalize_phone
 *                        and _indonesian_mobile; numbers that are not Indonesian mobiles go to
 *                        the Python phones._parse (lru_cached, phonenumbers) unchanged.
 *
 * Every regular expression above uses only ASCII classes ([0-9], [ \t], [a-z], literals) except
 * phones._MONEY_BEFORE ((?i) and \s, handled with the same Unicode tables sre uses), so they are
 * hand-coded here; comments at each one explain why the hand-coded scan returns what the regex
 * (greedy, leftmost, with backtracking) returns.  The data (word lists, currency codes, unit
 * and period factors, MAX_ENTITIES) is read from the Python modules at import, and the import
 * fails with ImportError if any of those patterns is not the one this file was written for, so
 * that the engine keeps the Python code instead of running a stale copy.
 *
 * _MONEY_HINT itself is never run: it cannot change the result (see cmoney_money).
 *
 * Rare inputs go back to Python: for a `rates` that is not a dict or a rate that is neither a
 * float nor an int, the whole call is entities.money(); for a `norm` whose maps are not lists
 * of ints, the span is norm.span(); for a `text` that is not a str, entities.phones().
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include "spans.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------ */
/* Text access                                                                                */

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

static inline Py_UCS4
CH(const Text *t, Py_ssize_t i)
{
    return PyUnicode_READ(t->kind, t->data, i);
}

static int
text_init(Text *t, PyObject *s)
{
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(s) < 0)
        return -1;
#endif
    t->kind = PyUnicode_KIND(s);
    t->data = PyUnicode_DATA(s);
    t->n = PyUnicode_GET_LENGTH(s);
    return 0;
}

static inline int is_digit(Py_UCS4 c) { return c >= '0' && c <= '9'; }
static inline int is_az(Py_UCS4 c) { return c >= 'a' && c <= 'z'; }
static inline int is_sptab(Py_UCS4 c) { return c == ' ' || c == '\t'; }

/* Word-at-a-time scans over 1-byte strings: hasbetween(x, m, n) is non-zero when some byte of
 * x is strictly between m and n (bytes >= 0x80 never count; m, n <= 128). */
#define ONES (~(uint64_t)0 / 255)
#define hasbetween(x, m, n)                                                                    \
    ((ONES * (127 + (n)) - ((x) & ONES * 127)) & ~(x) & (((x) & ONES * 127) + ONES * (127 - (m))) & \
     ONES * 128)

#define haszero(x) (((x) - ONES) & ~(x) & (ONES * 128))

static inline uint64_t
load8(const Py_UCS1 *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

/* first position >= p holding a byte in (lo, hi) exclusive, or n */
#define SKIP_TO_RANGE(d, p, n, lo, hi)                                                         \
    do {                                                                                       \
        while ((p) + 8 <= (n) && !hasbetween(load8((d) + (p)), lo, hi))                        \
            (p) += 8;                                                                          \
        while ((p) < (n) && !((d)[p] > (lo) && (d)[p] < (hi)))                                  \
            (p)++;                                                                             \
    } while (0)

/* str.isalnum() of one character */
static inline int
is_alnum(Py_UCS4 c)
{
    if (c < 128)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return Py_UNICODE_ISALNUM(c);
}

/* The character sre compares with a lower-case literal under (?i) in Unicode mode: its simple
 * lower case, with the two extra equivalences that involve ASCII letters (dotless i, long s). */
static inline Py_UCS4
fold_ci(Py_UCS4 c)
{
    if (c < 128)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    c = Py_UNICODE_TOLOWER(c);
    if (c == 0x131)
        return 'i';
    if (c == 0x17f)
        return 's';
    return c;
}

/* (?![a-z]) at position i of a (sub)string that ends at limit */
static inline int
not_az_at(const Text *t, Py_ssize_t i, Py_ssize_t limit)
{
    return i >= limit || !is_az(CH(t, i));
}

static inline int
lit_at(const Text *t, Py_ssize_t pos, const char *lit, Py_ssize_t len)
{
    if (pos < 0 || pos + len > t->n)
        return 0;
    for (Py_ssize_t i = 0; i < len; i++)
        if (CH(t, pos + i) != (Py_UCS4)(unsigned char)lit[i])
            return 0;
    return 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Word lists: the alternatives of a group such as (juta|ribu|...), in the pattern's order.   */

#define MAXW 48
#define MAXWL 24
#define MAXSAME 12

typedef struct {
    int n;
    char w[MAXW][MAXWL];
    Py_ssize_t len[MAXW];
    PyObject *obj[MAXW];   /* the word as a str (owned) */
    PyObject *code[MAXW];  /* currency code (owned) or NULL */
    int code_is_idr[MAXW];
    double factor[MAXW];
    unsigned char first[128];           /* 1 if some word starts with this character */
    unsigned char nfirst[128];          /* the words starting with c, in pattern order */
    unsigned char byfirst[128][MAXSAME];
    unsigned char nlast[128];           /* the words ending with c (any order) */
    unsigned char bylast[128][MAXSAME];
} WordSet;

/* Parse "a|b|c" (regex source, `\` escapes the next character) into ws.  Only the characters
 * in `allowed` may appear in a word, so that the alternatives are plain literals. */
static int
ws_parse(WordSet *ws, const char *src, Py_ssize_t len, const char *allowed)
{
    memset(ws, 0, sizeof(*ws));
    char cur[MAXWL];
    Py_ssize_t cl = 0;
    for (Py_ssize_t i = 0; i <= len; i++) {
        if (i == len || src[i] == '|') {
            if (cl == 0 || ws->n >= MAXW)
                goto bad;
            memcpy(ws->w[ws->n], cur, cl);
            ws->w[ws->n][cl] = 0;
            ws->len[ws->n] = cl;
            ws->obj[ws->n] = PyUnicode_FromStringAndSize(cur, cl);
            if (!ws->obj[ws->n])
                return -1;
            unsigned char f = (unsigned char)cur[0], l = (unsigned char)cur[cl - 1];
            if (ws->nfirst[f] >= MAXSAME || ws->nlast[l] >= MAXSAME)
                goto bad;
            ws->first[f] = 1;
            ws->byfirst[f][ws->nfirst[f]++] = (unsigned char)ws->n;
            ws->bylast[l][ws->nlast[l]++] = (unsigned char)ws->n;
            ws->n++;
            cl = 0;
            continue;
        }
        char c = src[i];
        if (c == '\\' && i + 1 < len)
            c = src[++i];
        if (!strchr(allowed, c) || c == 0 || cl >= MAXWL - 1)
            goto bad;
        cur[cl++] = c;
    }
    return 0;
bad:
    PyErr_SetString(PyExc_ImportError, "_cmoney: unexpected word list in a pattern");
    return -1;
}

/* Index of the first alternative (pattern order) that matches at pos inside [0, limit), with
 * (?![a-z]) after it when `lookahead`; -1 if none. */
static int
ws_at_slow(const WordSet *ws, const Text *t, Py_ssize_t pos, Py_ssize_t limit, int lookahead,
           Py_UCS4 c)
{
    for (int j = 0; j < ws->nfirst[c]; j++) {
        int k = ws->byfirst[c][j];
        Py_ssize_t len = ws->len[k];
        if (pos + len > limit)
            continue;
        Py_ssize_t i = 1;
        while (i < len && CH(t, pos + i) == (Py_UCS4)(unsigned char)ws->w[k][i])
            i++;
        if (i < len)
            continue;
        if (lookahead && !not_az_at(t, pos + len, limit))
            continue;
        return k;
    }
    return -1;
}

static inline int
ws_at(const WordSet *ws, const Text *t, Py_ssize_t pos, Py_ssize_t limit, int lookahead)
{
    if (pos >= limit)
        return -1;
    Py_UCS4 c = CH(t, pos);
    if (c >= 128 || !ws->first[c])
        return -1;
    return ws_at_slow(ws, t, pos, limit, lookahead, c);
}

/* The longest word ending at `end` that starts at or after lo (the leftmost start a regex
 * search finds); -1 if none.  `ci`: compare with (?i) folding. */
static int
ws_ending_at(const WordSet *ws, const Text *t, Py_ssize_t end, Py_ssize_t lo, int ci,
             Py_ssize_t *start)
{
    int best = -1;
    Py_ssize_t best_len = 0;
    if (end <= lo)
        return -1;
    Py_UCS4 c = CH(t, end - 1);
    if (ci)
        c = fold_ci(c);
    if (c >= 128)
        return -1;
    for (int j = 0; j < ws->nlast[c]; j++) {
        int k = ws->bylast[c][j];
        Py_ssize_t len = ws->len[k], s = end - len;
        if (len <= best_len || s < lo)
            continue;
        Py_ssize_t i = 0;
        for (; i < len; i++) {
            Py_UCS4 c = CH(t, s + i);
            if (ci)
                c = fold_ci(c);
            if (c != (Py_UCS4)(unsigned char)ws->w[k][i])
                break;
        }
        if (i == len) {
            best = k;
            best_len = len;
        }
    }
    if (best >= 0)
        *start = end - best_len;
    return best;
}

/* Optional one-character slots such as `\.?[ \t]?:?[ \t]?`.  A string matches a sequence of
 * optional single-character slots iff giving each character the earliest slot that accepts it
 * succeeds (the usual subsequence argument), so no backtracking is needed to decide. */
enum { SLOT_DOT, SLOT_SPTAB, SLOT_COLON, SLOT_USPACE, SLOT_END };

static int
slot_ok(int slot, Py_UCS4 c)
{
    switch (slot) {
    case SLOT_DOT: return c == '.';
    case SLOT_SPTAB: return c == ' ' || c == '\t';
    case SLOT_COLON: return c == ':';
    case SLOT_USPACE: return Py_UNICODE_ISSPACE(c);
    }
    return 0;
}

static int
slots_match(const int *slots, const Text *t, Py_ssize_t from, Py_ssize_t to)
{
    int s = 0;
    for (Py_ssize_t i = from; i < to; i++) {
        Py_UCS4 c = CH(t, i);
        while (slots[s] != SLOT_END && !slot_ok(slots[s], c))
            s++;
        if (slots[s] == SLOT_END)
            return 0;
        s++;
    }
    return 1;
}

static int
slot_char(const int *slots, Py_UCS4 c)
{
    for (int s = 0; slots[s] != SLOT_END; s++)
        if (slot_ok(slots[s], c))
            return 1;
    return 0;
}

static const int TPL_BEFORE[] = {SLOT_DOT, SLOT_SPTAB, SLOT_COLON, SLOT_SPTAB, SLOT_END};
static const int TPL_PHONE_MONEY[] = {SLOT_DOT, SLOT_USPACE, SLOT_END};

/* ------------------------------------------------------------------------------------------ */
/* Module state (filled once at import)                                                       */

static WordSet W_UNITS, W_BEFORE, W_AFTER, W_PERIOD, W_FEE, W_SALARY, W_PH_MONEY;
static double unit_none_factor;   /* _UNIT_FACTOR.get("", 1) */
static int unit_m = -1;           /* index of "m" in W_UNITS */
static Py_ssize_t max_entities;
static PyObject *py_money, *py_phones, *py_parse;
static PyObject *SpanType, *SalaryType;
static Py_ssize_t off_span[3], off_salary[5];
static PyObject *S_text, *S_original, *S_fold_map, *S_rewrite_map, *S__spans;
static PyObject *S_out_starts, *S_in_starts, *S_in_ends, *S_copied;
static PyObject *S_IDR, *S_ID, *S_fee, *S_salary;

/* An instance of a frozen slots dataclass, its slots set directly (steals the values). */
static PyObject *
new_record(PyObject *type, const Py_ssize_t *offsets, int n, PyObject **values)
{
    PyTypeObject *tp = (PyTypeObject *)type;
    PyObject *obj = tp->tp_alloc(tp, 0);
    if (!obj) {
        for (int i = 0; i < n; i++)
            Py_DECREF(values[i]);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        *(PyObject **)((char *)obj + offsets[i]) = values[i];
    return obj;
}

static PyObject *
new_span(Py_ssize_t s, Py_ssize_t e, PyObject *text)
{
    PyObject *v[3];
    v[0] = PyLong_FromSsize_t(s);
    v[1] = PyLong_FromSsize_t(e);
    v[2] = text;
    if (!v[0] || !v[1]) {
        Py_XDECREF(v[0]);
        Py_XDECREF(v[1]);
        Py_DECREF(text);
        return NULL;
    }
    return new_record(SpanType, off_span, 3, v);
}

/* text[s:e] as Python slices it */
static PyObject *
slice(PyObject *str, Py_ssize_t s, Py_ssize_t e)
{
    if (s >= 0 && e >= 0)
        return PyUnicode_Substring(str, s, e < s ? s : e);
    return PySequence_GetSlice(str, s, e);
}

/* ------------------------------------------------------------------------------------------ */
/* Normalized.span(start, end), with _Map.span: same mapping, same cache (norm._spans).       */

#define FALLBACK SPAN_FALLBACK

/* _Map.span(start, end) */
static int
map_span(PyObject *map, Py_ssize_t *ps, Py_ssize_t *pe)
{
    PyObject *outs = PyObject_GetAttr(map, S_out_starts);
    PyObject *ins = outs ? PyObject_GetAttr(map, S_in_starts) : NULL;
    PyObject *ends = ins ? PyObject_GetAttr(map, S_in_ends) : NULL;
    PyObject *copied = ends ? PyObject_GetAttr(map, S_copied) : NULL;
    int rc = copied ? span_map_lists(outs, ins, ends, copied, ps, pe) : -1;
    Py_XDECREF(outs);
    Py_XDECREF(ins);
    Py_XDECREF(ends);
    Py_XDECREF(copied);
    return rc;
}

typedef struct {
    PyObject *norm;
    int loaded;
    PyObject *original, *fold_map, *rewrite_map, *spans;
} NormCtx;

static void
norm_clear(NormCtx *nc)
{
    Py_CLEAR(nc->original);
    Py_CLEAR(nc->fold_map);
    Py_CLEAR(nc->rewrite_map);
    Py_CLEAR(nc->spans);
}

static PyObject *
norm_span_python(NormCtx *nc, Py_ssize_t start, Py_ssize_t end)
{
    return PyObject_CallMethod(nc->norm, "span", "nn", start, end);
}

/* Normalized.span(start, end) */
static PyObject *
norm_span(NormCtx *nc, Py_ssize_t start, Py_ssize_t end)
{
    if (!nc->loaded) {
        nc->original = PyObject_GetAttr(nc->norm, S_original);
        if (!nc->original)
            return NULL;
        nc->rewrite_map = PyObject_GetAttr(nc->norm, S_rewrite_map);
        if (!nc->rewrite_map)
            return NULL;
        nc->fold_map = PyObject_GetAttr(nc->norm, S_fold_map);
        if (!nc->fold_map)
            return NULL;
        nc->loaded = 1;
    }
    if (!PyUnicode_Check(nc->original))
        return norm_span_python(nc, start, end);
    if (nc->rewrite_map == Py_None && nc->fold_map == Py_None) {
        PyObject *sub = slice(nc->original, start, end);
        return sub ? new_span(start, end, sub) : NULL;
    }
    if (!nc->spans) {
        nc->spans = PyObject_GetAttr(nc->norm, S__spans);
        if (!nc->spans)
            return NULL;
    }
    if (!PyDict_CheckExact(nc->spans))
        return norm_span_python(nc, start, end);
    PyObject *key = Py_BuildValue("(nn)", start, end);
    if (!key)
        return NULL;
    PyObject *found = PyDict_GetItemWithError(nc->spans, key);
    if (found) {
        Py_DECREF(key);
        Py_INCREF(found);
        return found;
    }
    if (PyErr_Occurred()) {
        Py_DECREF(key);
        return NULL;
    }
    Py_ssize_t s = start, e = end;
    int rc = 0;
    if (nc->rewrite_map != Py_None)
        rc = map_span(nc->rewrite_map, &s, &e);
    if (!rc && nc->fold_map != Py_None)
        rc = map_span(nc->fold_map, &s, &e);
    if (rc) {
        Py_DECREF(key);
        return rc == FALLBACK ? norm_span_python(nc, start, end) : NULL;
    }
    if (e < s)
        e = s;
    PyObject *sub = slice(nc->original, s, e);
    PyObject *span = sub ? new_span(s, e, sub) : NULL;
    if (span && PyDict_SetItem(nc->spans, key, span) < 0)
        Py_CLEAR(span);
    Py_DECREF(key);
    return span;
}

/* ------------------------------------------------------------------------------------------ */
/* money()                                                                                    */

/* End of _NUMBER matched at p (text[p] is a digit): the first alternative that matches, each
 * greedy.  Alternative 1 needs the whole digit run (at most 3) before its first [.,]DDD group. */
static Py_ssize_t
number_end(const Text *t, Py_ssize_t p)
{
    Py_ssize_t n = t->n, i = p;
    /* the run length matters only up to 10 (<= 3: alternative 1 possible; 9: alternative 2's
     * cap); counting further would make a long run of digits quadratic */
    while (i < n && i - p < 10 && is_digit(CH(t, i)))
        i++;
    Py_ssize_t run = i - p, j;
    if (run <= 3) {
        j = i;
        int groups = 0;
        while (j + 3 < n) {
            Py_UCS4 c = CH(t, j);
            if ((c != '.' && c != ',') || !is_digit(CH(t, j + 1)) || !is_digit(CH(t, j + 2)) ||
                !is_digit(CH(t, j + 3)))
                break;
            j += 4;
            groups++;
        }
        if (groups) {
            if (j + 1 < n && CH(t, j) == ',' && is_digit(CH(t, j + 1))) {
                j += 2;
                if (j < n && is_digit(CH(t, j)))
                    j++;
            }
            return j;
        }
    }
    j = p + (run < 9 ? run : 9);
    if (j + 1 < n) {
        Py_UCS4 c = CH(t, j);
        if ((c == '.' || c == ',') && is_digit(CH(t, j + 1))) {
            j += 2;
            if (j < n && is_digit(CH(t, j)))
                j++;
        }
    }
    return j;
}

typedef struct {
    Py_ssize_t start, end, g1s, g1e, g2s, g2e; /* g2s < 0: no second number */
    int unit;                                  /* index in W_UNITS, -1: none */
} MoneyMatch;

static const char *const CONNECTORS[] = {"-", "s/d", "sd", "sampai", "hingga", "to", "~"};

/* The next _MONEY match at or after pos.  Every part after group 1 is optional, so the match
 * at a digit is: group 1 (first way), then the range group if it matches, then the unit group
 * if it matches.  Inside those groups each optional piece consumes a non-digit, and skipping it
 * would put a non-digit where a number or connector must start, so taking each optional piece
 * when it is there is the only way the regex can succeed. */
static int
money_next(const Text *t, Py_ssize_t pos, MoneyMatch *m)
{
    Py_ssize_t n = t->n, p = pos;
    if (t->kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d = t->data;
        for (;;) {
            SKIP_TO_RANGE(d, p, n, '0' - 1, '9' + 1);
            if (p >= n || (d[p] >= '0' && d[p] <= '9'))
                break;
            p++;
        }
    }
    else
        while (p < n && !is_digit(CH(t, p)))
            p++;
    if (p >= n)
        return 0;
    m->start = m->g1s = p;
    Py_ssize_t e = m->g1e = number_end(t, p);
    m->g2s = m->g2e = -1;
    m->unit = -1;
    /* [ \t]?(?:-|s/d|sd|sampai|hingga|to|~)[ \t]?(?:rp\.?[ \t]?|\$[ \t]?)?(NUMBER) */
    Py_ssize_t q = e;
    if (q < n && is_sptab(CH(t, q)))
        q++;
    Py_ssize_t r = -1;
    for (size_t k = 0; k < sizeof(CONNECTORS) / sizeof(*CONNECTORS); k++) {
        Py_ssize_t len = (Py_ssize_t)strlen(CONNECTORS[k]);
        if (lit_at(t, q, CONNECTORS[k], len)) {
            r = q + len;
            break;
        }
    }
    if (r >= 0) {
        if (r < n && is_sptab(CH(t, r)))
            r++;
        if (lit_at(t, r, "rp", 2)) {
            r += 2;
            if (r < n && CH(t, r) == '.')
                r++;
            if (r < n && is_sptab(CH(t, r)))
                r++;
        }
        else if (r < n && CH(t, r) == '$') {
            r++;
            if (r < n && is_sptab(CH(t, r)))
                r++;
        }
        if (r < n && is_digit(CH(t, r))) {
            m->g2s = r;
            e = m->g2e = number_end(t, r);
        }
    }
    /* (?:[ \t]?(units)(?![a-z]))? */
    q = e;
    if (q < n && is_sptab(CH(t, q)))
        q++;
    int u = ws_at(&W_UNITS, t, q, n, 1);
    if (u >= 0) {
        m->unit = u;
        e = q + W_UNITS.len[u];
    }
    m->end = e;
    return 1;
}

/* _CURRENCY_BEFORE.search(text, max(0, start - 8), start): index of the word, -1 if none.
 * `$` matches at start, or before a "\n" at start - 1.  Between the word and `$` only slot
 * characters, none of which ends a word: the word ends where that run starts, and the leftmost
 * match is the longest word ending there. */
static int
currency_before(const Text *t, Py_ssize_t start, Py_ssize_t *wstart)
{
    Py_ssize_t lo = start - 8 > 0 ? start - 8 : 0;
    int best = -1;
    Py_ssize_t best_start = 0;
    for (int pass = 0; pass < 2; pass++) {
        Py_ssize_t E = start;
        if (pass == 1) {
            if (start - 1 < lo || CH(t, start - 1) != '\n')
                break;
            E = start - 1;
        }
        Py_ssize_t w = E;
        while (w > lo && E - w < 5 && slot_char(TPL_BEFORE, CH(t, w - 1)))
            w--;
        if (E - w > 4 || !slots_match(TPL_BEFORE, t, w, E))
            continue;
        Py_ssize_t s;
        int k = ws_ending_at(&W_BEFORE, t, w, lo, 0, &s);
        if (k >= 0 && (best < 0 || s < best_start)) {
            best = k;
            best_start = s;
        }
    }
    *wstart = best_start;
    return best;
}

/* _PERIOD.match(text, pos): [ \t]?(?:/|per|se|a|an)?[ \t]?(words)(?![a-z]), trying the ways
 * in the order the regex engine backtracks through them. */
static const char *const PERIOD_PREFIX[] = {"/", "per", "se", "a", "an", NULL};

static int
period_match(const Text *t, Py_ssize_t pos, Py_ssize_t *end)
{
    Py_ssize_t n = t->n;
    for (int a = 1; a >= 0; a--) {
        if (a && !(pos < n && is_sptab(CH(t, pos))))
            continue;
        Py_ssize_t p1 = pos + a;
        for (int g = 0; g < 6; g++) {
            Py_ssize_t p2 = p1;
            if (PERIOD_PREFIX[g]) {
                Py_ssize_t len = (Py_ssize_t)strlen(PERIOD_PREFIX[g]);
                if (!lit_at(t, p1, PERIOD_PREFIX[g], len))
                    continue;
                p2 += len;
            }
            for (int b = 1; b >= 0; b--) {
                if (b && !(p2 < n && is_sptab(CH(t, p2))))
                    continue;
                int k = ws_at(&W_PERIOD, t, p2 + b, n, 1);
                if (k >= 0) {
                    *end = p2 + b + W_PERIOD.len[k];
                    return k;
                }
            }
        }
    }
    return -1;
}

/* _last(pattern, text[lo:hi]): start of the last finditer match in the window (absolute; -1
 * if none).  The window is a string of its own, so (?![a-z]) holds at its end. */
static Py_ssize_t
last_word(const WordSet *ws, const Text *t, Py_ssize_t lo, Py_ssize_t hi)
{
    Py_ssize_t last = -1, p = lo;
    while (p < hi) {
        int k = ws_at(ws, t, p, hi, 1);
        if (k >= 0) {
            last = p;
            p += ws->len[k];
        }
        else
            p++;
    }
    return last;
}

/* float(raw) the way _number() computes it, raw = text[s:e] (digits, "." and ","). */
static int
number_value(const Text *t, Py_ssize_t s, Py_ssize_t e, double *out)
{
    Py_ssize_t len = e - s;
    char small[64];
    char *raw = len < (Py_ssize_t)sizeof(small) ? small : PyMem_Malloc(len + 1);
    char *conv = len < (Py_ssize_t)sizeof(small) / 2 ? small + 32 : PyMem_Malloc(len + 1);
    int rc = -1;
    if (!raw || !conv) {
        PyErr_NoMemory();
        goto out;
    }
    for (Py_ssize_t i = 0; i < len; i++)
        raw[i] = (char)CH(t, s + i);
    raw[len] = 0;
    /* _GROUPED: D{1,3}([.,]DDD)+   _GROUPED_DECIMAL: D{1,3}([.,]DDD)+,D{1,2}  (fullmatch) */
    Py_ssize_t i = 0;
    while (i < len && is_digit(raw[i]))
        i++;
    int grouped = 0, grouped_decimal = 0;
    if (i >= 1 && i <= 3) {
        int groups = 0;
        while (i + 4 <= len && (raw[i] == '.' || raw[i] == ',') && is_digit(raw[i + 1]) &&
               is_digit(raw[i + 2]) && is_digit(raw[i + 3])) {
            i += 4;
            groups++;
        }
        if (groups && i == len)
            grouped = 1;
        else if (groups && raw[i] == ',' && (len - i == 2 || len - i == 3) &&
                 is_digit(raw[i + 1]) && (len - i == 2 || is_digit(raw[i + 2])))
            grouped_decimal = 1;
    }
    /* grouped with decimals ("1.500,50", "1,500,50"): the last comma is the decimal point */
    Py_ssize_t last_comma = len - 1;
    while (grouped_decimal && raw[last_comma] != ',')
        last_comma--;
    Py_ssize_t cl = 0;
    for (Py_ssize_t k = 0; k < len; k++) {
        char c = raw[k];
        if (grouped)
            c = (c == '.' || c == ',') ? 0 : c;
        else if (grouped_decimal)
            c = k == last_comma ? '.' : (c == '.' || c == ',') ? 0 : c;
        else
            c = c == ',' ? '.' : c;
        if (c)
            conv[cl++] = c;
    }
    conv[cl] = 0;
    /* Exact fast path: an integer below 2**53 divided by 1, 10 or 100 is correctly rounded,
     * as float() is. */
    long long mant = 0;
    int ndig = 0, frac = -1, ok = cl > 0;
    for (Py_ssize_t k = 0; k < cl && ok; k++) {
        if (conv[k] == '.') {
            if (frac >= 0)
                ok = 0;
            frac = 0;
            continue;
        }
        mant = mant * 10 + (conv[k] - '0');
        if (++ndig > 15)
            ok = 0;
        if (frac >= 0)
            frac++;
    }
    if (ok && frac != 0 && frac <= 2) {
        *out = frac == 2 ? (double)mant / 100.0 : frac == 1 ? (double)mant / 10.0 : (double)mant;
        rc = 0;
        goto out;
    }
    char *endp = NULL;
    double v = PyOS_string_to_double(conv, &endp, NULL);
    if ((v == -1.0 && PyErr_Occurred()) || endp != conv + cl) {
        /* let float() raise its own error, e.g. "1,000,50" -> float("1.000.50") */
        PyErr_Clear();
        PyObject *str = PyUnicode_FromStringAndSize(conv, cl);
        PyObject *f = str ? PyFloat_FromString(str) : NULL;
        Py_XDECREF(str);
        if (!f)
            goto out;
        v = PyFloat_AS_DOUBLE(f);
        Py_DECREF(f);
    }
    *out = v;
    rc = 0;
out:
    if (raw && raw != small)
        PyMem_Free(raw);
    if (conv && conv != small + 32)
        PyMem_Free(conv);
    return rc;
}

typedef struct {
    PyObject *currency; /* borrowed */
    int is_idr;
    double low, high;
    Py_ssize_t end, prefix; /* prefix: start of the currency before, -1 if none */
} Amount;

/* _amount(text, m, rates): 1 found, 0 None, -1 error, FALLBACK+1 rate of an unusual type. */
#define AMOUNT_FALLBACK 2

static int
amount(const Text *t, const MoneyMatch *m, PyObject *rates, Amount *a)
{
    int digits = 0;
    for (Py_ssize_t i = m->g1s; i < m->g1e && digits < 10; i++)
        digits += is_digit(CH(t, i));
    if (digits >= 10 && m->unit < 0)
        return 0;
    Py_ssize_t start = m->start, end = m->end, bstart = -1;
    int before = currency_before(t, start, &bstart);
    /* _CURRENCY_AFTER.match(text, end): [ \t]?(words)(?![a-z]) */
    Py_ssize_t q = end;
    if (q < t->n && is_sptab(CH(t, q)))
        q++;
    int after = ws_at(&W_AFTER, t, q, t->n, 1);
    if (before < 0 && after < 0 && m->unit < 0)
        return 0;
    if (before >= 0) {
        a->currency = W_BEFORE.code[before];
        a->is_idr = W_BEFORE.code_is_idr[before];
    }
    else if (after >= 0) {
        a->currency = W_AFTER.code[after];
        a->is_idr = W_AFTER.code_is_idr[after];
    }
    else {
        a->currency = S_IDR;
        a->is_idr = 1;
    }
    if (after >= 0)
        end = q + W_AFTER.len[after];
    double factor = m->unit >= 0 ? W_UNITS.factor[m->unit] : unit_none_factor;
    if (m->unit >= 0 && m->unit == unit_m && a->is_idr && before < 0)
        return 0;
    double low, high;
    if (number_value(t, m->g1s, m->g1e, &low) < 0)
        return -1;
    low = low * factor;
    if (m->g2s >= 0) {
        if (number_value(t, m->g2s, m->g2e, &high) < 0)
            return -1;
        high = high * factor;
    }
    else
        high = low;
    double per = 1.0;
    Py_ssize_t pend;
    int k = period_match(t, end, &pend);
    if (k >= 0) {
        per = W_PERIOD.factor[k];
        end = pend;
    }
    PyObject *rate_obj = PyDict_GetItemWithError(rates, a->currency);
    if (!rate_obj && PyErr_Occurred())
        return -1;
    double rate;
    if (!rate_obj)
        return 0; /* rates.get(currency, 0.0) is falsy */
    if (PyFloat_CheckExact(rate_obj)) {
        rate = PyFloat_AS_DOUBLE(rate_obj);
        if (rate == 0.0)
            return 0;
    }
    else if (PyLong_CheckExact(rate_obj)) {
        int truth = PyObject_IsTrue(rate_obj);
        if (truth <= 0)
            return truth; /* 0: `not rate` */
        rate = PyLong_AsDouble(rate_obj);
        if (rate == -1.0 && PyErr_Occurred())
            return -1;
    }
    else
        return AMOUNT_FALLBACK;
    double hi = low > high ? low : high; /* max(high, low) */
    double x = hi * rate;
    a->high = x * per;
    if (!isfinite(a->high))
        return 0; /* not math.isfinite(high_idr) */
    x = low * rate;
    a->low = x * per;
    a->end = end;
    a->prefix = before >= 0 ? bstart : -1;
    return 1;
}

static PyObject *
call_python(PyObject *func, PyObject *const *args, Py_ssize_t nargs)
{
    return PyObject_Vectorcall(func, args, nargs, NULL);
}

static PyObject *
cmoney_money(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "money() takes exactly 2 arguments (norm, rates)");
        return NULL;
    }
    PyObject *norm = args[0], *rates = args[1];
    PyObject *text = PyObject_GetAttr(norm, S_text);
    if (!text)
        return NULL;
    if (!PyUnicode_Check(text) || !PyDict_CheckExact(rates)) {
        Py_DECREF(text);
        return call_python(py_money, args, 2);
    }
    Text t;
    PyObject *salaries = NULL, *fees = NULL, *result = NULL;
    NormCtx nc = {norm, 0, NULL, NULL, NULL, NULL};
    if (text_init(&t, text) < 0)
        goto done;
    salaries = PyList_New(0);
    fees = PyList_New(0);
    if (!salaries || !fees)
        goto done;
    /* `if _MONEY_HINT.search(text) is None: return [], []` is not needed here: a match only
     * gets past _amount's first test with a currency before it (word, `\.?[ \t]?:?[ \t]?`, then
     * the digit or "\n" and the digit: the hint's first alternative), a currency after its
     * last digit or a unit after a digit (the second alternative), and nothing before that
     * test can raise.  So when the hint finds nothing, this loop returns nothing too. */
    {
        Py_ssize_t pos = 0;
        MoneyMatch m;
        while (money_next(&t, pos, &m)) {
            pos = m.end;
            if (PyList_GET_SIZE(salaries) + PyList_GET_SIZE(fees) >= max_entities)
                break;
            Py_ssize_t start = m.start;
            if (start) {
                Py_UCS4 c = CH(&t, start - 1);
                if (is_alnum(c) || c == '+')
                    continue;
            }
            Amount a;
            int rc = amount(&t, &m, rates, &a);
            if (rc < 0)
                goto done;
            if (rc == AMOUNT_FALLBACK) {
                result = call_python(py_money, args, 2);
                goto done;
            }
            if (rc == 0)
                continue;
            /* _kind(text, start, currency, end) */
            Py_ssize_t wlo = start - 45 > 0 ? start - 45 : 0;
            Py_ssize_t fee = last_word(&W_FEE, &t, wlo, start);
            Py_ssize_t sal = last_word(&W_SALARY, &t, wlo, start);
            int is_fee;
            if (fee > sal)
                is_fee = 1;
            else if (sal > fee)
                is_fee = 0;
            else {
                Py_ssize_t pend;
                if (!a.is_idr || period_match(&t, a.end, &pend) >= 0)
                    is_fee = 0;
                else
                    continue;
            }
            PyObject *v[5];
            v[0] = norm_span(&nc, a.prefix >= 0 ? a.prefix : start, a.end);
            if (!v[0])
                goto done;
            v[1] = PyLong_FromDouble(a.low);
            v[2] = v[1] ? PyLong_FromDouble(a.high) : NULL;
            if (!v[2]) {
                Py_DECREF(v[0]);
                Py_XDECREF(v[1]);
                goto done;
            }
            v[3] = a.currency;
            Py_INCREF(v[3]);
            v[4] = is_fee ? S_fee : S_salary;
            Py_INCREF(v[4]);
            PyObject *item = new_record(SalaryType, off_salary, 5, v);
            if (!item)
                goto done;
            rc = PyList_Append(is_fee ? fees : salaries, item);
            Py_DECREF(item);
            if (rc < 0)
                goto done;
        }
    }
    result = PyTuple_Pack(2, salaries, fees);
done:
    norm_clear(&nc);
    Py_XDECREF(salaries);
    Py_XDECREF(fees);
    Py_DECREF(text);
    return result;
}

/* ------------------------------------------------------------------------------------------ */
/* phones()                                                                                   */

/* [0-9 ().\-/] */
static inline int
is_cand(Py_UCS4 c)
{
    return is_digit(c) || c == ' ' || c == '(' || c == ')' || c == '.' || c == '-' || c == '/';
}

/* _CANDIDATE.search from pos: [+(0-9][0-9 ().\-/]{6,28}[0-9].  At a start character, the
 * greedy {6,28} backs off until the next character is a digit: the match is the longest one
 * (at most 30 characters) that ends in a digit and has at least 8. */
static int
candidate_next(const Text *t, Py_ssize_t pos, Py_ssize_t *ms, Py_ssize_t *me)
{
    Py_ssize_t n = t->n;
    const Py_UCS1 *d = t->kind == PyUnicode_1BYTE_KIND ? t->data : NULL;
    for (Py_ssize_t p = pos; p + 7 < n; p++) {
        if (d) { /* to the next "+", "(" or digit, 8 bytes at a time */
            while (p + 8 <= n) {
                uint64_t x = load8(d + p);
                if (hasbetween(x, '0' - 1, '9' + 1) || haszero(x ^ (ONES * '+')) ||
                    haszero(x ^ (ONES * '(')))
                    break;
                p += 8;
            }
        }
        if (p + 7 >= n)
            break;
        Py_UCS4 c = CH(t, p);
        if (!(is_digit(c) || c == '+' || c == '('))
            continue;
        Py_ssize_t L = 0; /* class characters from p + 1, at most 29 */
        while (L < 29 && p + 1 + L < n && is_cand(CH(t, p + 1 + L)))
            L++;
        Py_ssize_t k = L - 1 < 28 ? L - 1 : 28;
        while (k >= 6 && !is_digit(CH(t, p + 1 + k)))
            k--;
        if (k < 6) {
            /* no digit in [p + 7, p + L]; when the run stopped before the cap, every start
             * inside it ends at the same place and needs a digit further right: skip them */
            if (L < 29)
                p += L;
            continue;
        }
        *ms = p;
        *me = p + 2 + k;
        return 1;
    }
    return 0;
}

/* _MONEY_BEFORE.search(text, max(0, start - 5), start) is not None:
 * (?i)(?:rp|idr|usd|rm|\$|nt|sgd|myr|s\$)\.?\s?$ */
static int
phone_money_before(const Text *t, Py_ssize_t start)
{
    Py_ssize_t lo = start - 5 > 0 ? start - 5 : 0;
    for (int pass = 0; pass < 2; pass++) {
        Py_ssize_t E = start;
        if (pass == 1) {
            if (start - 1 < lo || CH(t, start - 1) != '\n')
                break;
            E = start - 1;
        }
        /* the word ends at E, E - 1 or E - 2, followed by a string matching \.?\s? */
        for (Py_ssize_t w = E; w >= lo && w >= E - 2; w--) {
            if (!slots_match(TPL_PHONE_MONEY, t, w, E))
                continue;
            Py_ssize_t s;
            if (ws_ending_at(&W_PH_MONEY, t, w, lo, 1, &s) >= 0)
                return 1;
        }
    }
    return 0;
}

/* normalize_phone(raw, "ID") for a candidate (raw: ASCII, from [+(0-9][0-9 ().\-/]*).
 * Returns a new reference, Py_None (new ref) for None, NULL on error. */
static PyObject *
normalize_candidate(const char *raw, Py_ssize_t len)
{
    char digits[40];
    Py_ssize_t nd = 0;
    for (Py_ssize_t i = 0; i < len; i++)
        if (is_digit(raw[i]))
            digits[nd++] = raw[i];
    digits[nd] = 0;
    if (nd < 7 || nd > 15)
        Py_RETURN_NONE;
    /* raw never starts with whitespace, so raw.lstrip() is raw */
    int international = raw[0] == '+' || (len >= 2 && raw[0] == '0' && raw[1] == '0');
    /* _indonesian_mobile(digits, international) */
    const char *national = NULL;
    if (international) {
        const char *d = digits;
        if (d[0] == '0' && d[1] == '0')
            d += 2;
        if (d[0] == '6' && d[1] == '2')
            national = d + 2;
    }
    else if (digits[0] == '6' && digits[1] == '2')
        national = digits + 2;
    else if (digits[0] == '0')
        national = digits + 1;
    else
        national = digits;
    if (national) {
        /* _ID_MOBILE.fullmatch: 8[1-35-9][0-9]{7,10} */
        size_t nl = strlen(national);
        if (nl >= 9 && nl <= 12 && national[0] == '8' && national[1] >= '1' &&
            national[1] <= '9' && national[1] != '4') {
            char buf[48] = "+62";
            memcpy(buf + 3, national, nl);
            return PyUnicode_FromStringAndSize(buf, 3 + nl);
        }
    }
    /* _parse(("+" + digits.removeprefix("00")) if international else digits, region) */
    char arg[48];
    Py_ssize_t al;
    if (international) {
        const char *d = digits;
        if (d[0] == '0' && d[1] == '0')
            d += 2;
        arg[0] = '+';
        al = 1 + (Py_ssize_t)strlen(d);
        memcpy(arg + 1, d, al - 1);
    }
    else {
        al = nd;
        memcpy(arg, digits, nd);
    }
    PyObject *s = PyUnicode_FromStringAndSize(arg, al);
    if (!s)
        return NULL;
    PyObject *cargs[2] = {s, S_ID};
    PyObject *r = PyObject_Vectorcall(py_parse, cargs, 2, NULL);
    Py_DECREF(s);
    return r;
}

static PyObject *
cmoney_phones(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 1) {
        PyErr_SetString(PyExc_TypeError, "phones() takes exactly 1 argument (text)");
        return NULL;
    }
    PyObject *text = args[0];
    if (!PyUnicode_Check(text))
        return call_python(py_phones, args, 1);
    Text t;
    if (text_init(&t, text) < 0)
        return NULL;
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    Py_ssize_t pos = 0, start, end, n = t.n;
    while (PyList_GET_SIZE(found) < max_entities && candidate_next(&t, pos, &start, &end)) {
        pos = end;
        if (start && (is_alnum(CH(&t, start - 1)) || CH(&t, start - 1) == '+'))
            continue;
        if (end < n && is_alnum(CH(&t, end)))
            continue;
        char raw[32];
        Py_ssize_t len = end - start;
        for (Py_ssize_t i = 0; i < len; i++)
            raw[i] = (char)CH(&t, start + i);
        raw[len] = 0;
        /* _GROUPED_THOUSANDS.match(raw): ^[0-9]{1,3}(?:[.,][0-9]{3})+$ */
        Py_ssize_t i = 0;
        while (i < len && is_digit(raw[i]))
            i++;
        if (i >= 1 && i <= 3 && (len - i) % 4 == 0) {
            int grouped = 1;
            for (; i < len; i += 4)
                if ((raw[i] != '.' && raw[i] != ',') || !is_digit(raw[i + 1]) ||
                    !is_digit(raw[i + 2]) || !is_digit(raw[i + 3]))
                    grouped = 0;
            if (grouped)
                continue;
        }
        if (phone_money_before(&t, start))
            continue;
        PyObject *e164 = normalize_candidate(raw, len);
        if (!e164)
            goto error;
        int truth = PyObject_IsTrue(e164);
        if (truth <= 0) {
            Py_DECREF(e164);
            if (truth < 0)
                goto error;
            continue;
        }
        PyObject *sub = PyUnicode_Substring(text, start, end);
        PyObject *span = sub ? new_span(start, end, sub) : NULL;
        PyObject *pair = span ? PyTuple_Pack(2, span, e164) : NULL;
        Py_XDECREF(span);
        Py_DECREF(e164);
        if (!pair || PyList_Append(found, pair) < 0) {
            Py_XDECREF(pair);
            goto error;
        }
        Py_DECREF(pair);
    }
    return found;
error:
    Py_DECREF(found);
    return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Import: read the tables, check the patterns are the ones this file mirrors.                 */

static PyObject *
getattr_s(PyObject *obj, const char *name)
{
    return PyObject_GetAttrString(obj, name);
}

static int
fail(const char *what)
{
    if (!PyErr_Occurred())
        PyErr_Format(PyExc_ImportError, "_cmoney: %s is not what this accelerator mirrors",
                     what);
    return -1;
}

/* module.name must be a compiled pattern with flags and a source equal to `expected`. */
static int
check_pattern(PyObject *module, const char *name, PyObject *expected, long flags)
{
    PyObject *pat = getattr_s(module, name);
    PyObject *src = pat ? getattr_s(pat, "pattern") : NULL;
    PyObject *fl = src ? getattr_s(pat, "flags") : NULL;
    int ok = fl && expected && PyUnicode_Check(src) && PyUnicode_Compare(src, expected) == 0 &&
             PyLong_AsLong(fl) == flags;
    Py_XDECREF(pat);
    Py_XDECREF(src);
    Py_XDECREF(fl);
    if (!ok)
        return fail(name);
    return 0;
}

/* "(a|b)" in module.name (a str) -> ws */
static int
load_group(WordSet *ws, PyObject *module, const char *name, const char *allowed,
           PyObject **source)
{
    PyObject *s = getattr_s(module, name);
    if (!s)
        return -1;
    Py_ssize_t len;
    const char *u = PyUnicode_Check(s) ? PyUnicode_AsUTF8AndSize(s, &len) : NULL;
    if (!u || len < 3 || u[0] != '(' || u[len - 1] != ')') {
        Py_DECREF(s);
        return fail(name);
    }
    if (ws_parse(ws, u + 1, len - 2, allowed) < 0) {
        Py_DECREF(s);
        return -1;
    }
    *source = s;
    return 0;
}

/* Words of a pattern "<prefix>(a|b|c)<suffix>" -> ws (and checks the pattern's flags) */
static int
load_pattern_words(WordSet *ws, PyObject *module, const char *name, const char *prefix,
                   const char *suffix, const char *allowed, long flags)
{
    PyObject *pat = getattr_s(module, name);
    PyObject *src = pat ? getattr_s(pat, "pattern") : NULL;
    PyObject *fl = src ? getattr_s(pat, "flags") : NULL;
    int rc = -1;
    Py_ssize_t len;
    const char *u = fl && PyUnicode_Check(src) ? PyUnicode_AsUTF8AndSize(src, &len) : NULL;
    size_t pl = strlen(prefix), sl = strlen(suffix);
    if (!u || PyLong_AsLong(fl) != flags || (size_t)len < pl + sl ||
        strncmp(u, prefix, pl) != 0 || strcmp(u + len - sl, suffix) != 0) {
        fail(name);
        goto out;
    }
    rc = ws_parse(ws, u + pl, len - (Py_ssize_t)(pl + sl), allowed);
out:
    Py_XDECREF(pat);
    Py_XDECREF(src);
    Py_XDECREF(fl);
    return rc;
}

/* value of a number in a dict (float or int), the way float * value would convert it */
static int
dict_number(PyObject *dict, PyObject *key, PyObject *dflt, int required, double *out)
{
    PyObject *v = PyDict_GetItemWithError(dict, key);
    if (!v) {
        if (PyErr_Occurred())
            return -1;
        if (required || !dflt)
            return fail("a factor table");
        v = dflt;
    }
    if (PyFloat_CheckExact(v))
        *out = PyFloat_AS_DOUBLE(v);
    else if (PyLong_CheckExact(v)) {
        *out = PyLong_AsDouble(v);
        if (*out == -1.0 && PyErr_Occurred())
            return -1;
    }
    else
        return fail("a factor table");
    return 0;
}

static int
set_codes(WordSet *ws, PyObject *codes)
{
    for (int k = 0; k < ws->n; k++) {
        PyObject *c = PyDict_GetItemWithError(codes, ws->obj[k]);
        if (!c || !PyUnicode_Check(c))
            return fail("_CURRENCY_CODE");
        Py_INCREF(c);
        ws->code[k] = c;
        ws->code_is_idr[k] = PyUnicode_CompareWithASCIIString(c, "IDR") == 0;
    }
    return 0;
}

/* offsets of the slots of a frozen slots dataclass, in field order */
static int
slot_offsets(PyObject *type, const char *const *names, int n, Py_ssize_t *offsets)
{
    if (!PyType_Check(type))
        return fail("a model class");
    PyObject *post = PyObject_GetAttrString(type, "__post_init__");
    if (post) {
        Py_DECREF(post);
        return fail("a model class (it has __post_init__)");
    }
    PyErr_Clear();
    PyObject *fields = PyObject_GetAttrString(type, "__dataclass_fields__");
    if (!fields || !PyDict_Check(fields) || PyDict_GET_SIZE(fields) != n) {
        Py_XDECREF(fields);
        return fail("a model class (fields)");
    }
    Py_DECREF(fields);
    for (int i = 0; i < n; i++) {
        PyObject *d = PyObject_GetAttrString(type, names[i]);
        if (!d)
            return -1;
        int ok = Py_IS_TYPE(d, &PyMemberDescr_Type) &&
                 ((PyMemberDescrObject *)d)->d_member->type == T_OBJECT_EX;
        if (ok)
            offsets[i] = ((PyMemberDescrObject *)d)->d_member->offset;
        Py_DECREF(d);
        if (!ok)
            return fail("a model class (slots)");
    }
    return 0;
}

#define INTERN(var, s)                                                                        \
    do {                                                                                      \
        if (!((var) = PyUnicode_InternFromString(s)))                                         \
            return -1;                                                                        \
    } while (0)

static int
load(void)
{
    INTERN(S_text, "text");
    INTERN(S_original, "original");
    INTERN(S_fold_map, "fold_map");
    INTERN(S_rewrite_map, "rewrite_map");
    INTERN(S__spans, "_spans");
    INTERN(S_out_starts, "out_starts");
    INTERN(S_in_starts, "in_starts");
    INTERN(S_in_ends, "in_ends");
    INTERN(S_copied, "copied");
    INTERN(S_IDR, "IDR");
    INTERN(S_ID, "ID");
    INTERN(S_fee, "fee");
    INTERN(S_salary, "salary");

    int rc = -1;
    PyObject *ent = PyImport_ImportModule("sigap.screening.entities");
    PyObject *ph = ent ? PyImport_ImportModule("sigap.lib.phones") : NULL;
    PyObject *model = ph ? PyImport_ImportModule("sigap.screening.model") : NULL;
    PyObject *units = NULL, *before = NULL, *after = NULL, *number = NULL, *exp = NULL;
    PyObject *codes = NULL, *ufac = NULL, *pfac = NULL, *maxe = NULL, *one = NULL, *empty = NULL;
    PyObject *defaults = NULL;
    if (!model)
        goto out;

    /* entities: word lists, patterns, tables */
    if (load_group(&W_UNITS, ent, "_UNITS", "abcdefghijklmnopqrstuvwxyz", &units) < 0 ||
        load_group(&W_BEFORE, ent, "_BEFORE_WORDS", "abcdefghijklmnopqrstuvwxyz$", &before) < 0 ||
        load_group(&W_AFTER, ent, "_AFTER_WORDS", "abcdefghijklmnopqrstuvwxyz", &after) < 0)
        goto out;
    number = getattr_s(ent, "_NUMBER");
    if (!number)
        goto out;
    if (!PyUnicode_Check(number) ||
        PyUnicode_CompareWithASCIIString(
            number, "[0-9]{1,3}(?:[.,][0-9]{3})+(?:,[0-9]{1,2})?|[0-9]{1,9}(?:[.,][0-9]{1,2})?"))
    {
        fail("_NUMBER");
        goto out;
    }
#define CHECK(name, flags, ...)                                                               \
    do {                                                                                      \
        exp = PyUnicode_FromFormat(__VA_ARGS__);                                              \
        if (check_pattern(ent, name, exp, flags) < 0)                                         \
            goto out;                                                                         \
        Py_CLEAR(exp);                                                                        \
    } while (0)
    CHECK("_MONEY", 32,
          "(%U)(?:[ \\t]?(?:-|s/d|sd|sampai|hingga|to|~)[ \\t]?(?:rp\\.?[ \\t]?|\\$[ \\t]?)?(%U))?"
          "(?:[ \\t]?%U(?![a-z]))?",
          number, number, units);
    CHECK("_CURRENCY_BEFORE", 32, "%U\\.?[ \\t]?:?[ \\t]?$", before);
    CHECK("_CURRENCY_AFTER", 32, "[ \\t]?%U(?![a-z])", after);
    {
        PyObject *u_in = PyUnicode_Substring(units, 1, PyUnicode_GET_LENGTH(units) - 1);
        PyObject *a_in = u_in ? PyUnicode_Substring(after, 1, PyUnicode_GET_LENGTH(after) - 1)
                              : NULL;
        if (!a_in) {
            Py_XDECREF(u_in);
            goto out;
        }
        /* not run (see cmoney_money), but its shape is what makes skipping it exact */
        exp = PyUnicode_FromFormat("%U\\.?[ \\t]?:?[ \\t]?\\n?[0-9]|[0-9][ \\t]?(?:%U|%U)", before,
                                   u_in, a_in);
        Py_DECREF(u_in);
        Py_DECREF(a_in);
        int prc = exp ? 0 : -1;
        if (prc < 0 || check_pattern(ent, "_MONEY_HINT", exp, 32) < 0)
            goto out;
        Py_CLEAR(exp);
    }
    CHECK("_GROUPED", 32, "[0-9]{1,3}(?:[.,][0-9]{3})+");
    CHECK("_GROUPED_DECIMAL", 32, "[0-9]{1,3}(?:[.,][0-9]{3})+,[0-9]{1,2}");
    if (load_pattern_words(&W_PERIOD, ent, "_PERIOD", "[ \\t]?(?:/|per|se|a|an)?[ \\t]?(",
                           ")(?![a-z])", "abcdefghijklmnopqrstuvwxyz", 32) < 0 ||
        load_pattern_words(&W_FEE, ent, "_FEE_WORDS", "(", ")(?![a-z])",
                           "abcdefghijklmnopqrstuvwxyz ", 32) < 0 ||
        load_pattern_words(&W_SALARY, ent, "_SALARY_WORDS", "(", ")(?![a-z])",
                           "abcdefghijklmnopqrstuvwxyz ", 32) < 0)
        goto out;

    codes = getattr_s(ent, "_CURRENCY_CODE");
    ufac = codes ? getattr_s(ent, "_UNIT_FACTOR") : NULL;
    pfac = ufac ? getattr_s(ent, "_PERIOD_FACTOR") : NULL;
    maxe = pfac ? getattr_s(ent, "MAX_ENTITIES") : NULL;
    if (!maxe)
        goto out;
    if (!PyDict_Check(codes) || !PyDict_Check(ufac) || !PyDict_Check(pfac) ||
        !PyLong_CheckExact(maxe)) {
        fail("a table in entities");
        goto out;
    }
    max_entities = PyLong_AsSsize_t(maxe);
    if (max_entities == -1 && PyErr_Occurred())
        goto out;
    if (set_codes(&W_BEFORE, codes) < 0 || set_codes(&W_AFTER, codes) < 0)
        goto out;
    one = PyLong_FromLong(1);
    empty = PyUnicode_FromString("");
    if (!one || !empty)
        goto out;
    for (int k = 0; k < W_UNITS.n; k++) {
        if (dict_number(ufac, W_UNITS.obj[k], one, 0, &W_UNITS.factor[k]) < 0)
            goto out;
        if (strcmp(W_UNITS.w[k], "m") == 0)
            unit_m = k;
    }
    if (dict_number(ufac, empty, one, 0, &unit_none_factor) < 0)
        goto out;
    for (int k = 0; k < W_PERIOD.n; k++)
        if (dict_number(pfac, W_PERIOD.obj[k], NULL, 1, &W_PERIOD.factor[k]) < 0)
            goto out;
    if (!(py_money = getattr_s(ent, "money")) || !(py_phones = getattr_s(ent, "phones")))
        goto out;

    /* phones */
    if (check_pattern(ph, "_CANDIDATE", (exp = PyUnicode_FromString("[+(0-9][0-9 ().\\-/]{6,28}[0-9]")), 32) < 0)
        goto out;
    Py_CLEAR(exp);
    if (check_pattern(ph, "_ID_MOBILE", (exp = PyUnicode_FromString("8[1-35-9][0-9]{7,10}")), 32) < 0)
        goto out;
    Py_CLEAR(exp);
    if (check_pattern(ph, "_NON_DIGIT", (exp = PyUnicode_FromString("[^0-9]")), 32) < 0)
        goto out;
    Py_CLEAR(exp);
    if (check_pattern(ph, "_GROUPED_THOUSANDS",
                      (exp = PyUnicode_FromString("^[0-9]{1,3}(?:[.,][0-9]{3})+$")), 32) < 0)
        goto out;
    Py_CLEAR(exp);
    if (load_pattern_words(&W_PH_MONEY, ph, "_MONEY_BEFORE", "(?:", ")\\.?\\s?$",
                           "abcdefghijklmnopqrstuvwxyz$", 34) < 0)
        goto out;
    defaults = PyObject_GetAttrString(ph, "find_phones");
    if (defaults) {
        PyObject *d = PyObject_GetAttrString(defaults, "__defaults__");
        Py_SETREF(defaults, d);
    }
    if (!defaults)
        goto out;
    if (!PyTuple_Check(defaults) || PyTuple_GET_SIZE(defaults) != 1 ||
        !PyUnicode_Check(PyTuple_GET_ITEM(defaults, 0)) ||
        PyUnicode_Compare(PyTuple_GET_ITEM(defaults, 0), S_ID) != 0) {
        fail("find_phones's default region");
        goto out;
    }
    if (!(py_parse = getattr_s(ph, "_parse")))
        goto out;

    /* model */
    static const char *const span_fields[] = {"start", "end", "text"};
    static const char *const salary_fields[] = {"span", "amount_idr_month",
                                                "amount_idr_month_max", "currency", "kind"};
    if (!(SpanType = getattr_s(model, "Span")) || !(SalaryType = getattr_s(model, "Salary")))
        goto out;
    if (slot_offsets(SpanType, span_fields, 3, off_span) < 0 ||
        slot_offsets(SalaryType, salary_fields, 5, off_salary) < 0)
        goto out;
    rc = 0;
out:
    Py_XDECREF(ent);
    Py_XDECREF(ph);
    Py_XDECREF(model);
    Py_XDECREF(units);
    Py_XDECREF(before);
    Py_XDECREF(after);
    Py_XDECREF(number);
    Py_XDECREF(exp);
    Py_XDECREF(codes);
    Py_XDECREF(ufac);
    Py_XDECREF(pfac);
    Py_XDECREF(maxe);
    Py_XDECREF(one);
    Py_XDECREF(empty);
    Py_XDECREF(defaults);
    return rc;
}

/* span(norm, start, end): Normalized.span(norm, start, end), as money() maps its spans. */
static PyObject *
cmoney_span(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "span() takes exactly 3 arguments (norm, start, end)");
        return NULL;
    }
    Py_ssize_t start = PyLong_AsSsize_t(args[1]);
    Py_ssize_t end = start == -1 && PyErr_Occurred() ? -1 : PyLong_AsSsize_t(args[2]);
    if (end == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return PyObject_CallMethod(args[0], "span", "OO", args[1], args[2]);
    }
    NormCtx nc = {args[0], 0, NULL, NULL, NULL, NULL};
    PyObject *span = norm_span(&nc, start, end);
    norm_clear(&nc);
    return span;
}

static PyMethodDef methods[] = {
    {"span", (PyCFunction)(void (*)(void))cmoney_span, METH_FASTCALL,
     "span(norm, start, end) -> Span: exact equivalent of Normalized.span()."},
    {"money", (PyCFunction)(void (*)(void))cmoney_money, METH_FASTCALL,
     "money(norm, rates) -> (salaries, fees): exact equivalent of entities.money()."},
    {"phones", (PyCFunction)(void (*)(void))cmoney_phones, METH_FASTCALL,
     "phones(text) -> [(Span, e164)]: exact equivalent of entities.phones()."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "_cmoney",
    "C accelerator for sigap.screening.entities.money() and phones() (exact equivalents).", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__cmoney(void)
{
    if (load() < 0)
        return NULL;
    return PyModule_Create(&moduledef);
}
