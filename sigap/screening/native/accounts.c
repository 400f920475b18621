/*
 * sigap.screening._caccounts -- C accelerator for parts of sigap/screening/entities.py.
 *
 * Each function is an exact drop-in for the Python function of the same name:
 *
 *   destinations(norm, ruleset)  mirrors entities.destinations  (Places(ruleset).find(norm))
 *   accounts(text, words)        mirrors entities.accounts
 *   ages(norm)                   mirrors entities.ages (+ _age_patterns)
 *   licences(norm)               mirrors entities.licences
 *   companies(norm)              mirrors entities.companies (+ _cut_name, _end_of_words)
 *
 * Data stays single-sourced: the module imports sigap.screening.entities at init and reads
 * its compiled patterns and tables. Simple scans (place names, e-mail addresses, handles, the
 * platform word before a handle, link prefixes on ASCII text, word positions, name cutting on
 * ASCII names, the stop-word cut of suffix company names) are hand-coded; complex expressions
 * (_AGE, _AGE_EN, _LICENCE, _COMPANY_PREFIX, _COMPANY_SUFFIX, and _LINK / _HANDLE_PLATFORM
 * where a character that case-folds to ASCII is involved) are run by calling the compiled
 * Python re.Pattern objects, with .match only at the places a cheap exact scan says a match
 * can start. Rare hard cases (50+ places, unexpected argument types, patterns edited since
 * this file was written) call the Python function itself.
 *
 * norm.span() and norm.to_original() are mirrored in C (same bisect over the _Map lists, same
 * norm._spans cache), and Span objects are built by filling their slots directly.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include "spans.h"
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------ */
/* Globals read from Python at init                                                            */

static PyObject *ent_mod;                 /* sigap.screening.entities */
static PyObject *py_destinations, *py_accounts, *py_ages, *py_licences, *py_companies;
static PyObject *py_cut_name, *py_end_of_words;
static PyObject *re_link, *re_handle_platform, *re_age, *re_age_en, *re_licence, *re_prefix;
static PyObject *link_platform, *platform_names; /* dicts */
static PyObject *py_ascii_key, *py_in_text_order; /* entities._ascii_key: lower case, odd case-folding letters read as ASCII */
static PyObject *link_words_set, *prefix_words_set, *suffix_words_set;
static PyObject *re_suffix, *stop_set; /* _COMPANY_SUFFIX, _COMPANY_STOP */
static PyObject *link_word_objs[16];
static int n_link_words;
static PyObject *prefix_word_objs[16];
static int n_prefix_words;
static PyObject *suffix_word_objs[16];
static int n_suffix_words;
static Py_ssize_t max_ent = 50;
static int stale; /* patterns/tables differ from what this file mirrors: use Python */

static PyTypeObject *span_type, *norm_type, *map_type;
static PyTypeObject *ruleset_type; /* rules.Ruleset, NULL when it is not a plain slots class */
static Py_ssize_t off_r_places, off_r_place_words;
static Py_ssize_t off_span_start, off_span_end, off_span_text;
static Py_ssize_t off_n_original, off_n_text, off_n_words, off_n_fold, off_n_rewrite, off_n_spans;
static Py_ssize_t off_m_outs, off_m_ins, off_m_ends, off_m_copied;

static PyObject *s_match, *s_search, *s_finditer, *s_regs, *s_group, *s_lower, *s_upper;
static PyObject *s_split, *s_islower, *s_rstrip, *s_replace, *s_text_is_lower, *s_unknown;
static PyObject *s_dot, *s_empty, *s_space, *s_rstrip_link, *s_dot_only, *s_span_m, *s_end_m;
static PyObject *s_places, *s_place_words, *s_isdisjoint, *s_strip, *s_dot_comma;

/* Link domains, in the order of the _LINK alternation, with their platform names. */
static const char *const LINK_DOMAINS[] = {
    "t.me", "telegram.me", "instagram.com", "instagr.am", "facebook.com", "fb.com", "fb.me",
    "tiktok.com", "wa.me", "chat.whatsapp.com", "api.whatsapp.com", "line.me", "bit.ly", "s.id"};
#define N_DOMAINS 14
static PyObject *domain_objs[N_DOMAINS], *domain_platform[N_DOMAINS];

/* _HANDLE_PLATFORM alternatives, in order. */
static const char *const HANDLE_ALTS[] = {"telegram", "tele", "tg", "instagram", "ig", "insta",
                                          "facebook", "fb", "tiktok", "tt", "line"};
#define N_ALTS 11
static PyObject *alt_platform[N_ALTS];

/* _COMPANY_STOP words (ASCII), read from entities. */
static char **stop_words;
static Py_ssize_t *stop_lens;
static Py_ssize_t n_stop;

/* The patterns this file mirrors; a change in entities.py switches the module to Python. */
static const char *const P_LINK =
    "(?i)(?=[htwmifcalbs][a-z.:/]{2,28}/)(?:https?://)?(?:www\\.|m\\.)?"
    "(t\\.me|telegram\\.me|instagram\\.com|instagr\\.am|facebook\\.com|fb\\.com|fb\\.me|tiktok\\.com"
    "|wa\\.me|chat\\.whatsapp\\.com|api\\.whatsapp\\.com|line\\.me|bit\\.ly|s\\.id)"
    "/([\\w@.\\-/?=&%+]{1,100})";
static const char *const P_HANDLE = "@([A-Za-z0-9_.]{3,32})";
static const char *const P_HANDLE_PLATFORM =
    "(?i)(telegram|tele|tg|instagram|ig|insta|facebook|fb|tiktok|tt|line)\\W{0,12}$";
static const char *const P_EMAIL_DOMAIN = "@[A-Za-z0-9\\-]{1,63}(?:\\.[A-Za-z0-9\\-]{1,63}){1,4}";
static const char *const P_EMAIL_LOCAL = "[A-Za-z0-9._%+\\-]{1,64}$";
static const char *const P_AGE =
    "(?:usia|umur|age|aged)(?:[^a-z0-9]{1,3}(?:min(?:imal|imum)?|maks(?:imal)?|max(?:imal|imum)?"
    "|antara|between|dari|from|mulai))?[^a-z0-9]{1,3}([0-9]{1,2})(?![0-9])"
    "(?:[ \\t]?(?:tahun|th|years?)?[ \\t]?(?:-|s/d|sd|sampai|hingga|to|dan|and)[ \\t]?"
    "([0-9]{1,2})(?![0-9]))?";
static const char *const P_AGE_EN =
    "([0-9]{1,2})[ \\t]?(?:-[ \\t]?([0-9]{1,2})[ \\t]?)?(?:yo|y\\.o|years old)(?![a-z])";
static const char *const P_COMPANY_PREFIX =
    "(?i)(PT|P\\.T\\.|CV|C\\.V\\.|UD|LPK|Yayasan|Koperasi)\\.?[ \\t]+"
    "((?:[^\\W_][\\w&'\\-]*\\.?)(?:[ \\t]+(?:[^\\W_][\\w&'\\-]*\\.?|&)){0,5})";
static const char *const P_COMPANY_SUFFIX =
    "(?i)(?<![^\\W_])((?:[^\\W_][\\w&'\\-]*[ \\t]+){1,4})"
    "(Sdn\\.?[ \\t]?Bhd|Co\\.?,?[ \\t]?Ltd|Pte\\.?[ \\t]?Ltd|Ltd|Limited|Inc|LLC|Company)\\b\\.?";
static const char *const P_WORD = "\\S+";
static const char *const P_LICENCE =
    "(?:sip3mi|sip2mi|siup3mi|sippmi|siuppmi|nomor izin|no\\.? ?izin|izin no\\.?)"
    "[^a-z0-9]{0,4}(?:no\\.?|nomor)?[^a-z0-9]{0,3}([0-9a-z][0-9a-z./\\-]{3,40}[0-9a-z])";

/* ------------------------------------------------------------------------------------------ */
/* Small helpers                                                                               */

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} UText;

static inline void utext(UText *u, PyObject *s)
{
    u->kind = PyUnicode_KIND(s);
    u->data = PyUnicode_DATA(s);
    u->n = PyUnicode_GET_LENGTH(s);
}

#define RD(u, i) PyUnicode_READ((u)->kind, (u)->data, (i))

static inline PyObject *SLOT(PyObject *o, Py_ssize_t off) { return *(PyObject **)((char *)o + off); }

/* str.isalnum() of one character == Py_UNICODE_ISALNUM; Latin-1 through a table (filled
 * from Py_UNICODE_ISALNUM at init, so the same by construction). */
static unsigned char ascii_alnum[256];
static inline int is_alnum(Py_UCS4 c)
{
    return c < 256 ? ascii_alnum[c] : Py_UNICODE_ISALNUM(c);
}
/* sre's Unicode \w */
static inline int is_word(Py_UCS4 c) { return c == '_' || is_alnum(c); }
static inline int is_az09(Py_UCS4 c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
static inline Py_UCS4 ascii_lower(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* Could this non-ASCII character match an ASCII literal under (?i)? sre matches it when its
 * simple lower case is ASCII or one of the extra equivalents of i and s (U+0131, U+017F). */
static inline int foldable(Py_UCS4 c)
{
    Py_UCS4 l = Py_UNICODE_TOLOWER(c);
    return l < 128 || l == 0x131 || l == 0x17f;
}

/* Case-insensitive compare of text[p:p+len] with an ASCII lower-case literal, not reading at or
 * past `bound`. 1 = match, 0 = no match, -1 = a non-ASCII character that may case-fold. */
static int lit_ci(const UText *u, Py_ssize_t p, const char *lit, Py_ssize_t bound)
{
    int uncertain = 0;
    for (Py_ssize_t k = 0; lit[k]; k++) {
        if (p + k >= bound)
            return uncertain ? -1 : 0;
        Py_UCS4 c = RD(u, p + k);
        if (c < 128) {
            if (ascii_lower(c) != (Py_UCS4)(unsigned char)lit[k])
                return uncertain ? -1 : 0;
        } else if (foldable(c)) {
            uncertain = 1;
        } else {
            return uncertain ? -1 : 0;
        }
    }
    return uncertain ? -1 : 1;
}

static PyObject *substr(PyObject *s, Py_ssize_t a, Py_ssize_t b)
{
    /* Python slice s[a:b] for a, b >= 0 */
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (a > n)
        a = n;
    if (b > n)
        b = n;
    if (b < a)
        b = a;
    return PyUnicode_Substring(s, a, b);
}

static PyObject *slice_obj(PyObject *s, Py_ssize_t a, Py_ssize_t b)
{
    if (a >= 0 && b >= 0)
        return substr(s, a, b);
    PyObject *sa = PyLong_FromSsize_t(a), *sb = PyLong_FromSsize_t(b), *sl = NULL, *r = NULL;
    if (sa && sb)
        sl = PySlice_New(sa, sb, NULL);
    if (sl)
        r = PyObject_GetItem(s, sl);
    Py_XDECREF(sa);
    Py_XDECREF(sb);
    Py_XDECREF(sl);
    return r;
}

/* Span(start, end, text); steals `text`. */
static PyObject *make_span(Py_ssize_t start, Py_ssize_t end, PyObject *text)
{
    if (!text)
        return NULL;
    PyObject *o = span_type->tp_alloc(span_type, 0);
    PyObject *a = PyLong_FromSsize_t(start), *b = PyLong_FromSsize_t(end);
    if (!o || !a || !b) {
        Py_XDECREF(o);
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_DECREF(text);
        return NULL;
    }
    *(PyObject **)((char *)o + off_span_start) = a;
    *(PyObject **)((char *)o + off_span_end) = b;
    *(PyObject **)((char *)o + off_span_text) = text;
    return o;
}

static PyObject *call_method1(PyObject *obj, PyObject *name, PyObject *arg)
{
    PyObject *args[2] = {obj, arg};
    return PyObject_VectorcallMethod(name, args, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

static PyObject *call_method0(PyObject *obj, PyObject *name)
{
    PyObject *args[1] = {obj};
    return PyObject_VectorcallMethod(name, args, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* pattern.match(text, pos) / pattern.search(text, pos, endpos) */
static PyObject *re_call(PyObject *pat, PyObject *meth, PyObject *text, Py_ssize_t pos,
                         Py_ssize_t endpos)
{
    PyObject *a = PyLong_FromSsize_t(pos), *b = NULL, *r = NULL;
    if (!a)
        return NULL;
    if (endpos >= 0) {
        b = PyLong_FromSsize_t(endpos);
        if (!b) {
            Py_DECREF(a);
            return NULL;
        }
    }
    PyObject *args[4] = {pat, text, a, b};
    r = PyObject_VectorcallMethod(meth, args, (b ? 4 : 3) | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    Py_DECREF(a);
    Py_XDECREF(b);
    return r;
}

/* m.regs[g] -> (start, end); returns -1 on error. */
static int regs_of(PyObject *m, Py_ssize_t *out, int ngroups)
{
    PyObject *regs = PyObject_GetAttr(m, s_regs);
    if (!regs)
        return -1;
    for (int g = 0; g < ngroups; g++) {
        PyObject *t = PyTuple_GET_ITEM(regs, g);
        out[2 * g] = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0));
        out[2 * g + 1] = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 1));
    }
    Py_DECREF(regs);
    if (PyErr_Occurred())
        return -1;
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Normalized.span / to_original / _Map.span mirrored                                          */

/* _Map.span(start, end); returns 1 done, 0 map of an unexpected shape, -1 error */
static int map_span(PyObject *mp, Py_ssize_t *start, Py_ssize_t *end)
{
    if (!Py_IS_TYPE(mp, map_type))
        return 0;
    PyObject *outs = SLOT(mp, off_m_outs), *ins = SLOT(mp, off_m_ins);
    PyObject *ends = SLOT(mp, off_m_ends), *copied = SLOT(mp, off_m_copied);
    if (!outs || !ins || !ends || !copied)
        return 0;
    int rc = span_map_lists(outs, ins, ends, copied, start, end);
    return rc == 0 ? 1 : rc == SPAN_FALLBACK ? 0 : -1;
}

/* norm.to_original(start, end); 1 done, 0 unexpected shape, -1 error */
static int to_original(PyObject *norm, Py_ssize_t *start, Py_ssize_t *end)
{
    PyObject *rm = SLOT(norm, off_n_rewrite), *fm = SLOT(norm, off_n_fold);
    if (!rm || !fm)
        return 0;
    int r;
    if (rm != Py_None && (r = map_span(rm, start, end)) <= 0)
        return r;
    if (fm != Py_None && (r = map_span(fm, start, end)) <= 0)
        return r;
    if (*end < *start)
        *end = *start;
    return 1;
}

/* norm.span(start, end), with the same cache in norm._spans */
static PyObject *norm_span(PyObject *norm, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *orig = SLOT(norm, off_n_original);
    PyObject *rm = SLOT(norm, off_n_rewrite), *fm = SLOT(norm, off_n_fold);
    PyObject *cache = SLOT(norm, off_n_spans);
    if (!orig || !rm || !fm || !cache || !PyUnicode_CheckExact(orig) || !PyDict_CheckExact(cache))
        goto generic;
    if (rm == Py_None && fm == Py_None)
        return make_span(start, end, slice_obj(orig, start, end));
    PyObject *key = PyTuple_New(2), *ks, *ke;
    if (!key)
        return NULL;
    if (!(ks = PyLong_FromSsize_t(start)) || !(ke = PyLong_FromSsize_t(end))) {
        Py_XDECREF(ks);
        Py_DECREF(key);
        return NULL;
    }
    PyTuple_SET_ITEM(key, 0, ks);
    PyTuple_SET_ITEM(key, 1, ke);
    PyObject *found = PyDict_GetItemWithError(cache, key);
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
    int r = to_original(norm, &s, &e);
    if (r <= 0) {
        Py_DECREF(key);
        if (r < 0)
            return NULL;
        goto generic;
    }
    found = make_span(s, e, slice_obj(orig, s, e));
    if (!found || PyDict_SetItem(cache, key, found) < 0) {
        Py_DECREF(key);
        Py_XDECREF(found);
        return NULL;
    }
    Py_DECREF(key);
    return found;
generic:
    return PyObject_CallMethod(norm, "span", "nn", start, end);
}

/* norm.to_original(start, end)[0] */
static int to_original_start(PyObject *norm, Py_ssize_t start, Py_ssize_t end, Py_ssize_t *out)
{
    Py_ssize_t s = start, e = end;
    int r = to_original(norm, &s, &e);
    if (r < 0)
        return -1;
    if (r == 1) {
        *out = s;
        return 0;
    }
    PyObject *t = PyObject_CallMethod(norm, "to_original", "nn", start, end);
    if (!t)
        return -1;
    PyObject *first = PySequence_GetItem(t, 0);
    Py_DECREF(t);
    if (!first)
        return -1;
    *out = PyLong_AsSsize_t(first);
    Py_DECREF(first);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

static int is_norm(PyObject *norm)
{
    if (!Py_IS_TYPE(norm, norm_type))
        return 0;
    PyObject *t = SLOT(norm, off_n_text), *o = SLOT(norm, off_n_original);
    PyObject *w = SLOT(norm, off_n_words);
    return t && o && w && PyUnicode_CheckExact(t) && PyUnicode_CheckExact(o) && PyAnySet_Check(w);
}

/* words contains any of objs? (frozenset.isdisjoint on a set argument gives the same) */
static int any_in(PyObject *words, PyObject **objs, int n)
{
    for (int i = 0; i < n; i++) {
        int r = PySet_Contains(words, objs[i]);
        if (r)
            return r;
    }
    return 0;
}

static PyObject *call_py1(PyObject *f, PyObject *a)
{
    return PyObject_CallOneArg(f, a);
}

static PyObject *call_py2(PyObject *f, PyObject *a, PyObject *b)
{
    PyObject *args[2] = {a, b};
    return PyObject_Vectorcall(f, args, 2, NULL);
}

/* list[:max_ent] in place */
static int trim_list(PyObject *list)
{
    if (PyList_GET_SIZE(list) > max_ent)
        return PyList_SetSlice(list, max_ent, PyList_GET_SIZE(list), NULL);
    return 0;
}

/* append a new tuple built from stolen references */
static int append_tuple(PyObject *list, int n, PyObject *a, PyObject *b, PyObject *c)
{
    PyObject *t = NULL;
    if (a && b && (n == 2 || c)) {
        t = n == 2 ? PyTuple_Pack(2, a, b) : PyTuple_Pack(3, a, b, c);
    }
    Py_XDECREF(a);
    Py_XDECREF(b);
    if (n == 3)
        Py_XDECREF(c);
    if (!t)
        return -1;
    int r = PyList_Append(list, t);
    Py_DECREF(t);
    return r;
}

/* ------------------------------------------------------------------------------------------ */
/* Places: destinations(norm, ruleset)                                                         */

typedef struct {
    int32_t child[36]; /* a-z, 0-9 */
    int32_t word;      /* index of the place word ending here, or -1 */
} TrieNode;

typedef struct {
    PyObject *name, *code;
    Py_ssize_t len;
    Py_UCS4 *chars;
} PlaceEntry;

typedef struct {
    PyObject_HEAD
    PyObject *places;      /* ruleset.places (identity, for the cache) */
    PyObject *place_words; /* ruleset.place_words */
    PyObject *ruleset;     /* for the Python fallback */
    int generic;           /* tables of an unexpected shape: always use Python */
    TrieNode *nodes;
    Py_ssize_t n_nodes, cap_nodes;
    Py_ssize_t n_words;
    PyObject **word_objs;
    Py_ssize_t *ent_first, *ent_count;
    PlaceEntry *entries;
    Py_ssize_t n_entries;
    unsigned char *state; /* per call: 0 unknown, 1 in norm.words, 2 not */
} Places;

static PyTypeObject PlacesType;

static int trie_index(Py_UCS4 c)
{
    if (c >= 'a' && c <= 'z')
        return (int)(c - 'a');
    if (c >= '0' && c <= '9')
        return 26 + (int)(c - '0');
    return -1;
}

static Py_ssize_t trie_new_node(Places *pl)
{
    if (pl->n_nodes == pl->cap_nodes) {
        Py_ssize_t cap = pl->cap_nodes ? pl->cap_nodes * 2 : 256;
        TrieNode *nn = PyMem_Realloc(pl->nodes, cap * sizeof(TrieNode));
        if (!nn)
            return -1;
        pl->nodes = nn;
        pl->cap_nodes = cap;
    }
    TrieNode *t = &pl->nodes[pl->n_nodes];
    for (int i = 0; i < 36; i++)
        t->child[i] = 0;
    t->word = -1;
    return pl->n_nodes++;
}

static void places_clear_tables(Places *pl)
{
    for (Py_ssize_t i = 0; i < pl->n_words; i++)
        Py_XDECREF(pl->word_objs[i]);
    for (Py_ssize_t i = 0; i < pl->n_entries; i++) {
        Py_XDECREF(pl->entries[i].name);
        Py_XDECREF(pl->entries[i].code);
        PyMem_Free(pl->entries[i].chars);
    }
    PyMem_Free(pl->nodes);
    PyMem_Free(pl->word_objs);
    PyMem_Free(pl->ent_first);
    PyMem_Free(pl->ent_count);
    PyMem_Free(pl->entries);
    PyMem_Free(pl->state);
    pl->nodes = NULL;
    pl->word_objs = NULL;
    pl->ent_first = pl->ent_count = NULL;
    pl->entries = NULL;
    pl->state = NULL;
    pl->n_words = pl->n_entries = pl->n_nodes = pl->cap_nodes = 0;
}

static int places_build(Places *pl, PyObject *ruleset)
{
    PyObject *places = PyObject_GetAttr(ruleset, s_places);
    if (!places)
        return -1;
    PyObject *pw = PyObject_GetAttr(ruleset, s_place_words);
    if (!pw) {
        Py_DECREF(places);
        return -1;
    }
    pl->places = places;
    pl->place_words = pw;
    Py_INCREF(ruleset);
    pl->ruleset = ruleset;
    if (!PyAnySet_Check(pw) || !PyDict_Check(places)) {
        pl->generic = 1;
        return 0;
    }
    Py_ssize_t nw = PySet_GET_SIZE(pw);
    pl->word_objs = PyMem_Calloc(nw ? nw : 1, sizeof(PyObject *));
    pl->ent_first = PyMem_Calloc(nw ? nw : 1, sizeof(Py_ssize_t));
    pl->ent_count = PyMem_Calloc(nw ? nw : 1, sizeof(Py_ssize_t));
    pl->state = PyMem_Calloc(nw ? nw : 1, 1);
    if (!pl->word_objs || !pl->ent_first || !pl->ent_count || !pl->state) {
        PyErr_NoMemory();
        return -1;
    }
    if (trie_new_node(pl) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t cap_e = 0;
    PyObject *it = PyObject_GetIter(pw), *word;
    if (!it)
        return -1;
    while ((word = PyIter_Next(it))) {
        Py_ssize_t w = pl->n_words;
        pl->word_objs[w] = word; /* owns the reference */
        pl->n_words++;
        if (!PyUnicode_CheckExact(word) || PyUnicode_GET_LENGTH(word) == 0) {
            pl->generic = 1;
            continue;
        }
        /* insert into the trie; a word outside [a-z0-9]+ cannot be handled here */
        UText u;
        utext(&u, word);
        Py_ssize_t node = 0;
        for (Py_ssize_t i = 0; i < u.n; i++) {
            int ci = trie_index(RD(&u, i));
            if (ci < 0) {
                pl->generic = 1;
                break;
            }
            if (!pl->nodes[node].child[ci]) {
                Py_ssize_t nn = trie_new_node(pl);
                if (nn < 0) {
                    Py_DECREF(it);
                    PyErr_NoMemory();
                    return -1;
                }
                pl->nodes[node].child[ci] = (int32_t)nn;
            }
            node = pl->nodes[node].child[ci];
        }
        if (pl->generic)
            continue;
        pl->nodes[node].word = (int32_t)w;
        PyObject *entries = PyDict_GetItemWithError(places, word);
        if (!entries) {
            if (PyErr_Occurred()) {
                Py_DECREF(it);
                return -1;
            }
            pl->generic = 1; /* Python would raise KeyError */
            continue;
        }
        entries = PySequence_Fast(entries, "places entries");
        if (!entries) {
            Py_DECREF(it);
            return -1;
        }
        Py_ssize_t ne = PySequence_Fast_GET_SIZE(entries);
        pl->ent_first[w] = pl->n_entries;
        pl->ent_count[w] = ne;
        for (Py_ssize_t j = 0; j < ne; j++) {
            PyObject *e = PySequence_Fast_GET_ITEM(entries, j);
            if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 2 ||
                !PyUnicode_Check(PyTuple_GET_ITEM(e, 0))) {
                pl->generic = 1;
                break;
            }
            if (pl->n_entries == cap_e) {
                cap_e = cap_e ? cap_e * 2 : 256;
                PlaceEntry *ne2 = PyMem_Realloc(pl->entries, cap_e * sizeof(PlaceEntry));
                if (!ne2) {
                    Py_DECREF(entries);
                    Py_DECREF(it);
                    PyErr_NoMemory();
                    return -1;
                }
                pl->entries = ne2;
            }
            PlaceEntry *pe = &pl->entries[pl->n_entries++];
            pe->name = PyTuple_GET_ITEM(e, 0);
            pe->code = PyTuple_GET_ITEM(e, 1);
            Py_INCREF(pe->name);
            Py_INCREF(pe->code);
            pe->chars = PyUnicode_AsUCS4Copy(pe->name);
            pe->len = PyUnicode_GET_LENGTH(pe->name);
            if (!pe->chars) {
                Py_DECREF(entries);
                Py_DECREF(it);
                return -1;
            }
        }
        Py_DECREF(entries);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return -1;
    return 0;
}

static PyObject *Places_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    PyObject *ruleset;
    if (!PyArg_ParseTuple(args, "O:Places", &ruleset))
        return NULL;
    Places *pl = (Places *)type->tp_alloc(type, 0);
    if (!pl)
        return NULL;
    if (places_build(pl, ruleset) < 0) {
        Py_DECREF(pl);
        return NULL;
    }
    return (PyObject *)pl;
}

static void Places_dealloc(Places *pl)
{
    places_clear_tables(pl);
    Py_XDECREF(pl->places);
    Py_XDECREF(pl->place_words);
    Py_XDECREF(pl->ruleset);
    Py_TYPE(pl)->tp_free((PyObject *)pl);
}

typedef struct {
    Py_ssize_t start, end, entry;
} Hit;

/* The scan of Places.find for one string kind (inlined with a constant kind, so that the
 * 1-byte case reads bytes directly). Fills hits[] as the Python loops would, sorted by
 * (start, -end); returns the count, -1 on error, -2 when Python must decide (too many hits). */
static inline __attribute__((always_inline)) Py_ssize_t
places_scan(Places *pl, PyObject *words, int kind, const void *data, Py_ssize_t n, Hit *hits,
            Py_ssize_t *touched, Py_ssize_t *ntouched)
{
    const TrieNode *nodes = pl->nodes;
    Py_ssize_t nh = 0;
    Py_ssize_t p = 0;
    while (p < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, p);
        if (!is_alnum(c)) {
            p++;
            continue;
        }
        /* p starts a run of alphanumerics (text[p-1] is not one): the only places where
         * the Python loop accepts a hit. Place words are [a-z0-9]+, so the trie walk stays
         * inside the run. */
        int ci = trie_index(c);
        if (ci >= 0 && nodes[0].child[ci]) {
            /* every place word that text[p:] starts with, shortest first */
            Py_ssize_t first_hit = nh, node = 0, q = p;
            while (q < n) {
                int k = trie_index(PyUnicode_READ(kind, data, q));
                if (k < 0 || !nodes[node].child[k])
                    break;
                node = nodes[node].child[k];
                q++;
                Py_ssize_t w = nodes[node].word;
                if (w < 0)
                    continue;
                if (!pl->state[w]) {
                    int r = PySet_Contains(words, pl->word_objs[w]);
                    if (r < 0)
                        return -1;
                    pl->state[w] = r ? 1 : 2;
                    touched[(*ntouched)++] = w;
                }
                if (pl->state[w] != 1)
                    continue;
                for (Py_ssize_t j = 0; j < pl->ent_count[w]; j++) {
                    const PlaceEntry *pe = &pl->entries[pl->ent_first[w] + j];
                    Py_ssize_t end = p + pe->len;
                    if (end > n)
                        continue;
                    Py_ssize_t i = 0;
                    while (i < pe->len && PyUnicode_READ(kind, data, p + i) == pe->chars[i])
                        i++;
                    if (i < pe->len || (end < n && is_alnum(PyUnicode_READ(kind, data, end))))
                        continue;
                    if (nh >= max_ent || nh >= 64) /* Python stops early: its order decides */
                        return -2;
                    hits[nh].start = p;
                    hits[nh].end = end;
                    hits[nh].entry = pl->ent_first[w] + j;
                    nh++;
                    break;
                }
            }
            /* hits at p: longest first (the sort key is (start, -end)) */
            for (Py_ssize_t a = first_hit + 1; a < nh; a++)
                for (Py_ssize_t b = a; b > first_hit && hits[b].end > hits[b - 1].end; b--) {
                    Hit t = hits[b];
                    hits[b] = hits[b - 1];
                    hits[b - 1] = t;
                }
        }
        /* skip the rest of the run */
        p++;
        while (p < n && is_alnum(PyUnicode_READ(kind, data, p)))
            p++;
    }
    return nh;
}

/* Places.find(norm): entities.destinations(norm, ruleset) */
static PyObject *places_find(Places *pl, PyObject *norm)
{
    if (stale || pl->generic || !is_norm(norm))
        return call_py2(py_destinations, norm, pl->ruleset);
    PyObject *text = SLOT(norm, off_n_text), *words = SLOT(norm, off_n_words);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Hit hits[64];
    /* pl->state is all 0 between calls: the words looked up are reset at the end */
    Py_ssize_t touched_buf[256], *touched = touched_buf, ntouched = 0, nh;
    if (pl->n_words > 256 && !(touched = PyMem_Malloc(pl->n_words * sizeof(Py_ssize_t))))
        return PyErr_NoMemory();
    if (kind == PyUnicode_1BYTE_KIND)
        nh = places_scan(pl, words, PyUnicode_1BYTE_KIND, data, n, hits, touched, &ntouched);
    else if (kind == PyUnicode_2BYTE_KIND)
        nh = places_scan(pl, words, PyUnicode_2BYTE_KIND, data, n, hits, touched, &ntouched);
    else
        nh = places_scan(pl, words, PyUnicode_4BYTE_KIND, data, n, hits, touched, &ntouched);
    for (Py_ssize_t i = 0; i < ntouched; i++)
        pl->state[touched[i]] = 0;
    if (touched != touched_buf)
        PyMem_Free(touched);
    if (nh == -1)
        return NULL;
    if (nh == -2)
        return call_py2(py_destinations, norm, pl->ruleset);
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    Py_ssize_t covered = -1;
    for (Py_ssize_t i = 0; i < nh; i++) {
        if (hits[i].start < covered)
            continue;
        covered = hits[i].end;
        const PlaceEntry *pe = &pl->entries[hits[i].entry];
        PyObject *sp = norm_span(norm, hits[i].start, hits[i].end);
        Py_XINCREF(pe->code);
        Py_XINCREF(pe->name);
        if (append_tuple(found, 3, sp, pe->code, pe->name) < 0) {
            Py_DECREF(found);
            return NULL;
        }
    }
    return found;
}

static PyMethodDef Places_methods[] = {
    {"find", (PyCFunction)places_find, METH_O,
     "find(norm) -> entities.destinations(norm, ruleset) for the ruleset given at creation"},
    {NULL}};

static PyTypeObject PlacesType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "sigap.screening._caccounts.Places",
    .tp_basicsize = sizeof(Places),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Places_new,
    .tp_dealloc = (destructor)Places_dealloc,
    .tp_methods = Places_methods,
    .tp_doc = "Places(ruleset): the ruleset's place tables, with .find(norm).",
};

static Places *last_places;

/* destinations(norm, ruleset): Places(ruleset).find(norm), the Places kept while
 * ruleset.places and ruleset.place_words stay the same objects. */
static PyObject *m_destinations(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "destinations(norm, ruleset)");
        return NULL;
    }
    PyObject *ruleset = args[1];
    if (last_places && last_places->ruleset == ruleset) {
        PyObject *places, *pw;
        if (ruleset_type && Py_IS_TYPE(ruleset, ruleset_type)) {
            /* a slots class: the attributes are these slots (no descriptor in between) */
            places = SLOT(ruleset, off_r_places);
            pw = SLOT(ruleset, off_r_place_words);
            if (places == last_places->places && pw == last_places->place_words)
                return places_find(last_places, args[0]);
        } else {
            if (!(places = PyObject_GetAttr(ruleset, s_places)))
                return NULL;
            if (!(pw = PyObject_GetAttr(ruleset, s_place_words))) {
                Py_DECREF(places);
                return NULL;
            }
            int same = places == last_places->places && pw == last_places->place_words;
            Py_DECREF(places);
            Py_DECREF(pw);
            if (same)
                return places_find(last_places, args[0]);
        }
    }
    PyObject *a[1] = {ruleset};
    Places *pl = (Places *)PyObject_Vectorcall((PyObject *)&PlacesType, a, 1, NULL);
    if (!pl)
        return NULL;
    Py_XSETREF(last_places, pl);
    return places_find(pl, args[0]);
}

/* ------------------------------------------------------------------------------------------ */
/* accounts(text, words)                                                                       */

static inline int link_g2_char(Py_UCS4 c)
{
    /* [\w@.\-/?=&%+] (plain IN: the class has no cased literal) */
    switch (c) {
    case '@': case '.': case '-': case '/': case '?': case '=': case '&': case '%': case '+':
        return 1;
    }
    return is_word(c);
}

static const unsigned char LINK_FIRST[] = "htwmifcalbs";

/* _LINK at position p on hand-coded literals: 1 match, 0 none, -1 ask Python. */
static int link_at(const UText *u, Py_ssize_t p, Py_ssize_t *g1s, int *dom, Py_ssize_t *g2s,
                   Py_ssize_t *g2e)
{
    Py_ssize_t n = u->n;
    Py_ssize_t pre[2];
    int npre = 0, r;
    r = lit_ci(u, p, "https://", n);
    if (r < 0)
        return -1;
    if (r)
        pre[npre++] = 8;
    else {
        r = lit_ci(u, p, "http://", n);
        if (r < 0)
            return -1;
        if (r)
            pre[npre++] = 7;
    }
    pre[npre++] = 0;
    static const char *const WWW[] = {"www.", "m.", ""};
    for (int a = 0; a < npre; a++) {
        for (int b = 0; b < 3; b++) {
            Py_ssize_t q = p + pre[a];
            r = lit_ci(u, q, WWW[b], n);
            if (r < 0)
                return -1;
            if (!r)
                continue;
            q += (Py_ssize_t)strlen(WWW[b]);
            for (int d = 0; d < N_DOMAINS; d++) {
                r = lit_ci(u, q, LINK_DOMAINS[d], n);
                if (r < 0)
                    return -1;
                if (!r)
                    continue;
                Py_ssize_t s = q + (Py_ssize_t)strlen(LINK_DOMAINS[d]);
                if (s >= n || RD(u, s) != '/')
                    continue;
                Py_ssize_t e = s + 1;
                while (e < n && e - (s + 1) < 100 && link_g2_char(RD(u, e)))
                    e++;
                if (e == s + 1)
                    continue;
                *g1s = q;
                *dom = d;
                *g2s = s + 1;
                *g2e = e;
                return 1;
            }
        }
    }
    return 0;
}

/* text[a:b].rstrip(chars) end position */
static Py_ssize_t rstrip_end(const UText *u, Py_ssize_t a, Py_ssize_t b, const char *chars)
{
    while (b > a) {
        Py_UCS4 c = RD(u, b - 1);
        if (c >= 128 || !strchr(chars, (int)c) || c == 0)
            break;
        b--;
    }
    return b;
}

/* The Python way, for a _LINK match object. */
static int link_from_match(PyObject *list, PyObject *m, PyObject *text, Py_ssize_t *end)
{
    Py_ssize_t rg[6];
    if (regs_of(m, rg, 3) < 0)
        return -1;
    *end = rg[1];
    PyObject *g1 = substr(text, rg[2], rg[3]);
    if (!g1)
        return -1;
    PyObject *low = PyObject_CallOneArg(py_ascii_key, g1);
    Py_DECREF(g1);
    if (!low)
        return -1;
    PyObject *platform = PyObject_GetItem(link_platform, low);
    if (!platform) {
        Py_DECREF(low);
        return -1;
    }
    PyObject *g2 = substr(text, rg[4], rg[5]);
    PyObject *g2s = g2 ? call_method1(g2, s_rstrip, s_rstrip_link) : NULL;
    Py_XDECREF(g2);
    PyObject *value = g2s ? PyUnicode_FromFormat("%U/%U", low, g2s) : NULL;
    Py_DECREF(low);
    Py_XDECREF(g2s);
    if (!value) {
        Py_DECREF(platform);
        return -1;
    }
    PyObject *sp = make_span(rg[0], rg[1], substr(text, rg[0], rg[1]));
    return append_tuple(list, 3, sp, platform, value);
}

static int scan_links(PyObject *text, const UText *u, PyObject *found)
{
    Py_ssize_t p = 0, n = u->n;
    while (p < n) {
        Py_UCS4 c = RD(u, p);
        if (c < 128) {
            if (!strchr((const char *)LINK_FIRST, (int)ascii_lower(c)) || c == 0) {
                p++;
                continue;
            }
        } else if (!foldable(c)) {
            p++;
            continue;
        }
        /* the lookahead of _LINK: 2 to 28 characters of [a-z.:/] (case-insensitively; a
         * non-ASCII character that may fold counts), then "/" */
        Py_ssize_t q = p + 1;
        int slash = 0;
        while (q < n && q <= p + 29) {
            Py_UCS4 d = RD(u, q);
            if (d == '/' && q >= p + 3) {
                slash = 1;
                break;
            }
            if (!(d == '.' || d == ':' || d == '/' || (d < 128 && ascii_lower(d) >= 'a' &&
                                                        ascii_lower(d) <= 'z') ||
                  (d >= 128 && foldable(d))))
                break;
            q++;
        }
        if (!slash) {
            /* stopped by the end of the text or by a character outside the class at q, with
             * no "/" in (p + 2, q): a later start p' < q would need a "/" in [p' + 3, q), so
             * none can match before q (only the 29-character limit is specific to p) */
            p = q >= n ? n : q <= p + 29 ? q : p + 1;
            continue;
        }
        Py_ssize_t g1s, g2s, g2e;
        int dom;
        int r = link_at(u, p, &g1s, &dom, &g2s, &g2e);
        if (r == 0) {
            p++;
            continue;
        }
        if (r < 0) {
            PyObject *m = re_call(re_link, s_match, text, p, -1);
            if (!m)
                return -1;
            if (m == Py_None) {
                Py_DECREF(m);
                p++;
                continue;
            }
            Py_ssize_t end;
            int rr = link_from_match(found, m, text, &end);
            Py_DECREF(m);
            if (rr < 0)
                return -1;
            p = end > p ? end : p + 1;
        } else {
            Py_ssize_t ve = rstrip_end(u, g2s, g2e, ".,)");
            PyObject *g2 = substr(text, g2s, ve);
            PyObject *value = g2 ? PyUnicode_FromFormat("%U/%U", domain_objs[dom], g2) : NULL;
            Py_XDECREF(g2);
            PyObject *sp = make_span(p, g2e, substr(text, p, g2e));
            Py_INCREF(domain_platform[dom]);
            if (append_tuple(found, 3, sp, domain_platform[dom], value) < 0)
                return -1;
            p = g2e;
        }
        if (PyList_GET_SIZE(found) >= max_ent)
            break;
    }
    return 0;
}

static inline int email_dom_char(Py_UCS4 c)
{
    return c < 128 && (ascii_alnum[c] || c == '-');
}
static inline int email_loc_char(Py_UCS4 c)
{
    return c < 128 && (ascii_alnum[c] || c == '.' || c == '_' || c == '%' || c == '+' || c == '-');
}
static inline int handle_char(Py_UCS4 c)
{
    return c < 128 && (ascii_alnum[c] || c == '_' || c == '.');
}

/* _EMAIL_DOMAIN.match at an "@" at p: end or -1 */
static Py_ssize_t email_domain_at(const UText *u, Py_ssize_t p)
{
    Py_ssize_t n = u->n, q = p + 1, run = 0;
    while (q + run < n && run < 64 && email_dom_char(RD(u, q + run)))
        run++;
    /* the first label must be followed by "." (a shorter one is followed by a label char) */
    if (run < 1 || run > 63 || q + run >= n || RD(u, q + run) != '.')
        return -1;
    Py_ssize_t e = q + run;
    int groups = 0;
    while (groups < 4 && e < n && RD(u, e) == '.') {
        Py_ssize_t L = 0;
        while (e + 1 + L < n && L < 63 && email_dom_char(RD(u, e + 1 + L)))
            L++;
        if (L == 0)
            break;
        e += 1 + L;
        groups++;
    }
    return groups ? e : -1;
}

/* _EMAIL_LOCAL.search(text, max(0, p - 64), p): start or -1 */
static Py_ssize_t email_local_before(const UText *u, Py_ssize_t p)
{
    Py_ssize_t lo = p - 64 > 0 ? p - 64 : 0, end;
    if (p - 1 >= lo && email_loc_char(RD(u, p - 1)))
        end = p; /* $ at endpos */
    else if (p - 2 >= lo && RD(u, p - 1) == '\n' && email_loc_char(RD(u, p - 2)))
        end = p - 1; /* $ before a final newline */
    else
        return -1;
    Py_ssize_t s = end - 1;
    while (s - 1 >= lo && email_loc_char(RD(u, s - 1)))
        s--;
    return s;
}

/* _HANDLE_PLATFORM.search(text, lo, h) on hand-coded literals: alternative index, N_ALTS for
 * none, -1 ask Python. */
static int handle_platform(const UText *u, Py_ssize_t lo, Py_ssize_t h)
{
    for (Py_ssize_t s = lo; s < h; s++) {
        Py_UCS4 c = RD(u, s);
        if (c < 128) {
            Py_UCS4 l = ascii_lower(c);
            if (l != 't' && l != 'i' && l != 'f' && l != 'l')
                continue;
        } else if (!foldable(c))
            continue;
        for (int a = 0; a < N_ALTS; a++) {
            int r = lit_ci(u, s, HANDLE_ALTS[a], h);
            if (r < 0)
                return -1;
            if (!r)
                continue;
            Py_ssize_t ew = s + (Py_ssize_t)strlen(HANDLE_ALTS[a]), k = ew;
            while (k < h && !is_word(RD(u, k)))
                k++;
            /* \W{0,12}$ : all of [ew, h) non-word, at most 12 (13 with "\n" last) */
            if (k == h && (h - ew <= 12 || (h - ew == 13 && RD(u, h - 1) == '\n')))
                return a;
        }
    }
    return N_ALTS;
}

typedef struct {
    Py_ssize_t s, e;
} Iv;

static PyObject *accounts_impl(PyObject *text, PyObject *words)
{
    UText u;
    utext(&u, text);
    PyObject *found = PyList_New(0), *emails = PyList_New(0), *result = NULL;
    Iv *taken = NULL;
    Py_ssize_t *sufmin = NULL;
    Py_ssize_t nt = 0, capt = 0;
    if (!found || !emails)
        goto done;
    Py_ssize_t slash = PyUnicode_FindChar(text, '/', 0, u.n, 1);
    if (slash == -2)
        goto done;
    if (slash >= 0) {
        int any;
        if (PyAnySet_Check(words))
            any = any_in(words, link_word_objs, n_link_words);
        else {
            PyObject *r = call_method1(link_words_set, s_isdisjoint, words);
            if (!r)
                goto done;
            any = !PyObject_IsTrue(r);
            Py_DECREF(r);
        }
        if (any < 0)
            goto done;
        if (any && scan_links(text, &u, found) < 0)
            goto done;
    }
    Py_ssize_t at = PyUnicode_FindChar(text, '@', 0, u.n, 1);
    if (at == -2)
        goto done;
    if (at < 0)
        goto ok;
    /* e-mail addresses */
    for (Py_ssize_t p = at; p >= 0 && p < u.n;) {
        Py_ssize_t e = email_domain_at(&u, p);
        Py_ssize_t next = e >= 0 ? e : p + 1;
        if (e >= 0) {
            Py_ssize_t s = email_local_before(&u, p);
            if (s >= 0) {
                PyObject *sp = make_span(s, e, substr(text, s, e));
                if (!sp || PyList_Append(emails, sp) < 0) {
                    Py_XDECREF(sp);
                    goto done;
                }
                Py_DECREF(sp);
                if (nt == capt) {
                    capt = capt ? capt * 2 : 16;
                    Iv *t2 = PyMem_Realloc(taken, capt * sizeof(Iv));
                    if (!t2) {
                        PyErr_NoMemory();
                        goto done;
                    }
                    taken = t2;
                }
                taken[nt].s = s;
                taken[nt].e = e;
                nt++;
            }
        }
        if (next >= u.n)
            break;
        p = PyUnicode_FindChar(text, '@', next, u.n, 1);
        if (p == -2)
            goto done;
    }
    /* taken ends increase; the smallest start among taken[j:] tells whether any covers h */
    if (nt) {
        sufmin = PyMem_Malloc(nt * sizeof(Py_ssize_t));
        if (!sufmin) {
            PyErr_NoMemory();
            goto done;
        }
        sufmin[nt - 1] = taken[nt - 1].s;
        for (Py_ssize_t j = nt - 2; j >= 0; j--)
            sufmin[j] = taken[j].s < sufmin[j + 1] ? taken[j].s : sufmin[j + 1];
    }
    /* handles */
    Py_ssize_t jt = 0;
    for (Py_ssize_t h = at; h >= 0 && h < u.n;) {
        Py_ssize_t L = 0;
        while (h + 1 + L < u.n && L < 32 && handle_char(RD(&u, h + 1 + L)))
            L++;
        Py_ssize_t next = h + 1;
        if (L >= 3) {
            next = h + 1 + L;
            Py_UCS4 pc = h ? RD(&u, h - 1) : 0;
            if (h && (is_alnum(pc) || pc == '/'))
                goto next_handle;
            while (jt < nt && taken[jt].e <= h)
                jt++;
            if (jt < nt && sufmin[jt] <= h)
                goto next_handle;
            Py_ssize_t lo = h - 20 > 0 ? h - 20 : 0;
            PyObject *platform;
            int a = handle_platform(&u, lo, h);
            if (a < 0) {
                PyObject *m = re_call(re_handle_platform, s_search, text, lo, h);
                if (!m)
                    goto done;
                if (m == Py_None) {
                    platform = s_unknown;
                    Py_INCREF(platform);
                } else {
                    Py_ssize_t rg[4];
                    int rr = regs_of(m, rg, 2);
                    Py_DECREF(m);
                    if (rr < 0)
                        goto done;
                    PyObject *g = substr(text, rg[2], rg[3]);
                    PyObject *low = g ? PyObject_CallOneArg(py_ascii_key, g) : NULL;
                    Py_XDECREF(g);
                    if (!low)
                        goto done;
                    platform = PyObject_GetItem(platform_names, low);
                    Py_DECREF(low);
                    if (!platform)
                        goto done;
                }
            } else {
                platform = a == N_ALTS ? s_unknown : alt_platform[a];
                Py_INCREF(platform);
            }
            Py_ssize_t he = rstrip_end(&u, h + 1, h + 1 + L, ".");
            PyObject *handle = substr(text, h, he);
            if (!handle) {
                Py_DECREF(platform);
                goto done;
            }
            Py_INCREF(handle);
            PyObject *sp = make_span(h, he, handle);
            if (append_tuple(found, 3, sp, platform, handle) < 0)
                goto done;
            if (PyList_GET_SIZE(found) >= max_ent)
                break;
        }
    next_handle:
        if (next >= u.n)
            break;
        h = PyUnicode_FindChar(text, '@', next, u.n, 1);
        if (h == -2)
            goto done;
    }
    if (trim_list(emails) < 0)
        goto done;
ok:
    result = PyTuple_Pack(2, found, emails);
done:
    Py_XDECREF(found);
    Py_XDECREF(emails);
    PyMem_Free(taken);
    PyMem_Free(sufmin);
    return result;
}

static PyObject *m_accounts(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "accounts(text, words)");
        return NULL;
    }
    if (stale || !PyUnicode_CheckExact(args[0]))
        return call_py2(py_accounts, args[0], args[1]);
    return accounts_impl(args[0], args[1]);
}

/* ------------------------------------------------------------------------------------------ */
/* ages(norm), licences(norm)                                                                  */

static int has_sub(const UText *u, const char *s)
{
    Py_ssize_t L = (Py_ssize_t)strlen(s);
    for (Py_ssize_t p = 0; p + L <= u->n; p++) {
        if (RD(u, p) != (Py_UCS4)(unsigned char)s[0])
            continue;
        Py_ssize_t k = 1;
        while (k < L && RD(u, p + k) == (Py_UCS4)(unsigned char)s[k])
            k++;
        if (k == L)
            return 1;
    }
    return 0;
}

static inline int sub_at(const UText *u, Py_ssize_t p, const char *s)
{
    for (Py_ssize_t k = 0; s[k]; k++)
        if (p + k >= u->n || RD(u, p + k) != (Py_UCS4)(unsigned char)s[k])
            return 0;
    return 1;
}

static Py_ssize_t parse_digits(const UText *u, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t v = 0;
    for (Py_ssize_t i = a; i < b; i++)
        v = v * 10 + (Py_ssize_t)(RD(u, i) - '0');
    return v;
}

/* handle one _AGE / _AGE_EN match; 1 when the list is full */
static int age_match(PyObject *norm, const UText *u, PyObject *m, PyObject *found,
                     Py_ssize_t *mend)
{
    Py_ssize_t rg[6];
    if (regs_of(m, rg, 3) < 0)
        return -1;
    *mend = rg[1];
    Py_ssize_t low = parse_digits(u, rg[2], rg[3]);
    int has_high = rg[4] >= 0 && rg[5] > rg[4];
    Py_ssize_t high = has_high ? parse_digits(u, rg[4], rg[5]) : 0;
    if (!(10 <= low && low <= 70) || (has_high && !(low <= high && high <= 80)))
        return 0;
    PyObject *sp = norm_span(norm, rg[0], rg[1]);
    PyObject *hi = has_high ? PyLong_FromSsize_t(high) : (Py_INCREF(Py_None), Py_None);
    if (append_tuple(found, 3, sp, PyLong_FromSsize_t(low), hi) < 0)
        return -1;
    return PyList_GET_SIZE(found) >= max_ent;
}

/* The next place at or after p where _AGE can start (usia/umur/age/aged, then a character
 * outside [a-z0-9]), or -1. */
static Py_ssize_t age_candidate(const UText *u, Py_ssize_t p)
{
    if (u->kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *s = u->data;
        Py_ssize_t n = u->n;
        for (; p + 3 < n; p++) {
            if (s[p] == 'u') {
                if (p + 4 < n && (memcmp(s + p, "usia", 4) == 0 || memcmp(s + p, "umur", 4) == 0) &&
                    !is_az09(s[p + 4]))
                    return p;
            } else if (s[p] == 'a' && s[p + 1] == 'g' && s[p + 2] == 'e') {
                if (!is_az09(s[p + 3]) || (s[p + 3] == 'd' && p + 4 < n && !is_az09(s[p + 4])))
                    return p;
            }
        }
        return -1;
    }
    for (; p + 3 < u->n; p++) {
        Py_UCS4 c = RD(u, p);
        if (c == 'u') {
            if ((sub_at(u, p, "usia") || sub_at(u, p, "umur")) && p + 4 < u->n &&
                !is_az09(RD(u, p + 4)))
                return p;
        } else if (c == 'a' && sub_at(u, p, "age")) {
            if (!is_az09(RD(u, p + 3)) ||
                (RD(u, p + 3) == 'd' && p + 4 < u->n && !is_az09(RD(u, p + 4))))
                return p;
        }
    }
    return -1;
}

/* Can _AGE_EN match at all? It ends with yo / y.o / years old, not followed by [a-z], right
 * after a digit, a space or a tab. */
static int age_en_possible(const UText *u)
{
    static const char *const KW[] = {"yo", "y.o", "years old"};
    for (Py_ssize_t q = 1; q < u->n; q++) {
        if (u->kind == PyUnicode_1BYTE_KIND) {
            const Py_UCS1 *s = u->data, *y = memchr(s + q, 'y', (size_t)(u->n - q));
            if (!y)
                return 0;
            q = y - s;
        } else if (RD(u, q) != 'y')
            continue;
        Py_UCS4 b = RD(u, q - 1);
        if (!((b >= '0' && b <= '9') || b == ' ' || b == '\t'))
            continue;
        for (int k = 0; k < 3; k++) {
            Py_ssize_t L = (Py_ssize_t)strlen(KW[k]);
            if (sub_at(u, q, KW[k]) &&
                (q + L >= u->n || !(RD(u, q + L) >= 'a' && RD(u, q + L) <= 'z')))
                return 1;
        }
    }
    return 0;
}

static PyObject *m_ages(PyObject *self, PyObject *norm)
{
    if (stale || !is_norm(norm))
        return call_py1(py_ages, norm);
    PyObject *text = SLOT(norm, off_n_text);
    UText u;
    utext(&u, text);
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    /* _AGE: a match starts with usia/umur/age/aged and then a character outside [a-z0-9]:
     * try pattern.match at those places only, in order, never inside the previous match. */
    Py_ssize_t last = 0;
    for (Py_ssize_t p = 0; (p = age_candidate(&u, p)) >= 0; p++) {
        if (p < last)
            continue;
        PyObject *m = re_call(re_age, s_match, text, p, -1);
        if (!m)
            goto fail;
        if (m == Py_None) {
            Py_DECREF(m);
            continue;
        }
        Py_ssize_t mend = p;
        int r = age_match(norm, &u, m, found, &mend);
        Py_DECREF(m);
        if (r < 0)
            goto fail;
        if (r == 1)
            return found;
        last = mend;
    }
    /* _AGE_EN ends with yo / y.o / years old, not followed by [a-z], after a digit, space
     * or tab; when no such place exists it cannot match. */
    {
        int maybe = age_en_possible(&u);
        if (maybe) {
            PyObject *it = call_method1(re_age_en, s_finditer, text), *m;
            if (!it)
                goto fail;
            while ((m = PyIter_Next(it))) {
                Py_ssize_t mend;
                int r = age_match(norm, &u, m, found, &mend);
                Py_DECREF(m);
                if (r < 0) {
                    Py_DECREF(it);
                    goto fail;
                }
                if (r == 1) {
                    Py_DECREF(it);
                    return found;
                }
            }
            Py_DECREF(it);
            if (PyErr_Occurred())
                goto fail;
        }
    }
    return found;
fail:
    Py_DECREF(found);
    return NULL;
}

/* Does the text hold one of izin, sip3mi, sip2mi, siup3mi, sippmi, siuppmi (every alternative
 * of _LICENCE contains one)? One pass over 1-byte text. */
static int licence_possible(const UText *u)
{
    static const char *const SI[] = {"sip3mi", "sip2mi", "siup3mi", "sippmi", "siuppmi"};
    if (u->kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *s = u->data;
        Py_ssize_t n = u->n;
        for (Py_ssize_t p = 0; p + 3 < n; p++) {
            if (s[p] == 'i') {
                if (s[p + 1] == 'z' && s[p + 2] == 'i' && s[p + 3] == 'n')
                    return 1;
            } else if (s[p] == 's' && s[p + 1] == 'i') {
                for (int k = 0; k < 5; k++) {
                    size_t L = strlen(SI[k]);
                    if ((Py_ssize_t)L <= n - p && memcmp(s + p, SI[k], L) == 0)
                        return 1;
                }
            }
        }
        return 0;
    }
    if (has_sub(u, "izin"))
        return 1;
    for (int k = 0; k < 5; k++)
        if (has_sub(u, SI[k]))
            return 1;
    return 0;
}

static PyObject *m_licences(PyObject *self, PyObject *norm)
{
    if (stale || !is_norm(norm))
        return call_py1(py_licences, norm);
    PyObject *text = SLOT(norm, off_n_text);
    UText u;
    utext(&u, text);
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    /* every alternative of _LICENCE contains one of these */
    if (!licence_possible(&u))
        return found;
    PyObject *it = call_method1(re_licence, s_finditer, text), *m;
    if (!it)
        goto fail;
    while ((m = PyIter_Next(it))) {
        Py_ssize_t rg[4];
        int r = regs_of(m, rg, 2);
        Py_DECREF(m);
        if (r < 0)
            goto fail_it;
        int digit = 0;
        for (Py_ssize_t i = rg[2]; i < rg[3] && !digit; i++)
            digit = Py_UNICODE_ISDIGIT(RD(&u, i));
        if (!digit)
            continue;
        PyObject *sp = norm_span(norm, rg[2], rg[3]);
        if (!sp)
            goto fail_it;
        PyObject *up = call_method0(SLOT(sp, off_span_text), s_upper);
        if (append_tuple(found, 2, sp, up, NULL) < 0)
            goto fail_it;
    }
    Py_DECREF(it);
    if (PyErr_Occurred() || trim_list(found) < 0)
        goto fail;
    return found;
fail_it:
    Py_DECREF(it);
fail:
    Py_DECREF(found);
    return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* companies(norm)                                                                             */

static int is_stop(const char *w, Py_ssize_t len)
{
    for (Py_ssize_t i = 0; i < n_stop; i++)
        if (stop_lens[i] == len && memcmp(stop_words[i], w, (size_t)len) == 0)
            return 1;
    return 0;
}

static inline int is_ascii_space(Py_UCS4 c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* The name and end of one _COMPANY_PREFIX match whose group 2 is ASCII (_cut_name and
 * _end_of_words by hand). Returns the name (new ref), Py_None (borrowed, no name) or NULL. */
static PyObject *company_name_ascii(const UText *u, Py_ssize_t g1s, Py_ssize_t g1e,
                                    Py_ssize_t g2s, Py_ssize_t g2e, Py_ssize_t *end)
{
    /* text_is_lower = chunk.islower() */
    int cased = 0, upper = 0;
    for (Py_ssize_t i = g2s; i < g2e; i++) {
        Py_UCS4 c = RD(u, i);
        if (c >= 'a' && c <= 'z')
            cased = 1;
        else if (c >= 'A' && c <= 'Z')
            upper = 1;
    }
    int text_is_lower = cased && !upper;
    Py_ssize_t kept_s[4], kept_e[4];
    int nk = 0;
    char bare[80];
    Py_ssize_t i = g2s;
    while (nk < 4) {
        while (i < g2e && is_ascii_space(RD(u, i)))
            i++;
        if (i >= g2e)
            break;
        Py_ssize_t ws = i;
        while (i < g2e && !is_ascii_space(RD(u, i)))
            i++;
        Py_ssize_t we = i;
        /* bare = word.strip(".,").lower() */
        Py_ssize_t bs = ws, be = we;
        while (bs < be && (RD(u, bs) == '.' || RD(u, bs) == ','))
            bs++;
        while (be > bs && (RD(u, be - 1) == '.' || RD(u, be - 1) == ','))
            be--;
        if (be - bs < (Py_ssize_t)sizeof(bare)) {
            for (Py_ssize_t k = bs; k < be; k++)
                bare[k - bs] = (char)ascii_lower(RD(u, k));
            if (is_stop(bare, be - bs))
                break;
        }
        Py_UCS4 c0 = RD(u, ws);
        int is_amp = we - ws == 1 && c0 == '&';
        int is_dan = we - ws == 3 && c0 == 'd' && RD(u, ws + 1) == 'a' && RD(u, ws + 2) == 'n';
        if (nk && !text_is_lower && c0 >= 'a' && c0 <= 'z' && !is_amp && !is_dan)
            break;
        /* word.rstrip(".,") */
        Py_ssize_t re_ = we;
        while (re_ > ws && (RD(u, re_ - 1) == '.' || RD(u, re_ - 1) == ','))
            re_--;
        kept_s[nk] = ws;
        kept_e[nk] = re_;
        nk++;
    }
    if (!nk)
        return Py_None;
    /* _end_of_words(chunk, nk) */
    Py_ssize_t pos = g2s;
    for (int k = 0; k < nk; k++) {
        while (pos < g2e && (RD(u, pos) == ' ' || RD(u, pos) == '\t'))
            pos++;
        while (pos < g2e && RD(u, pos) != ' ' && RD(u, pos) != '\t')
            pos++;
    }
    while (pos > g2s && (RD(u, pos - 1) == '.' || RD(u, pos - 1) == ','))
        pos--;
    *end = pos;
    /* name = group(1).upper().replace(".", "") + " " + " ".join(kept) (all ASCII here) */
    Py_ssize_t len = 0;
    for (Py_ssize_t k = g1s; k < g1e; k++)
        len += RD(u, k) != '.';
    for (int k = 0; k < nk; k++)
        len += 1 + kept_e[k] - kept_s[k];
    PyObject *name = PyUnicode_New(len, 127);
    if (!name)
        return NULL;
    Py_UCS1 *o = PyUnicode_1BYTE_DATA(name);
    for (Py_ssize_t k = g1s; k < g1e; k++) {
        Py_UCS4 c = RD(u, k);
        if (c != '.')
            *o++ = (Py_UCS1)((c >= 'a' && c <= 'z') ? c - 32 : c);
    }
    for (int k = 0; k < nk; k++) {
        *o++ = ' ';
        for (Py_ssize_t j = kept_s[k]; j < kept_e[k]; j++)
            *o++ = (Py_UCS1)RD(u, j);
    }
    return name;
}

/* The same through the Python helpers (group 1 or 2 not ASCII). */
static PyObject *company_name_py(PyObject *text, Py_ssize_t g1s, Py_ssize_t g1e, Py_ssize_t g2s,
                                 Py_ssize_t g2e, Py_ssize_t *end)
{
    PyObject *g2 = substr(text, g2s, g2e), *parts = NULL, *isl = NULL, *kept = NULL;
    PyObject *name = NULL, *g1 = NULL, *up = NULL, *pre = NULL, *joined = NULL, *eow = NULL;
    PyObject *cnt = NULL;
    if (!g2)
        return NULL;
    parts = call_method0(g2, s_split);
    isl = parts ? call_method0(g2, s_islower) : NULL;
    if (!isl)
        goto out;
    {
        PyObject *args[2] = {parts, isl};
        PyObject *kwn = PyTuple_Pack(1, s_text_is_lower);
        if (!kwn)
            goto out;
        kept = PyObject_Vectorcall(py_cut_name, args, 1, kwn);
        Py_DECREF(kwn);
    }
    if (!kept)
        goto out;
    int t = PyObject_IsTrue(kept);
    if (t < 0)
        goto out;
    if (!t) {
        name = Py_None;
        goto out;
    }
    g1 = substr(text, g1s, g1e);
    up = g1 ? call_method0(g1, s_upper) : NULL;
    pre = up ? PyObject_CallMethodObjArgs(up, s_replace, s_dot, s_empty, NULL) : NULL;
    joined = pre ? PyUnicode_Join(s_space, kept) : NULL;
    if (!joined)
        goto out;
    name = PyUnicode_FromFormat("%U %U", pre, joined);
    if (!name)
        goto out;
    cnt = PyLong_FromSsize_t(PyObject_Length(kept));
    eow = cnt ? call_py2(py_end_of_words, g2, cnt) : NULL;
    if (!eow) {
        Py_CLEAR(name);
        goto out;
    }
    *end = g2s + PyLong_AsSsize_t(eow);
    if (PyErr_Occurred())
        Py_CLEAR(name);
out:
    Py_XDECREF(g2);
    Py_XDECREF(parts);
    Py_XDECREF(isl);
    Py_XDECREF(kept);
    Py_XDECREF(g1);
    Py_XDECREF(up);
    Py_XDECREF(pre);
    Py_XDECREF(joined);
    Py_XDECREF(eow);
    Py_XDECREF(cnt);
    return name;
}

/* Can _COMPANY_PREFIX match at p? A necessary condition, checked before the (much dearer)
 * call of the pattern: one of the prefix words (case-insensitively), an optional ".", at least
 * one space or tab, then a letter or digit ([^\W_], the first character of group 2). A
 * character that may case-fold to ASCII inside the word makes the answer "maybe". */
static const char *const PREFIX_ALTS[] = {"pt", "p.t.", "cv", "c.v.", "ud", "lpk", "yayasan",
                                          "koperasi"};
static int prefix_may_match(const UText *u, Py_ssize_t p)
{
    for (size_t a = 0; a < sizeof(PREFIX_ALTS) / sizeof(PREFIX_ALTS[0]); a++) {
        int r = lit_ci(u, p, PREFIX_ALTS[a], u->n);
        if (r < 0)
            return 1;
        if (!r)
            continue;
        Py_ssize_t q = p + (Py_ssize_t)strlen(PREFIX_ALTS[a]);
        if (q < u->n && RD(u, q) == '.')
            q++;
        if (q >= u->n || (RD(u, q) != ' ' && RD(u, q) != '\t'))
            continue;
        while (q < u->n && (RD(u, q) == ' ' || RD(u, q) == '\t'))
            q++;
        if (q < u->n && is_alnum(RD(u, q)))
            return 1;
    }
    return 0;
}

static int company_word(PyObject *norm, PyObject *word, PyObject *found)
{
    PyObject *ntext = SLOT(norm, off_n_text), *text = SLOT(norm, off_n_original);
    UText nu, u;
    utext(&nu, ntext);
    utext(&u, text);
    Py_ssize_t size = PyUnicode_GET_LENGTH(word), count = 0;
    Py_ssize_t pos = PyUnicode_Find(ntext, word, 0, nu.n, 1);
    /* word_positions(norm.text, word, limit=MAX_ENTITIES) */
    while (pos >= 0 && count < max_ent) {
        Py_ssize_t end = pos + size;
        if ((pos == 0 || !is_alnum(RD(&nu, pos - 1))) && (end >= nu.n || !is_alnum(RD(&nu, end)))) {
            count++;
            Py_ssize_t p0;
            if (to_original_start(norm, pos, end, &p0) < 0)
                return -1;
            if (!prefix_may_match(&u, p0))
                goto next_pos;
            PyObject *m = re_call(re_prefix, s_match, text, p0, -1);
            if (!m)
                return -1;
            if (m != Py_None) {
                Py_ssize_t rg[6];
                int r = regs_of(m, rg, 3);
                Py_DECREF(m);
                if (r < 0)
                    return -1;
                int ascii = 1;
                for (Py_ssize_t i = rg[2]; i < rg[3] && ascii; i++)
                    ascii = RD(&u, i) < 128;
                for (Py_ssize_t i = rg[4]; i < rg[5] && ascii; i++)
                    ascii = RD(&u, i) < 128;
                Py_ssize_t cend = 0;
                PyObject *name = ascii ? company_name_ascii(&u, rg[2], rg[3], rg[4], rg[5], &cend)
                                       : company_name_py(text, rg[2], rg[3], rg[4], rg[5], &cend);
                if (!name)
                    return -1;
                if (name != Py_None) {
                    PyObject *sp = make_span(rg[0], cend, slice_obj(text, rg[0], cend));
                    if (append_tuple(found, 2, sp, name, NULL) < 0)
                        return -1;
                }
            } else {
                Py_DECREF(m);
            }
        }
    next_pos:
        if (pos + 1 > nu.n)
            break;
        pos = PyUnicode_Find(ntext, word, pos + 1, nu.n, 1);
    }
    return pos == -2 ? -1 : 0;
}

/* The _COMPANY_SUFFIX loop of entities.companies, appending to `found`.
 *
 * Every match of _COMPANY_SUFFIX ends with one of the words below (the last word of each
 * suffix alternative), and starts at most 4 words before the suffix: group 1 is 1-4 runs of
 * word characters each followed by spaces/tabs, and the suffix itself holds at most one more
 * space or tab ("Sdn. Bhd"). So a match that uses the suffix word at K starts at or after
 * lower_bound(K): 6 runs of non-blanks and 5 runs of blanks back from K. A match starts at
 * the start of a run of letters/digits (the lookbehind); _COMPANY_SUFFIX.match is tried at
 * those starts only, in text order, from where the previous match ended: the same matches,
 * in the same order, as finditer, without running the pattern at every position. */
static const char *const SUFFIX_LAST[] = {"bhd", "ltd", "limited", "inc", "llc", "company"};

static inline int blank(Py_UCS4 c) { return c == ' ' || c == '\t'; }

/* max(floor, the lower bound above); stopping at `floor` keeps the whole scan linear */
static Py_ssize_t suffix_lower_bound(const UText *u, Py_ssize_t k, Py_ssize_t floor)
{
    for (int i = 0; i < 6; i++) {
        while (k > floor && !blank(RD(u, k - 1)))
            k--;
        while (k > floor && blank(RD(u, k - 1)))
            k--;
    }
    return k;
}

/* Could one of SUFFIX_LAST match (case-insensitively) at p? */
static inline int suffix_word_at(const UText *u, Py_ssize_t p)
{
    Py_UCS4 c = RD(u, p);
    if (c < 128) {
        c = ascii_lower(c);
        if (c != 'b' && c != 'l' && c != 'i' && c != 'c')
            return 0;
    } else if (!foldable(c))
        return 0;
    for (size_t w = 0; w < sizeof(SUFFIX_LAST) / sizeof(SUFFIX_LAST[0]); w++)
        if (lit_ci(u, p, SUFFIX_LAST[w], u->n)) /* 1 or -1 (maybe) */
            return 1;
    return 0;
}

/* One match: the words of group 1 after the last stop word, then group 2. */
static int suffix_match(PyObject *text, const UText *u, PyObject *m, PyObject *found,
                        Py_ssize_t *mend)
{
    Py_ssize_t rg[6];
    if (regs_of(m, rg, 3) < 0)
        return -1;
    *mend = rg[1];
    /* group 1 holds only [\w&'\-] and [ \t], so _WORD (\S+) gives its runs of non-blanks;
     * walk them from the last one back to a stop word */
    Py_ssize_t start = -1, q = rg[3];
    int nwords = 0;
    while (q > rg[2]) {
        while (q > rg[2] && blank(RD(u, q - 1)))
            q--;
        if (q <= rg[2])
            break;
        Py_ssize_t we = q;
        int ascii = 1;
        while (q > rg[2] && !blank(RD(u, q - 1))) {
            ascii &= RD(u, q - 1) < 128;
            q--;
        }
        /* word.lower().strip(".,") in _COMPANY_STOP */
        int stop;
        if (ascii) {
            char bare[80];
            stop = 0;
            if (we - q < (Py_ssize_t)sizeof(bare)) {
                for (Py_ssize_t k = q; k < we; k++)
                    bare[k - q] = (char)ascii_lower(RD(u, k));
                stop = is_stop(bare, we - q);
            }
        } else {
            PyObject *w = substr(text, q, we);
            PyObject *low = w ? call_method0(w, s_lower) : NULL;
            Py_XDECREF(w);
            PyObject *bare = low ? call_method1(low, s_strip, s_dot_comma) : NULL;
            Py_XDECREF(low);
            if (!bare)
                return -1;
            stop = PySet_Contains(stop_set, bare);
            Py_DECREF(bare);
            if (stop < 0)
                return -1;
        }
        if (stop)
            break;
        start = q;
        nwords++;
    }
    if (start < 0)
        return 0;
    /* name = " ".join(kept words) + " " + group 2 */
    PyObject *parts = PyList_New(0);
    if (!parts)
        return -1;
    q = start;
    for (int i = 0; i < nwords; i++) {
        while (blank(RD(u, q)))
            q++;
        Py_ssize_t ws = q;
        while (q < rg[3] && !blank(RD(u, q)))
            q++;
        PyObject *w = substr(text, ws, q);
        if (!w || PyList_Append(parts, w) < 0) {
            Py_XDECREF(w);
            Py_DECREF(parts);
            return -1;
        }
        Py_DECREF(w);
    }
    PyObject *g2 = substr(text, rg[4], rg[5]);
    if (!g2 || PyList_Append(parts, g2) < 0) {
        Py_XDECREF(g2);
        Py_DECREF(parts);
        return -1;
    }
    Py_DECREF(g2);
    PyObject *name = PyUnicode_Join(s_space, parts);
    Py_DECREF(parts);
    if (!name)
        return -1;
    PyObject *sp = make_span(start, rg[1], substr(text, start, rg[1]));
    return append_tuple(found, 2, sp, name, NULL);
}

static int company_suffixes(PyObject *text, PyObject *found)
{
    UText u;
    utext(&u, text);
    Py_ssize_t from = 0; /* where finditer goes on: the end of the last match */
    for (Py_ssize_t k = 1; k < u.n; k++) {
        /* a match holds a word before its suffix word, so the suffix word is not at 0 */
        if (!suffix_word_at(&u, k))
            continue;
        Py_ssize_t lo = suffix_lower_bound(&u, k, from);
        for (Py_ssize_t p = lo; p < k; p++) {
            if (!is_alnum(RD(&u, p)) || (p > 0 && is_alnum(RD(&u, p - 1))))
                continue;
            PyObject *m = re_call(re_suffix, s_match, text, p, -1);
            if (!m)
                return -1;
            if (m == Py_None) {
                Py_DECREF(m);
                continue;
            }
            Py_ssize_t mend = p;
            int r = suffix_match(text, &u, m, found, &mend);
            Py_DECREF(m);
            if (r < 0)
                return -1;
            from = mend;
            break;
        }
        /* every start before k has been tried (or follows the last match) */
        if (from < k)
            from = k;
        /* suffix words inside the match just found are done with */
        if (k < from)
            k = from - 1;
    }
    return 0;
}

static PyObject *m_companies(PyObject *self, PyObject *norm)
{
    if (stale || !is_norm(norm))
        return call_py1(py_companies, norm);
    PyObject *words = SLOT(norm, off_n_words);
    int r;
    PyObject *present[16];
    int np = 0;
    for (int i = 0; i < n_prefix_words; i++) {
        r = PySet_Contains(words, prefix_word_objs[i]);
        if (r < 0)
            return NULL;
        if (r)
            present[np++] = prefix_word_objs[i];
    }
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    if (np == 1) {
        if (company_word(norm, present[0], found) < 0)
            goto fail;
    } else if (np > 1) {
        /* the order of _PREFIX_WORDS.intersection(words) decides the order of the results */
        PyObject *inter = PyObject_CallMethod(prefix_words_set, "intersection", "O", words);
        if (!inter)
            goto fail;
        PyObject *it = PyObject_GetIter(inter), *w;
        Py_DECREF(inter);
        if (!it)
            goto fail;
        while ((w = PyIter_Next(it))) {
            int rr = company_word(norm, w, found);
            Py_DECREF(w);
            if (rr < 0) {
                Py_DECREF(it);
                goto fail;
            }
        }
        Py_DECREF(it);
        if (PyErr_Occurred())
            goto fail;
        /* entities._in_text_order(found): the set's order varies from process to process */
        PyObject *none = PyObject_CallOneArg(py_in_text_order, found);
        if (!none)
            goto fail;
        Py_DECREF(none);
    }
    /* the suffix loop runs when a suffix word is in norm.words */
    r = any_in(words, suffix_word_objs, n_suffix_words);
    if (r < 0 || (r && company_suffixes(SLOT(norm, off_n_original), found) < 0))
        goto fail;
    if (trim_list(found) < 0)
        goto fail;
    return found;
fail:
    Py_DECREF(found);
    return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* init                                                                                        */

static int member_offset(PyTypeObject *t, const char *name, Py_ssize_t *off)
{
    PyObject *d = PyDict_GetItemString(t->tp_dict, name);
    if (!d || !Py_IS_TYPE(d, &PyMemberDescr_Type)) {
        PyErr_Format(PyExc_ImportError, "_caccounts: %s.%s is not a slot", t->tp_name, name);
        return -1;
    }
    PyMemberDef *md = ((PyMemberDescrObject *)d)->d_member;
    if (md->type != T_OBJECT_EX) {
        PyErr_Format(PyExc_ImportError, "_caccounts: %s.%s: unexpected slot", t->tp_name, name);
        return -1;
    }
    *off = md->offset;
    return 0;
}

static PyObject *get(PyObject *mod, const char *name)
{
    return PyObject_GetAttrString(mod, name);
}

static int check_pattern(PyObject *pat, const char *expected)
{
    PyObject *s = PyObject_GetAttrString(pat, "pattern");
    if (!s)
        return -1;
    int same = PyUnicode_Check(s) && PyUnicode_CompareWithASCIIString(s, expected) == 0;
    Py_DECREF(s);
    if (!same)
        stale = 1;
    return 0;
}

/* the str elements of a frozenset into objs (sorted order does not matter: membership only) */
static int set_items(PyObject *set, PyObject **objs, int *n, int max)
{
    PyObject *it = PyObject_GetIter(set), *w;
    if (!it)
        return -1;
    *n = 0;
    while ((w = PyIter_Next(it))) {
        if (*n >= max) {
            Py_DECREF(w);
            stale = 1;
            continue;
        }
        objs[(*n)++] = w;
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

static int load(void)
{
    for (int c = 0; c < 256; c++)
        ascii_alnum[c] = Py_UNICODE_ISALNUM((Py_UCS4)c) ? 1 : 0;
#define INTERN(var, str)                                                                       \
    if (!(var = PyUnicode_InternFromString(str)))                                              \
        return -1;
    INTERN(s_match, "match");
    INTERN(s_search, "search");
    INTERN(s_finditer, "finditer");
    INTERN(s_regs, "regs");
    INTERN(s_group, "group");
    INTERN(s_lower, "lower");
    INTERN(s_upper, "upper");
    INTERN(s_split, "split");
    INTERN(s_islower, "islower");
    INTERN(s_rstrip, "rstrip");
    INTERN(s_replace, "replace");
    INTERN(s_text_is_lower, "text_is_lower");
    INTERN(s_unknown, "unknown");
    INTERN(s_dot, ".");
    INTERN(s_empty, "");
    INTERN(s_space, " ");
    INTERN(s_rstrip_link, ".,)");
    INTERN(s_dot_only, ".");
    INTERN(s_span_m, "span");
    INTERN(s_end_m, "end");
    INTERN(s_places, "places");
    INTERN(s_isdisjoint, "isdisjoint");
    INTERN(s_strip, "strip");
    INTERN(s_dot_comma, ".,");
    INTERN(s_place_words, "place_words");

    ent_mod = PyImport_ImportModule("sigap.screening.entities");
    if (!ent_mod)
        return -1;
    PyObject *model = PyImport_ImportModule("sigap.screening.model");
    PyObject *normalize = PyImport_ImportModule("sigap.screening.normalize");
    if (!model || !normalize) {
        Py_XDECREF(model);
        Py_XDECREF(normalize);
        return -1;
    }
    PyObject *rules = PyImport_ImportModule("sigap.screening.rules");
    if (!rules) {
        Py_DECREF(model);
        Py_DECREF(normalize);
        return -1;
    }
    ruleset_type = (PyTypeObject *)get(rules, "Ruleset");
    Py_DECREF(rules);
    if (!ruleset_type) {
        Py_DECREF(model);
        Py_DECREF(normalize);
        return -1;
    }
    if (!PyType_Check(ruleset_type) || ruleset_type->tp_dictoffset ||
        member_offset(ruleset_type, "places", &off_r_places) < 0 ||
        member_offset(ruleset_type, "place_words", &off_r_place_words) < 0) {
        PyErr_Clear(); /* attributes read the generic way */
        Py_CLEAR(ruleset_type);
    }
    span_type = (PyTypeObject *)get(model, "Span");
    norm_type = (PyTypeObject *)get(normalize, "Normalized");
    map_type = (PyTypeObject *)get(normalize, "_Map");
    Py_DECREF(model);
    Py_DECREF(normalize);
    if (!span_type || !norm_type || !map_type)
        return -1;
    if (!PyType_Check(span_type) || !PyType_Check(norm_type) || !PyType_Check(map_type)) {
        PyErr_SetString(PyExc_ImportError, "_caccounts: unexpected model types");
        return -1;
    }
    if (member_offset(span_type, "start", &off_span_start) < 0 ||
        member_offset(span_type, "end", &off_span_end) < 0 ||
        member_offset(span_type, "text", &off_span_text) < 0 ||
        member_offset(norm_type, "original", &off_n_original) < 0 ||
        member_offset(norm_type, "text", &off_n_text) < 0 ||
        member_offset(norm_type, "words", &off_n_words) < 0 ||
        member_offset(norm_type, "fold_map", &off_n_fold) < 0 ||
        member_offset(norm_type, "rewrite_map", &off_n_rewrite) < 0 ||
        member_offset(norm_type, "_spans", &off_n_spans) < 0 ||
        member_offset(map_type, "out_starts", &off_m_outs) < 0 ||
        member_offset(map_type, "in_starts", &off_m_ins) < 0 ||
        member_offset(map_type, "in_ends", &off_m_ends) < 0 ||
        member_offset(map_type, "copied", &off_m_copied) < 0)
        return -1;
    if (span_type->tp_basicsize < (Py_ssize_t)sizeof(PyObject) || span_type->tp_dictoffset) {
        PyErr_SetString(PyExc_ImportError, "_caccounts: Span is not a plain slots class");
        return -1;
    }

#define GET(var, name)                                                                         \
    if (!(var = get(ent_mod, name)))                                                           \
        return -1;
    GET(py_destinations, "destinations");
    GET(py_accounts, "accounts");
    GET(py_ages, "ages");
    GET(py_licences, "licences");
    GET(py_companies, "companies");
    GET(py_cut_name, "_cut_name");
    GET(py_end_of_words, "_end_of_words");
    GET(re_link, "_LINK");
    GET(re_handle_platform, "_HANDLE_PLATFORM");
    GET(re_age, "_AGE");
    GET(re_age_en, "_AGE_EN");
    GET(re_licence, "_LICENCE");
    GET(re_prefix, "_COMPANY_PREFIX");
    GET(re_suffix, "_COMPANY_SUFFIX");
    GET(stop_set, "_COMPANY_STOP");
    GET(link_platform, "_LINK_PLATFORM");
    GET(platform_names, "_PLATFORM_NAMES");
    GET(py_ascii_key, "_ascii_key");
    GET(py_in_text_order, "_in_text_order");
    GET(link_words_set, "_LINK_WORDS");
    GET(prefix_words_set, "_PREFIX_WORDS");
    GET(suffix_words_set, "_SUFFIX_WORDS");
    PyObject *handle, *email_domain, *email_local, *stop, *maxe, *word_re;
    GET(word_re, "_WORD");
    GET(handle, "_HANDLE");
    GET(email_domain, "_EMAIL_DOMAIN");
    GET(email_local, "_EMAIL_LOCAL");
    GET(stop, "_COMPANY_STOP");
    GET(maxe, "MAX_ENTITIES");
    max_ent = PyLong_AsSsize_t(maxe);
    Py_DECREF(maxe);
    if (max_ent == -1 && PyErr_Occurred())
        return -1;
    if (max_ent != 50)
        stale = 1; /* the hit buffers are sized for it */
    if (check_pattern(re_link, P_LINK) < 0 || check_pattern(handle, P_HANDLE) < 0 ||
        check_pattern(re_handle_platform, P_HANDLE_PLATFORM) < 0 ||
        check_pattern(email_domain, P_EMAIL_DOMAIN) < 0 ||
        check_pattern(email_local, P_EMAIL_LOCAL) < 0 || check_pattern(re_age, P_AGE) < 0 ||
        check_pattern(re_age_en, P_AGE_EN) < 0 || check_pattern(re_licence, P_LICENCE) < 0 ||
        check_pattern(re_prefix, P_COMPANY_PREFIX) < 0 ||
        check_pattern(re_suffix, P_COMPANY_SUFFIX) < 0 || check_pattern(word_re, P_WORD) < 0)
        return -1;
    Py_DECREF(word_re);
    Py_DECREF(handle);
    Py_DECREF(email_domain);
    Py_DECREF(email_local);
    if (set_items(link_words_set, link_word_objs, &n_link_words, 16) < 0 ||
        set_items(prefix_words_set, prefix_word_objs, &n_prefix_words, 16) < 0 ||
        set_items(suffix_words_set, suffix_word_objs, &n_suffix_words, 16) < 0)
        return -1;
    /* platforms of the hand-coded alternatives, from the Python tables */
    for (int d = 0; d < N_DOMAINS; d++) {
        if (!(domain_objs[d] = PyUnicode_InternFromString(LINK_DOMAINS[d])))
            return -1;
        domain_platform[d] = PyDict_GetItemWithError(link_platform, domain_objs[d]);
        if (!domain_platform[d]) {
            if (PyErr_Occurred())
                return -1;
            stale = 1;
            domain_platform[d] = Py_None;
        }
        Py_INCREF(domain_platform[d]);
    }
    for (int a = 0; a < N_ALTS; a++) {
        PyObject *k = PyUnicode_FromString(HANDLE_ALTS[a]);
        if (!k)
            return -1;
        alt_platform[a] = PyDict_GetItemWithError(platform_names, k);
        Py_DECREF(k);
        if (!alt_platform[a]) {
            if (PyErr_Occurred())
                return -1;
            stale = 1;
            alt_platform[a] = Py_None;
        }
        Py_INCREF(alt_platform[a]);
    }
    /* stop words */
    Py_ssize_t ns = PyObject_Length(stop);
    if (ns < 0)
        return -1;
    stop_words = PyMem_Calloc(ns ? ns : 1, sizeof(char *));
    stop_lens = PyMem_Calloc(ns ? ns : 1, sizeof(Py_ssize_t));
    if (!stop_words || !stop_lens)
        return -1;
    PyObject *it = PyObject_GetIter(stop), *w;
    Py_DECREF(stop);
    if (!it)
        return -1;
    while ((w = PyIter_Next(it))) {
        Py_ssize_t len;
        const char *s = PyUnicode_Check(w) ? PyUnicode_AsUTF8AndSize(w, &len) : NULL;
        if (!s || !PyUnicode_IS_ASCII(w)) {
            PyErr_Clear();
            stale = 1;
        } else if (n_stop < ns) {
            stop_words[n_stop] = PyMem_Malloc(len + 1);
            if (!stop_words[n_stop]) {
                Py_DECREF(w);
                Py_DECREF(it);
                return -1;
            }
            memcpy(stop_words[n_stop], s, len + 1);
            stop_lens[n_stop++] = len;
        }
        Py_DECREF(w);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return -1;
    return 0;
}

static PyObject *m_is_native(PyObject *self, PyObject *unused)
{
    return PyBool_FromLong(!stale);
}

static PyMethodDef methods[] = {
    {"destinations", (PyCFunction)(void (*)(void))m_destinations, METH_FASTCALL,
     "destinations(norm, ruleset) -> list[(Span, code, name)]  (entities.destinations)"},
    {"accounts", (PyCFunction)(void (*)(void))m_accounts, METH_FASTCALL,
     "accounts(text, words) -> (accounts, emails)  (entities.accounts)"},
    {"ages", (PyCFunction)m_ages, METH_O, "ages(norm) -> list[(Span, low, high)]  (entities.ages)"},
    {"licences", (PyCFunction)m_licences, METH_O,
     "licences(norm) -> list[(Span, str)]  (entities.licences)"},
    {"companies", (PyCFunction)m_companies, METH_O,
     "companies(norm) -> list[(Span, name)]  (entities.companies)"},
    {"is_native", m_is_native, METH_NOARGS,
     "False when entities.py changed in a way this module does not mirror (all calls go to "
     "the Python functions then)."},
    {NULL}};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "_caccounts",
                                    "C accelerators for sigap.screening.entities", -1, methods};

PyMODINIT_FUNC PyInit__caccounts(void)
{
    if (PyType_Ready(&PlacesType) < 0)
        return NULL;
    if (load() < 0)
        return NULL;
    PyObject *m = PyModule_Create(&moddef);
    if (!m)
        return NULL;
    Py_INCREF(&PlacesType);
    if (PyModule_AddObject(m, "Places", (PyObject *)&PlacesType) < 0) {
        Py_DECREF(&PlacesType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
