/* spans.h: _Map.span() of sigap/screening/normalize.py on a map's four lists, shared by the
 * accelerators that map spans of the normalised text back to the original (money.c,
 * accounts.c). Each keeps its own way of reaching the lists and the Normalized object; the
 * bisect and the mapping are here once.
 *
 *   k = bisect_right(out_starts, pos) - 1
 *   start: in_starts[k] + (pos - out_starts[k]) if copied[k] else in_starts[k]
 *   end:   the same at pos - 1, with in_ends[k] when the chunk was not copied; 0 if end <= 0
 */
#ifndef SIGAP_SPANS_H
#define SIGAP_SPANS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The maps hold something other than lists of ints: let Python's own code do it. */
#define SPAN_FALLBACK 1

/* lst[k] with Python's negative indexes (borrowed), or NULL with IndexError. */
static PyObject *
span_list_item(PyObject *lst, Py_ssize_t k)
{
    Py_ssize_t size = PyList_GET_SIZE(lst);
    if (k < 0)
        k += size;
    if (k < 0 || k >= size) {
        PyErr_SetString(PyExc_IndexError, "list index out of range");
        return NULL;
    }
    return PyList_GET_ITEM(lst, k);
}

/* lst[k] as an int; SPAN_FALLBACK if it is not an int. */
static int
span_list_int(PyObject *lst, Py_ssize_t k, Py_ssize_t *out)
{
    PyObject *item = span_list_item(lst, k);
    if (item == NULL)
        return -1;
    if (!PyLong_Check(item))
        return SPAN_FALLBACK;
    *out = PyLong_AsSsize_t(item);
    if (*out == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return SPAN_FALLBACK;
    }
    return 0;
}

/* bool(lst[k]) */
static int
span_list_truth(PyObject *lst, Py_ssize_t k, int *out)
{
    PyObject *item = span_list_item(lst, k);
    if (item == NULL)
        return -1;
    *out = item == Py_True ? 1 : item == Py_False ? 0 : PyObject_IsTrue(item);
    return *out < 0 ? -1 : 0;
}

/* bisect.bisect_right(lst, x) - 1 */
static int
span_bisect(PyObject *lst, Py_ssize_t x, Py_ssize_t *k)
{
    Py_ssize_t lo = 0, hi = PyList_GET_SIZE(lst);
    while (lo < hi) {
        Py_ssize_t mid = ((size_t)lo + hi) / 2, v;
        int rc = span_list_int(lst, mid, &v);
        if (rc)
            return rc;
        if (x < v)
            hi = mid;
        else
            lo = mid + 1;
    }
    *k = lo - 1;
    return 0;
}

/* _Map.span(*ps, *pe) on the map's lists: 0 done (*ps, *pe mapped), -1 error, SPAN_FALLBACK
 * when the lists are not exactly lists of ints. */
static int
span_map_lists(PyObject *outs, PyObject *ins, PyObject *ends, PyObject *copied, Py_ssize_t *ps,
               Py_ssize_t *pe)
{
    if (!PyList_CheckExact(outs) || !PyList_CheckExact(ins) || !PyList_CheckExact(ends) ||
        !PyList_CheckExact(copied))
        return SPAN_FALLBACK;
    Py_ssize_t start = *ps, end = *pe, k, v, o, mapped_start, mapped_end;
    int rc, cp;
    if ((rc = span_bisect(outs, start, &k)) || (rc = span_list_truth(copied, k, &cp)) ||
        (rc = span_list_int(ins, k, &v)))
        return rc;
    if (cp) {
        if ((rc = span_list_int(outs, k, &o)))
            return rc;
        mapped_start = v + (start - o);
    }
    else
        mapped_start = v;
    if (end <= 0)
        mapped_end = 0;
    else {
        if ((rc = span_bisect(outs, end - 1, &k)) || (rc = span_list_truth(copied, k, &cp)))
            return rc;
        if (cp) {
            if ((rc = span_list_int(ins, k, &v)) || (rc = span_list_int(outs, k, &o)))
                return rc;
            mapped_end = v + (end - o);
        }
        else if ((rc = span_list_int(ends, k, &mapped_end)))
            return rc;
    }
    *ps = mapped_start;
    *pe = mapped_end;
    return 0;
}

#endif /* SIGAP_SPANS_H */
