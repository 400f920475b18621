/*
 * sigap.screening._cmatch: a C equivalent of Ruleset.match (sigap/screening/rules.py).
 *
 *   Matcher(ruleset, *, exact_calls=False, python_re=False)
 *                              snapshot of the ruleset's tables (flags, anchored_words,
 *                              at_trigger, trigger_words, trigger_index, always_run, yielding,
 *                              by_id, MAX_SPANS_PER_FLAG, _MAX_POSITIONS) in C arrays and a hash
 *                              of the trigger, needs and negator words.
 *   Matcher.match(norm)        == ruleset.match(norm): same dict, same key order, same lists.
 *   Matcher.native             False when the ruleset has a shape the tables do not cover
 *                              (never for rules.build() output): match() calls ruleset.match.
 *
 * What mirrors what:
 *   Matcher_match, match_state  Ruleset.match
 *   scan_ucs1/2/4               word_positions (for every anchored trigger word at once), the
 *                               `runs` of Ruleset._match_at_triggers (maximal [a-z0-9] runs) and
 *                               `anchored_words & words`
 *   the anchored pass           Ruleset._match_at_triggers (entries filtered by `needs`)
 *   negated                     _negated
 *   find_search                 _find
 *   yield_one                   _yield (the Python _yield is called when 2+ yielding flags fired,
 *                               in the order of yielding.intersection(hits))
 *
 * The phrase and negator expressions are matched natively (see "native regular expressions"
 * below: a parser for the patterns compile_phrase() / _negator() generate and a backtracking
 * matcher with sre's semantics), with the same arguments as the Python code; the after-negator
 * runs in place on text[end:end+40] with the slice's start and end as the string's.  An
 * expression the parser does not know, a call past its step budget, and every call of a
 * Matcher(ruleset, python_re=True) go to the compiled re.Pattern (vectorcall of its bound
 * .match/.search), as before.
 *   Matcher.expressions        (matched natively, all) expressions of the ruleset.
 *   Pattern(re_pattern)        one expression, for the differential tests: .match / .search
 *                              (text, pos, endpos, *, begin) -> (start, end) | None, .native.
 *
 * Why the single scan is exact (for a Normalized made by normalize(), whose words are
 * words_of(text)):
 *   - word_positions(text, w) (w made of [a-z0-9]) gives the places where w stands with a
 *     non-alnum character (str.isalnum, Unicode) or the text edge on both sides.  Such an
 *     occurrence is a maximal run of [a-z0-9] (its neighbours are not alnum, so not [a-z0-9]);
 *     conversely a maximal run equal to w whose neighbours are not alnum is one.  So one pass
 *     over the maximal runs, with Py_UNICODE_ISALNUM on the two neighbours, finds the same
 *     positions in the same order, capped at _MAX_POSITIONS per word.
 *   - `runs` is `words` for plain text and set(_SUBWORD.findall(text)) otherwise; both are the
 *     set of maximal [a-z0-9] runs of the text (in plain text every other character splits
 *     words), which the same pass records.
 *   - w is in words_of(text) iff one of its occurrences is delimited by ASCII punctuation /
 *     white space (what words_of splits at) or the text edge; the pass checks that too, and asks
 *     norm.words itself when the positions were cut at _MAX_POSITIONS.
 *   - Every span list is sorted and cut at MAX_SPANS_PER_FLAG; one flag's spans start at
 *     distinct word starts and the pass visits them in ascending order, so the first
 *     MAX_SPANS_PER_FLAG spans accepted are the ones Python keeps and later tries of that flag
 *     are skipped (the expressions have no side effects).
 *
 * Pre-tests (off with exact_calls=True, which calls the expressions exactly where Python does):
 * a call is skipped only when it provably returns None.
 *   - A phrase that starts with trigger t has its next required word (one of needs[t], the set
 *     Python tests against `runs`) as a maximal run after t: past the last run of those words
 *     no phrase of the flag can match at t.
 *   - A negator expression built by rules._negator contains one of its words literally, so
 *     text[start-40:start] (before) or text[end:end+40] (after) without any of them cannot
 *     match; the words are read back from the pattern, which must have exactly _negator's shape.
 *
 * Rulesets the tables cannot represent exactly (not produced by rules.build(): trigger/needs/
 * negator words not made of [a-z0-9], repeated flag ids, anchored flags among the searched
 * candidates, non-re.Pattern expressions, ...) make the Matcher call ruleset.match itself.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    Py_ssize_t start, end;
} Span;

typedef struct {
    int trig;
    Py_ssize_t pos;
} Rec;

/* The alternatives of a negator expression, as literal strings: a match of the expression
 * contains one of them, so a window of text without any of them needs no call. */
typedef struct {
    int n;                 /* -1: unknown shape, always call the expression */
    char **lit;
    int *len;
    unsigned char first[128];  /* first characters of the literals */
} LitSet;

typedef struct {
    PyObject *id;          /* compiled.flag.id */
    PyObject *match;       /* bound compiled.regex.match, or NULL */
    PyObject *search;      /* bound compiled.regex.search, or NULL */
    PyObject *neg_before;  /* bound compiled.neg_before.search, or NULL */
    PyObject *neg_after;   /* bound compiled.neg_after.match, or NULL */
    int neg_words_none;    /* compiled.neg_words is None */
    int n_neg_words;
    int *neg_words;        /* aux ids of compiled.neg_words */
    int n_yield_to;        /* by_id[id].yield_to when id is in ruleset.yielding, else -1 */
    int *yield_to;         /* flag indices (-1: no flag has that id) */
    PyObject *yield_to_obj;
    LitSet nb_lits, na_lits; /* alternatives of neg_before / neg_after */
    struct Rx_ *rx, *nb_rx, *na_rx; /* the three expressions matched natively, or NULL */
} CFlag;

/* C allocations owned by an object, all freed with it */
typedef struct {
    void **p;
    int n, cap;
} Allocs;

/* zeroed memory of n bytes, kept in `al`; NULL with MemoryError set */
static void *
allocs_get(Allocs *al, size_t n)
{
    if (al->n == al->cap) {
        int cap = al->cap ? 2 * al->cap : 32;
        void **a = PyMem_Realloc(al->p, (size_t)cap * sizeof(void *));
        if (a == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        al->p = a;
        al->cap = cap;
    }
    void *q = PyMem_Calloc(n ? n : 1, 1);
    if (q == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    al->p[al->n++] = q;
    return q;
}

static void
allocs_free(Allocs *al)
{
    for (int i = 0; i < al->n; i++)
        PyMem_Free(al->p[i]);
    PyMem_Free(al->p);
    al->p = NULL;
    al->n = al->cap = 0;
}

typedef struct {
    int flag;        /* index into flags */
    int needs_none;  /* needs is None */
    int n_needs;
    int *needs;      /* aux ids */
} Entry;

typedef struct {
    char *word;
    int len;
    int trig;    /* anchored trigger id, or -1 */
    int aux;     /* needs / negator word id, or -1 */
} Word;

typedef struct {
    uint32_t hash;
    int32_t word;  /* index into words, -1: empty slot */
} Slot;

typedef struct {
    PyObject_HEAD
    PyObject *ruleset;
    PyObject *refs;  /* list holding every object the C tables point at */
    int fallback;    /* 1: call ruleset.match */
    int exact_calls; /* 1: call the expressions exactly where Python does (no pre-tests) */
    Py_ssize_t max_spans, max_positions;
    int nflags;
    CFlag *flags;
    /* anchored flags (Ruleset._match_at_triggers) */
    int ntrig;
    PyObject **trig_word;
    int *entry_start, *entry_count;
    Entry *entries;
    int nentries;
    int naux;
    Word *words;
    int nwords;
    Slot *table;       /* open addressing, FNV-1a hash of the word */
    uint32_t mask;
    uint64_t firstlen[128]; /* bit L (63: 63 or more) of [c]: a word of length L starts with c */
    /* searched flags (candidates of Ruleset.match) */
    int nsw;
    PyObject **sw_word;
    int *sw_start, *sw_count, *sw_flags;
    int sw_total;
    int nalways;
    int *always;
    int any_search;
    /* yield */
    int nyield;
    int *yield_idx;
    PyObject *yielding;    /* ruleset.yielding */
    PyObject *yield_func;  /* rules._yield */
    PyObject *m_start, *m_end;  /* re.Match.start / re.Match.end */
    int python_re;   /* 1: never match natively, always call the re.Pattern objects */
    int n_rx, n_rx_native;  /* expressions, and those matched natively */
    /* C allocations, freed with the object */
    Allocs al;
} Matcher;

static PyObject *s_text, *s_words, *s_match, *s_search, *s_flags;

/* ---------------------------------------------------------------------------------------- */
/* small helpers                                                                            */

static void *
m_alloc(Matcher *self, size_t n)
{
    return allocs_get(&self->al, n);
}

/* keep a reference in self->refs; returns the object (borrowed from now on) or NULL */
static PyObject *
keep(Matcher *self, PyObject *obj)
{
    if (obj == NULL)
        return NULL;
    if (PyList_Append(self->refs, obj) < 0) {
        Py_DECREF(obj);
        return NULL;
    }
    Py_DECREF(obj);
    return obj;
}

static const unsigned char IS_W[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1,
    ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};
#define ISW(c) ((c) < 128 && IS_W[(c)])

/* str.isalnum() of one character */
static inline int
is_alnum(Py_UCS4 c)
{
    if (c < 128)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return Py_UNICODE_ISALNUM(c);
}

/* a character at which words_of() splits words: ASCII punctuation or white space
 * (str.split()), as _WORD_SEP / _WORD_SEP_BYTES in normalize.py */
static unsigned char IS_SEP[128];

static inline int
is_sep(Py_UCS4 c)
{
    if (c < 128)
        return IS_SEP[c];
    return Py_UNICODE_ISSPACE(c);
}

/* 1 when obj is a str made only of [a-z0-9] (a word of _SUBWORD), 0 otherwise */
static int
is_subword(PyObject *obj)
{
    if (!PyUnicode_CheckExact(obj))
        return 0;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(obj) < 0) {
        PyErr_Clear();
        return 0;
    }
#endif
    Py_ssize_t n = PyUnicode_GET_LENGTH(obj);
    if (n < 1 || n > 1000 || PyUnicode_KIND(obj) != PyUnicode_1BYTE_KIND)
        return 0;
    const Py_UCS1 *s = PyUnicode_1BYTE_DATA(obj);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!ISW(s[i]))
            return 0;
    return 1;
}

#define FNV_INIT 2166136261u
#define FNV_STEP(h, c) (((h) ^ (uint32_t)(c)) * 16777619u)

static Slot *
table_slot(Matcher *self, const char *w, int len, uint32_t *hash)
{
    uint32_t h = FNV_INIT;
    for (int i = 0; i < len; i++)
        h = FNV_STEP(h, (unsigned char)w[i]);
    *hash = h;
    uint32_t k = h & self->mask;
    while (self->table[k].word >= 0) {
        Word *wd = &self->words[self->table[k].word];
        if (self->table[k].hash == h && wd->len == len && memcmp(wd->word, w, (size_t)len) == 0)
            return &self->table[k];
        k = (k + 1) & self->mask;
    }
    return &self->table[k];
}

/* Python call helpers: vectorcall of a cached bound method */
static inline PyObject *
call1(PyObject *fn, PyObject *a)
{
    PyObject *args[2] = {NULL, a};
    return PyObject_Vectorcall(fn, args + 1, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

static PyObject *
call_pos(PyObject *fn, PyObject *text, Py_ssize_t pos)
{
    PyObject *p = PyLong_FromSsize_t(pos);
    if (p == NULL)
        return NULL;
    PyObject *args[3] = {NULL, text, p};
    PyObject *r = PyObject_Vectorcall(fn, args + 1, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    Py_DECREF(p);
    return r;
}

static PyObject *
call_pos2(PyObject *fn, PyObject *text, Py_ssize_t pos, Py_ssize_t endpos)
{
    PyObject *p = PyLong_FromSsize_t(pos);
    if (p == NULL)
        return NULL;
    PyObject *e = PyLong_FromSsize_t(endpos);
    if (e == NULL) {
        Py_DECREF(p);
        return NULL;
    }
    PyObject *args[4] = {NULL, text, p, e};
    PyObject *r = PyObject_Vectorcall(fn, args + 1, 3 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    Py_DECREF(p);
    Py_DECREF(e);
    return r;
}

/* m.start() / m.end() as a C integer; -1 with an exception set on error */
static Py_ssize_t
match_int(PyObject *method, PyObject *m)
{
    PyObject *r = call1(method, m);
    if (r == NULL)
        return -1;
    Py_ssize_t v = PyLong_AsSsize_t(r);
    Py_DECREF(r);
    return v;
}

/* ---------------------------------------------------------------------------------------- */
/* native regular expressions                                                               */
/*
 * A parser and a backtracking matcher for the subset of Python `re` syntax that
 * rules.compile_phrase() and rules._negator() generate (read back from re.Pattern.pattern):
 *   literals and "\" + punctuation, (?:...) groups with ordered alternation, the classes
 *   [\W_] [a-z0-9] [ \t] (in general: ASCII characters, ranges and \w \W \s \S \d \D),
 *   greedy {m,n} {m} ? * + (unbounded only on one-character atoms), (?!...) (?=...),
 *   fixed-width (?<!...) (?<=...) and $.
 * Anything else (and any flag but re.UNICODE) makes rx_parse answer "unsupported": that
 * expression keeps being called through its re.Pattern.
 *
 * Semantics are sre's (Modules/_sre/sre_lib.h) for this subset:
 *   - alternatives are tried in order, greedy repeats take as much as they can and give back
 *     one character / one iteration at a time (a backtracking search of the same tree in the
 *     same order gives the same first match);
 *   - classes use sre's Unicode categories: \w = Py_UNICODE_ISALNUM || '_', \s =
 *     Py_UNICODE_ISSPACE, \d = Py_UNICODE_ISDECIMAL; literals compare code points (no (?i));
 *   - nothing matches at or past `end` (endpos); lookahead sees up to `end`; a lookbehind of
 *     width w runs only when p - begin >= w, `begin` being the string start (0, or the start
 *     of the slice the Python code matches on);
 *   - $ matches at end, or before a "\n" that is the last character before end;
 *   - search = the leftmost start in [pos, end] where the expression matches.
 * Repeated groups that could match the empty string are rejected by the parser (sre has
 * special rules for empty iterations), so every group iteration consumes text.
 * The work of one call is bounded by a step budget: past it the call answers RX_ABORT and
 * the caller asks the re.Pattern instead.
 */

#define RX_FAIL (-1)
#define RX_ABORT (-2)
#define RX_INF (-1)          /* no upper bound (one-character atoms only) */
#define RX_MAX_GROUP_REPEAT 100
#define RX_MAX_DEPTH 600
#define RX_MAX_NEST 50

enum { RX_LIT, RX_STR, RX_CLASS, RX_GROUP, RX_NLA, RX_PLA, RX_NLB, RX_PLB, RX_EOL };

/* non-ASCII members of a class: the union of these sre categories */
enum { NA_WORD = 1, NA_NOTWORD = 2, NA_SPACE = 4, NA_NOTSPACE = 8, NA_DIGIT = 16,
       NA_NOTDIGIT = 32 };

typedef struct RxSeq RxSeq;

/* the characters a match may start with: ASCII bitmap, and whether non-ASCII ones may */
typedef struct {
    uint64_t a[2];
    int non;
} FirstSet;

typedef struct {
    unsigned char type;
    unsigned char na;              /* RX_CLASS: NA_* bits */
    int min, max;                  /* repeat bounds ({1,1} for zero-width nodes) */
    Py_UCS4 ch;                    /* RX_LIT */
    Py_UCS4 *str;                  /* RX_STR: consecutive literals (each {1,1}) */
    int len;                       /* RX_STR */
    unsigned char *ascii;          /* RX_CLASS: [128] membership of ASCII characters */
    RxSeq *alts;                   /* RX_GROUP and lookarounds */
    int nalts;
    int width;                     /* lookbehind width */
    FirstSet gfirst;               /* RX_GROUP: union of the alternatives' first characters */
    Py_UCS4 *wfirst;               /* RX_GROUP {1,1} whose alternatives are all literal strings
                                      (a word list): their first characters, else NULL */
} RxNode;

struct RxSeq {
    RxNode *nodes;
    int n;
    int nullable;    /* may match without consuming a character: no first-character test */
    FirstSet first;  /* else a match starts with one of these */
    /* [n + 1]: the same for nodes[i:] (from[n] is empty, nullable_from[n] is 1) */
    FirstSet *from;
    unsigned char *nullable_from;
};

typedef struct Rx_ {
    RxSeq *alts;                   /* the whole expression: an alternation */
    int nalts;
    int nullable;                  /* may match the empty string: search tries every place */
    FirstSet first;                /* else a match starts with one of these */
} Rx;

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t begin, end;
    Py_ssize_t steps;              /* budget left */
    int depth;
} RxRun;

/* the rest of the match after a node: continue `seq` at node `i`, or (rep != NULL) decide
 * after iteration `count` of the repeated group `rep`; then `next` */
typedef struct RxCont {
    const RxSeq *seq;
    int i;
    const RxNode *rep;
    int count;
    const struct RxCont *next;
} RxCont;

static inline int
na_match(unsigned na, Py_UCS4 c)
{
    if ((na & NA_WORD) && Py_UNICODE_ISALNUM(c))
        return 1;
    if ((na & NA_NOTWORD) && !Py_UNICODE_ISALNUM(c))
        return 1;
    if ((na & NA_SPACE) && Py_UNICODE_ISSPACE(c))
        return 1;
    if ((na & NA_NOTSPACE) && !Py_UNICODE_ISSPACE(c))
        return 1;
    if ((na & NA_DIGIT) && Py_UNICODE_ISDECIMAL(c))
        return 1;
    if ((na & NA_NOTDIGIT) && !Py_UNICODE_ISDECIMAL(c))
        return 1;
    return 0;
}

/* one character against a one-character atom */
static inline int
atom_has(const RxNode *nd, Py_UCS4 c)
{
    if (nd->type == RX_LIT)
        return c == nd->ch;
    if (c < 128)
        return nd->ascii[c];
    return nd->na && na_match(nd->na, c);
}

/* -- parser -------------------------------------------------------------------------------- */

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n, i;
    Allocs *al;
    int nest;
} RxParser;

#define RX_UNSUPPORTED 1

static int rx_parse_alts(RxParser *ps, RxSeq **alts, int *nalts);

static inline Py_UCS4
ps_peek(RxParser *ps, Py_ssize_t ahead)
{
    Py_ssize_t j = ps->i + ahead;
    return j < ps->n ? PyUnicode_READ(ps->kind, ps->data, j) : (Py_UCS4)-1;
}

static inline int
is_ascii_alnum(Py_UCS4 c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* the sre category of \w \W \s \S \d \D applied to ASCII and non-ASCII characters */
static int
class_escape(Py_UCS4 e, unsigned char *ascii, unsigned char *na)
{
    unsigned bit;
    switch (e) {
    case 'w': bit = NA_WORD; break;
    case 'W': bit = NA_NOTWORD; break;
    case 's': bit = NA_SPACE; break;
    case 'S': bit = NA_NOTSPACE; break;
    case 'd': bit = NA_DIGIT; break;
    case 'D': bit = NA_NOTDIGIT; break;
    default: return 0;
    }
    *na |= (unsigned char)bit;
    for (Py_UCS4 c = 0; c < 128; c++) {
        int in;
        switch (bit) {
        case NA_WORD: in = Py_UNICODE_ISALNUM(c) || c == '_'; break;
        case NA_NOTWORD: in = !(Py_UNICODE_ISALNUM(c) || c == '_'); break;
        case NA_SPACE: in = Py_UNICODE_ISSPACE(c); break;
        case NA_NOTSPACE: in = !Py_UNICODE_ISSPACE(c); break;
        case NA_DIGIT: in = Py_UNICODE_ISDECIMAL(c); break;
        default: in = !Py_UNICODE_ISDECIMAL(c); break;
        }
        if (in)
            ascii[c] = 1;
    }
    return 1;
}

/* "\" + e as a literal character: -1 when it is not one we accept */
static long
literal_escape(Py_UCS4 e)
{
    switch (e) {
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'f': return '\f';
    case 'v': return '\v';
    }
    if (e == (Py_UCS4)-1 || is_ascii_alnum(e))
        return -1;
    return (long)e;  /* punctuation, white space, non-ASCII: itself */
}

/* [...] after the "[" */
static int
parse_class(RxParser *ps, RxNode *nd)
{
    nd->type = RX_CLASS;
    nd->ascii = allocs_get(ps->al, 128);
    if (nd->ascii == NULL)
        return -1;
    if (ps_peek(ps, 0) == '^' || ps_peek(ps, 0) == ']')
        return RX_UNSUPPORTED;
    for (;;) {
        Py_UCS4 c = ps_peek(ps, 0);
        if (c == (Py_UCS4)-1 || c == '[')
            return RX_UNSUPPORTED;
        ps->i++;
        if (c == ']')
            return 0;
        long lo;
        if (c == '-')
            return RX_UNSUPPORTED;  /* a bare "-" outside a range */
        if (c == '\\') {
            Py_UCS4 e = ps_peek(ps, 0);
            ps->i++;
            if (class_escape(e, nd->ascii, &nd->na))
                continue;
            lo = literal_escape(e);
            if (lo < 0)
                return RX_UNSUPPORTED;
        } else {
            lo = (long)c;
        }
        long hi = lo;
        if (ps_peek(ps, 0) == '-' && ps_peek(ps, 1) != ']') {
            Py_UCS4 h = ps_peek(ps, 1);
            if (h == '\\' || h == '[' || h == '-' || h == (Py_UCS4)-1)
                return RX_UNSUPPORTED;
            ps->i += 2;
            hi = (long)h;
        }
        if (lo >= 128 || hi >= 128 || hi < lo)
            return RX_UNSUPPORTED;
        for (long k = lo; k <= hi; k++)
            nd->ascii[k] = 1;
    }
}

/* a decimal number of at most 6 digits; -1 when none */
static long
parse_int(RxParser *ps)
{
    long v = -1;
    int digits = 0;
    Py_UCS4 c;
    while ((c = ps_peek(ps, 0)) >= '0' && c <= '9' && c != (Py_UCS4)-1) {
        if (++digits > 6)
            return -2;
        v = (v < 0 ? 0 : v * 10) + (long)(c - '0');
        ps->i++;
    }
    return v;
}

/* the smallest number of characters a sequence matches */
static Py_ssize_t
seq_min_width(const RxSeq *s)
{
    Py_ssize_t w = 0;
    for (int i = 0; i < s->n; i++) {
        const RxNode *nd = &s->nodes[i];
        if (nd->type == RX_LIT || nd->type == RX_CLASS) {
            w += nd->min;
        } else if (nd->type == RX_STR) {
            w += nd->len;
        } else if (nd->type == RX_GROUP) {
            Py_ssize_t best = -1;
            for (int a = 0; a < nd->nalts; a++) {
                Py_ssize_t aw = seq_min_width(&nd->alts[a]);
                if (best < 0 || aw < best)
                    best = aw;
            }
            w += (best < 0 ? 0 : best) * nd->min;
        }
    }
    return w;
}

/* the fixed width of a lookbehind body (literals and one-character atoms without repeats,
 * the same width in every alternative), or -1 */
static int
fixed_width(const RxSeq *alts, int nalts)
{
    int width = -1;
    for (int a = 0; a < nalts; a++) {
        int w = 0;
        for (int i = 0; i < alts[a].n; i++) {
            const RxNode *nd = &alts[a].nodes[i];
            if (nd->type == RX_STR)
                w += nd->len;
            else if ((nd->type == RX_LIT || nd->type == RX_CLASS) && nd->min == 1 &&
                     nd->max == 1)
                w += 1;
            else
                return -1;
        }
        if (width >= 0 && width != w)
            return -1;
        width = w;
    }
    return width;
}

/* one sequence up to "|", ")" or the end */
static int
parse_seq(RxParser *ps, RxSeq *out)
{
    RxNode *buf = NULL;
    int n = 0, cap = 0, rc = 0;
    for (;;) {
        Py_UCS4 c = ps_peek(ps, 0);
        if (c == (Py_UCS4)-1 || c == '|' || c == ')')
            break;
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            RxNode *b = PyMem_Realloc(buf, (size_t)cap * sizeof(RxNode));
            if (b == NULL) {
                PyErr_NoMemory();
                rc = -1;
                goto done;
            }
            buf = b;
        }
        RxNode *nd = &buf[n++];
        memset(nd, 0, sizeof(*nd));
        nd->min = nd->max = 1;
        ps->i++;
        int zero_width = 0;
        if (c == '(') {
            if (ps_peek(ps, 0) != '?') {
                rc = RX_UNSUPPORTED;
                goto done;
            }
            Py_UCS4 c1 = ps_peek(ps, 1), c2 = ps_peek(ps, 2);
            if (c1 == ':') {
                nd->type = RX_GROUP;
                ps->i += 2;
            } else if (c1 == '!' || c1 == '=') {
                nd->type = c1 == '!' ? RX_NLA : RX_PLA;
                ps->i += 2;
                zero_width = 1;
            } else if (c1 == '<' && (c2 == '!' || c2 == '=')) {
                nd->type = c2 == '!' ? RX_NLB : RX_PLB;
                ps->i += 3;
                zero_width = 1;
            } else {
                rc = RX_UNSUPPORTED;
                goto done;
            }
            if (++ps->nest > RX_MAX_NEST) {
                rc = RX_UNSUPPORTED;
                goto done;
            }
            rc = rx_parse_alts(ps, &nd->alts, &nd->nalts);
            ps->nest--;
            if (rc)
                goto done;
            if (ps_peek(ps, 0) != ')') {
                rc = RX_UNSUPPORTED;
                goto done;
            }
            ps->i++;
            if (nd->type == RX_NLB || nd->type == RX_PLB) {
                nd->width = fixed_width(nd->alts, nd->nalts);
                if (nd->width < 0) {
                    rc = RX_UNSUPPORTED;
                    goto done;
                }
            }
        } else if (c == '[') {
            rc = parse_class(ps, nd);
            if (rc)
                goto done;
        } else if (c == '\\') {
            Py_UCS4 e = ps_peek(ps, 0);
            ps->i++;
            nd->type = RX_CLASS;
            nd->ascii = allocs_get(ps->al, 128);
            if (nd->ascii == NULL) {
                rc = -1;
                goto done;
            }
            if (!class_escape(e, nd->ascii, &nd->na)) {
                long lit = literal_escape(e);
                if (lit < 0) {
                    rc = RX_UNSUPPORTED;
                    goto done;
                }
                nd->type = RX_LIT;
                nd->ch = (Py_UCS4)lit;
            }
        } else if (c == '$') {
            nd->type = RX_EOL;
            zero_width = 1;
        } else if (c == '^' || c == '.' || c == '*' || c == '+' || c == '?' || c == '{') {
            rc = RX_UNSUPPORTED;
            goto done;
        } else {
            nd->type = RX_LIT;
            nd->ch = c;
        }
        /* a quantifier */
        Py_UCS4 q = ps_peek(ps, 0);
        if (q != '*' && q != '+' && q != '?' && q != '{')
            goto splice;
        if (zero_width) {
            rc = RX_UNSUPPORTED;
            goto done;
        }
        ps->i++;
        long lo, hi;
        if (q == '*') {
            lo = 0;
            hi = RX_INF;
        } else if (q == '+') {
            lo = 1;
            hi = RX_INF;
        } else if (q == '?') {
            lo = 0;
            hi = 1;
        } else {
            lo = parse_int(ps);
            if (lo == -2) {
                rc = RX_UNSUPPORTED;
                goto done;
            }
            if (ps_peek(ps, 0) == ',') {
                ps->i++;
                hi = parse_int(ps);
                if (hi == -2) {
                    rc = RX_UNSUPPORTED;
                    goto done;
                }
                if (hi < 0)
                    hi = RX_INF;
                if (lo < 0)
                    lo = 0;
            } else {
                if (lo < 0) {
                    rc = RX_UNSUPPORTED;
                    goto done;
                }
                hi = lo;
            }
            if (ps_peek(ps, 0) != '}' || (hi != RX_INF && hi < lo)) {
                rc = RX_UNSUPPORTED;
                goto done;
            }
            ps->i++;
        }
        Py_UCS4 after = ps_peek(ps, 0);
        if (after == '?' || after == '+' || after == '*' || after == '{') {
            rc = RX_UNSUPPORTED;  /* lazy, possessive or a repeated repeat */
            goto done;
        }
        nd->min = (int)lo;
        nd->max = (int)hi;
        if (nd->type == RX_GROUP && !(lo == 1 && hi == 1)) {
            /* bounded, and every iteration consumes text (no empty-iteration rules) */
            if (hi == RX_INF || hi > RX_MAX_GROUP_REPEAT) {
                rc = RX_UNSUPPORTED;
                goto done;
            }
            for (int a = 0; a < nd->nalts; a++)
                if (seq_min_width(&nd->alts[a]) == 0) {
                    rc = RX_UNSUPPORTED;
                    goto done;
                }
        }
    splice:
        /* (?:X) with one alternative and no repeat is X: its nodes take its place */
        if (buf[n - 1].type == RX_GROUP && buf[n - 1].min == 1 && buf[n - 1].max == 1 &&
            buf[n - 1].nalts == 1) {
            RxSeq inner = buf[n - 1].alts[0];
            n--;
            if (n + inner.n > cap) {
                cap = n + inner.n + 8;
                RxNode *b = PyMem_Realloc(buf, (size_t)cap * sizeof(RxNode));
                if (b == NULL) {
                    PyErr_NoMemory();
                    rc = -1;
                    goto done;
                }
                buf = b;
            }
            if (inner.n)
                memcpy(buf + n, inner.nodes, (size_t)inner.n * sizeof(RxNode));
            n += inner.n;
        }
    }
    /* runs of literals (single characters, or strings from spliced groups) become one
     * RX_STR node */
    int w = 0;
    for (int i = 0; i < n;) {
        int j = i, total = 0;
        while (j < n && ((buf[j].type == RX_LIT && buf[j].min == 1 && buf[j].max == 1) ||
                         buf[j].type == RX_STR)) {
            total += buf[j].type == RX_STR ? buf[j].len : 1;
            j++;
        }
        if (j - i >= 2) {
            RxNode *nd = &buf[w++];
            Py_UCS4 *str = allocs_get(ps->al, (size_t)total * sizeof(Py_UCS4));
            if (str == NULL) {
                rc = -1;
                goto done;
            }
            int len = 0;
            for (int k = i; k < j; k++) {
                if (buf[k].type == RX_STR) {
                    memcpy(str + len, buf[k].str, (size_t)buf[k].len * sizeof(Py_UCS4));
                    len += buf[k].len;
                } else {
                    str[len++] = buf[k].ch;
                }
            }
            memset(nd, 0, sizeof(*nd));
            nd->type = RX_STR;
            nd->min = nd->max = 1;
            nd->str = str;
            nd->len = total;
            i = j;
        } else {
            buf[w++] = buf[i++];
        }
    }
    n = w;
    out->n = n;
    out->nodes = allocs_get(ps->al, (size_t)n * sizeof(RxNode));
    if (out->nodes == NULL) {
        rc = -1;
        goto done;
    }
    if (n)
        memcpy(out->nodes, buf, (size_t)n * sizeof(RxNode));
done:
    PyMem_Free(buf);
    return rc;
}

/* alternatives separated by "|" up to ")" or the end */
static int
rx_parse_alts(RxParser *ps, RxSeq **alts, int *nalts)
{
    RxSeq *buf = NULL;
    int n = 0, cap = 0, rc = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 4;
            RxSeq *b = PyMem_Realloc(buf, (size_t)cap * sizeof(RxSeq));
            if (b == NULL) {
                PyErr_NoMemory();
                rc = -1;
                goto done;
            }
            buf = b;
        }
        rc = parse_seq(ps, &buf[n++]);
        if (rc)
            goto done;
        if (ps_peek(ps, 0) != '|')
            break;
        ps->i++;
    }
    *nalts = n;
    *alts = allocs_get(ps->al, (size_t)n * sizeof(RxSeq));
    if (*alts == NULL) {
        rc = -1;
        goto done;
    }
    memcpy(*alts, buf, (size_t)n * sizeof(RxSeq));
done:
    PyMem_Free(buf);
    return rc;
}

static inline void
first_add(FirstSet *fs, Py_UCS4 c)
{
    if (c < 128)
        fs->a[c >> 6] |= (uint64_t)1 << (c & 63);
    else
        fs->non = 1;
}

/* adds the characters a match of s[i:] may start with to fs; returns 1 when s[i:] may match
 * without consuming a character (zero-width nodes count as nothing: fs is a superset) */
static int
first_set(FirstSet *fs, const RxSeq *s, int i)
{
    for (; i < s->n; i++) {
        const RxNode *nd = &s->nodes[i];
        switch (nd->type) {
        case RX_LIT:
            first_add(fs, nd->ch);
            if (nd->min > 0)
                return 0;
            break;
        case RX_STR:
            first_add(fs, nd->str[0]);
            return 0;
        case RX_CLASS:
            for (int c = 0; c < 128; c++)
                if (nd->ascii[c])
                    first_add(fs, (Py_UCS4)c);
            if (nd->na)
                fs->non = 1;
            if (nd->min > 0)
                return 0;
            break;
        case RX_GROUP: {
            int nullable = 0;
            for (int a = 0; a < nd->nalts; a++)
                nullable |= first_set(fs, &nd->alts[a], 0);
            if (nd->min > 0 && !nullable)
                return 0;
            break;
        }
        default:  /* zero-width: they only narrow the matches */
            break;
        }
    }
    return 1;
}

/* fill in the first-character sets of s and of every sequence inside it; -1 on error */
static int
seq_prepare(RxSeq *s, Allocs *al)
{
    for (int i = 0; i < s->n; i++) {
        RxNode *nd = &s->nodes[i];
        memset(&nd->gfirst, 0, sizeof(nd->gfirst));
        for (int a = 0; a < nd->nalts; a++) {
            if (seq_prepare(&nd->alts[a], al) < 0)
                return -1;
            nd->gfirst.a[0] |= nd->alts[a].first.a[0];
            nd->gfirst.a[1] |= nd->alts[a].first.a[1];
            nd->gfirst.non |= nd->alts[a].first.non;
        }
        nd->wfirst = NULL;
        if (nd->type == RX_GROUP && nd->min == 1 && nd->max == 1) {
            int words = 1;
            for (int a = 0; a < nd->nalts; a++)
                words &= nd->alts[a].n == 1 && nd->alts[a].nodes[0].type == RX_STR;
            if (words) {
                nd->wfirst = allocs_get(al, (size_t)nd->nalts * sizeof(Py_UCS4));
                if (nd->wfirst == NULL)
                    return -1;
                for (int a = 0; a < nd->nalts; a++)
                    nd->wfirst[a] = nd->alts[a].nodes[0].str[0];
            }
        }
    }
    s->from = allocs_get(al, (size_t)(s->n + 1) * sizeof(FirstSet));
    s->nullable_from = allocs_get(al, (size_t)(s->n + 1));
    if (s->from == NULL || s->nullable_from == NULL)
        return -1;
    for (int i = 0; i <= s->n; i++)
        s->nullable_from[i] = (unsigned char)first_set(&s->from[i], s, i);
    s->first = s->from[0];
    s->nullable = s->nullable_from[0];
    return 0;
}

/* Parse a compiled re.Pattern.  *out = NULL when its pattern is not in the subset (or its
 * flags are not exactly re.UNICODE).  Returns 0, or -1 with an exception. */
static int
rx_compile(PyObject *pat, Allocs *al, Rx **out)
{
    *out = NULL;
    PyObject *p = PyObject_GetAttrString(pat, "pattern");
    if (p == NULL)
        return -1;
    PyObject *fl = PyObject_GetAttrString(pat, "flags");
    if (fl == NULL) {
        Py_DECREF(p);
        return -1;
    }
    long flags = PyLong_Check(fl) ? PyLong_AsLong(fl) : -1;
    Py_DECREF(fl);
    if (flags == -1 && PyErr_Occurred())
        PyErr_Clear();
    int rc = 0;
    if (PyUnicode_CheckExact(p) && flags == 32
#if PY_VERSION_HEX < 0x030C0000
        && PyUnicode_READY(p) == 0
#endif
    ) {
        RxParser ps = {PyUnicode_KIND(p), PyUnicode_DATA(p), PyUnicode_GET_LENGTH(p), 0, al, 0};
        Rx *rx = allocs_get(al, sizeof(Rx));
        if (rx == NULL) {
            rc = -1;
        } else {
            rc = rx_parse_alts(&ps, &rx->alts, &rx->nalts);
            if (rc == 0 && ps.i != ps.n)
                rc = RX_UNSUPPORTED;  /* an unbalanced ")" */
            if (rc == 0) {
                for (int a = 0; a < rx->nalts; a++) {
                    if (seq_prepare(&rx->alts[a], al) < 0) {
                        rc = -1;
                        break;
                    }
                    rx->nullable |= rx->alts[a].nullable;
                    rx->first.a[0] |= rx->alts[a].first.a[0];
                    rx->first.a[1] |= rx->alts[a].first.a[1];
                    rx->first.non |= rx->alts[a].first.non;
                }
                if (rc == 0)
                    *out = rx;
            }
        }
        if (rc == RX_UNSUPPORTED)
            rc = 0;
    }
    Py_DECREF(p);
    return rc;
}

/* -- matcher ------------------------------------------------------------------------------- */

static Py_ssize_t rx_seq(RxRun *r, const RxSeq *s, int i, Py_ssize_t p, const RxCont *k);

static inline Py_UCS4
rd(const RxRun *r, Py_ssize_t i)
{
    return PyUnicode_READ(r->kind, r->data, i);
}

static inline int
fs_has(const FirstSet *fs, Py_UCS4 c)  /* c == (Py_UCS4)-1: no character (the end) */
{
    if (c < 128)
        return (int)((fs->a[c >> 6] >> (c & 63)) & 1);
    return c != (Py_UCS4)-1 && fs->non;
}

/* can s->nodes[i:] followed by the continuation k match at p?  0 only when it surely
 * cannot: the character at p starts none of the ways on (a cheap test before trying) */
static int
rest_may_start(const RxRun *r, const RxSeq *s, int i, const RxCont *k, Py_ssize_t p)
{
    Py_UCS4 c = p < r->end ? rd(r, p) : (Py_UCS4)-1;
    for (;;) {
        if (fs_has(&s->from[i], c))
            return 1;
        if (!s->nullable_from[i])
            return 0;
        /* s->nodes[i:] may match nothing: what comes after decides */
        for (;;) {
            if (k == NULL)
                return 1;  /* the match may end here */
            if (k->rep == NULL) {
                s = k->seq;
                i = k->i;
                k = k->next;
                break;
            }
            /* another iteration of the group (its alternatives consume text), or on */
            if (k->count < k->rep->max && fs_has(&k->rep->gfirst, c))
                return 1;
            if (k->count < k->rep->min)
                return 0;
            k = k->next;
        }
    }
}

/* can a match of s start at p? (a cheap test before trying it) */
static inline int
may_start(const RxRun *r, const RxSeq *s, Py_ssize_t p)
{
    if (s->nullable)
        return 1;
    if (p >= r->end)
        return 0;
    Py_UCS4 c = rd(r, p);
    if (c < 128)
        return (int)((s->first.a[c >> 6] >> (c & 63)) & 1);
    return s->first.non;
}

/* after iteration `count` of the repeated group g: greedy, one more first */
static Py_ssize_t
rx_rep(RxRun *r, const RxNode *g, int count, Py_ssize_t p, const RxCont *after)
{
    if (--r->steps < 0)
        return RX_ABORT;
    if (count < g->max) {
        RxCont again = {NULL, 0, g, count + 1, after};
        for (int a = 0; a < g->nalts; a++) {
            if (!may_start(r, &g->alts[a], p))
                continue;
            Py_ssize_t res = rx_seq(r, &g->alts[a], 0, p, &again);
            if (res != RX_FAIL)
                return res;
        }
    }
    if (count < g->min)
        return RX_FAIL;
    if (after == NULL)
        return p;
    if (after->rep != NULL)
        return rx_rep(r, after->rep, after->count, p, after->next);
    return rx_seq(r, after->seq, after->i, p, after->next);
}

/* the alternatives of a lookaround body at p, on their own: end of the match or RX_FAIL */
static Py_ssize_t
rx_alts(RxRun *r, const RxSeq *alts, int nalts, Py_ssize_t p)
{
    for (int a = 0; a < nalts; a++) {
        if (!may_start(r, &alts[a], p))
            continue;
        Py_ssize_t res = rx_seq(r, &alts[a], 0, p, NULL);
        if (res != RX_FAIL)
            return res;
    }
    return RX_FAIL;
}

/* match s->nodes[i:] at p, then the continuation k: the end of the whole match, RX_FAIL or
 * RX_ABORT */
static Py_ssize_t
rx_seq(RxRun *r, const RxSeq *s, int i, Py_ssize_t p, const RxCont *k)
{
    Py_ssize_t res;
    if (--r->steps < 0 || r->depth >= RX_MAX_DEPTH)
        return RX_ABORT;
    r->depth++;
    for (; i < s->n; i++) {
        const RxNode *nd = &s->nodes[i];
        switch (nd->type) {
        case RX_LIT:
        case RX_CLASS: {
            if (nd->min == 1 && nd->max == 1) {
                if (p >= r->end || !atom_has(nd, rd(r, p)))
                    goto fail;
                p++;
                break;
            }
            Py_ssize_t lim = r->end - p, c = 0;
            if (nd->max != RX_INF && nd->max < lim)
                lim = nd->max;
            while (c < lim && atom_has(nd, rd(r, p + c)))
                c++;
            r->steps -= c;
            if (c < nd->min)
                goto fail;
            if (i + 1 == s->n && k == NULL) {  /* nothing after: the longest run wins */
                p += c;
                break;
            }
            for (; c >= nd->min; c--) {  /* give back one character at a time */
                if (!rest_may_start(r, s, i + 1, k, p + c))
                    continue;
                res = rx_seq(r, s, i + 1, p + c, k);
                if (res != RX_FAIL)
                    goto out;
            }
            goto fail;
        }
        case RX_STR:
            if (r->end - p < nd->len)
                goto fail;
            for (int q = 0; q < nd->len; q++)
                if (rd(r, p + q) != nd->str[q])
                    goto fail;
            p += nd->len;
            break;
        case RX_GROUP: {
            RxCont after = {s, i + 1, NULL, 0, k};
            if (nd->wfirst != NULL) {
                /* a list of words: compare them here, in order, then go on after the group */
                if (p >= r->end)
                    goto fail;
                Py_UCS4 c0 = rd(r, p);
                for (int a = 0; a < nd->nalts; a++) {
                    if (nd->wfirst[a] != c0)
                        continue;
                    const RxNode *w = &nd->alts[a].nodes[0];
                    Py_ssize_t q = 1;
                    if (r->end - p < w->len)
                        continue;
                    while (q < w->len && rd(r, p + q) == w->str[q])
                        q++;
                    if (q < w->len || !rest_may_start(r, s, i + 1, k, p + q))
                        continue;
                    res = rx_seq(r, s, i + 1, p + q, k);
                    if (res != RX_FAIL)
                        goto out;
                }
                goto fail;
            }
            if (nd->min == 1 && nd->max == 1) {
                for (int a = 0; a < nd->nalts; a++) {
                    const RxSeq *alt = &nd->alts[a];
                    if (!may_start(r, alt, p))
                        continue;
                    res = rx_seq(r, alt, 0, p, &after);
                    if (res != RX_FAIL)
                        goto out;
                }
                goto fail;
            }
            res = rx_rep(r, nd, 0, p, &after);
            goto out;
        }
        case RX_NLA:
        case RX_PLA:
            res = rx_alts(r, nd->alts, nd->nalts, p);
            if (res == RX_ABORT)
                goto out;
            if ((res >= 0) != (nd->type == RX_PLA))
                goto fail;
            break;
        case RX_NLB:
        case RX_PLB: {
            int hit = 0;
            if (p - r->begin >= nd->width) {
                res = rx_alts(r, nd->alts, nd->nalts, p - nd->width);
                if (res == RX_ABORT)
                    goto out;
                hit = res >= 0;
            }
            if (hit != (nd->type == RX_PLB))
                goto fail;
            break;
        }
        case RX_EOL:
            if (!(p == r->end || (p + 1 == r->end && rd(r, p) == '\n')))
                goto fail;
            break;
        }
    }
    if (k == NULL)
        res = p;
    else if (k->rep != NULL)
        res = rx_rep(r, k->rep, k->count, p, k->next);
    else
        res = rx_seq(r, k->seq, k->i, p, k->next);
    goto out;
fail:
    res = RX_FAIL;
out:
    r->depth--;
    return res;
}

/* budget < 0: the default, linear in the length of text the call may look at */
static inline void
rx_run_init(RxRun *r, int kind, const void *data, Py_ssize_t begin, Py_ssize_t pos,
            Py_ssize_t end, Py_ssize_t budget)
{
    r->kind = kind;
    r->data = data;
    r->begin = begin;
    r->end = end;
    r->steps = budget >= 0 ? budget : 20000 + 64 * (end - pos);
    r->depth = 0;
}

/* pattern.match(text, pos, end) with lookbehind down to `begin`: end of the match, RX_FAIL,
 * RX_ABORT */
static Py_ssize_t
rx_match(const Rx *rx, int kind, const void *data, Py_ssize_t begin, Py_ssize_t pos,
         Py_ssize_t end, Py_ssize_t budget)
{
    RxRun r;
    if (pos > end)  /* sre's answer then depends on the pattern: ask it */
        return RX_ABORT;
    rx_run_init(&r, kind, data, begin, pos, end, budget);
    return rx_alts(&r, rx->alts, rx->nalts, pos);
}

/* pattern.search(text, pos, end): *start and the end of the leftmost match, RX_FAIL,
 * RX_ABORT */
static Py_ssize_t
rx_search(const Rx *rx, int kind, const void *data, Py_ssize_t begin, Py_ssize_t pos,
          Py_ssize_t end, Py_ssize_t budget, Py_ssize_t *start)
{
    RxRun r;
    if (pos > end)  /* sre's answer then depends on the pattern: ask it */
        return RX_ABORT;
    rx_run_init(&r, kind, data, begin, pos, end, budget);
    for (Py_ssize_t p = pos; p <= end; p++) {
        if (!rx->nullable) {
            if (p == end)
                break;
            Py_UCS4 c = rd(&r, p);
            if (c < 128 ? !((rx->first.a[c >> 6] >> (c & 63)) & 1) : !rx->first.non)
                continue;
        }
        Py_ssize_t res = rx_alts(&r, rx->alts, rx->nalts, p);
        if (res != RX_FAIL) {
            *start = p;
            return res;
        }
    }
    return RX_FAIL;
}

/* ---------------------------------------------------------------------------------------- */
/* building the tables                                                                      */

/* Returns 0 on success, 1 when the ruleset needs the Python fallback, -1 on error. */
#define FALLBACK_IF(cond) \
    do {                  \
        if (cond) {       \
            rc = 1;       \
            goto done;    \
        }                 \
    } while (0)
#define FAIL_IF(cond) \
    do {              \
        if (cond) {   \
            rc = -1;  \
            goto done; \
        }             \
    } while (0)

static int
pattern_method(Matcher *self, PyObject *pat, PyObject *pattern_type, PyObject *name,
               PyObject **out)
{
    *out = NULL;
    if (pat == Py_None)
        return 0;
    if (Py_TYPE(pat) != (PyTypeObject *)pattern_type)
        return 1;
    *out = keep(self, PyObject_GetAttr(pat, name));
    return *out == NULL ? -1 : 0;
}

/* aux id of a needs / negator word (assigned on first sight); -2: not a [a-z0-9] word; -1 err */
static int
aux_id(Matcher *self, PyObject *aux_map, PyObject *word)
{
    if (!is_subword(word))
        return -2;
    PyObject *v = PyDict_GetItemWithError(aux_map, word);
    if (v != NULL)
        return (int)PyLong_AsLong(v);
    if (PyErr_Occurred())
        return -1;
    PyObject *id = PyLong_FromLong(self->naux);
    if (id == NULL || PyDict_SetItem(aux_map, word, id) < 0) {
        Py_XDECREF(id);
        return -1;
    }
    Py_DECREF(id);
    return self->naux++;
}

/* a set of words (or None) -> aux ids; returns 0, 1 (fallback), -1 */
static int
aux_set(Matcher *self, PyObject *aux_map, PyObject *set, int *none, int *n, int **ids)
{
    *none = set == Py_None;
    *n = 0;
    *ids = NULL;
    if (set == Py_None)
        return 0;
    if (!PyAnySet_CheckExact(set))
        return 1;
    Py_ssize_t size = PySet_GET_SIZE(set);
    *ids = m_alloc(self, (size_t)size * sizeof(int));
    if (*ids == NULL)
        return -1;
    PyObject *it = PyObject_GetIter(set), *w;
    if (it == NULL)
        return -1;
    while ((w = PyIter_Next(it)) != NULL) {
        int a = aux_id(self, aux_map, w);
        Py_DECREF(w);
        if (a < 0 || *n >= size) {
            Py_DECREF(it);
            return a == -2 || a >= 0 ? 1 : -1;
        }
        (*ids)[(*n)++] = a;
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

/* Fill `out` with the alternatives of a negator built by rules._negator: the pattern must be
 * prefix + "|".join(re.escape(word)) + suffix, ASCII, with no flag but re.UNICODE; otherwise
 * out->n stays -1 (no window test).  Returns -1 on error, else 0. */
static int
negator_literals(Matcher *self, PyObject *pat, const char *prefix, const char *suffix,
                 LitSet *out)
{
    out->n = -1;
    if (pat == Py_None)
        return 0;
    PyObject *p = PyObject_GetAttrString(pat, "pattern");
    if (p == NULL)
        return -1;
    PyObject *fl = PyObject_GetAttrString(pat, "flags");
    if (fl == NULL) {
        Py_DECREF(p);
        return -1;
    }
    long flags = PyLong_Check(fl) ? PyLong_AsLong(fl) : -1;
    Py_DECREF(fl);
    PyErr_Clear();
    if (!PyUnicode_CheckExact(p) || !PyUnicode_IS_ASCII(p) || flags != 32) {
        Py_DECREF(p);
        return 0;
    }
    const char *s = (const char *)PyUnicode_1BYTE_DATA(p);
    size_t n = (size_t)PyUnicode_GET_LENGTH(p), lp = strlen(prefix), ls = strlen(suffix);
    if (n < lp + ls + 1 || memcmp(s, prefix, lp) != 0 || memcmp(s + n - ls, suffix, ls) != 0) {
        Py_DECREF(p);
        return 0;
    }
    const char *mid = s + lp, *end = s + n - ls;
    int count = 1;
    for (const char *c = mid; c < end; c++) {
        if (*c == '\\') {
            c++;  /* an escape: only "\" + punctuation (a literal) is allowed */
            if (c >= end || (*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
                (*c >= 'A' && *c <= 'Z')) {
                Py_DECREF(p);
                return 0;
            }
        } else if (*c == '|') {
            count++;
        } else if (strchr(".^$*+?{}[]()", *c) != NULL) {
            Py_DECREF(p);
            return 0;
        }
    }
    out->lit = m_alloc(self, (size_t)count * sizeof(char *));
    out->len = m_alloc(self, (size_t)count * sizeof(int));
    char *buf = m_alloc(self, (size_t)(end - mid) + 1);
    if (!out->lit || !out->len || !buf) {
        Py_DECREF(p);
        return -1;
    }
    int k = 0;
    out->lit[0] = buf;
    out->len[0] = 0;
    for (const char *c = mid; c < end; c++) {
        if (*c == '|') {
            out->lit[++k] = buf;
            out->len[k] = 0;
            continue;
        }
        if (*c == '\\')
            c++;
        *buf++ = *c;
        out->len[k]++;
    }
    Py_DECREF(p);
    for (k = 0; k < count; k++) {
        if (out->len[k] == 0)  /* an empty alternative matches anywhere */
            return 0;
        out->first[(unsigned char)out->lit[k][0]] = 1;
    }
    out->n = count;
    return 0;
}

/* Does text[lo:hi] contain one of the literals? (1 also when the set is unknown) */
static int
window_has(const LitSet *ls, int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi)
{
    if (ls->n < 0)
        return 1;
    for (Py_ssize_t i = lo; i < hi; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= 128 || !ls->first[c])
            continue;
        for (int k = 0; k < ls->n; k++) {
            Py_ssize_t len = ls->len[k];
            if ((unsigned char)ls->lit[k][0] != c || len > hi - i)
                continue;
            Py_ssize_t q = 1;
            while (q < len && PyUnicode_READ(kind, data, i + q) == (unsigned char)ls->lit[k][q])
                q++;
            if (q == len)
                return 1;
        }
    }
    return 0;
}

static int
int_index(PyObject *obj, int nflags)
{
    if (!PyLong_CheckExact(obj))
        return -1;
    long v = PyLong_AsLong(obj);
    if (v == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return -1;
    }
    return v >= 0 && v < nflags ? (int)v : -1;
}

/* the native form of an expression (None: nothing); 0 or -1 on error */
static int
native_rx(Matcher *self, PyObject *pat, Rx **out)
{
    *out = NULL;
    if (pat == Py_None)
        return 0;
    self->n_rx++;
    if (self->python_re)
        return 0;
    if (rx_compile(pat, &self->al, out) < 0)
        return -1;
    self->n_rx_native += *out != NULL;
    return 0;
}

static int
build(Matcher *self, PyObject *rs)
{
    int rc = 0;
    PyObject *rules = NULL, *flags = NULL, *id_index = NULL, *aux_map = NULL, *re_mod = NULL;
    PyObject *pattern_type = NULL, *match_type = NULL, *tmp = NULL, *anchored_words = NULL;
    PyObject *at_trigger = NULL, *trigger_words = NULL, *trigger_index = NULL;
    PyObject *always = NULL, *by_id = NULL, *it = NULL, *item = NULL, *trig_map = NULL;

    rules = PyImport_ImportModule("sigap.screening.rules");
    FAIL_IF(rules == NULL);
    re_mod = PyImport_ImportModule("re");
    FAIL_IF(re_mod == NULL);
    pattern_type = PyObject_GetAttrString(re_mod, "Pattern");
    FAIL_IF(pattern_type == NULL);
    match_type = PyObject_GetAttrString(re_mod, "Match");
    FAIL_IF(match_type == NULL);
    self->m_start = keep(self, PyObject_GetAttrString(match_type, "start"));
    FAIL_IF(self->m_start == NULL);
    self->m_end = keep(self, PyObject_GetAttrString(match_type, "end"));
    FAIL_IF(self->m_end == NULL);
    self->yield_func = keep(self, PyObject_GetAttrString(rules, "_yield"));
    FAIL_IF(self->yield_func == NULL);

    tmp = PyObject_GetAttrString(rules, "MAX_SPANS_PER_FLAG");
    FAIL_IF(tmp == NULL);
    FALLBACK_IF(!PyLong_CheckExact(tmp));
    self->max_spans = PyLong_AsSsize_t(tmp);
    Py_CLEAR(tmp);
    FAIL_IF(self->max_spans == -1 && PyErr_Occurred());
    FALLBACK_IF(self->max_spans < 1 || self->max_spans > 100000);
    tmp = PyObject_GetAttrString(rules, "_MAX_POSITIONS");
    FAIL_IF(tmp == NULL);
    FALLBACK_IF(!PyLong_CheckExact(tmp));
    self->max_positions = PyLong_AsSsize_t(tmp);
    Py_CLEAR(tmp);
    FAIL_IF(self->max_positions == -1 && PyErr_Occurred());
    FALLBACK_IF(self->max_positions < 1 || self->max_positions > 1000000);

    /* flags */
    flags = PyObject_GetAttrString(rs, "flags");
    FAIL_IF(flags == NULL);
    FALLBACK_IF(!PyList_CheckExact(flags) || PyList_GET_SIZE(flags) > 100000);
    self->nflags = (int)PyList_GET_SIZE(flags);
    self->flags = m_alloc(self, (size_t)self->nflags * sizeof(CFlag));
    FAIL_IF(self->flags == NULL);
    id_index = PyDict_New();
    aux_map = PyDict_New();
    trig_map = PyDict_New();
    FAIL_IF(id_index == NULL || aux_map == NULL || trig_map == NULL);
    for (int i = 0; i < self->nflags; i++) {
        PyObject *compiled = PyList_GET_ITEM(flags, i);
        CFlag *f = &self->flags[i];
        f->n_yield_to = -1;
        tmp = PyObject_GetAttrString(compiled, "flag");
        FAIL_IF(tmp == NULL);
        f->id = keep(self, PyObject_GetAttrString(tmp, "id"));
        Py_CLEAR(tmp);
        FAIL_IF(f->id == NULL);
        FALLBACK_IF(!PyUnicode_CheckExact(f->id));
        int dup = PyDict_Contains(id_index, f->id);
        FAIL_IF(dup < 0);
        FALLBACK_IF(dup);
        tmp = PyLong_FromLong(i);
        FAIL_IF(tmp == NULL || PyDict_SetItem(id_index, f->id, tmp) < 0);
        Py_CLEAR(tmp);

        int r;
        tmp = PyObject_GetAttrString(compiled, "regex");
        FAIL_IF(tmp == NULL);
        r = pattern_method(self, tmp, pattern_type, s_match, &f->match);
        if (r == 0)
            r = pattern_method(self, tmp, pattern_type, s_search, &f->search);
        if (r == 0)
            r = native_rx(self, tmp, &f->rx);
        Py_CLEAR(tmp);
        FAIL_IF(r < 0);
        FALLBACK_IF(r > 0);
        tmp = PyObject_GetAttrString(compiled, "neg_before");
        FAIL_IF(tmp == NULL);
        r = pattern_method(self, tmp, pattern_type, s_search, &f->neg_before);
        if (r == 0)
            r = negator_literals(self, tmp, "(?<![a-z0-9])(?:",
                                 ")(?:[ \\t]+[a-z0-9]+){0,2}[ \\t]*$", &f->nb_lits);
        if (r == 0)
            r = native_rx(self, tmp, &f->nb_rx);
        Py_CLEAR(tmp);
        FAIL_IF(r < 0);
        FALLBACK_IF(r > 0);
        tmp = PyObject_GetAttrString(compiled, "neg_after");
        FAIL_IF(tmp == NULL);
        r = pattern_method(self, tmp, pattern_type, s_match, &f->neg_after);
        if (r == 0)
            r = negator_literals(self, tmp, "[ \\t]*(?:[a-z0-9]+[ \\t]+){0,2}(?:",
                                 ")(?![a-z0-9])", &f->na_lits);
        if (r == 0)
            r = native_rx(self, tmp, &f->na_rx);
        Py_CLEAR(tmp);
        FAIL_IF(r < 0);
        FALLBACK_IF(r > 0);
        tmp = PyObject_GetAttrString(compiled, "neg_words");
        FAIL_IF(tmp == NULL);
        r = aux_set(self, aux_map, tmp, &f->neg_words_none, &f->n_neg_words, &f->neg_words);
        Py_CLEAR(tmp);
        FAIL_IF(r < 0);
        FALLBACK_IF(r > 0);
    }

    /* anchored flags: anchored_words and at_trigger */
    anchored_words = PyObject_GetAttrString(rs, "anchored_words");
    FAIL_IF(anchored_words == NULL);
    FALLBACK_IF(!PyAnySet_CheckExact(anchored_words));
    at_trigger = PyObject_GetAttrString(rs, "at_trigger");
    FAIL_IF(at_trigger == NULL);
    FALLBACK_IF(!PyDict_CheckExact(at_trigger));
    self->ntrig = (int)PySet_GET_SIZE(anchored_words);
    self->trig_word = m_alloc(self, (size_t)self->ntrig * sizeof(PyObject *));
    self->entry_start = m_alloc(self, (size_t)self->ntrig * sizeof(int));
    self->entry_count = m_alloc(self, (size_t)self->ntrig * sizeof(int));
    FAIL_IF(!self->trig_word || !self->entry_start || !self->entry_count);
    /* count entries first */
    {
        Py_ssize_t total = 0;
        it = PyObject_GetIter(anchored_words);
        FAIL_IF(it == NULL);
        while ((item = PyIter_Next(it)) != NULL) {
            FALLBACK_IF(!is_subword(item));
            PyObject *entries = PyDict_GetItemWithError(at_trigger, item);
            FAIL_IF(entries == NULL && PyErr_Occurred());
            FALLBACK_IF(entries == NULL || !PyTuple_CheckExact(entries));
            total += PyTuple_GET_SIZE(entries);
            Py_CLEAR(item);
        }
        FAIL_IF(PyErr_Occurred());
        Py_CLEAR(it);
        FALLBACK_IF(total > 10000000);
        self->entries = m_alloc(self, (size_t)total * sizeof(Entry));
        FAIL_IF(self->entries == NULL);
    }
    {
        int t = 0, e = 0;
        it = PyObject_GetIter(anchored_words);
        FAIL_IF(it == NULL);
        while ((item = PyIter_Next(it)) != NULL) {
            FALLBACK_IF(t >= self->ntrig);
            PyObject *entries = PyDict_GetItemWithError(at_trigger, item);
            FALLBACK_IF(entries == NULL);
            Py_INCREF(item);
            self->trig_word[t] = keep(self, item);
            FAIL_IF(self->trig_word[t] == NULL);
            tmp = PyLong_FromLong(t);
            FAIL_IF(tmp == NULL || PyDict_SetItem(trig_map, item, tmp) < 0);
            Py_CLEAR(tmp);
            self->entry_start[t] = e;
            for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(entries); k++) {
                PyObject *en = PyTuple_GET_ITEM(entries, k);
                FALLBACK_IF(!PyTuple_CheckExact(en) || PyTuple_GET_SIZE(en) != 3);
                int fi = int_index(PyTuple_GET_ITEM(en, 0), self->nflags);
                FALLBACK_IF(fi < 0);
                /* Python uses the entry's compiled; it must be flags[index] for hits' ids */
                FALLBACK_IF(PyTuple_GET_ITEM(en, 1) != PyList_GET_ITEM(flags, fi));
                FALLBACK_IF(self->flags[fi].match == NULL);
                Entry *ent = &self->entries[e++];
                ent->flag = fi;
                int r = aux_set(self, aux_map, PyTuple_GET_ITEM(en, 2), &ent->needs_none,
                                &ent->n_needs, &ent->needs);
                FAIL_IF(r < 0);
                FALLBACK_IF(r > 0);
            }
            self->entry_count[t] = e - self->entry_start[t];
            t++;
            Py_CLEAR(item);
        }
        FAIL_IF(PyErr_Occurred());
        Py_CLEAR(it);
        self->ntrig = t;
        self->nentries = e;
    }

    /* searched flags: always_run, trigger_words / trigger_index */
    always = PyObject_GetAttrString(rs, "always_run");
    FAIL_IF(always == NULL);
    FALLBACK_IF(!PyTuple_CheckExact(always));
    self->nalways = (int)PyTuple_GET_SIZE(always);
    self->always = m_alloc(self, (size_t)self->nalways * sizeof(int));
    FAIL_IF(self->always == NULL);
    for (int k = 0; k < self->nalways; k++) {
        int fi = int_index(PyTuple_GET_ITEM(always, k), self->nflags);
        FALLBACK_IF(fi < 0);
        self->always[k] = fi;
    }
    trigger_words = PyObject_GetAttrString(rs, "trigger_words");
    FAIL_IF(trigger_words == NULL);
    FALLBACK_IF(!PyAnySet_CheckExact(trigger_words));
    trigger_index = PyObject_GetAttrString(rs, "trigger_index");
    FAIL_IF(trigger_index == NULL);
    FALLBACK_IF(!PyDict_CheckExact(trigger_index));
    {
        int nsw = (int)PySet_GET_SIZE(trigger_words), w = 0, total = 0;
        self->sw_word = m_alloc(self, (size_t)nsw * sizeof(PyObject *));
        self->sw_start = m_alloc(self, (size_t)nsw * sizeof(int));
        self->sw_count = m_alloc(self, (size_t)nsw * sizeof(int));
        FAIL_IF(!self->sw_word || !self->sw_start || !self->sw_count);
        it = PyObject_GetIter(trigger_words);
        FAIL_IF(it == NULL);
        while ((item = PyIter_Next(it)) != NULL) {
            FALLBACK_IF(w >= nsw);
            PyObject *idx = PyDict_GetItemWithError(trigger_index, item);
            FAIL_IF(idx == NULL && PyErr_Occurred());
            FALLBACK_IF(idx == NULL || !PyTuple_CheckExact(idx));
            Py_INCREF(item);
            self->sw_word[w] = keep(self, item);
            FAIL_IF(self->sw_word[w] == NULL);
            self->sw_count[w] = (int)PyTuple_GET_SIZE(idx);
            self->sw_start[w] = total;
            total += self->sw_count[w];
            FALLBACK_IF(total > 10000000);
            w++;
            Py_CLEAR(item);
        }
        FAIL_IF(PyErr_Occurred());
        Py_CLEAR(it);
        self->nsw = w;
        self->sw_total = total;
        self->sw_flags = m_alloc(self, (size_t)total * sizeof(int));
        FAIL_IF(self->sw_flags == NULL);
        for (w = 0; w < self->nsw; w++) {
            PyObject *idx = PyDict_GetItem(trigger_index, self->sw_word[w]);
            FALLBACK_IF(idx == NULL || PyTuple_GET_SIZE(idx) != self->sw_count[w]);
            for (int k = 0; k < self->sw_count[w]; k++) {
                int fi = int_index(PyTuple_GET_ITEM(idx, k), self->nflags);
                FALLBACK_IF(fi < 0);
                self->sw_flags[self->sw_start[w] + k] = fi;
            }
        }
    }
    /* every flag the search pass may try: not anchored (else _find_at) and with a regex */
    self->any_search = self->nalways > 0 || self->nsw > 0;
    for (int k = 0; k < self->nalways + self->sw_total; k++) {
        int fi = k < self->nalways ? self->always[k] : self->sw_flags[k - self->nalways];
        tmp = PyObject_GetAttrString(PyList_GET_ITEM(flags, fi), "anchored");
        FAIL_IF(tmp == NULL);
        int anch = PyObject_IsTrue(tmp);
        Py_CLEAR(tmp);
        FAIL_IF(anch < 0);
        FALLBACK_IF(anch || self->flags[fi].search == NULL);
    }

    /* yielding flags */
    self->yielding = keep(self, PyObject_GetAttrString(rs, "yielding"));
    FAIL_IF(self->yielding == NULL);
    FALLBACK_IF(!PyAnySet_CheckExact(self->yielding));
    by_id = PyObject_GetAttrString(rs, "by_id");
    FAIL_IF(by_id == NULL);
    FALLBACK_IF(!PyDict_CheckExact(by_id));
    self->yield_idx = m_alloc(self, (size_t)PySet_GET_SIZE(self->yielding) * sizeof(int));
    FAIL_IF(self->yield_idx == NULL);
    it = PyObject_GetIter(self->yielding);
    FAIL_IF(it == NULL);
    while ((item = PyIter_Next(it)) != NULL) {
        PyObject *v = PyDict_GetItemWithError(id_index, item);
        FAIL_IF(v == NULL && PyErr_Occurred());
        if (v != NULL) { /* else: never among the hits */
            FALLBACK_IF(self->nyield >= PySet_GET_SIZE(self->yielding));
            int fi = (int)PyLong_AsLong(v);
            CFlag *f = &self->flags[fi];
            PyObject *compiled = PyDict_GetItemWithError(by_id, item);
            FAIL_IF(compiled == NULL && PyErr_Occurred());
            FALLBACK_IF(compiled == NULL);
            f->yield_to_obj = keep(self, PyObject_GetAttrString(compiled, "yield_to"));
            FAIL_IF(f->yield_to_obj == NULL);
            FALLBACK_IF(!PyTuple_CheckExact(f->yield_to_obj));
            f->n_yield_to = (int)PyTuple_GET_SIZE(f->yield_to_obj);
            f->yield_to = m_alloc(self, (size_t)f->n_yield_to * sizeof(int));
            FAIL_IF(f->yield_to == NULL);
            for (int k = 0; k < f->n_yield_to; k++) {
                PyObject *other = PyTuple_GET_ITEM(f->yield_to_obj, k);
                FALLBACK_IF(!PyUnicode_CheckExact(other));
                PyObject *o = PyDict_GetItemWithError(id_index, other);
                FAIL_IF(o == NULL && PyErr_Occurred());
                f->yield_to[k] = o == NULL ? -1 : (int)PyLong_AsLong(o);
            }
            self->yield_idx[self->nyield++] = fi;
        }
        Py_CLEAR(item);
    }
    FAIL_IF(PyErr_Occurred());
    Py_CLEAR(it);

    /* hash table of the anchored trigger words and the needs / negator words */
    {
        Py_ssize_t nwords = PyDict_GET_SIZE(aux_map) + PyDict_GET_SIZE(trig_map);
        uint32_t size = 16;
        size_t pool_size = 0, used = 0;
        while (size < 2 * nwords)
            size *= 2;
        for (int pass = 0; pass < 2; pass++) {
            PyObject *key, *value;
            Py_ssize_t ppos = 0;
            while (PyDict_Next(pass == 0 ? trig_map : aux_map, &ppos, &key, &value))
                pool_size += (size_t)PyUnicode_GET_LENGTH(key) + 1;
        }
        /* small and contiguous: the scan probes it for most runs of the text */
        self->table = m_alloc(self, size * sizeof(Slot));
        self->words = m_alloc(self, (size_t)nwords * sizeof(Word));
        char *pool = m_alloc(self, pool_size);
        FAIL_IF(self->table == NULL || self->words == NULL || pool == NULL);
        for (uint32_t k = 0; k < size; k++)
            self->table[k].word = -1;
        self->mask = size - 1;
        for (int pass = 0; pass < 2; pass++) {
            PyObject *map = pass == 0 ? trig_map : aux_map, *key, *value;
            Py_ssize_t ppos = 0;
            while (PyDict_Next(map, &ppos, &key, &value)) {
                Py_ssize_t len = PyUnicode_GET_LENGTH(key);
                const char *w = (const char *)PyUnicode_1BYTE_DATA(key);
                uint32_t h;
                Slot *s = table_slot(self, w, (int)len, &h);
                if (s->word < 0) {
                    FAIL_IF(self->nwords >= nwords);
                    Word *wd = &self->words[self->nwords];
                    FAIL_IF(used + (size_t)len + 1 > pool_size);
                    wd->word = pool + used;
                    used += (size_t)len + 1;
                    memcpy(wd->word, w, (size_t)len);
                    wd->len = (int)len;
                    wd->trig = wd->aux = -1;
                    s->hash = h;
                    s->word = self->nwords++;
                    self->firstlen[(unsigned char)w[0]] |= (uint64_t)1 << (len < 63 ? len : 63);
                }
                if (pass == 0)
                    self->words[s->word].trig = (int)PyLong_AsLong(value);
                else
                    self->words[s->word].aux = (int)PyLong_AsLong(value);
            }
        }
    }

done:
    if (rc < 0 && !PyErr_Occurred())
        PyErr_SetString(PyExc_RuntimeError, "_cmatch: cannot read the ruleset");
    if (rc > 0)
        PyErr_Clear();
    Py_XDECREF(item);
    Py_XDECREF(it);
    Py_XDECREF(tmp);
    Py_XDECREF(rules);
    Py_XDECREF(re_mod);
    Py_XDECREF(pattern_type);
    Py_XDECREF(match_type);
    Py_XDECREF(flags);
    Py_XDECREF(id_index);
    Py_XDECREF(aux_map);
    Py_XDECREF(trig_map);
    Py_XDECREF(anchored_words);
    Py_XDECREF(at_trigger);
    Py_XDECREF(trigger_words);
    Py_XDECREF(trigger_index);
    Py_XDECREF(always);
    Py_XDECREF(by_id);
    return rc;
}

/* ---------------------------------------------------------------------------------------- */
/* matching                                                                                 */

typedef struct {
    Py_ssize_t *aux_last;       /* [naux] start of the word's last run in the text, or -1 */
    int *trig_count;            /* [ntrig] positions recorded so far */
    unsigned char *trig_active; /* [ntrig] (seen triggers) the word is in norm.words */
    Py_ssize_t *entry_last;     /* [nentries] (active triggers) try the entry only before this
                                   position (-1: its needs are not met) */
    int *seen;                  /* triggers with at least one position */
    int nseen;
    Rec *recs;                  /* (trigger, position) in text order */
    Py_ssize_t nrecs, caprecs;
    int recs_heap;
    Span *spans;                /* [nflags][max_spans] */
    Py_ssize_t *nspans;         /* [nflags] */
} State;

static int
add_rec(State *st, int trig, Py_ssize_t pos)
{
    if (st->nrecs == st->caprecs) {
        Py_ssize_t cap = st->caprecs * 2;
        Rec *r;
        if (st->recs_heap) {
            r = PyMem_Realloc(st->recs, (size_t)cap * sizeof(Rec));
        } else {
            r = PyMem_Malloc((size_t)cap * sizeof(Rec));
            if (r != NULL)
                memcpy(r, st->recs, (size_t)st->nrecs * sizeof(Rec));
        }
        if (r == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        st->recs = r;
        st->recs_heap = 1;
        st->caprecs = cap;
    }
    st->recs[st->nrecs].trig = trig;
    st->recs[st->nrecs].pos = pos;
    st->nrecs++;
    return 0;
}

/* One pass over the maximal runs of [a-z0-9] of the text `s` (characters of type T):
 * a needs / negator word records where its last run starts; an anchored trigger word records
 * its whole-word positions (word_positions) and whether one of them is delimited the way
 * words_of() splits words (then the word is in norm.words). */
#define DEFINE_SCAN(NAME, T)                                                                  \
    static int NAME(Matcher *self, State *st, const T *s, Py_ssize_t n)                       \
    {                                                                                         \
        Py_ssize_t i = 0;                                                                     \
        while (i < n) {                                                                       \
            T c = s[i];                                                                       \
            if (!ISW(c)) {                                                                    \
                i++;                                                                          \
                continue;                                                                     \
            }                                                                                 \
            Py_ssize_t j = i;                                                                 \
            uint32_t h = FNV_INIT;                                                            \
            do {                                                                              \
                h = FNV_STEP(h, c);                                                           \
                j++;                                                                          \
            } while (j < n && (c = s[j], ISW(c)));                                            \
            Py_ssize_t len = j - i;                                                           \
            if ((self->firstlen[s[i]] >> (len < 63 ? len : 63)) & 1) {                        \
                uint32_t k = h & self->mask;                                                  \
                Word *wd = NULL;                                                              \
                for (; self->table[k].word >= 0; k = (k + 1) & self->mask) {                 \
                    if (self->table[k].hash != h)                                             \
                        continue;                                                             \
                    Word *cand = &self->words[self->table[k].word];                           \
                    Py_ssize_t q = 0;                                                         \
                    if (cand->len != len)                                                     \
                        continue;                                                             \
                    while (q < len && (T)(unsigned char)cand->word[q] == s[i + q])            \
                        q++;                                                                  \
                    if (q == len) {                                                           \
                        wd = cand;                                                            \
                        break;                                                                \
                    }                                                                         \
                }                                                                             \
                if (wd != NULL) {                                                             \
                    if (wd->aux >= 0)                                                         \
                        st->aux_last[wd->aux] = i;                                            \
                    int t = wd->trig;                                                         \
                    if (t >= 0 && st->trig_count[t] < self->max_positions &&                  \
                        (i == 0 || !is_alnum(s[i - 1])) && (j == n || !is_alnum(s[j]))) {     \
                        if (st->trig_count[t]++ == 0) {                                       \
                            st->seen[st->nseen++] = t;                                        \
                            st->trig_active[t] = 0;                                           \
                        }                                                                     \
                        if ((i == 0 || is_sep(s[i - 1])) && (j == n || is_sep(s[j])))         \
                            st->trig_active[t] = 1;                                           \
                        if (add_rec(st, t, i) < 0)                                            \
                            return -1;                                                        \
                    }                                                                         \
                }                                                                             \
            }                                                                                 \
            i = j;                                                                            \
        }                                                                                     \
        return 0;                                                                             \
    }

DEFINE_SCAN(scan_ucs1, Py_UCS1)
DEFINE_SCAN(scan_ucs2, Py_UCS2)
DEFINE_SCAN(scan_ucs4, Py_UCS4)

/* compiled.regex.match(text, start): the end of the match, -1 (None) or -2 (error) */
static Py_ssize_t
flag_match(Matcher *self, CFlag *f, PyObject *text, int kind, const void *data,
           Py_ssize_t len, Py_ssize_t start)
{
    if (f->rx != NULL) {
        Py_ssize_t r = rx_match(f->rx, kind, data, 0, start, len, -1);
        if (r != RX_ABORT)
            return r >= 0 ? r : -1;
    }
    PyObject *m = call_pos(f->match, text, start);
    if (m == NULL)
        return -2;
    if (m == Py_None) {
        Py_DECREF(m);
        return -1;
    }
    Py_ssize_t end = match_int(self->m_end, m);
    Py_DECREF(m);
    if (end < 0 && PyErr_Occurred())
        return -2;
    return end;
}

/* _negated(compiled, text, start, end, runs): 1 negated, 0 not, -1 error.
 * use_runs=0 is the call without `runs` (from _find). */
static int
negated(Matcher *self, CFlag *f, State *st, PyObject *text, Py_ssize_t len, Py_ssize_t start,
        Py_ssize_t end, int use_runs)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (f->neg_before != NULL) {
        Py_ssize_t lo = start > 40 ? start - 40 : 0;
        int run = !use_runs || f->neg_words_none;
        for (int k = 0; !run && k < f->n_neg_words; k++)
            run = st->aux_last[f->neg_words[k]] >= 0;
        /* the search can only find text[lo:start] holding one of the negator words */
        if (run && !self->exact_calls && f->nb_rx == NULL)  /* (native: as fast itself) */
            run = window_has(&f->nb_lits, kind, data, lo, start);
        if (run) {
            int hit = -1;
            if (f->nb_rx != NULL) {
                Py_ssize_t s0, r = rx_search(f->nb_rx, kind, data, 0, lo, start, -1, &s0);
                if (r != RX_ABORT)
                    hit = r >= 0;
            }
            if (hit < 0) {
                PyObject *m = call_pos2(f->neg_before, text, lo, start);
                if (m == NULL)
                    return -1;
                hit = m != Py_None;
                Py_DECREF(m);
            }
            if (hit)
                return 1;
        }
    }
    if (f->neg_after != NULL) {
        /* the slice text[end:end+40], as Python does (no lookbehind at `end` then) */
        Py_ssize_t from = end < len ? end : len, stop = end > len - 40 ? len : end + 40;
        if (!self->exact_calls && f->na_rx == NULL &&
            !window_has(&f->na_lits, kind, data, from, stop))
            return 0;
        if (f->na_rx != NULL) {
            /* natively on text[from:stop] in place: the slice's start is the string start
             * (for lookbehind) and its end the end ($, lookahead) */
            Py_ssize_t r = rx_match(f->na_rx, kind, data, from, from, stop, -1);
            if (r != RX_ABORT)
                return r >= 0;
        }
        PyObject *piece = PyUnicode_Substring(text, from, stop);
        if (piece == NULL)
            return -1;
        PyObject *m = call1(f->neg_after, piece);
        Py_DECREF(piece);
        if (m == NULL)
            return -1;
        int hit = m != Py_None;
        Py_DECREF(m);
        return hit;
    }
    return 0;
}

/* _find(compiled, text) into out[0..max_spans); returns the count, -1 on error */
static Py_ssize_t
find_search(Matcher *self, CFlag *f, State *st, PyObject *text, Py_ssize_t len, Span *out)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = 0, pos = 0;
    while (n < self->max_spans) {
        Py_ssize_t start = -1, end = RX_ABORT;
        if (f->rx != NULL) {
            end = rx_search(f->rx, kind, data, 0, pos < len ? pos : len, len, -1, &start);
            if (end == RX_FAIL)
                break;
        }
        if (end == RX_ABORT) {
            PyObject *m = call_pos(f->search, text, pos);
            if (m == NULL)
                return -1;
            if (m == Py_None) {
                Py_DECREF(m);
                break;
            }
            start = match_int(self->m_start, m);
            end = start < 0 ? -1 : match_int(self->m_end, m);
            Py_DECREF(m);
            if (end < 0 && PyErr_Occurred())
                return -1;
        }
        /* a rejected match may hide a good one that starts inside it: retry one step on */
        if (start && is_alnum(PyUnicode_READ(kind, data, start - 1))) {
            pos = start + 1;
            continue;
        }
        int neg = negated(self, f, st, text, len, start, end, 0);
        if (neg < 0)
            return -1;
        if (neg) {
            pos = start + 1;
            continue;
        }
        out[n].start = start;
        out[n].end = end;
        n++;
        pos = end > start + 1 ? end : start + 1;
    }
    return n;
}

/* _yield(hits, fid, others) on the C span lists */
static int
yield_one(Matcher *self, State *st, int fi)
{
    CFlag *f = &self->flags[fi];
    Py_ssize_t ms = self->max_spans, n = st->nspans[fi], kept = 0;
    Span *own = st->spans + (size_t)fi * ms;
    Span *tmp = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Span));
    if (tmp == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t a = 0; a < n; a++) {
        Py_ssize_t s = own[a].start, e = own[a].end;
        int overlap = 0;
        for (int k = 0; k < f->n_yield_to && !overlap; k++) {
            int oi = f->yield_to[k];
            if (oi < 0)
                continue;
            Span *other = st->spans + (size_t)oi * ms;
            for (Py_ssize_t b = 0; b < st->nspans[oi]; b++)
                if (s < other[b].end && other[b].start < e) {
                    overlap = 1;
                    break;
                }
        }
        if (!overlap)
            tmp[kept++] = own[a];
    }
    memcpy(own, tmp, (size_t)kept * sizeof(Span));
    st->nspans[fi] = kept; /* 0: the flag is dropped */
    PyMem_Free(tmp);
    return 0;
}

static PyObject *
span_list(Span *spans, Py_ssize_t n)
{
    PyObject *list = PyList_New(n);
    if (list == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *t = PyTuple_New(2), *a, *b;
        if (t == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, k, t);
        if ((a = PyLong_FromSsize_t(spans[k].start)) == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyTuple_SET_ITEM(t, 0, a);
        if ((b = PyLong_FromSsize_t(spans[k].end)) == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyTuple_SET_ITEM(t, 1, b);
    }
    return list;
}

#define STACK_BYTES 32768

static PyObject *
match_state(Matcher *self, PyObject *text, PyObject *words, State *st)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t ms = self->max_spans;

    /* -- Ruleset._match_at_triggers ------------------------------------------------------ */
    if (self->ntrig > 0) {
        int r;
        if (kind == PyUnicode_1BYTE_KIND)
            r = scan_ucs1(self, st, (const Py_UCS1 *)data, len);
        else if (kind == PyUnicode_2BYTE_KIND)
            r = scan_ucs2(self, st, (const Py_UCS2 *)data, len);
        else
            r = scan_ucs4(self, st, (const Py_UCS4 *)data, len);
        if (r < 0)
            return NULL;
        /* anchored_words & words, and each entry's `needs` test against the runs */
        for (int k = 0; k < st->nseen; k++) {
            /* Python: t in anchored_words & words.  A position delimited as words_of() splits
             * words says yes; with none among all its positions, no; when the positions were
             * cut at max_positions, ask the set. */
            int t = st->seen[k];
            if (self->exact_calls ||
                (!st->trig_active[t] && st->trig_count[t] >= self->max_positions)) {
                int in = PySet_Contains(words, self->trig_word[t]);
                if (in < 0)
                    return NULL;
                st->trig_active[t] = (unsigned char)in;
            }
            if (!st->trig_active[t])
                continue;
            for (int e = self->entry_start[t]; e < self->entry_start[t] + self->entry_count[t];
                 e++) {
                /* Python: needs is None or not needs.isdisjoint(runs).  A phrase that starts
                 * with this trigger has its next required word as a maximal run further on,
                 * so (unless exact_calls) a try at or after the last run of the needed words
                 * cannot match either and is skipped. */
                Entry *ent = &self->entries[e];
                Py_ssize_t last = ent->needs_none ? PY_SSIZE_T_MAX : -1;
                for (int q = 0; q < ent->n_needs; q++)
                    if (st->aux_last[ent->needs[q]] > last)
                        last = st->aux_last[ent->needs[q]];
                if (self->exact_calls && last >= 0)
                    last = PY_SSIZE_T_MAX;
                st->entry_last[e] = last;
            }
        }
        /* the tries, in text order (see the note on top) */
        for (Py_ssize_t k = 0; k < st->nrecs; k++) {
            int t = st->recs[k].trig;
            if (!st->trig_active[t])
                continue;
            Py_ssize_t start = st->recs[k].pos;
            for (int e = self->entry_start[t]; e < self->entry_start[t] + self->entry_count[t];
                 e++) {
                if (start >= st->entry_last[e])
                    continue;
                int fi = self->entries[e].flag;
                if (st->nspans[fi] >= ms)
                    continue;
                CFlag *f = &self->flags[fi];
                Py_ssize_t end = flag_match(self, f, text, kind, data, len, start);
                if (end == -2)
                    return NULL;
                if (end < 0)
                    continue;
                int neg = negated(self, f, st, text, len, start, end, 1);
                if (neg < 0)
                    return NULL;
                if (neg)
                    continue;
                Span *sp = st->spans + (size_t)fi * ms + st->nspans[fi]++;
                sp->start = start;
                sp->end = end;
            }
        }
    }

    /* -- candidates of Ruleset.match: flags found by a search (_find) ----------------------- */
    if (self->any_search) {
        unsigned char cand_stack[256], *cand = cand_stack;
        if (self->nflags > 256 && (cand = PyMem_Malloc((size_t)self->nflags)) == NULL)
            return PyErr_NoMemory();
        memset(cand, 0, (size_t)self->nflags);
        for (int k = 0; k < self->nalways; k++)
            cand[self->always[k]] = 1;
        int err = 0;
        for (int w = 0; w < self->nsw && !err; w++) {
            int in = PySet_Contains(words, self->sw_word[w]);
            if (in < 0)
                err = 1;
            else if (in)
                for (int k = 0; k < self->sw_count[w]; k++)
                    cand[self->sw_flags[self->sw_start[w] + k]] = 1;
        }
        Span *tmp = NULL;
        if (!err && (tmp = PyMem_Malloc((size_t)ms * sizeof(Span))) == NULL) {
            PyErr_NoMemory();
            err = 1;
        }
        for (int fi = 0; fi < self->nflags && !err; fi++) {
            if (!cand[fi])
                continue;
            Py_ssize_t n = find_search(self, &self->flags[fi], st, text, len, tmp);
            if (n < 0)
                err = 1;
            else if (n > 0) { /* found[index] = spans */
                memcpy(st->spans + (size_t)fi * ms, tmp, (size_t)n * sizeof(Span));
                st->nspans[fi] = n;
            }
        }
        PyMem_Free(tmp);
        if (cand != cand_stack)
            PyMem_Free(cand);
        if (err)
            return NULL;
    }

    /* -- yield: one yielding flag among the hits is done here, more by the Python _yield in
     *    the order of yielding.intersection(hits) ---------------------------------------- */
    int nyielding = 0, last = -1;
    for (int k = 0; k < self->nyield; k++)
        if (st->nspans[self->yield_idx[k]]) {
            nyielding++;
            last = self->yield_idx[k];
        }
    if (nyielding == 1 && yield_one(self, st, last) < 0)
        return NULL;

    /* -- hits = {flags[i].flag.id: found[i] for i in sorted(found)} --------------------- */
    PyObject *hits = PyDict_New();
    if (hits == NULL)
        return NULL;
    for (int fi = 0; fi < self->nflags; fi++) {
        if (!st->nspans[fi])
            continue;
        PyObject *list = span_list(st->spans + (size_t)fi * ms, st->nspans[fi]);
        if (list == NULL || PyDict_SetItem(hits, self->flags[fi].id, list) < 0) {
            Py_XDECREF(list);
            Py_DECREF(hits);
            return NULL;
        }
        Py_DECREF(list);
    }
    if (nyielding > 1) {
        PyObject *inter = PyObject_CallMethod(self->yielding, "intersection", "O", hits);
        PyObject *it = inter ? PyObject_GetIter(inter) : NULL, *fid;
        Py_XDECREF(inter);
        if (it == NULL) {
            Py_DECREF(hits);
            return NULL;
        }
        while ((fid = PyIter_Next(it)) != NULL) {
            PyObject *yield_to = NULL;
            for (int k = 0; k < self->nyield; k++) {
                CFlag *f = &self->flags[self->yield_idx[k]];
                int eq = PyObject_RichCompareBool(f->id, fid, Py_EQ);
                if (eq < 0)
                    break;
                if (eq) {
                    yield_to = f->yield_to_obj;
                    break;
                }
            }
            PyObject *r = NULL;
            if (yield_to != NULL) {
                PyObject *args[3] = {hits, fid, yield_to};
                r = PyObject_Vectorcall(self->yield_func, args, 3, NULL);
            } else if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_RuntimeError, "_cmatch: unknown yielding flag");
            }
            Py_DECREF(fid);
            if (r == NULL) {
                Py_DECREF(it);
                Py_DECREF(hits);
                return NULL;
            }
            Py_DECREF(r);
        }
        Py_DECREF(it);
        if (PyErr_Occurred()) {
            Py_DECREF(hits);
            return NULL;
        }
    }
    return hits;
}

static PyObject *
Matcher_match(Matcher *self, PyObject *norm)
{
    if (self->ruleset == NULL || self->refs == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_cmatch.Matcher is not initialised");
        return NULL;
    }
    if (self->fallback)
        return PyObject_CallMethodOneArg(self->ruleset, s_match, norm);
    PyObject *text = PyObject_GetAttr(norm, s_text);
    if (text == NULL)
        return NULL;
    PyObject *words = PyObject_GetAttr(norm, s_words);
    if (words == NULL) {
        Py_DECREF(text);
        return NULL;
    }
    if (!PyUnicode_CheckExact(text) || !PyAnySet_CheckExact(words)
#if PY_VERSION_HEX < 0x030C0000
        || PyUnicode_READY(text) < 0
#endif
    ) {
        PyErr_Clear();
        Py_DECREF(text);
        Py_DECREF(words);
        return PyObject_CallMethodOneArg(self->ruleset, s_match, norm);
    }

    /* per-call scratch memory: one block, on the stack when it fits */
    size_t nf = (size_t)self->nflags, nt = (size_t)self->ntrig;
    size_t nrec0 = 64;
    size_t off_nspans = nf * (size_t)self->max_spans * sizeof(Span);
    size_t off_recs = off_nspans + nf * sizeof(Py_ssize_t);
    size_t off_aux = off_recs + nrec0 * sizeof(Rec);
    size_t off_last = off_aux + (size_t)self->naux * sizeof(Py_ssize_t);
    size_t off_count = off_last + (size_t)self->nentries * sizeof(Py_ssize_t);
    size_t off_seen = off_count + nt * sizeof(int);
    size_t off_active = off_seen + nt * sizeof(int);
    size_t total = off_active + nt;
    _Alignas(16) unsigned char stack[STACK_BYTES];
    unsigned char *block = total <= STACK_BYTES ? stack : PyMem_Malloc(total);
    if (block == NULL) {
        Py_DECREF(text);
        Py_DECREF(words);
        return PyErr_NoMemory();
    }
    State st;
    st.spans = (Span *)block;
    st.nspans = (Py_ssize_t *)(block + off_nspans);
    st.trig_count = (int *)(block + off_count);
    st.seen = (int *)(block + off_seen);
    st.nseen = 0;
    st.recs = (Rec *)(block + off_recs);
    st.nrecs = 0;
    st.caprecs = (Py_ssize_t)nrec0;
    st.recs_heap = 0;
    st.aux_last = (Py_ssize_t *)(block + off_aux);
    st.entry_last = (Py_ssize_t *)(block + off_last);
    st.trig_active = block + off_active;
    memset(st.nspans, 0, nf * sizeof(Py_ssize_t));
    memset(st.trig_count, 0, nt * sizeof(int));
    for (int k = 0; k < self->naux; k++)
        st.aux_last[k] = -1;

    PyObject *hits = match_state(self, text, words, &st);

    if (st.recs_heap)
        PyMem_Free(st.recs);
    if (block != stack)
        PyMem_Free(block);
    Py_DECREF(text);
    Py_DECREF(words);
    return hits;
}

/* ---------------------------------------------------------------------------------------- */
/* type                                                                                     */

static int
Matcher_traverse(Matcher *self, visitproc visit, void *arg)
{
    Py_VISIT(self->ruleset);
    Py_VISIT(self->refs);
    return 0;
}

static int
Matcher_clear(Matcher *self)
{
    Py_CLEAR(self->ruleset);
    Py_CLEAR(self->refs);
    return 0;
}

static void
Matcher_dealloc(Matcher *self)
{
    PyObject_GC_UnTrack(self);
    Matcher_clear(self);
    allocs_free(&self->al);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Matcher_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"ruleset", "exact_calls", "python_re", NULL};
    PyObject *rs;
    int exact_calls = 0, python_re = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|$pp:Matcher", kwlist, &rs, &exact_calls,
                                     &python_re))
        return NULL;
    Matcher *self = (Matcher *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->python_re = python_re;
    self->refs = PyList_New(0);
    if (self->refs == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    int rc = build(self, rs);
    if (rc < 0) {
        Py_DECREF(self);
        return NULL;
    }
    self->fallback = rc > 0;
    self->exact_calls = exact_calls;
    Py_INCREF(rs);
    self->ruleset = rs;
    return (PyObject *)self;
}

static PyObject *
Matcher_get_native(Matcher *self, void *closure)
{
    return PyBool_FromLong(!self->fallback);
}

static PyMethodDef Matcher_methods[] = {
    {"match", (PyCFunction)Matcher_match, METH_O,
     "match(norm) -> dict[str, list[tuple[int, int]]]: the same as ruleset.match(norm)."},
    {NULL, NULL, 0, NULL},
};

static PyObject *
Matcher_get_expressions(Matcher *self, void *closure)
{
    return Py_BuildValue("(ii)", self->n_rx_native, self->n_rx);
}

static PyGetSetDef Matcher_getset[] = {
    {"native", (getter)Matcher_get_native, NULL,
     "False when the ruleset has a shape the C tables do not cover: match() then calls "
     "ruleset.match.",
     NULL},
    {"expressions", (getter)Matcher_get_expressions, NULL,
     "(matched natively, all): the flags' expressions and negators, and how many of them the "
     "C matcher runs itself (the others are called through their re.Pattern).",
     NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMemberDef Matcher_members[] = {
    {"ruleset", T_OBJECT, offsetof(Matcher, ruleset), READONLY, "the Ruleset"},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject MatcherType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "sigap.screening._cmatch.Matcher",
    .tp_basicsize = sizeof(Matcher),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Matcher(ruleset): Ruleset.match in C, reading its tables once.\n\n"
              "Build it after the ruleset is complete (it keeps a snapshot).",
    .tp_new = Matcher_new,
    .tp_dealloc = (destructor)Matcher_dealloc,
    .tp_traverse = (traverseproc)Matcher_traverse,
    .tp_clear = (inquiry)Matcher_clear,
    .tp_methods = Matcher_methods,
    .tp_getset = Matcher_getset,
    .tp_members = Matcher_members,
};

/* ---------------------------------------------------------------------------------------- */
/* Pattern: one expression matched natively, for the differential tests                     */

typedef struct {
    PyObject_HEAD
    PyObject *pattern;  /* the re.Pattern */
    Rx *rx;             /* NULL: not in the subset, every call goes to the re.Pattern */
    Py_ssize_t budget;  /* step budget per call (-1: the default) */
    Allocs al;
} PatternObject;

static PyObject *
Pattern_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"pattern", "budget", NULL};
    PyObject *pat;
    Py_ssize_t budget = -1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|$n:Pattern", kwlist, &pat, &budget))
        return NULL;
    PatternObject *self = (PatternObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(pat);
    self->pattern = pat;
    self->budget = budget;
    if (rx_compile(pat, &self->al, &self->rx) < 0) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void
Pattern_dealloc(PatternObject *self)
{
    Py_CLEAR(self->pattern);
    allocs_free(&self->al);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
span_or_none(Py_ssize_t start, Py_ssize_t end)
{
    if (end < 0)
        Py_RETURN_NONE;
    return Py_BuildValue("(nn)", start, end);
}

/* the re.Pattern's answer as a span: pattern.<name>(text[begin:], pos - begin,
 * endpos - begin), shifted by begin */
static PyObject *
python_span(PatternObject *self, const char *name, PyObject *text, Py_ssize_t begin,
            Py_ssize_t pos, Py_ssize_t endpos)
{
    PyObject *piece = begin ? PyUnicode_Substring(text, begin, PY_SSIZE_T_MAX) : text;
    if (piece == NULL)
        return NULL;
    if (!begin)
        Py_INCREF(piece);
    PyObject *m = PyObject_CallMethod(self->pattern, name, "Onn", piece, pos - begin,
                                      endpos - begin);
    Py_DECREF(piece);
    if (m == NULL || m == Py_None)
        return m;
    PyObject *span = PyObject_CallMethod(m, "span", NULL);
    Py_DECREF(m);
    if (span == NULL || begin == 0)
        return span;
    Py_ssize_t a, b;
    if (!PyArg_ParseTuple(span, "nn", &a, &b)) {
        Py_DECREF(span);
        return NULL;
    }
    Py_DECREF(span);
    return Py_BuildValue("(nn)", a + begin, b + begin);
}

static PyObject *
pattern_call(PatternObject *self, PyObject *args, PyObject *kwds, int search)
{
    static char *kwlist[] = {"text", "pos", "endpos", "begin", NULL};
    PyObject *text;
    Py_ssize_t pos = 0, endpos = PY_SSIZE_T_MAX, begin = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "U|nn$n", kwlist, &text, &pos, &endpos,
                                     &begin))
        return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0)
        return NULL;
#endif
    /* re's clamping of pos and endpos; `begin` (the start of the string, as lookbehind sees
     * it) is clamped to [0, pos] */
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    pos = pos < 0 ? 0 : pos > len ? len : pos;
    endpos = endpos < 0 ? 0 : endpos > len ? len : endpos;
    begin = begin < 0 ? 0 : begin > pos ? pos : begin;
    const char *name = search ? "search" : "match";
    if (self->rx == NULL)
        return python_span(self, name, text, begin, pos, endpos);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t start = pos, end;
    if (search)
        end = rx_search(self->rx, kind, data, begin, pos, endpos, self->budget, &start);
    else
        end = rx_match(self->rx, kind, data, begin, pos, endpos, self->budget);
    if (end == RX_ABORT)
        return python_span(self, name, text, begin, pos, endpos);
    return span_or_none(start, end);
}

static PyObject *
Pattern_match(PatternObject *self, PyObject *args, PyObject *kwds)
{
    return pattern_call(self, args, kwds, 0);
}

static PyObject *
Pattern_search(PatternObject *self, PyObject *args, PyObject *kwds)
{
    return pattern_call(self, args, kwds, 1);
}

static PyObject *
Pattern_get_native(PatternObject *self, void *closure)
{
    return PyBool_FromLong(self->rx != NULL);
}

static PyMethodDef Pattern_methods[] = {
    {"match", (PyCFunction)(void (*)(void))Pattern_match, METH_VARARGS | METH_KEYWORDS,
     "match(text, pos=0, endpos=maxsize, *, begin=0) -> (start, end) | None: the span of "
     "pattern.match(text, pos, endpos); with begin, of a match on the slice text[begin:] "
     "(lookbehind stops there), in positions of text."},
    {"search", (PyCFunction)(void (*)(void))Pattern_search, METH_VARARGS | METH_KEYWORDS,
     "search(text, pos=0, endpos=maxsize, *, begin=0) -> (start, end) | None: as match, "
     "for pattern.search."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Pattern_getset[] = {
    {"native", (getter)Pattern_get_native, NULL,
     "True when the expression is matched natively (else every call goes to the re.Pattern).",
     NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMemberDef Pattern_members[] = {
    {"pattern", T_OBJECT, offsetof(PatternObject, pattern), READONLY, "the re.Pattern"},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject PatternType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "sigap.screening._cmatch.Pattern",
    .tp_basicsize = sizeof(PatternObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Pattern(re_pattern, *, budget=-1): the C matcher of one expression (for tests).",
    .tp_new = Pattern_new,
    .tp_dealloc = (destructor)Pattern_dealloc,
    .tp_methods = Pattern_methods,
    .tp_getset = Pattern_getset,
    .tp_members = Pattern_members,
};

static struct PyModuleDef cmatch_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "sigap.screening._cmatch",
    .m_doc = "C equivalent of sigap.screening.rules.Ruleset.match.",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__cmatch(void)
{
    if (PyType_Ready(&MatcherType) < 0)
        return NULL;
    if (PyType_Ready(&PatternType) < 0)
        return NULL;
    for (int c = 0; c < 128; c++)
        IS_SEP[c] = (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
                    (c >= 123 && c <= 126) || Py_UNICODE_ISSPACE(c);
    s_text = PyUnicode_InternFromString("text");
    s_words = PyUnicode_InternFromString("words");
    s_match = PyUnicode_InternFromString("match");
    s_search = PyUnicode_InternFromString("search");
    s_flags = PyUnicode_InternFromString("flags");
    if (!s_text || !s_words || !s_match || !s_search || !s_flags)
        return NULL;
    PyObject *m = PyModule_Create(&cmatch_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&MatcherType);
    if (PyModule_AddObject(m, "Matcher", (PyObject *)&MatcherType) < 0) {
        Py_DECREF(&MatcherType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&PatternType);
    if (PyModule_AddObject(m, "Pattern", (PyObject *)&PatternType) < 0) {
        Py_DECREF(&PatternType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
