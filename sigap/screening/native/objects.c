/* _cobjects: build instances of the engine's frozen slots dataclasses quickly.
 *
 * A frozen dataclass's generated __init__ sets each field through object.__setattr__, which
 * costs about 0.25 us a field on a slow core; a result has 13 fields, its entities 11, and a
 * post makes several such objects. Maker(cls, names) reads the slot offsets of the named
 * fields once; calling it with one positional value per name allocates an instance with the
 * type's own allocator and stores the values in those slots, which is what __init__ ends up
 * doing for these classes (no defaults are filled in, no __post_init__ runs: the caller passes
 * every named field). Slots not named stay empty, exactly as after object.__new__.
 *
 * Python equivalent, for a class C with fields a, b:
 *     obj = object.__new__(C); object.__setattr__(obj, "a", a); object.__setattr__(obj, "b", b)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#define MAX_FIELDS 32

typedef struct {
    PyObject_HEAD
    PyTypeObject *cls;
    Py_ssize_t count;
    Py_ssize_t offsets[MAX_FIELDS];
    vectorcallfunc vectorcall;
} Maker;

static PyObject *
maker_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Maker *m = (Maker *)self;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (kwnames != NULL && PyTuple_GET_SIZE(kwnames) > 0) {
        PyErr_SetString(PyExc_TypeError, "Maker takes positional values only");
        return NULL;
    }
    if (nargs != m->count) {
        PyErr_Format(PyExc_TypeError, "%s maker takes %zd values (%zd given)",
                     m->cls->tp_name, m->count, nargs);
        return NULL;
    }
    PyObject *obj = m->cls->tp_alloc(m->cls, 0);
    if (obj == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < nargs; i++) {
        PyObject **slot = (PyObject **)((char *)obj + m->offsets[i]);
        Py_INCREF(args[i]);
        *slot = args[i];
    }
    return obj;
}

static PyObject *
maker_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *cls, *names;
    static char *kwlist[] = {"cls", "names", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:Maker", kwlist, &cls, &names))
        return NULL;
    if (!PyType_Check(cls)) {
        PyErr_SetString(PyExc_TypeError, "Maker: cls must be a class");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(names, "Maker: names must be a sequence of str");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (n > MAX_FIELDS) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "Maker: too many fields");
        return NULL;
    }
    Maker *m = (Maker *)type->tp_alloc(type, 0);
    if (m == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    m->cls = (PyTypeObject *)cls;
    Py_INCREF(cls);
    m->count = n;
    m->vectorcall = maker_vectorcall;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *name = PySequence_Fast_GET_ITEM(seq, i);
        /* The slot's descriptor, found along the MRO (a subclass adds its own slots). */
        PyObject *descr = _PyType_Lookup(m->cls, name);
        if (descr == NULL || Py_TYPE(descr) != &PyMemberDescr_Type) {
            PyErr_Format(PyExc_TypeError, "Maker: %R is not a slot of %s", name,
                         m->cls->tp_name);
            goto fail;
        }
        PyMemberDef *def = ((PyMemberDescrObject *)descr)->d_member;
        if (def->type != T_OBJECT_EX || (def->flags & READONLY)) {
            PyErr_Format(PyExc_TypeError, "Maker: %R is not a plain object slot", name);
            goto fail;
        }
        m->offsets[i] = def->offset;
    }
    Py_DECREF(seq);
    return (PyObject *)m;
fail:
    Py_DECREF(seq);
    Py_DECREF(m);
    return NULL;
}

static void
maker_dealloc(Maker *m)
{
    Py_XDECREF(m->cls);
    Py_TYPE(m)->tp_free((PyObject *)m);
}

static PyObject *
maker_repr(Maker *m)
{
    return PyUnicode_FromFormat("<Maker %s (%zd fields)>", m->cls->tp_name, m->count);
}

static PyTypeObject MakerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sigap.screening._cobjects.Maker",
    .tp_basicsize = sizeof(Maker),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_vectorcall_offset = offsetof(Maker, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_new = maker_new,
    .tp_dealloc = (destructor)maker_dealloc,
    .tp_repr = (reprfunc)maker_repr,
    .tp_doc = "Maker(cls, names): a fast positional constructor for a slots class.",
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_cobjects",
    "Fast constructors for the screening engine's frozen slots dataclasses.", -1, NULL,
};

PyMODINIT_FUNC
PyInit__cobjects(void)
{
    if (PyType_Ready(&MakerType) < 0)
        return NULL;
    PyObject *mod = PyModule_Create(&module);
    if (mod == NULL)
        return NULL;
    Py_INCREF(&MakerType);
    if (PyModule_AddObject(mod, "Maker", (PyObject *)&MakerType) < 0) {
        Py_DECREF(&MakerType);
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
