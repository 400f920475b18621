/*
 * sigap.screening._cnormalize: C accelerator for sigap/screening/normalize.py.
 *
 * Exact drop-in equivalents (same values for every str input) of:
 *   normalize(text) -> Normalized     mirrors normalize.normalize (with fold, words_of,
 *                                     _rewrites and _apply behind it)
 *   fold(text) -> (str, _Map | None)  mirrors normalize.fold
 *   words_of(text) -> frozenset[str]  mirrors normalize.words_of
 *
 * Data stays in Python: on first use the module imports sigap.screening.normalize and reads its
 * tables (ABBREVIATIONS/_ABBR_KEYS, _FLAGS, _UNIT_CANON, _SPACED_PAIRS, _TRIPLES,
 * _SINGLE_LETTERS, _SEPARATORS, _REGIONAL_A) and classes (Normalized, _Map). Characters outside
 * ASCII are folded by calling the Python _fold_char (results cached here per code point), so
 * Unicode folding is identical by construction.
 *
 * The four regexes of normalize.py are simple enough to be hand-coded exactly (see the comments
 * at unit_edits, spaced_edits, abbr_edits, repeat_edits). Their pattern strings are checked at
 * first use; if any pattern, table or class no longer has the shape this file was written for,
 * every function here calls the Python implementation instead (see _fallback_reason()).
 * Non-str arguments and str subclasses also go to the Python functions.
 *
 * Text is processed in Py_UCS4 work buffers; Unicode classes follow CPython's definitions:
 * sre's \w = Py_UNICODE_ISALNUM || '_', \s = Py_UNICODE_ISSPACE, str.isalnum = Py_UNICODE_ISALNUM,
 * str.split() = Py_UNICODE_ISSPACE.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------ */
/* State read from the Python module                                                           */

#define ABBR_MAXLEN 32
#define ABBR_TABLE 1024 /* open addressing, power of two */
#define N_UNITS 10

typedef struct {
    unsigned char len; /* 0: empty slot */
    char key[ABBR_MAXLEN];
    int idx;
} AbbrSlot;

static struct {
    int ready;                 /* 0: not initialised, 1: C path, -1: Python fallback */
    PyObject *fallback_reason; /* str or NULL */
    PyObject *py_normalize, *py_fold, *py_words_of, *py_fold_char;
    PyTypeObject *norm_type, *map_type;
    Py_ssize_t off_original, off_text, off_words, off_fold_map, off_rewrite_map, off_spans;
    Py_ssize_t off_out_starts, off_in_starts, off_in_ends, off_copied;
    unsigned char sep[128];           /* words_of separators below 128 (plus Py_UNICODE_ISSPACE) */
    unsigned char single_letter[128]; /* _SINGLE_LETTERS */
    unsigned char triple[128];        /* c*3 in _TRIPLES */
    unsigned char spaced_pair[26 * 26]; /* _SPACED_PAIRS (two letters a-z) */
    PyObject *flags[26 * 26];         /* _FLAGS by regional-indicator pair, NULL: " " */
    PyObject *space;                  /* " " */
    PyObject *unit_canon[N_UNITS];    /* _UNIT_CANON.get(alternative, " ribu") */
    AbbrSlot abbr[ABBR_TABLE];
    PyObject **abbr_value; /* ABBREVIATIONS[key] by idx */
    int n_abbr;
    uint32_t abbr_lens[128]; /* bit n set: a key of length n starts with that character */
} S;

/* The alternatives of _UNIT, in the pattern's order. */
static const char *const UNIT_ALTS[N_UNITS] = {"jt", "jta",  "jtan", "juta", "jutaan",
                                               "rb", "rbu",  "rban", "ribu", "k"};
static const Py_ssize_t UNIT_LEN[N_UNITS] = {2, 3, 4, 4, 6, 2, 3, 4, 4, 1};

static const char PAT_NON_ASCII[] = "[^\\x00-\\x7f]+";
static const char PAT_UNIT[] =
    "[0-9](\\s?(?:jt|jta|jtan|juta|jutaan|rb|rbu|rban|ribu|k))\\b";
static const char PAT_SPACED[] = "(?<![a-z0-9])[a-z](?:[ .*_\\-]{1,2}[a-z](?![a-z0-9])){1,40}";
static const char PAT_REPEAT[] = "([a-z])\\1{2,}";

/* ASCII character classes (fixed definitions, not data). */
static unsigned char A_ALNUM[128], A_WORD[128], A_SPACED_SEP[128];

#define IS_AZ(c) ((Py_UCS4)(c) - 'a' < 26u)
#define IS_AZ09(c) (((Py_UCS4)(c) - 'a' < 26u) | ((Py_UCS4)(c) - '0' < 10u))

/* FNV-1a over code points: the hash of words and abbreviation keys */
#define FNV_INIT 2166136261u
#define FNV_STEP(h, c) (((h) ^ (uint32_t)(c)) * 16777619u)

static inline int is_alnum(Py_UCS4 c) { /* str.isalnum() of one character */
    return c < 128 ? A_ALNUM[c] : Py_UNICODE_ISALNUM(c);
}
static inline int is_word(Py_UCS4 c) { /* sre's Unicode \w */
    return c < 128 ? A_WORD[c] : Py_UNICODE_ISALNUM(c);
}

/* ------------------------------------------------------------------------------------------ */
/* Work buffers (one set reused across calls; a re-entrant call gets its own)                  */

typedef struct {
    Py_UCS4 *p;
    Py_ssize_t len, cap;
    Py_UCS4 maxc;
} UBuf;

typedef struct {
    Py_ssize_t *out, *in_s, *in_e;
    unsigned char *copied;
    Py_ssize_t len, cap;
} MapBuf;

enum { REP_OBJ, REP_LETTERS, REP_CHAR };

typedef struct {
    Py_ssize_t start, end, seq;
    PyObject *rep; /* borrowed, for REP_OBJ */
    int kind;
} Edit;

typedef struct {
    Py_ssize_t start, len;
    uint32_t h; /* FNV-1a of the token */
} Tok;

typedef struct {
    Py_ssize_t start, end;
    int key; /* index of the ABBREVIATIONS key */
} Cand;

typedef struct {
    UBuf t, o;
    MapBuf fm, rm;
    Edit *edits;
    Py_ssize_t n_edits, cap_edits;
    Tok *toks;
    Py_ssize_t n_toks, cap_toks;
    Cand *cands;
    Py_ssize_t n_cands, cap_cands;
    unsigned char *abbr_present;
} Scratch;

static Scratch *g_scratch = NULL;

static int grow(void **p, Py_ssize_t *cap, Py_ssize_t need, size_t elem) {
    if (need <= *cap)
        return 0;
    Py_ssize_t cap2 = *cap ? *cap : 256;
    while (cap2 < need)
        cap2 *= 2;
    void *q = realloc(*p, (size_t)cap2 * elem);
    if (!q) {
        PyErr_NoMemory();
        return -1;
    }
    *p = q;
    *cap = cap2;
    return 0;
}

static inline int ubuf_reserve(UBuf *b, Py_ssize_t extra) {
    if (b->len + extra <= b->cap)
        return 0;
    return grow((void **)&b->p, &b->cap, b->len + extra, sizeof(Py_UCS4));
}

static int map_grow(MapBuf *m) {
    Py_ssize_t cap2 = m->cap ? m->cap * 2 : 64;
    Py_ssize_t *a = realloc(m->out, (size_t)cap2 * sizeof(Py_ssize_t));
    if (!a)
        goto fail;
    m->out = a;
    a = realloc(m->in_s, (size_t)cap2 * sizeof(Py_ssize_t));
    if (!a)
        goto fail;
    m->in_s = a;
    a = realloc(m->in_e, (size_t)cap2 * sizeof(Py_ssize_t));
    if (!a)
        goto fail;
    m->in_e = a;
    unsigned char *c = realloc(m->copied, (size_t)cap2);
    if (!c)
        goto fail;
    m->copied = c;
    m->cap = cap2;
    return 0;
fail:
    PyErr_NoMemory();
    return -1;
}

/* _Map.add */
static inline int map_add(MapBuf *m, Py_ssize_t out, Py_ssize_t in_s, Py_ssize_t in_e, int copied) {
    if (m->len == m->cap && map_grow(m) < 0)
        return -1;
    m->out[m->len] = out;
    m->in_s[m->len] = in_s;
    m->in_e[m->len] = in_e;
    m->copied[m->len] = (unsigned char)copied;
    m->len++;
    return 0;
}

static void scratch_free(Scratch *s) {
    free(s->t.p);
    free(s->o.p);
    free(s->fm.out); free(s->fm.in_s); free(s->fm.in_e); free(s->fm.copied);
    free(s->rm.out); free(s->rm.in_s); free(s->rm.in_e); free(s->rm.copied);
    free(s->edits);
    free(s->toks);
    free(s->cands);
    free(s->abbr_present);
    free(s);
}

static Scratch *scratch_take(void) {
    Scratch *s = g_scratch;
    if (s) {
        g_scratch = NULL;
    } else {
        s = calloc(1, sizeof(Scratch));
        if (!s)
            return (Scratch *)PyErr_NoMemory();
        s->abbr_present = calloc((size_t)(S.n_abbr > 0 ? S.n_abbr : 1), 1);
        if (!s->abbr_present) {
            free(s);
            return (Scratch *)PyErr_NoMemory();
        }
    }
    s->t.len = s->o.len = 0;
    s->t.maxc = s->o.maxc = 0;
    s->fm.len = s->rm.len = 0;
    s->n_edits = s->n_toks = s->n_cands = 0;
    return s;
}

static void scratch_give(Scratch *s) {
    /* Keep what a typical post needs; hand back what a huge text made us allocate. */
    if (g_scratch == NULL && s->t.cap <= (1 << 16) && s->o.cap <= (1 << 16) &&
        s->fm.cap <= (1 << 16) && s->rm.cap <= (1 << 16) && s->cap_edits <= (1 << 14) &&
        s->cap_toks <= (1 << 15) && s->cap_cands <= (1 << 14))
        g_scratch = s;
    else
        scratch_free(s);
}

/* ------------------------------------------------------------------------------------------ */
/* Small helpers on Python strings                                                             */

/* Append the characters of str `s` to b. */
static int ubuf_append_str(UBuf *b, PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (ubuf_reserve(b, n) < 0)
        return -1;
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    Py_UCS4 *w = b->p + b->len, m = b->maxc;
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *a = d;
        for (Py_ssize_t i = 0; i < n; i++) {
            if (a[i] > m)
                m = a[i];
            w[i] = a[i];
        }
        b->maxc = m;
        b->len += n;
        return 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, d, i);
        if (c > m)
            m = c;
        w[i] = c;
    }
    b->maxc = m;
    b->len += n;
    return 0;
}

/* A str of the n code points at p, whose largest is maxc (the str must be canonical). */
static PyObject *str_from_ucs4(const Py_UCS4 *p, Py_ssize_t n, Py_UCS4 maxc) {
    PyObject *r = PyUnicode_New(n, maxc);
    if (!r || n == 0)
        return r;
    switch (PyUnicode_KIND(r)) {
    case PyUnicode_1BYTE_KIND: {
        Py_UCS1 *d = PyUnicode_1BYTE_DATA(r);
        for (Py_ssize_t i = 0; i < n; i++)
            d[i] = (Py_UCS1)p[i];
        break;
    }
    case PyUnicode_2BYTE_KIND: {
        Py_UCS2 *d = PyUnicode_2BYTE_DATA(r);
        for (Py_ssize_t i = 0; i < n; i++)
            d[i] = (Py_UCS2)p[i];
        break;
    }
    default:
        memcpy(PyUnicode_4BYTE_DATA(r), p, (size_t)n * sizeof(Py_UCS4));
    }
    return r;
}

static Py_UCS4 max_of(const Py_UCS4 *p, Py_ssize_t n) {
    Py_UCS4 m = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (p[i] > m)
            m = p[i];
    return m;
}

/* s == p[0:n] */
static int str_eq_ucs4(PyObject *s, const Py_UCS4 *p, Py_ssize_t n) {
    if (PyUnicode_GET_LENGTH(s) != n)
        return 0;
    int kind = PyUnicode_KIND(s);
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d = PyUnicode_1BYTE_DATA(s);
        for (Py_ssize_t i = 0; i < n; i++)
            if (d[i] != p[i])
                return 0;
        return 1;
    }
    const void *d = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_READ(kind, d, i) != p[i])
            return 0;
    return 1;
}

/* Word strings are cached by content so a frozenset of common words costs no allocations. */
#define WORD_CACHE 4096
#ifndef WORD_CACHE_MAXLEN
#define WORD_CACHE_MAXLEN 24
#endif
static PyObject *word_cache[WORD_CACHE];
#define WORD_SLOT(h) (((h) ^ ((h) >> 15)) & (WORD_CACHE - 1))

/* The word p[0:n], whose FNV-1a hash is h. */
static PyObject *word_str(const Py_UCS4 *p, Py_ssize_t n, uint32_t h) {
    if (n > WORD_CACHE_MAXLEN)
        return str_from_ucs4(p, n, max_of(p, n));
    PyObject **slot = &word_cache[WORD_SLOT(h)];
    PyObject *c = *slot;
    if (c && str_eq_ucs4(c, p, n)) {
        Py_INCREF(c);
        return c;
    }
    PyObject *r = str_from_ucs4(p, n, max_of(p, n));
    if (!r)
        return NULL;
    /* hash now: the set needs it, and the cached copy keeps it */
    if (PyObject_Hash(r) == -1) {
        Py_DECREF(r);
        return NULL;
    }
    Py_INCREF(r);
    *slot = r;
    Py_XDECREF(c);
    return r;
}

/* ------------------------------------------------------------------------------------------ */
/* _fold_char, cached per code point (two-level table, filled on demand)                       */

#define FOLD_CACHE_LIMIT 65536
static PyObject **fold_blocks[0x110000 >> 8];
static Py_ssize_t fold_cached = 0;

/* Borrowed-or-new: returns a new reference to _fold_char(chr(c)). */
static PyObject *fold_char(Py_UCS4 c) {
    PyObject **blk = fold_blocks[c >> 8];
    if (blk && blk[c & 0xff]) {
        Py_INCREF(blk[c & 0xff]);
        return blk[c & 0xff];
    }
    PyObject *ch = PyUnicode_FromOrdinal((int)c);
    if (!ch)
        return NULL;
    PyObject *r = PyObject_CallOneArg(S.py_fold_char, ch);
    Py_DECREF(ch);
    if (!r)
        return NULL;
    if (!PyUnicode_Check(r)) {
        PyErr_Format(PyExc_TypeError, "_fold_char returned %.100s, not str", Py_TYPE(r)->tp_name);
        Py_DECREF(r);
        return NULL;
    }
    if (fold_cached < FOLD_CACHE_LIMIT) {
        blk = fold_blocks[c >> 8];
        if (!blk) {
            blk = fold_blocks[c >> 8] = calloc(256, sizeof(PyObject *));
            if (!blk)
                return r; /* no cache, still correct */
        }
        if (!blk[c & 0xff]) {
            Py_INCREF(r);
            blk[c & 0xff] = r;
            fold_cached++;
        }
    }
    return r;
}

/* ------------------------------------------------------------------------------------------ */
/* fold()                                                                                       */

/* The slow path of fold() for a text of one kind: ASCII stretches copied (lower-cased), each
   non-ASCII character (or regional-indicator pair) replaced by _FLAGS / _fold_char, with one map
   entry per piece. *lower_maybe_ascii is cleared as soon as some non-ASCII character's simple
   lower case is not ASCII (see do_fold). */
#define FOLD_SLOW(NAME, T)                                                                     \
    static int NAME(Scratch *s, const T *d, Py_ssize_t n, int *lower_maybe_ascii) {             \
        UBuf *t = &s->t;                                                                       \
        MapBuf *fm = &s->fm;                                                                   \
        int maybe = 1;                                                                         \
        if (ubuf_reserve(t, n) < 0)                                                            \
            return -1;                                                                         \
        Py_ssize_t i = 0, pos = 0;                                                             \
        while (i < n) {                                                                        \
            if (d[i] < 128) {                                                                  \
                i++;                                                                           \
                continue;                                                                      \
            }                                                                                  \
            /* a run of non-ASCII characters starts at i: the ASCII chunk before it first */   \
            if (i > pos) {                                                                     \
                if (map_add(fm, t->len, pos, i, 1) < 0 || ubuf_reserve(t, i - pos) < 0)        \
                    return -1;                                                                 \
                Py_UCS4 *w = t->p + t->len;                                                    \
                for (Py_ssize_t j = pos; j < i; j++)                                           \
                    *w++ = d[j] | ((Py_UCS4)((Py_UCS4)d[j] - 'A' < 26u) << 5);                 \
                t->len += i - pos;                                                             \
            }                                                                                  \
            while (i < n && d[i] >= 128) {                                                     \
                Py_UCS4 c = d[i], c2;                                                          \
                Py_ssize_t width = 1;                                                          \
                PyObject *rep;                                                                 \
                if (maybe && Py_UNICODE_TOLOWER(c) >= 128)                                     \
                    maybe = 0;                                                                 \
                if (c >= 0x1F1E6 && c <= 0x1F1FF && i + 1 < n && (c2 = d[i + 1]) >= 0x1F1E6 && \
                    c2 <= 0x1F1FF) {                                                           \
                    rep = S.flags[(c - 0x1F1E6) * 26 + (c2 - 0x1F1E6)];                        \
                    if (!rep)                                                                  \
                        rep = S.space;                                                         \
                    Py_INCREF(rep);                                                            \
                    width = 2;                                                                 \
                } else if (!(rep = fold_char(c))) {                                            \
                    return -1;                                                                 \
                }                                                                              \
                int err = map_add(fm, t->len, i, i + width, 0) < 0 || ubuf_append_str(t, rep) < 0; \
                Py_DECREF(rep);                                                                \
                if (err)                                                                       \
                    return -1;                                                                 \
                i += width;                                                                    \
            }                                                                                  \
            pos = i;                                                                           \
        }                                                                                      \
        if (pos < n) {                                                                         \
            if (map_add(fm, t->len, pos, n, 1) < 0 || ubuf_reserve(t, n - pos) < 0)            \
                return -1;                                                                     \
            Py_UCS4 *w = t->p + t->len;                                                        \
            for (Py_ssize_t j = pos; j < n; j++)                                               \
                *w++ = d[j] | ((Py_UCS4)((Py_UCS4)d[j] - 'A' < 26u) << 5);                     \
            t->len += n - pos;                                                                 \
        }                                                                                      \
        *lower_maybe_ascii = maybe;                                                            \
        return 0;                                                                              \
    }
FOLD_SLOW(fold_slow_1, Py_UCS1)
FOLD_SLOW(fold_slow_2, Py_UCS2)
FOLD_SLOW(fold_slow_4, Py_UCS4)

/* Fills s->t with fold(text)[0]; *has_map = whether fold gives a _Map (then in s->fm). */
static int do_fold(Scratch *s, PyObject *text, int *has_map) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    UBuf *t = &s->t;
    *has_map = 0;

    if (PyUnicode_IS_ASCII(text)) { /* text.lower() is ASCII and as long: no map */
        if (ubuf_reserve(t, n) < 0)
            return -1;
        const Py_UCS1 *a = PyUnicode_1BYTE_DATA(text);
        Py_UCS4 *w = t->p;
        for (Py_ssize_t i = 0; i < n; i++) /* ASCII lower case, branch-free */
            w[i] = a[i] | ((Py_UCS4)((Py_UCS4)a[i] - 'A' < 26u) << 5);
        t->len = n;
        t->maxc = 127;
        return 0;
    }

    int maybe, r;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        r = fold_slow_1(s, PyUnicode_1BYTE_DATA(text), n, &maybe);
        break;
    case PyUnicode_2BYTE_KIND:
        r = fold_slow_2(s, PyUnicode_2BYTE_DATA(text), n, &maybe);
        break;
    default:
        r = fold_slow_4(s, PyUnicode_4BYTE_DATA(text), n, &maybe);
    }
    if (r < 0)
        return -1;
    *has_map = 1;
    t->maxc = max_of(t->p, t->len); /* exact, for a canonical str */

    /* `low = text.lower(); if low.isascii() and len(low) == len(text): return low, None`.
       The full lower case of a character begins with its simple lower case, so if some
       character's simple lower case is not ASCII, neither is low. Otherwise (only rare letters
       such as U+212A KELVIN SIGN or U+0130) ask str.lower() itself. */
    if (maybe) {
        PyObject *low = PyObject_CallMethod(text, "lower", NULL);
        if (!low)
            return -1;
        if (PyUnicode_Check(low) && PyUnicode_IS_ASCII(low) && PyUnicode_GET_LENGTH(low) == n) {
            *has_map = 0;
            s->fm.len = 0;
            t->len = 0;
            t->maxc = 0;
            r = ubuf_append_str(t, low);
        }
        Py_DECREF(low);
    }
    return r;
}

/* ------------------------------------------------------------------------------------------ */
/* words_of(): tokens of a text                                                                 */

/* Token spans of words_of(p[0:n]): split on _SEPARATORS and Unicode whitespace (str.split()).
   (The two tables are equal; words_of's ASCII path also ends in str.split().) */
static int tokenize(Scratch *s, const Py_UCS4 *p, Py_ssize_t n) {
    const unsigned char *sep = S.sep;
#define IS_SEP(c) ((c) < 128 ? sep[c] : Py_UNICODE_ISSPACE(c))
    s->n_toks = 0;
    /* at most n/2 + 1 tokens */
    if (grow((void **)&s->toks, &s->cap_toks, n / 2 + 1, sizeof(Tok)) < 0)
        return -1;
    Tok *tk = s->toks;
    Py_ssize_t i = 0;
    for (;;) {
        while (i < n && IS_SEP(p[i]))
            i++;
        if (i >= n)
            break;
        Py_ssize_t st = i;
        uint32_t h = FNV_INIT;
        do {
            Py_UCS4 c = p[i++];
            h = FNV_STEP(h, c);
        } while (i < n && !IS_SEP(p[i]));
        tk->start = st;
        tk->len = i - st;
        tk->h = h;
        tk++;
    }
#undef IS_SEP
    s->n_toks = tk - s->toks;
    return 0;
}

static PyObject *words_from_tokens(Scratch *s, const Py_UCS4 *p) {
    PyObject *set = PyFrozenSet_New(NULL);
    if (!set)
        return NULL;
    /* The cached words are scattered in memory: ask for the next ones early. */
    const Py_ssize_t ahead = 4;
    for (Py_ssize_t k = 0; k < s->n_toks && k < ahead; k++)
        __builtin_prefetch(&word_cache[WORD_SLOT(s->toks[k].h)]);
    for (Py_ssize_t k = 0; k < s->n_toks; k++) {
        if (k + ahead < s->n_toks) {
            __builtin_prefetch(&word_cache[WORD_SLOT(s->toks[k + ahead].h)]);
            PyObject *next = word_cache[WORD_SLOT(s->toks[k + ahead / 2].h)];
            if (next)
                __builtin_prefetch(next);
        }
        PyObject *w = word_str(p + s->toks[k].start, s->toks[k].len, s->toks[k].h);
        if (!w || PySet_Add(set, w) < 0) {
            Py_XDECREF(w);
            Py_DECREF(set);
            return NULL;
        }
        Py_DECREF(w);
    }
    return set;
}

/* ------------------------------------------------------------------------------------------ */
/* _rewrites()                                                                                  */

/* Index of the ABBREVIATIONS key p[0:n] (all [a-z0-9]), whose FNV-1a hash is h, or -1. */
static int abbr_lookup(const Py_UCS4 *p, Py_ssize_t n, uint32_t h) {
    if (n < 1 || n >= ABBR_MAXLEN || !(S.abbr_lens[p[0]] & ((uint32_t)1 << n)))
        return -1;
    h = (h ^ (h >> 13)) & (ABBR_TABLE - 1);
    for (;;) {
        const AbbrSlot *e = &S.abbr[h];
        if (e->len == 0)
            return -1;
        if (e->len == n) {
            Py_ssize_t i = 0;
            while (i < n && (Py_UCS4)(unsigned char)e->key[i] == p[i])
                i++;
            if (i == n)
                return e->idx;
        }
        h = (h + 1) & (ABBR_TABLE - 1);
    }
}

static inline int add_edit(Scratch *s, Py_ssize_t start, Py_ssize_t end, int kind, PyObject *rep) {
    if (s->n_edits == s->cap_edits &&
        grow((void **)&s->edits, &s->cap_edits, s->n_edits + 1, sizeof(Edit)) < 0)
        return -1;
    Edit *e = &s->edits[s->n_edits];
    e->start = start;
    e->end = end;
    e->seq = s->n_edits;
    e->kind = kind;
    e->rep = rep;
    s->n_edits++;
    return 0;
}

/* _UNIT = [0-9](\s?(?:jt|jta|...|k))\b. After the digit, the optional \s is taken when present
   (a unit never starts with a space, so the branch without it cannot match then); the ordered
   alternation followed by \b succeeds iff the whole \w run that follows is one alternative
   (all alternatives are \w, so at most one ends on a boundary). The run is scanned at most 7
   characters, so the scan stays linear. No digit lies inside a match, so finditer's
   non-overlapping matches are all such positions. */
static int unit_edits(Scratch *s, const Py_UCS4 *t, Py_ssize_t n) {
    for (Py_ssize_t p = 0; p < n; p++) {
        if (t[p] < '0' || t[p] > '9')
            continue;
        Py_ssize_t g = p + 1, q = g;
        if (q < n && Py_UNICODE_ISSPACE(t[q]))
            q++;
        if (q >= n || (t[q] != 'j' && t[q] != 'r' && t[q] != 'k'))
            continue; /* every alternative starts with one of these */
        Py_ssize_t r = q;
        while (r < n && r - q <= 6 && is_word(t[r]))
            r++;
        Py_ssize_t len = r - q;
        if (len < 1 || len > 6)
            continue;
        int alt = -1;
        for (int a = 0; a < N_UNITS; a++) {
            const char *u = UNIT_ALTS[a];
            if (UNIT_LEN[a] != len)
                continue;
            Py_ssize_t i = 0;
            while (i < len && t[q + i] == (Py_UCS4)(unsigned char)u[i])
                i++;
            if (i == len) {
                alt = a;
                break;
            }
        }
        if (alt < 0)
            continue;
        /* canon = _UNIT_CANON.get(unit.strip(), " ribu"); an edit when unit != canon */
        PyObject *canon = S.unit_canon[alt];
        if (!str_eq_ucs4(canon, t + g, r - g) && add_edit(s, g, r, REP_OBJ, canon) < 0)
            return -1;
        p = r - 1;
    }
    return 0;
}

static inline int spaced_sep(Py_UCS4 c) { return c < 128 && A_SPACED_SEP[c]; }

/* _SPACED = (?<![a-z0-9])[a-z](?:[ .*_\-]{1,2}[a-z](?![a-z0-9])){1,40}. Once an iteration
   matched, the rest of the pattern (more optional iterations, then the end) always succeeds, so
   backtracking never undoes a choice: each iteration takes two separators if that works, else
   one, and the match stops at the first iteration that cannot match (or after 40). */
static int spaced_edits(Scratch *s, const Py_UCS4 *t, Py_ssize_t n) {
    Py_ssize_t p = 0;
    while (p < n) {
        if (!IS_AZ(t[p]) || (p > 0 && IS_AZ09(t[p - 1]))) {
            p++;
            continue;
        }
        Py_ssize_t q = p + 1;
        int iters = 0;
        while (iters < 40) {
            if (q + 2 < n && spaced_sep(t[q]) && spaced_sep(t[q + 1]) && IS_AZ(t[q + 2]) &&
                (q + 3 >= n || !IS_AZ09(t[q + 3]))) {
                q += 3;
            } else if (q + 1 < n && spaced_sep(t[q]) && IS_AZ(t[q + 1]) &&
                       (q + 2 >= n || !IS_AZ09(t[q + 2]))) {
                q += 2;
            } else {
                break;
            }
            iters++;
        }
        if (iters == 0) {
            p++;
            continue;
        }
        /* joined = the letters of the match: iters + 1 of them */
        int keep = iters + 1 >= 3;
        if (!keep) {
            Py_ssize_t second = q - 1; /* the match ends with its second letter */
            keep = S.spaced_pair[(t[p] - 'a') * 26 + (t[second] - 'a')];
        }
        if (keep && add_edit(s, p, q, REP_LETTERS, NULL) < 0)
            return -1;
        p = q;
    }
    return 0;
}

/* Two facts _rewrites() takes from words_of(folded), and the abbreviation matches, in one pass
   over the maximal runs of [a-z0-9] of the folded text.

   Words: every ABBREVIATIONS key that can apply and every _SINGLE_LETTERS member is [a-z0-9]+
   (checked at start-up), so one of them is a word iff it equals a run bounded on both sides by a
   separator of words_of (or the text's ends).

   Matches: `for key in _ABBR_KEYS & words: for m in re(key + "(?![a-z0-9])").finditer(text)`,
   skipping a match whose previous character isalnum(). A kept match starts after a character
   that is not [a-z0-9] and ends before one, so it is exactly a maximal run equal to the key
   whose previous character (if any) is not alphanumeric. Candidates are kept in text order;
   those whose key turns out to be a word become edits (abbr_edits). */
static int scan_runs(Scratch *s, const Py_UCS4 *t, Py_ssize_t n, int *n_letters, int *any_abbr) {
    const unsigned char *sep = S.sep;
#define IS_SEP(c) ((c) < 128 ? sep[c] : Py_UNICODE_ISSPACE(c))
    uint64_t letters[2] = {0, 0};
    *any_abbr = 0;
    if (S.n_abbr)
        memset(s->abbr_present, 0, (size_t)S.n_abbr);
    Py_ssize_t i = 0;
    while (i < n) {
        if (!IS_AZ09(t[i])) {
            i++;
            continue;
        }
        Py_ssize_t st = i;
        uint32_t h = FNV_INIT;
        do {
            h = FNV_STEP(h, t[i]);
            i++;
        } while (i < n && IS_AZ09(t[i]));
        int after_sep = st == 0 || IS_SEP(t[st - 1]);
        int word = after_sep && (i == n || IS_SEP(t[i]));
        if (word && i - st == 1 && S.single_letter[t[st]])
            letters[t[st] >> 6] |= (uint64_t)1 << (t[st] & 63);
        if (!after_sep && is_alnum(t[st - 1]))
            continue; /* (a separator is never alphanumeric) */
        int k = abbr_lookup(t + st, i - st, h);
        if (k < 0)
            continue;
        if (word)
            *any_abbr = s->abbr_present[k] = 1;
        if (s->n_cands == s->cap_cands &&
            grow((void **)&s->cands, &s->cap_cands, s->n_cands + 1, sizeof(Cand)) < 0)
            return -1;
        Cand *c = &s->cands[s->n_cands++];
        c->start = st;
        c->end = i;
        c->key = k;
    }
#undef IS_SEP
    *n_letters = __builtin_popcountll(letters[0]) + __builtin_popcountll(letters[1]);
    return 0;
}

static int abbr_edits(Scratch *s) {
    for (Py_ssize_t j = 0; j < s->n_cands; j++) {
        const Cand *c = &s->cands[j];
        if (s->abbr_present[c->key] &&
            add_edit(s, c->start, c->end, REP_OBJ, S.abbr_value[c->key]) < 0)
            return -1;
    }
    return 0;
}

/* `if any(map(text.__contains__, _TRIPLES))`: then `([a-z])\1{2,}` matches every maximal run of
   three or more equal letters a-z (finditer gives exactly these runs). */
static int repeat_edits(Scratch *s, const Py_UCS4 *t, Py_ssize_t n) {
    Py_ssize_t first = s->n_edits;
    int triggered = 0;
    /* A run of three or more holds a pair t[j] == t[j + 1] with j even, so test only those;
       lo (end of the last run seen) keeps the backward extension linear. */
    Py_ssize_t j = 0, lo = 0;
    while (j + 1 < n) {
        Py_UCS4 c = t[j];
        if (t[j + 1] != c) {
            j += 2;
            continue;
        }
        Py_ssize_t st = j, e = j + 2;
        while (st > lo && t[st - 1] == c)
            st--;
        while (e < n && t[e] == c)
            e++;
        if (e - st >= 3 && c < 128) {
            if (S.triple[c])
                triggered = 1;
            if (IS_AZ(c) && add_edit(s, st, e, REP_CHAR, NULL) < 0)
                return -1;
        }
        lo = j = e;
    }
    if (!triggered)
        s->n_edits = first;
    return 0;
}

/* edits.sort(key=lambda e: (e[0], -e[1])), stable */
static int edit_cmp(const void *a, const void *b) {
    const Edit *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

/* _apply(): s->t rewritten into s->o, the map into s->rm. */
static int do_apply(Scratch *s) {
    Edit *e = s->edits;
    Py_ssize_t ne = s->n_edits;
    for (Py_ssize_t k = 1; k < ne; k++)
        if (edit_cmp(&e[k - 1], &e[k]) > 0) {
            qsort(e, (size_t)ne, sizeof(Edit), edit_cmp);
            break;
        }
    const Py_UCS4 *t = s->t.p;
    Py_ssize_t n = s->t.len, pos = 0;
    UBuf *o = &s->o;
    MapBuf *rm = &s->rm;
    int pieces = 0;
    for (Py_ssize_t k = 0; k < ne; k++) {
        Py_ssize_t start = e[k].start, end = e[k].end;
        if (start < pos) /* overlaps an earlier edit: the earlier (longer) one wins */
            continue;
        if (start > pos) {
            if (map_add(rm, o->len, pos, start, 1) < 0 || ubuf_reserve(o, start - pos) < 0)
                return -1;
            memcpy(o->p + o->len, t + pos, (size_t)(start - pos) * sizeof(Py_UCS4));
            o->len += start - pos;
            pieces = 1;
        }
        if (map_add(rm, o->len, start, end, 0) < 0)
            return -1;
        pieces = 1;
        switch (e[k].kind) {
        case REP_OBJ:
            if (ubuf_append_str(o, e[k].rep) < 0)
                return -1;
            break;
        case REP_LETTERS: /* "".join(c for c in m.group() if c.isalpha()) */
            if (ubuf_reserve(o, end - start) < 0)
                return -1;
            for (Py_ssize_t j = start; j < end; j++)
                if (IS_AZ(t[j]))
                    o->p[o->len++] = t[j];
            break;
        default: /* REP_CHAR: m.group(1) */
            if (ubuf_reserve(o, 1) < 0)
                return -1;
            o->p[o->len++] = t[start];
        }
        pos = end;
    }
    if (pos < n || !pieces) {
        if (map_add(rm, o->len, pos, n, 1) < 0 || ubuf_reserve(o, n - pos) < 0)
            return -1;
        memcpy(o->p + o->len, t + pos, (size_t)(n - pos) * sizeof(Py_UCS4));
        o->len += n - pos;
    }
    o->maxc = max_of(o->p, o->len);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Building the Python objects                                                                  */

#define SLOT(obj, off) (*(PyObject **)((char *)(obj) + (off)))

static PyObject *int_list(const Py_ssize_t *v, Py_ssize_t n) {
    PyObject *l = PyList_New(n);
    if (!l)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *x = PyLong_FromSsize_t(v[i]);
        if (!x) {
            Py_DECREF(l);
            return NULL;
        }
        PyList_SET_ITEM(l, i, x);
    }
    return l;
}

/* A _Map instance holding m's four lists (built without calling _Map.__init__). */
static PyObject *make_map(const MapBuf *m) {
    PyObject *obj = S.map_type->tp_alloc(S.map_type, 0);
    if (!obj)
        return NULL;
    PyObject *l;
    if (!(l = int_list(m->out, m->len)))
        goto fail;
    SLOT(obj, S.off_out_starts) = l;
    if (!(l = int_list(m->in_s, m->len)))
        goto fail;
    SLOT(obj, S.off_in_starts) = l;
    if (!(l = int_list(m->in_e, m->len)))
        goto fail;
    SLOT(obj, S.off_in_ends) = l;
    if (!(l = PyList_New(m->len)))
        goto fail;
    for (Py_ssize_t i = 0; i < m->len; i++) {
        PyObject *b = m->copied[i] ? Py_True : Py_False;
        Py_INCREF(b);
        PyList_SET_ITEM(l, i, b);
    }
    SLOT(obj, S.off_copied) = l;
    return obj;
fail:
    Py_DECREF(obj);
    return NULL;
}

/* Normalized(original, text, words, fold_map, rewrite_map) with a fresh _spans dict; steals
   text, words, fold_map and rewrite_map (NULL means None). */
static PyObject *make_normalized(PyObject *original, PyObject *text, PyObject *words,
                                 PyObject *fold_map, PyObject *rewrite_map) {
    PyObject *obj = S.norm_type->tp_alloc(S.norm_type, 0);
    PyObject *spans = obj ? PyDict_New() : NULL;
    if (!spans) {
        Py_XDECREF(obj);
        Py_DECREF(text); Py_DECREF(words); Py_XDECREF(fold_map); Py_XDECREF(rewrite_map);
        return NULL;
    }
    Py_INCREF(original);
    SLOT(obj, S.off_original) = original;
    SLOT(obj, S.off_text) = text;
    SLOT(obj, S.off_words) = words;
    if (!fold_map) {
        fold_map = Py_None;
        Py_INCREF(Py_None);
    }
    SLOT(obj, S.off_fold_map) = fold_map;
    if (!rewrite_map) {
        rewrite_map = Py_None;
        Py_INCREF(Py_None);
    }
    SLOT(obj, S.off_rewrite_map) = rewrite_map;
    SLOT(obj, S.off_spans) = spans;
    return obj;
}

/* ------------------------------------------------------------------------------------------ */
/* Initialisation: read the Python module's data, check it has the expected shape              */

static int set_fallback(const char *why) {
    S.ready = -1;
    Py_XDECREF(S.fallback_reason);
    S.fallback_reason = PyUnicode_FromString(why);
    return S.fallback_reason ? 0 : -1;
}

/* 1: pattern object has that pattern string and only re.UNICODE; 0: not; -1: error */
static int pattern_is(PyObject *mod, const char *name, const char *expected) {
    PyObject *pat = PyObject_GetAttrString(mod, name);
    if (!pat)
        return -1;
    PyObject *src = PyObject_GetAttrString(pat, "pattern");
    PyObject *flags = src ? PyObject_GetAttrString(pat, "flags") : NULL;
    Py_DECREF(pat);
    if (!flags) {
        Py_XDECREF(src);
        return -1;
    }
    int ok = PyUnicode_Check(src) && PyUnicode_CompareWithASCIIString(src, expected) == 0 &&
             PyLong_Check(flags) && PyLong_AsLong(flags) == 32 /* re.UNICODE */;
    Py_DECREF(src);
    Py_DECREF(flags);
    return ok;
}

/* Offset of the object slot `name` of tp, or -1 if it is not a plain writable slot. */
static Py_ssize_t slot_offset(PyTypeObject *tp, const char *name) {
    PyObject *descr = PyDict_GetItemString(tp->tp_dict, name); /* borrowed */
    if (!descr || !Py_IS_TYPE(descr, &PyMemberDescr_Type) || PyDescr_TYPE(descr) != tp)
        return -1;
    PyMemberDef *m = ((PyMemberDescrObject *)descr)->d_member;
    if (m->type != T_OBJECT_EX || (m->flags & READONLY) || m->offset <= 0 ||
        m->offset + (Py_ssize_t)sizeof(PyObject *) > tp->tp_basicsize)
        return -1;
    return m->offset;
}

/* 1: obj.__slots__ == names, 0: not, -1: error */
static int slots_are(PyObject *cls, const char *const *names, Py_ssize_t n) {
    PyObject *slots = PyObject_GetAttrString(cls, "__slots__");
    if (!slots)
        return -1;
    int ok = PyTuple_Check(slots) && PyTuple_GET_SIZE(slots) == n;
    for (Py_ssize_t i = 0; ok && i < n; i++) {
        PyObject *x = PyTuple_GET_ITEM(slots, i);
        ok = PyUnicode_Check(x) && PyUnicode_CompareWithASCIIString(x, names[i]) == 0;
    }
    Py_DECREF(slots);
    return ok;
}

/* One-char ASCII string? Returns the char or -1. */
static int ascii_char_of(PyObject *x) {
    if (!PyUnicode_Check(x) || PyUnicode_GET_LENGTH(x) != 1)
        return -1;
    Py_UCS4 c = PyUnicode_READ_CHAR(x, 0);
    return c < 128 ? (int)c : -1;
}

static int init_tables(PyObject *mod) {
    static const char *const NORM_SLOTS[] = {"original", "text", "words",
                                             "fold_map", "rewrite_map", "_spans"};
    static const char *const MAP_SLOTS[] = {"out_starts", "in_starts", "in_ends", "copied"};
    PyObject *o = NULL, *it = NULL, *x = NULL;
    int r;

    /* the regexes this file hand-codes */
    if ((r = pattern_is(mod, "_NON_ASCII_RUN", PAT_NON_ASCII)) <= 0 ||
        (r = pattern_is(mod, "_UNIT", PAT_UNIT)) <= 0 ||
        (r = pattern_is(mod, "_SPACED", PAT_SPACED)) <= 0 ||
        (r = pattern_is(mod, "_REPEAT", PAT_REPEAT)) <= 0)
        return r < 0 ? -1 : set_fallback("a regex of normalize.py changed");

    /* classes */
    PyObject *norm = PyObject_GetAttrString(mod, "Normalized");
    PyObject *map = norm ? PyObject_GetAttrString(mod, "_Map") : NULL;
    if (!map) {
        Py_XDECREF(norm);
        return -1;
    }
    Py_XSETREF(S.norm_type, (PyTypeObject *)norm); /* keeps the references */
    Py_XSETREF(S.map_type, (PyTypeObject *)map);
    if (!PyType_Check(norm) || !PyType_Check(map))
        return set_fallback("Normalized or _Map is not a class");
    if ((r = slots_are(norm, NORM_SLOTS, 6)) <= 0 || (r = slots_are(map, MAP_SLOTS, 4)) <= 0)
        return r < 0 ? -1 : set_fallback("the slots of Normalized or _Map changed");
    S.off_original = slot_offset(S.norm_type, "original");
    S.off_text = slot_offset(S.norm_type, "text");
    S.off_words = slot_offset(S.norm_type, "words");
    S.off_fold_map = slot_offset(S.norm_type, "fold_map");
    S.off_rewrite_map = slot_offset(S.norm_type, "rewrite_map");
    S.off_spans = slot_offset(S.norm_type, "_spans");
    S.off_out_starts = slot_offset(S.map_type, "out_starts");
    S.off_in_starts = slot_offset(S.map_type, "in_starts");
    S.off_in_ends = slot_offset(S.map_type, "in_ends");
    S.off_copied = slot_offset(S.map_type, "copied");
    if (S.off_original < 0 || S.off_text < 0 || S.off_words < 0 || S.off_fold_map < 0 ||
        S.off_rewrite_map < 0 || S.off_spans < 0 || S.off_out_starts < 0 ||
        S.off_in_starts < 0 || S.off_in_ends < 0 || S.off_copied < 0 ||
        S.norm_type->tp_itemsize != 0 || S.map_type->tp_itemsize != 0)
        return set_fallback("Normalized or _Map has an unexpected layout");

    /* _REGIONAL_A */
    if (!(o = PyObject_GetAttrString(mod, "_REGIONAL_A")))
        return -1;
    r = PyLong_Check(o) && PyLong_AsLong(o) == 0x1F1E6;
    Py_CLEAR(o);
    if (!r)
        return set_fallback("_REGIONAL_A changed");

    /* _SEPARATORS: all ASCII */
    if (!(o = PyObject_GetAttrString(mod, "_SEPARATORS")))
        return -1;
    if (!PyUnicode_Check(o) || !PyUnicode_IS_ASCII(o)) {
        Py_CLEAR(o);
        return set_fallback("_SEPARATORS is not an ASCII str");
    }
    /* words_of's ASCII path (bytes.translate, then .decode().split()) and its str path
       (str.translate, .split()) both end in str.split(): the same separators either way */
    for (int c = 0; c < 128; c++)
        S.sep[c] = Py_UNICODE_ISSPACE((Py_UCS4)c) ? 1 : 0;
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(o); i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(o, i);
        S.sep[c] = 1;
    }
    Py_CLEAR(o);

    /* _SINGLE_LETTERS: one-character ASCII strs */
    if (!(o = PyObject_GetAttrString(mod, "_SINGLE_LETTERS")) || !(it = PyObject_GetIter(o)))
        goto error;
    while ((x = PyIter_Next(it))) {
        int c = ascii_char_of(x);
        Py_CLEAR(x);
        if (c < 0 || !IS_AZ09(c)) {
            Py_CLEAR(it); Py_CLEAR(o);
            return set_fallback("_SINGLE_LETTERS holds something other than one [a-z0-9]");
        }
        S.single_letter[c] = 1;
    }
    Py_CLEAR(it); Py_CLEAR(o);
    if (PyErr_Occurred())
        return -1;

    /* _TRIPLES: "aaa"-like strs of a letter a-z */
    if (!(o = PyObject_GetAttrString(mod, "_TRIPLES")) || !(it = PyObject_GetIter(o)))
        goto error;
    while ((x = PyIter_Next(it))) {
        int ok = PyUnicode_Check(x) && PyUnicode_GET_LENGTH(x) == 3;
        Py_UCS4 c = ok ? PyUnicode_READ_CHAR(x, 0) : 0;
        ok = ok && IS_AZ(c) && PyUnicode_READ_CHAR(x, 1) == c && PyUnicode_READ_CHAR(x, 2) == c;
        Py_CLEAR(x);
        if (!ok) {
            Py_CLEAR(it); Py_CLEAR(o);
            return set_fallback("_TRIPLES holds something other than a tripled letter");
        }
        S.triple[c] = 1;
    }
    Py_CLEAR(it); Py_CLEAR(o);
    if (PyErr_Occurred())
        return -1;

    /* _SPACED_PAIRS: only two-letter [a-z] members can ever equal a joined pair */
    if (!(o = PyObject_GetAttrString(mod, "_SPACED_PAIRS")) || !(it = PyObject_GetIter(o)))
        goto error;
    while ((x = PyIter_Next(it))) {
        if (PyUnicode_Check(x) && PyUnicode_GET_LENGTH(x) == 2) {
            Py_UCS4 a = PyUnicode_READ_CHAR(x, 0), b = PyUnicode_READ_CHAR(x, 1);
            if (IS_AZ(a) && IS_AZ(b))
                S.spaced_pair[(a - 'a') * 26 + (b - 'a')] = 1;
        }
        Py_CLEAR(x);
    }
    Py_CLEAR(it); Py_CLEAR(o);
    if (PyErr_Occurred())
        return -1;

    /* _FLAGS: two capital letters -> str (other keys can never be looked up) */
    if (!(o = PyObject_GetAttrString(mod, "_FLAGS")) || !PyDict_Check(o))
        goto error_or_shape;
    {
        Py_ssize_t ppos = 0;
        PyObject *k, *v;
        while (PyDict_Next(o, &ppos, &k, &v)) {
            if (!PyUnicode_Check(k) || PyUnicode_GET_LENGTH(k) != 2)
                continue;
            Py_UCS4 a = PyUnicode_READ_CHAR(k, 0), b = PyUnicode_READ_CHAR(k, 1);
            if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')
                continue;
            if (!PyUnicode_Check(v)) {
                Py_CLEAR(o);
                return set_fallback("_FLAGS has a value that is not a str");
            }
            Py_INCREF(v);
            Py_XSETREF(S.flags[(a - 'A') * 26 + (b - 'A')], v);
        }
    }
    Py_CLEAR(o);
    if (!(S.space = PyUnicode_FromString(" ")))
        return -1;

    /* _UNIT_CANON */
    if (!(o = PyObject_GetAttrString(mod, "_UNIT_CANON")) || !PyDict_Check(o))
        goto error_or_shape;
    {
        PyObject *ribu = PyUnicode_FromString(" ribu");
        if (!ribu)
            goto error;
        for (int a = 0; a < N_UNITS; a++) {
            PyObject *v = PyDict_GetItemString(o, UNIT_ALTS[a]); /* borrowed */
            if (!v)
                v = ribu;
            if (!PyUnicode_Check(v)) {
                Py_DECREF(ribu);
                Py_CLEAR(o);
                return set_fallback("_UNIT_CANON has a value that is not a str");
            }
            Py_INCREF(v);
            Py_XSETREF(S.unit_canon[a], v);
        }
        Py_DECREF(ribu);
    }
    Py_CLEAR(o);

    /* ABBREVIATIONS (keys from _ABBR_KEYS, patterns checked in _ABBR_PATTERNS) */
    {
        PyObject *abbr = PyObject_GetAttrString(mod, "ABBREVIATIONS");
        PyObject *keys = abbr ? PyObject_GetAttrString(mod, "_ABBR_KEYS") : NULL;
        PyObject *pats = keys ? PyObject_GetAttrString(mod, "_ABBR_PATTERNS") : NULL;
        PyObject *re = pats ? PyImport_ImportModule("re") : NULL;
        const char *bad = NULL;
        int err = re == NULL;
        if (!err && (!PyDict_Check(abbr) || !PyAnySet_Check(keys) || !PyDict_Check(pats)))
            bad = "ABBREVIATIONS, _ABBR_KEYS or _ABBR_PATTERNS changed type";
        Py_ssize_t nk = (!err && !bad) ? PySet_GET_SIZE(keys) : 0;
        if (!err && !bad && nk > ABBR_TABLE / 2)
            bad = "too many ABBREVIATIONS";
        if (!err && !bad) {
            S.abbr_value = calloc((size_t)(nk > 0 ? nk : 1), sizeof(PyObject *));
            if (!S.abbr_value) {
                PyErr_NoMemory();
                err = 1;
            }
        }
        it = (!err && !bad) ? PyObject_GetIter(keys) : NULL;
        if (!err && !bad && !it)
            err = 1;
        while (it && !err && !bad && (x = PyIter_Next(it))) {
            PyObject *val = NULL, *pat = NULL, *src = NULL, *esc = NULL, *want = NULL;
            if (!PyUnicode_Check(x)) {
                bad = "an ABBREVIATIONS key is not a str";
                goto next;
            }
            /* the pattern must be re.escape(key) + "(?![a-z0-9])" */
            pat = PyDict_GetItemWithError(pats, x);
            if (!pat) {
                err = PyErr_Occurred() != NULL;
                bad = "_ABBR_PATTERNS lacks a key";
                goto next;
            }
            if (!(src = PyObject_GetAttrString(pat, "pattern")) ||
                !(esc = PyObject_CallMethod(re, "escape", "O", x)) ||
                !(want = PyUnicode_FromFormat("%U(?![a-z0-9])", esc))) {
                err = 1;
                goto next;
            }
            if (PyObject_RichCompareBool(src, want, Py_EQ) != 1) {
                err = PyErr_Occurred() != NULL;
                bad = "an _ABBR_PATTERNS pattern changed";
                goto next;
            }
            val = PyDict_GetItemWithError(abbr, x);
            if (!val || !PyUnicode_Check(val)) {
                err = PyErr_Occurred() != NULL;
                bad = "an ABBREVIATIONS value is missing or not a str";
                goto next;
            }
            /* A key with a separator in it can never be a word, so never applies ("no.hp",
               "m'sia"). Otherwise it must be [a-z0-9]+ for abbr_edits to be exact. */
            Py_ssize_t len = PyUnicode_GET_LENGTH(x), i;
            int has_sep = 0, plain = len > 0 && len < ABBR_MAXLEN;
            for (i = 0; i < len; i++) {
                Py_UCS4 c = PyUnicode_READ_CHAR(x, i);
                if (c < 128 && S.sep[c])
                    has_sep = 1;
                if (!IS_AZ09(c))
                    plain = 0;
            }
            if (has_sep)
                goto next;
            if (!plain) {
                bad = "an ABBREVIATIONS key is not [a-z0-9]+";
                goto next;
            }
            {
                Py_UCS4 buf[ABBR_MAXLEN];
                for (i = 0; i < len; i++)
                    buf[i] = PyUnicode_READ_CHAR(x, i);
                uint32_t h = FNV_INIT;
                for (i = 0; i < len; i++)
                    h = FNV_STEP(h, buf[i]);
                h = (h ^ (h >> 13)) & (ABBR_TABLE - 1);
                S.abbr_lens[buf[0]] |= (uint32_t)1 << len;
                while (S.abbr[h].len)
                    h = (h + 1) & (ABBR_TABLE - 1);
                S.abbr[h].len = (unsigned char)len;
                for (i = 0; i < len; i++)
                    S.abbr[h].key[i] = (char)buf[i];
                S.abbr[h].idx = S.n_abbr;
                Py_INCREF(val);
                S.abbr_value[S.n_abbr++] = val;
            }
        next:
            Py_XDECREF(src); Py_XDECREF(esc); Py_XDECREF(want);
            Py_CLEAR(x);
        }
        if (it && !err && !bad && PyErr_Occurred())
            err = 1;
        Py_CLEAR(it);
        Py_XDECREF(abbr); Py_XDECREF(keys); Py_XDECREF(pats); Py_XDECREF(re);
        if (err)
            return -1;
        if (bad)
            return set_fallback(bad);
    }
    return 1;

error_or_shape:
    if (!PyErr_Occurred()) {
        Py_CLEAR(o);
        return set_fallback("a table of normalize.py changed type");
    }
error:
    Py_XDECREF(x); Py_XDECREF(it); Py_XDECREF(o);
    return -1;
}

/* Forget the abbreviation table (before reading it again after a failed start-up). */
static void reset_abbr(void) {
    for (int k = 0; k < S.n_abbr; k++)
        Py_CLEAR(S.abbr_value[k]);
    free(S.abbr_value);
    S.abbr_value = NULL;
    S.n_abbr = 0;
    memset(S.abbr, 0, sizeof(S.abbr));
    memset(S.abbr_lens, 0, sizeof(S.abbr_lens));
}

static int ensure_init(void) {
    if (S.ready)
        return 0;
    PyObject *mod = PyImport_ImportModule("sigap.screening.normalize");
    if (!mod)
        return -1;
    if (!(S.py_normalize = PyObject_GetAttrString(mod, "normalize")) ||
        !(S.py_fold = PyObject_GetAttrString(mod, "fold")) ||
        !(S.py_words_of = PyObject_GetAttrString(mod, "words_of")) ||
        !(S.py_fold_char = PyObject_GetAttrString(mod, "_fold_char"))) {
        Py_CLEAR(S.py_normalize); Py_CLEAR(S.py_fold); Py_CLEAR(S.py_words_of);
        Py_DECREF(mod);
        return -1;
    }
    for (int c = 0; c < 128; c++) {
        A_ALNUM[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        A_WORD[c] = A_ALNUM[c] || c == '_';
        A_SPACED_SEP[c] = c == ' ' || c == '.' || c == '*' || c == '_' || c == '-';
    }
    reset_abbr();
    int r = init_tables(mod);
    Py_DECREF(mod);
    if (r < 0) { /* an error while reading: leave uninitialised so the next call retries */
        Py_CLEAR(S.py_normalize); Py_CLEAR(S.py_fold); Py_CLEAR(S.py_words_of);
        Py_CLEAR(S.py_fold_char);
        S.ready = 0;
        return -1;
    }
    if (r > 0)
        S.ready = 1;
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The module's functions                                                                       */

static PyObject *c_normalize(PyObject *self, PyObject *text) {
    if (ensure_init() < 0)
        return NULL;
    if (S.ready < 0 || !PyUnicode_CheckExact(text))
        return PyObject_CallOneArg(S.py_normalize, text);
    Scratch *s = scratch_take();
    if (!s)
        return NULL;
    PyObject *fold_map = NULL, *rewrite_map = NULL, *out = NULL, *words = NULL;
    int has_map;
    if (do_fold(s, text, &has_map) < 0)
        goto fail;
    const Py_UCS4 *t = s->t.p;
    Py_ssize_t n = s->t.len;

    /* what _rewrites() needs of words_of(folded), and the abbreviation candidates */
    int single_letters, any_abbr;
    if (scan_runs(s, t, n, &single_letters, &any_abbr) < 0)
        goto fail;

    /* _rewrites(): edits in Python's order (units, spaced, abbreviations, repeats) */
    if (unit_edits(s, t, n) < 0)
        goto fail;
    if (single_letters >= 2 && spaced_edits(s, t, n) < 0)
        goto fail;
    if (any_abbr && abbr_edits(s) < 0)
        goto fail;
    if (repeat_edits(s, t, n) < 0)
        goto fail;

    if (s->n_edits == 0) {
        if (tokenize(s, t, n) < 0 || !(out = str_from_ucs4(t, n, s->t.maxc)) ||
            !(words = words_from_tokens(s, t)))
            goto fail;
    } else {
        if (do_apply(s) < 0 || tokenize(s, s->o.p, s->o.len) < 0)
            goto fail;
        if (!(out = str_from_ucs4(s->o.p, s->o.len, s->o.maxc)) ||
            !(words = words_from_tokens(s, s->o.p)) || !(rewrite_map = make_map(&s->rm)))
            goto fail;
    }
    if (has_map && !(fold_map = make_map(&s->fm)))
        goto fail;
    scratch_give(s);
    return make_normalized(text, out, words, fold_map, rewrite_map);
fail:
    scratch_give(s);
    Py_XDECREF(out); Py_XDECREF(words); Py_XDECREF(fold_map); Py_XDECREF(rewrite_map);
    return NULL;
}

static PyObject *c_fold(PyObject *self, PyObject *text) {
    if (ensure_init() < 0)
        return NULL;
    if (S.ready < 0 || !PyUnicode_CheckExact(text))
        return PyObject_CallOneArg(S.py_fold, text);
    Scratch *s = scratch_take();
    if (!s)
        return NULL;
    int has_map;
    PyObject *out = NULL, *fmap = NULL;
    if (do_fold(s, text, &has_map) < 0 || !(out = str_from_ucs4(s->t.p, s->t.len, s->t.maxc)))
        goto fail;
    if (has_map) {
        if (!(fmap = make_map(&s->fm)))
            goto fail;
    } else {
        fmap = Py_None;
        Py_INCREF(fmap);
    }
    scratch_give(s);
    PyObject *tup = PyTuple_New(2);
    if (!tup) {
        Py_DECREF(out); Py_DECREF(fmap);
        return NULL;
    }
    PyTuple_SET_ITEM(tup, 0, out);
    PyTuple_SET_ITEM(tup, 1, fmap);
    return tup;
fail:
    scratch_give(s);
    Py_XDECREF(out);
    return NULL;
}

static PyObject *c_words_of(PyObject *self, PyObject *text) {
    if (ensure_init() < 0)
        return NULL;
    if (S.ready < 0 || !PyUnicode_CheckExact(text))
        return PyObject_CallOneArg(S.py_words_of, text);
    Scratch *s = scratch_take();
    if (!s)
        return NULL;
    PyObject *r = NULL;
    UBuf *t = &s->t;
    if (ubuf_append_str(t, text) == 0 && tokenize(s, t->p, t->len) == 0)
        r = words_from_tokens(s, t->p);
    scratch_give(s);
    return r;
}

static PyObject *c_fallback_reason(PyObject *self, PyObject *unused) {
    if (ensure_init() < 0)
        return NULL;
    if (S.ready > 0)
        Py_RETURN_NONE;
    Py_INCREF(S.fallback_reason);
    return S.fallback_reason;
}

static PyMethodDef methods[] = {
    {"normalize", c_normalize, METH_O,
     "normalize(text) -> Normalized: the same as sigap.screening.normalize.normalize."},
    {"fold", c_fold, METH_O,
     "fold(text) -> (str, _Map | None): the same as sigap.screening.normalize.fold."},
    {"words_of", c_words_of, METH_O,
     "words_of(text) -> frozenset[str]: the same as sigap.screening.normalize.words_of."},
    {"_fallback_reason", c_fallback_reason, METH_NOARGS,
     "None when the C code runs; else why every call goes to the Python functions."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "sigap.screening._cnormalize",
    "C accelerator for sigap.screening.normalize (normalize, fold, words_of).", -1, methods,
};

PyMODINIT_FUNC PyInit__cnormalize(void) { return PyModule_Create(&moduledef); }
