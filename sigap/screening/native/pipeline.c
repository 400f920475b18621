/* _cpipeline: the rules half of Screener.screen() for one post, in C.
 *
 * Mirrors, in sigap/screening/engine.py, Screener._rules(text) (no url, no country),
 * Screener._entities, Screener._reasons (with _derived_kinds) and Screener._decide (with
 * rules.decide_level). It calls the same step functions the Screener chose (the C
 * accelerators, see accel.Steps) and the same Python methods for what stays in Python:
 * Screener._companies (the registry), Screener._derived_fired (flags computed from entities),
 * Normalized.span and entities.visa_type. What it saves is the Python glue between them: on a
 * slow core that glue was as long as all the steps together.
 *
 * Pipeline(config) takes a dict built by Screener._pipeline_config(); calling the pipeline
 * with a post's text returns the engine's _Partial for it, equal to Screener._rules(text).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>

#define N_STEPS 9
enum { S_NORMALIZE, S_MATCH, S_PHONES, S_ACCOUNTS, S_MONEY, S_DESTINATIONS, S_AGES, S_LICENCES,
       S_COMPANIES };
static const char *const STEP_NAMES[N_STEPS] = {"normalize", "match",        "phones",
                                                "accounts",  "money",        "destinations",
                                                "ages",      "licences",     "companies"};

/* What a flag counts for in _decide. */
enum { C_STRONG, C_MEDIUM, C_WEAK, C_PROT_STRONG, C_PROT_MEDIUM, C_PROT_OTHER, C_OTHER };

typedef struct {
    int category;
    long long weight;
    int hard;
} FlagInfo;

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    PyObject *steps[N_STEPS];
    PyObject *rates, *norm_span, *visa_type, *companies_post, *derived_fired, *python_rules;
    PyObject *shown, *status_of, *minimum_age, *salary_floor, *derived_matched, *levels;
    PyObject *new_entities, *new_partial, *new_reason;
    PyObject *c_kinds, *name_of, *salary_hype, *salary_unrealistic; /* derived flags done here */
    PyObject *screener, *python_result, *new_result, *version;       /* for result() */
    Py_ssize_t max_chars;
    Py_ssize_t n_flags;
    FlagInfo *info;
} Pipeline;

/* Interned strings. */
static PyObject *s_start, *s_end, *s_span;
static PyObject *s_text, *s_original, *s_words, *s_amount_max, *s_empty, *s_ID, *s_plus62;
static PyObject *s_banned, *s_risky, *s_kepmenaker, *s_peran_prt, *s_visa_non_kerja,
    *s_visa_kerja, *s_berangkat_cepat, *s_desakan, *s_izin, *s_sip3mi, *s_konteks, *s_ajakan,
    *s_protective, *s_warning, *s_syarat, *s_peran_samar, *s_fmt, *s_comma, *s_dot, *s_rp,
    *s_bulan, *s_join, *s_sample_note, *s_sample_flag, *s_sample_registry;
static PyObject *k_dest_banned, *k_dest_risky, *k_domestic, *k_age, *k_salary, *k_phone,
    *k_registry;

static PyObject *
call1(PyObject *f, PyObject *a)
{
    return PyObject_Vectorcall(f, &a, 1, NULL);
}

static PyObject *
call2(PyObject *f, PyObject *a, PyObject *b)
{
    PyObject *args[2] = {a, b};
    return PyObject_Vectorcall(f, args, 2, NULL);
}

/* tuple(seq) for the list or tuple a step returned. */
static PyObject *
as_tuple(PyObject *seq)
{
    if (PyTuple_CheckExact(seq)) {
        Py_INCREF(seq);
        return seq;
    }
    return PySequence_Tuple(seq);
}

/* The (Span, detail) pairs of visas or the Spans of urgency, from two flags' hits. */
static PyObject *
spans_of(Pipeline *p, PyObject *norm, PyObject *ntext, PyObject *hits, PyObject *fid1,
         PyObject *fid2, int with_visa)
{
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    PyObject *fids[2] = {fid1, fid2};
    for (int f = 0; f < 2; f++) {
        PyObject *spans = PyDict_GetItemWithError(hits, fids[f]);
        if (spans == NULL) {
            if (PyErr_Occurred())
                goto fail;
            continue;
        }
        PyObject *seq = PySequence_Fast(spans, "hits must hold sequences");
        if (seq == NULL)
            goto fail;
        for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++) {
            PyObject *pair = PySequence_Fast_GET_ITEM(seq, i);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
                PyErr_SetString(PyExc_TypeError, "a hit is a (start, end) tuple");
                Py_DECREF(seq);
                goto fail;
            }
            PyObject *args[3] = {norm, PyTuple_GET_ITEM(pair, 0), PyTuple_GET_ITEM(pair, 1)};
            PyObject *span = PyObject_Vectorcall(p->norm_span, args, 3, NULL);
            if (span == NULL) {
                Py_DECREF(seq);
                goto fail;
            }
            PyObject *item = span;
            if (with_visa) {
                Py_ssize_t s = PyLong_AsSsize_t(args[1]), e = PyLong_AsSsize_t(args[2]);
                PyObject *piece = (s == -1 || e == -1) && PyErr_Occurred()
                                      ? NULL
                                      : PySequence_GetSlice(ntext, s, e);
                PyObject *kind = piece ? call1(p->visa_type, piece) : NULL;
                Py_XDECREF(piece);
                item = kind ? PyTuple_Pack(2, span, kind) : NULL;
                Py_XDECREF(kind);
                Py_DECREF(span);
            }
            if (item == NULL || PyList_Append(out, item) < 0) {
                Py_XDECREF(item);
                Py_DECREF(seq);
                goto fail;
            }
            Py_DECREF(item);
        }
        Py_DECREF(seq);
    }
    PyObject *t = PyList_AsTuple(out);
    Py_DECREF(out);
    return t;
fail:
    Py_DECREF(out);
    return NULL;
}

/* Screener._entities(norm, hits, None, None). On success fields[] holds the Entities' eleven
 * fields in their order, borrowed from the returned object. */
static PyObject *
entities(Pipeline *p, PyObject *norm, PyObject *hits, PyObject **fields)
{
    PyObject *text = NULL, *words = NULL, *ntext = NULL, *acc = NULL, *money = NULL;
    PyObject *dests = NULL, *visas = NULL, *urgency = NULL, *found = NULL, *phones = NULL;
    PyObject *companies = NULL, *ages = NULL, *licences = NULL, *result = NULL;
    PyObject *v[11] = {NULL};

    text = PyObject_GetAttr(norm, s_original);
    words = text ? PyObject_GetAttr(norm, s_words) : NULL;
    if (words == NULL)
        goto done;
    acc = call2(p->steps[S_ACCOUNTS], text, words);
    if (acc == NULL)
        goto done;
    if (!PyTuple_Check(acc) || PyTuple_GET_SIZE(acc) != 2) {
        PyErr_SetString(PyExc_TypeError, "accounts() returns (accounts, emails)");
        goto done;
    }
    money = call2(p->steps[S_MONEY], norm, p->rates);
    if (money == NULL)
        goto done;
    if (!PyTuple_Check(money) || PyTuple_GET_SIZE(money) != 2) {
        PyErr_SetString(PyExc_TypeError, "money() returns (salaries, fees)");
        goto done;
    }
    dests = call1(p->steps[S_DESTINATIONS], norm);
    if (dests == NULL)
        goto done;
    int a = PyDict_Contains(hits, s_visa_non_kerja);
    int b = a < 0 ? -1 : PyDict_Contains(hits, s_visa_kerja);
    if (b < 0)
        goto done;
    if (a || b) {
        ntext = PyObject_GetAttr(norm, s_text);
        visas = ntext ? spans_of(p, norm, ntext, hits, s_visa_non_kerja, s_visa_kerja, 1) : NULL;
        if (visas == NULL)
            goto done;
    }
    a = PyDict_Contains(hits, s_berangkat_cepat);
    b = a < 0 ? -1 : PyDict_Contains(hits, s_desakan);
    if (b < 0)
        goto done;
    if (a || b) {
        urgency = spans_of(p, norm, NULL, hits, s_berangkat_cepat, s_desakan, 0);
        if (urgency == NULL)
            goto done;
    }
    found = call1(p->steps[S_COMPANIES], norm);
    if (found == NULL)
        goto done;
    phones = call1(p->steps[S_PHONES], text);
    if (phones == NULL)
        goto done;
    int any_company = PyObject_IsTrue(found);
    if (any_company < 0)
        goto done;
    if (any_company) {
        PyObject *post = call1(p->companies_post, found);
        if (post == NULL)
            goto done;
        companies = as_tuple(post);
        Py_DECREF(post);
        if (companies == NULL)
            goto done;
    }
    ages = call1(p->steps[S_AGES], norm);
    if (ages == NULL)
        goto done;
    int lic = PySet_Contains(words, s_izin);
    if (lic == 0)
        lic = PySet_Contains(words, s_sip3mi);
    if (lic < 0)
        goto done;
    if (lic) {
        PyObject *l = call1(p->steps[S_LICENCES], norm);
        if (l == NULL)
            goto done;
        licences = as_tuple(l);
        Py_DECREF(l);
        if (licences == NULL)
            goto done;
    }
    PyObject *empty = PyTuple_New(0);
    if (empty == NULL)
        goto done;
    v[0] = as_tuple(phones);
    v[1] = v[0] ? as_tuple(PyTuple_GET_ITEM(acc, 0)) : NULL;
    v[2] = v[1] ? as_tuple(PyTuple_GET_ITEM(acc, 1)) : NULL;
    v[3] = companies ? companies : empty;
    Py_INCREF(v[3]);
    v[4] = v[2] ? as_tuple(dests) : NULL;
    v[5] = v[4] ? as_tuple(PyTuple_GET_ITEM(money, 0)) : NULL;
    v[6] = v[5] ? as_tuple(PyTuple_GET_ITEM(money, 1)) : NULL;
    v[7] = v[6] ? as_tuple(ages) : NULL;
    v[8] = visas ? visas : empty;
    Py_INCREF(v[8]);
    v[9] = urgency ? urgency : empty;
    Py_INCREF(v[9]);
    v[10] = licences ? licences : empty;
    Py_INCREF(v[10]);
    Py_DECREF(empty);
    if (v[7] != NULL)
        result = PyObject_Vectorcall(p->new_entities, v, 11, NULL);
    for (int i = 0; i < 11; i++) {
        fields[i] = v[i]; /* the Entities object holds its own reference */
        Py_XDECREF(v[i]);
    }
done:
    Py_XDECREF(text);
    Py_XDECREF(words);
    Py_XDECREF(ntext);
    Py_XDECREF(acc);
    Py_XDECREF(money);
    Py_XDECREF(dests);
    Py_XDECREF(visas);
    Py_XDECREF(urgency);
    Py_XDECREF(found);
    Py_XDECREF(phones);
    Py_XDECREF(companies);
    Py_XDECREF(ages);
    Py_XDECREF(licences);
    return result;
}

/* Screener._derived_kinds(hits, entities, banned, risky, kepmenaker); ents holds the Entities
 * fields phones (0), companies (3), salaries (5), ages (7), licences (10). */
static PyObject *
derived_kinds(Pipeline *p, PyObject *hits, PyObject *const *ents, int banned, int risky,
              int kepmenaker)
{
    PyObject *kinds = PyList_New(0);
    if (kinds == NULL)
        return NULL;
#define ADD(k)                                                                                 \
    do {                                                                                       \
        if (PyList_Append(kinds, (k)) < 0)                                                     \
            goto fail;                                                                         \
    } while (0)
    if (banned)
        ADD(k_dest_banned);
    else if (risky)
        ADD(k_dest_risky);
    if (kepmenaker) {
        int r = PyDict_Contains(hits, s_peran_prt);
        if (r < 0)
            goto fail;
        if (r)
            ADD(k_domestic);
    }
    PyObject *ages = ents[7];
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(ages); i++) {
        PyObject *age = PyTuple_GET_ITEM(ages, i);
        if (!PyTuple_Check(age) || PyTuple_GET_SIZE(age) != 3) {
            PyErr_SetString(PyExc_TypeError, "an age is (span, low, high)");
            goto fail;
        }
        int r = PyObject_RichCompareBool(PyTuple_GET_ITEM(age, 1), p->minimum_age, Py_LT);
        if (r < 0)
            goto fail;
        if (r) {
            ADD(k_age);
            break;
        }
    }
    PyObject *salaries = ents[5];
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(salaries); i++) {
        PyObject *amount = PyObject_GetAttr(PyTuple_GET_ITEM(salaries, i), s_amount_max);
        if (amount == NULL)
            goto fail;
        int r = PyObject_RichCompareBool(amount, p->salary_floor, Py_GE);
        Py_DECREF(amount);
        if (r < 0)
            goto fail;
        if (r) {
            ADD(k_salary);
            break;
        }
    }
    PyObject *phones = ents[0];
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(phones); i++) {
        PyObject *phone = PyTuple_GET_ITEM(phones, i);
        if (!PyTuple_Check(phone) || PyTuple_GET_SIZE(phone) != 2 ||
            !PyUnicode_Check(PyTuple_GET_ITEM(phone, 1))) {
            PyErr_SetString(PyExc_TypeError, "a phone is (span, e164)");
            goto fail;
        }
        Py_ssize_t r = PyUnicode_Tailmatch(PyTuple_GET_ITEM(phone, 1), s_plus62, 0,
                                           PY_SSIZE_T_MAX, -1);
        if (r < 0)
            goto fail;
        if (!r) {
            ADD(k_phone);
            break;
        }
    }
    if (PyTuple_GET_SIZE(ents[3]) || PyTuple_GET_SIZE(ents[10]))
        ADD(k_registry);
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(p->derived_matched); i++) {
        PyObject *pair = PyTuple_GET_ITEM(p->derived_matched, i);
        int r = PyDict_Contains(hits, PyTuple_GET_ITEM(pair, 0));
        if (r < 0)
            goto fail;
        if (!r)
            continue;
        r = PySequence_Contains(kinds, PyTuple_GET_ITEM(pair, 1));
        if (r < 0)
            goto fail;
        if (!r)
            ADD(PyTuple_GET_ITEM(pair, 1));
    }
#undef ADD
    return kinds;
fail:
    Py_DECREF(kinds);
    return NULL;
}

/* Screener._derived() for the destination kinds: *extra gets the spans (NULL: not fired). */
static int
derived_destination(Pipeline *p, PyObject *dests, int risky_kind, int banned, PyObject **extra,
                    PyObject **detail)
{
    *extra = *detail = NULL;
    if (risky_kind && banned)
        return 0;
    PyObject *want = risky_kind ? s_risky : s_banned;
    PyObject *spans = PyList_New(0), *names = PySet_New(NULL);
    if (spans == NULL || names == NULL)
        goto fail;
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(dests); i++) {
        PyObject *d = PyTuple_GET_ITEM(dests, i);
        PyObject *code = PyTuple_GET_ITEM(d, 1);
        PyObject *status = PyObject_GetItem(p->status_of, code);
        if (status == NULL)
            goto fail;
        int same = PyUnicode_Compare(status, want) == 0;
        Py_DECREF(status);
        if (PyErr_Occurred())
            goto fail;
        if (!same)
            continue;
        n++;
        PyObject *name = PyObject_GetItem(p->name_of, code);
        if (name == NULL || PySet_Add(names, name) < 0) {
            Py_XDECREF(name);
            goto fail;
        }
        Py_DECREF(name);
        /* the span when s.end > s.start */
        PyObject *span = PyTuple_GET_ITEM(d, 0);
        PyObject *start = PyObject_GetAttr(span, s_start);
        PyObject *end = start ? PyObject_GetAttr(span, s_end) : NULL;
        int longer = end ? PyObject_RichCompareBool(end, start, Py_GT) : -1;
        Py_XDECREF(start);
        Py_XDECREF(end);
        if (longer < 0 || (longer && PyList_Append(spans, span) < 0))
            goto fail;
    }
    if (n == 0) {
        Py_DECREF(spans);
        Py_DECREF(names);
        return 0;
    }
    PyObject *sorted = PySequence_List(names);
    Py_CLEAR(names);
    if (sorted == NULL || PyList_Sort(sorted) < 0) {
        Py_XDECREF(sorted);
        goto fail;
    }
    *detail = PyUnicode_Join(s_join, sorted);
    Py_DECREF(sorted);
    if (*detail == NULL)
        goto fail;
    *extra = spans;
    return 0;
fail:
    Py_XDECREF(spans);
    Py_XDECREF(names);
    return -1;
}

/* Screener._salary_flag() */
static int
derived_salary(Pipeline *p, PyObject *hits, PyObject *salaries, int banned, int risky,
               PyObject **extra, PyObject **detail)
{
    *extra = *detail = NULL;
    if (PyTuple_GET_SIZE(salaries) == 0)
        return 0;
    PyObject *best = NULL, *amount = NULL; /* max(..., key=amount_idr_month_max): first max */
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(salaries); i++) {
        PyObject *salary = PyTuple_GET_ITEM(salaries, i);
        PyObject *a = PyObject_GetAttr(salary, s_amount_max);
        if (a == NULL)
            goto fail;
        int more = amount == NULL ? 1 : PyObject_RichCompareBool(a, amount, Py_GT);
        if (more < 0) {
            Py_DECREF(a);
            goto fail;
        }
        if (more) {
            Py_XSETREF(amount, a);
            best = salary;
        }
        else
            Py_DECREF(a);
    }
    int syarat = PyDict_Contains(hits, s_syarat);
    int lure = syarat;
    if (lure == 0)
        lure = PyDict_Contains(hits, s_peran_samar);
    if (lure < 0)
        goto fail;
    lure = lure || banned || risky;
    int fire = 0;
    if (syarat) {
        fire = PyObject_RichCompareBool(amount, p->salary_hype, Py_GE);
        if (fire < 0)
            goto fail;
    }
    if (!fire && lure) {
        fire = PyObject_RichCompareBool(amount, p->salary_unrealistic, Py_GE);
        if (fire < 0)
            goto fail;
    }
    if (fire) {
        /* f"Rp {amount:,.0f}/bulan".replace(",", ".") */
        PyObject *num = PyObject_Format(amount, s_fmt);
        PyObject *dotted = num ? PyUnicode_Replace(num, s_comma, s_dot, -1) : NULL;
        Py_XDECREF(num);
        PyObject *head = dotted ? PyUnicode_Concat(s_rp, dotted) : NULL;
        Py_XDECREF(dotted);
        *detail = head ? PyUnicode_Concat(head, s_bulan) : NULL;
        Py_XDECREF(head);
        PyObject *span = *detail ? PyObject_GetAttr(best, s_span) : NULL;
        *extra = span ? PyList_New(1) : NULL;
        if (*extra == NULL) {
            Py_XDECREF(span);
            Py_CLEAR(*detail);
            goto fail;
        }
        PyList_SET_ITEM(*extra, 0, span);
    }
    Py_DECREF(amount);
    return 0;
fail:
    Py_XDECREF(amount);
    return -1;
}

/* Screener._derived_fired() for one kind done here: appends to fired. */
static int
fire_kind(Pipeline *p, PyObject *entries, PyObject *extra, PyObject *detail, PyObject *norm,
          PyObject *hits, int foreign, PyObject *fired)
{
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(entries); i++) {
        PyObject *e = PyTuple_GET_ITEM(entries, i); /* (index, flag, fid, needs_foreign) */
        PyObject *found = PyDict_GetItemWithError(hits, PyTuple_GET_ITEM(e, 2));
        if (found == NULL && PyErr_Occurred())
            return -1;
        int truthy = found ? PyObject_IsTrue(found) : 0;
        int needs_foreign = PyObject_IsTrue(PyTuple_GET_ITEM(e, 3));
        if (truthy < 0 || needs_foreign < 0)
            return -1;
        if ((extra == NULL && !truthy) || (needs_foreign && !foreign))
            continue;
        PyObject *pending = PyTuple_Pack(3, norm, found ? found : Py_None,
                                         extra ? extra : Py_None);
        PyObject *rargs[3] = {PyTuple_GET_ITEM(e, 1), detail ? detail : s_empty, pending};
        PyObject *reason = pending ? PyObject_Vectorcall(p->new_reason, rargs, 3, NULL) : NULL;
        Py_XDECREF(pending);
        PyObject *item = reason ? PyTuple_Pack(3, PyTuple_GET_ITEM(e, 0),
                                               PyTuple_GET_ITEM(e, 1), reason)
                                : NULL;
        Py_XDECREF(reason);
        if (item == NULL || PyList_Append(fired, item) < 0) {
            Py_XDECREF(item);
            return -1;
        }
        Py_DECREF(item);
    }
    return 0;
}

/* rules.decide_level(); returns the level's index before the drop and sets *drop. */
static int
decide_level(long strong, long medium, long weak, long p_strong, long p_medium, int hard,
             int *drop)
{
    int level;
    if (strong >= 2 || (strong >= 1 && medium >= 1) || medium >= 3)
        level = 2;
    else if (strong == 1 || medium == 2 || (medium == 1 && weak >= 2))
        level = 1;
    else
        level = 0;
    long points = 2 * p_strong + p_medium;
    *drop = 0;
    if (!hard && level) {
        int steps = points >= 4 ? 2 : points >= 2 ? 1 : 0;
        *drop = level < steps ? level : steps;
    }
    return level - *drop;
}

/* Screener._rules(text) (want_result 0: the _Partial) or, for a screener without a model,
 * Screener._finish(Screener._rules(text), None) (want_result 1: the Result). */
static PyObject *
run(Pipeline *p, PyObject *text, int want_result)
{
    if (!PyUnicode_CheckExact(text)) /* not a str: the Python path says what is wrong */
        return call1(want_result ? p->python_result : p->python_rules, text);
    PyObject *norm = NULL, *hits = NULL, *ents = NULL, *fired = NULL, *reasons = NULL;
    PyObject *notes = NULL, *result = NULL, *cut = NULL;
    int truncated = PyUnicode_GET_LENGTH(text) > p->max_chars;
    if (truncated) {
        cut = PyUnicode_Substring(text, 0, p->max_chars);
        if (cut == NULL)
            return NULL;
        text = cut;
    }
    norm = call1(p->steps[S_NORMALIZE], text);
    hits = norm ? call1(p->steps[S_MATCH], norm) : NULL;
    if (hits == NULL)
        goto done;
    if (!PyDict_Check(hits)) {
        PyErr_SetString(PyExc_TypeError, "match() returns a dict");
        goto done;
    }
    PyObject *fields[11]; /* the Entities' fields (tuples), borrowed from ents */
    ents = entities(p, norm, hits, fields);
    if (ents == NULL)
        goto done;
    /* _reasons: destinations' statuses */
    int foreign = 0, banned = 0, risky = 0, kepmenaker = 0;
    PyObject *dests = fields[4];
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(dests); i++) {
        PyObject *d = PyTuple_GET_ITEM(dests, i);
        if (!PyTuple_Check(d) || PyTuple_GET_SIZE(d) != 3) {
            PyErr_SetString(PyExc_TypeError, "a destination is (span, code, name)");
            goto done;
        }
        PyObject *code = PyTuple_GET_ITEM(d, 1);
        int ne = PyObject_RichCompareBool(code, s_ID, Py_NE);
        if (ne < 0)
            goto done;
        if (ne)
            foreign = 1;
        PyObject *status = PyObject_GetItem(p->status_of, code);
        if (status == NULL)
            goto done;
        if (PyUnicode_Compare(status, s_banned) == 0)
            banned = 1;
        else if (PyUnicode_Compare(status, s_risky) == 0)
            risky = 1;
        else if (PyUnicode_Compare(status, s_kepmenaker) == 0)
            kepmenaker = 1;
        Py_DECREF(status);
        if (PyErr_Occurred())
            goto done;
    }
    /* _reasons: the pattern flags that fired and are shown */
    fired = PyList_New(0);
    if (fired == NULL)
        goto done;
    PyObject *fid, *found;
    Py_ssize_t pos = 0;
    while (PyDict_Next(hits, &pos, &fid, &found)) {
        PyObject *entry = PyDict_GetItemWithError(p->shown, fid);
        if (entry == NULL) {
            if (PyErr_Occurred())
                goto done;
            continue;
        }
        int needs_foreign = PyObject_IsTrue(PyTuple_GET_ITEM(entry, 2));
        if (needs_foreign < 0)
            goto done;
        if (!foreign && needs_foreign)
            continue;
        PyObject *pending = PyTuple_Pack(3, norm, found, Py_None);
        PyObject *rargs[3] = {PyTuple_GET_ITEM(entry, 1), s_empty, pending};
        PyObject *reason = pending ? PyObject_Vectorcall(p->new_reason, rargs, 3, NULL) : NULL;
        Py_XDECREF(pending);
        PyObject *item = reason ? PyTuple_Pack(3, PyTuple_GET_ITEM(entry, 0),
                                               PyTuple_GET_ITEM(entry, 1), reason)
                                : NULL;
        Py_XDECREF(reason);
        if (item == NULL || PyList_Append(fired, item) < 0) {
            Py_XDECREF(item);
            goto done;
        }
        Py_DECREF(item);
    }
    /* _reasons: derived flags, when one can fire */
    PyObject *kinds = derived_kinds(p, hits, fields, banned, risky, kepmenaker);
    if (kinds == NULL)
        goto done;
    if (PyList_GET_SIZE(kinds)) {
        /* The destination and salary kinds here, the others in Screener._derived_fired. */
        PyObject *rest = PyList_New(0);
        if (rest == NULL) {
            Py_DECREF(kinds);
            goto done;
        }
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(kinds); i++) {
            PyObject *kind = PyList_GET_ITEM(kinds, i);
            PyObject *entries = PyDict_GetItemWithError(p->c_kinds, kind);
            int rc = 0;
            if (entries == NULL) {
                rc = PyErr_Occurred() ? -1 : PyList_Append(rest, kind);
            }
            else if (PyTuple_GET_SIZE(entries)) {
                PyObject *extra = NULL, *detail = NULL;
                /* kinds come from here and from the ruleset: compare values, not objects */
                if (PyUnicode_Compare(kind, k_salary) == 0)
                    rc = derived_salary(p, hits, fields[5], banned, risky, &extra, &detail);
                else if (PyUnicode_Compare(kind, k_dest_risky) == 0)
                    rc = derived_destination(p, fields[4], 1, banned, &extra, &detail);
                else if (PyUnicode_Compare(kind, k_dest_banned) == 0)
                    rc = derived_destination(p, fields[4], 0, banned, &extra, &detail);
                else {
                    PyErr_Format(PyExc_ValueError, "no C derivation for %R", kind);
                    rc = -1;
                }
                if (rc == 0)
                    rc = fire_kind(p, entries, extra, detail, norm, hits, foreign, fired);
                Py_XDECREF(extra);
                Py_XDECREF(detail);
            }
            if (rc < 0) {
                Py_DECREF(rest);
                Py_DECREF(kinds);
                goto done;
            }
        }
        Py_DECREF(kinds);
        if (PyList_GET_SIZE(rest)) {
            PyObject *dargs[5] = {rest, norm, hits, ents, foreign ? Py_True : Py_False};
            PyObject *more = PyObject_Vectorcall(p->derived_fired, dargs, 5, NULL);
            Py_DECREF(rest);
            if (more == NULL)
                goto done;
            PyObject *sum = PySequence_InPlaceConcat(fired, more);
            Py_DECREF(more);
            if (sum == NULL)
                goto done;
            Py_DECREF(sum);
        }
        else
            Py_DECREF(rest);
        /* sort(key=first item): the ruleset indexes are distinct, so tuples sort the same */
        if (PyList_Sort(fired) < 0)
            goto done;
    }
    else
        Py_DECREF(kinds);
    Py_ssize_t n = PyList_GET_SIZE(fired);
    reasons = PyList_New(n);
    if (reasons == NULL)
        goto done;
    /* _decide */
    long strong = 0, medium = 0, weak = 0, p_strong = 0, p_medium = 0;
    long long risk = 0, prot = 0, hard_points = 0;
    int hard = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyList_GET_ITEM(fired, i);
        PyObject *reason = PyTuple_GET_ITEM(item, 2);
        Py_INCREF(reason);
        PyList_SET_ITEM(reasons, i, reason);
        Py_ssize_t index = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 0));
        if (index < 0 || index >= p->n_flags) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_IndexError, "flag index out of range");
            goto done;
        }
        const FlagInfo *f = &p->info[index];
        switch (f->category) {
        case C_STRONG:
        case C_MEDIUM:
        case C_WEAK:
            if (f->category == C_STRONG)
                strong++;
            else if (f->category == C_MEDIUM)
                medium++;
            else
                weak++;
            risk += f->weight;
            if (f->hard) {
                hard = 1;
                hard_points += f->weight;
            }
            break;
        case C_PROT_STRONG:
        case C_PROT_MEDIUM:
        case C_PROT_OTHER:
            if (f->category == C_PROT_STRONG)
                p_strong++;
            else if (f->category == C_PROT_MEDIUM)
                p_medium++;
            prot += f->weight;
            break;
        default:
            break;
        }
    }
    int drop;
    int level = decide_level(strong, medium, weak, p_strong, p_medium, hard, &drop);
    long long score = risk - prot > hard_points ? risk - prot : hard_points;
    notes = PyList_New(0);
    if (notes == NULL)
        goto done;
    if (drop && PyList_Append(notes, s_protective) < 0)
        goto done;
    int warn = PyDict_Contains(hits, s_konteks);
    if (warn > 0) {
        int apply = PyDict_Contains(hits, s_ajakan);
        if (apply < 0)
            goto done;
        warn = !apply;
    }
    if (warn < 0)
        goto done;
    if (warn) {
        level = 0;
        if (score > 20)
            score = 20;
        if (PyList_Append(notes, s_warning) < 0)
            goto done;
    }
    score = score < 0 ? 0 : score > 100 ? 100 : score;
    PyObject *score_obj = PyLong_FromLongLong(score);
    PyObject *strong_obj = score_obj ? PyLong_FromLong(strong) : NULL;
    if (strong_obj == NULL) {
        Py_XDECREF(score_obj);
        goto done;
    }
    PyObject *level_obj = PyTuple_GET_ITEM(p->levels, level);
    if (want_result) {
        /* _finish(partial, None): the screener's registry says whether to add the note */
        PyObject *note = PyObject_GetAttr(p->screener, s_sample_note);
        PyObject *flag = note ? PyObject_GetAttr(p->screener, s_sample_flag) : NULL;
        int add = flag ? PyObject_IsTrue(note) : -1;
        if (add > 0 && PyList_Append(notes, s_sample_registry) < 0)
            add = -1;
        PyObject *reasons_t = add >= 0 ? PyList_AsTuple(reasons) : NULL;
        PyObject *notes_t = reasons_t ? PyList_AsTuple(notes) : NULL;
        if (notes_t) {
            PyObject *v[13] = {level_obj, score_obj, reasons_t,  ents,    p->version,
                               level_obj, score_obj, Py_None,    Py_None, Py_None,
                               truncated ? Py_True : Py_False,   flag,    notes_t};
            result = PyObject_Vectorcall(p->new_result, v, 13, NULL);
        }
        Py_XDECREF(note);
        Py_XDECREF(flag);
        Py_XDECREF(reasons_t);
        Py_XDECREF(notes_t);
    }
    else {
        PyObject *v[8] = {norm,      reasons,    ents,  level_obj,
                          score_obj, strong_obj, notes, truncated ? Py_True : Py_False};
        result = PyObject_Vectorcall(p->new_partial, v, 8, NULL);
    }
    Py_DECREF(score_obj);
    Py_DECREF(strong_obj);
done:
    Py_XDECREF(cut);
    Py_XDECREF(norm);
    Py_XDECREF(hits);
    Py_XDECREF(ents);
    Py_XDECREF(fired);
    Py_XDECREF(reasons);
    Py_XDECREF(notes);
    return result;
}

static PyObject *
pipeline_call(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    if (PyVectorcall_NARGS(nargsf) != 1 || (kwnames && PyTuple_GET_SIZE(kwnames))) {
        PyErr_SetString(PyExc_TypeError, "Pipeline takes the post's text");
        return NULL;
    }
    return run((Pipeline *)self, args[0], 0);
}

static PyObject *
pipeline_result(PyObject *self, PyObject *text)
{
    return run((Pipeline *)self, text, 1);
}

static PyMethodDef pipeline_methods[] = {
    {"result", pipeline_result, METH_O,
     "result(text) -> Result: Screener._finish(Screener._rules(text), None), for a screener "
     "without a model."},
    {NULL, NULL, 0, NULL},
};

static PyObject *
need(PyObject *config, const char *key)
{
    PyObject *v = PyDict_GetItemString(config, key);
    if (v == NULL)
        PyErr_Format(PyExc_KeyError, "Pipeline config needs %s", key);
    else
        Py_INCREF(v);
    return v;
}

static void pipeline_dealloc(Pipeline *p);

/* The config holds bound methods of the Screener that owns this pipeline: a cycle the garbage
 * collector must be able to see and break. */
#define EACH_OBJECT(VISIT)                                                                     \
    for (int i = 0; i < N_STEPS; i++)                                                          \
        VISIT(p->steps[i]);                                                                    \
    VISIT(p->rates);                                                                           \
    VISIT(p->norm_span);                                                                       \
    VISIT(p->visa_type);                                                                       \
    VISIT(p->companies_post);                                                                  \
    VISIT(p->derived_fired);                                                                   \
    VISIT(p->python_rules);                                                                    \
    VISIT(p->shown);                                                                           \
    VISIT(p->status_of);                                                                       \
    VISIT(p->minimum_age);                                                                     \
    VISIT(p->salary_floor);                                                                    \
    VISIT(p->derived_matched);                                                                 \
    VISIT(p->levels);                                                                          \
    VISIT(p->new_entities);                                                                    \
    VISIT(p->new_partial);                                                                     \
    VISIT(p->new_reason);                                                                      \
    VISIT(p->c_kinds);                                                                         \
    VISIT(p->name_of);                                                                         \
    VISIT(p->salary_hype);                                                                     \
    VISIT(p->salary_unrealistic);                                                              \
    VISIT(p->screener);                                                                        \
    VISIT(p->python_result);                                                                   \
    VISIT(p->new_result);                                                                      \
    VISIT(p->version);

static int
pipeline_traverse(Pipeline *p, visitproc visit, void *arg)
{
    EACH_OBJECT(Py_VISIT)
    return 0;
}

static int
pipeline_clear(Pipeline *p)
{
    EACH_OBJECT(Py_CLEAR)
    return 0;
}

static PyObject *
pipeline_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *config;
    if (!PyArg_ParseTuple(args, "O!:Pipeline", &PyDict_Type, &config))
        return NULL;
    Pipeline *p = (Pipeline *)type->tp_alloc(type, 0);
    if (p == NULL)
        return NULL;
    p->vectorcall = pipeline_call;
    for (int i = 0; i < N_STEPS; i++)
        if (!(p->steps[i] = need(config, STEP_NAMES[i])))
            goto fail;
#define NEED(field, key)                                                                       \
    if (!(p->field = need(config, key)))                                                       \
        goto fail;
    NEED(rates, "rates");
    NEED(norm_span, "norm_span");
    NEED(visa_type, "visa_type");
    NEED(companies_post, "companies_post");
    NEED(derived_fired, "derived_fired");
    NEED(python_rules, "python_rules");
    NEED(shown, "shown");
    NEED(status_of, "status_of");
    NEED(minimum_age, "minimum_age");
    NEED(salary_floor, "salary_floor");
    NEED(derived_matched, "derived_matched");
    NEED(levels, "levels");
    NEED(new_entities, "new_entities");
    NEED(new_partial, "new_partial");
    NEED(new_reason, "new_reason");
    NEED(c_kinds, "c_kinds");
    NEED(name_of, "name_of");
    NEED(salary_hype, "salary_hype");
    NEED(salary_unrealistic, "salary_unrealistic");
    NEED(screener, "screener");
    NEED(python_result, "python_result");
    NEED(new_result, "new_result");
    NEED(version, "version");
#undef NEED
    if (!PyDict_Check(p->shown) || !PyTuple_Check(p->derived_matched) ||
        !PyDict_Check(p->c_kinds) ||
        !PyTuple_Check(p->levels) || PyTuple_GET_SIZE(p->levels) != 3) {
        PyErr_SetString(PyExc_TypeError, "Pipeline config: shown dict, tuples expected");
        goto fail;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(p->derived_matched); i++) {
        PyObject *pair = PyTuple_GET_ITEM(p->derived_matched, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "derived_matched holds (flag id, kind) pairs");
            goto fail;
        }
    }
    PyObject *max_chars = PyDict_GetItemString(config, "max_chars");
    PyObject *info = PyDict_GetItemString(config, "info");
    if (max_chars == NULL || info == NULL || !PyTuple_Check(info)) {
        PyErr_SetString(PyExc_KeyError, "Pipeline config needs max_chars and info");
        goto fail;
    }
    p->max_chars = PyLong_AsSsize_t(max_chars);
    if (p->max_chars < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "max_chars must be >= 0");
        goto fail;
    }
    p->n_flags = PyTuple_GET_SIZE(info);
    p->info = PyMem_Calloc(p->n_flags ? p->n_flags : 1, sizeof(FlagInfo));
    if (p->info == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < p->n_flags; i++) {
        int category, hard;
        long long weight;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(info, i), "iLp", &category, &weight, &hard))
            goto fail;
        p->info[i] = (FlagInfo){category, weight, hard};
    }
    /* every shown entry is (int index < n_flags, flag, bool) */
    PyObject *key, *entry;
    Py_ssize_t pos = 0;
    while (PyDict_Next(p->shown, &pos, &key, &entry)) {
        if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 3 ||
            !PyLong_Check(PyTuple_GET_ITEM(entry, 0))) {
            PyErr_SetString(PyExc_TypeError, "shown holds (index, flag, needs_foreign)");
            goto fail;
        }
    }
    return (PyObject *)p;
fail:
    pipeline_dealloc(p);
    return NULL;
}

static void
pipeline_dealloc(Pipeline *p)
{
    PyObject_GC_UnTrack(p);
    pipeline_clear(p);
    PyMem_Free(p->info);
    Py_TYPE(p)->tp_free((PyObject *)p);
}

static PyTypeObject PipelineType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sigap.screening._cpipeline.Pipeline",
    .tp_basicsize = sizeof(Pipeline),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC,
    .tp_vectorcall_offset = offsetof(Pipeline, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_new = pipeline_new,
    .tp_dealloc = (destructor)pipeline_dealloc,
    .tp_traverse = (traverseproc)pipeline_traverse,
    .tp_methods = pipeline_methods,
    .tp_clear = (inquiry)pipeline_clear,
    .tp_doc = "Pipeline(config)(text) -> the engine's _Partial, as Screener._rules(text).",
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_cpipeline", "The rules half of Screener.screen() in C.", -1, NULL,
};

#define INTERN(var, s)                                                                         \
    if (!(var = PyUnicode_InternFromString(s)))                                                \
        return NULL;

PyMODINIT_FUNC
PyInit__cpipeline(void)
{
    INTERN(s_start, "start");
    INTERN(s_end, "end");
    INTERN(s_span, "span");
    INTERN(s_text, "text");
    INTERN(s_original, "original");
    INTERN(s_words, "words");
    INTERN(s_amount_max, "amount_idr_month_max");
    INTERN(s_empty, "");
    INTERN(s_ID, "ID");
    INTERN(s_plus62, "+62");
    INTERN(s_banned, "banned");
    INTERN(s_risky, "risky");
    INTERN(s_kepmenaker, "kepmenaker_260");
    INTERN(s_peran_prt, "peran_prt");
    INTERN(s_visa_non_kerja, "visa_non_kerja");
    INTERN(s_visa_kerja, "visa_kerja");
    INTERN(s_berangkat_cepat, "berangkat_cepat");
    INTERN(s_desakan, "desakan");
    INTERN(s_izin, "izin");
    INTERN(s_sip3mi, "sip3mi");
    INTERN(s_konteks, "konteks_peringatan");
    INTERN(s_ajakan, "ajakan_melamar");
    INTERN(s_protective, "protective");
    INTERN(s_warning, "warning");
    INTERN(s_syarat, "syarat_ringan");
    INTERN(s_peran_samar, "peran_samar");
    INTERN(s_fmt, ",.0f");
    INTERN(s_comma, ",");
    INTERN(s_dot, ".");
    INTERN(s_rp, "Rp ");
    INTERN(s_bulan, "/bulan");
    INTERN(s_join, ", ");
    INTERN(s_sample_note, "_sample_note");
    INTERN(s_sample_flag, "_sample_flag");
    INTERN(s_sample_registry, "sample_registry");
    INTERN(k_dest_banned, "destination_banned");
    INTERN(k_dest_risky, "destination_risky");
    INTERN(k_domestic, "domestic_middle_east");
    INTERN(k_age, "age_minor");
    INTERN(k_salary, "salary_unrealistic");
    INTERN(k_phone, "foreign_phone");
    INTERN(k_registry, "registry_match");
    if (PyType_Ready(&PipelineType) < 0)
        return NULL;
    PyObject *mod = PyModule_Create(&module);
    if (mod == NULL)
        return NULL;
    Py_INCREF(&PipelineType);
    if (PyModule_AddObject(mod, "Pipeline", (PyObject *)&PipelineType) < 0) {
        Py_DECREF(&PipelineType);
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
