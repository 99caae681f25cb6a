/* The native relay core: a session's plain passthrough, relayed without the interpreter.
 *
 * While a session is in a state where the Python fast lanes (proxy/wire/passthrough.py) would
 * take every message, the session hands both sockets to a Core: the event loop calls
 * Core.on_client / Core.on_server (C functions, no bytecode) when a duplicate of either socket
 * is readable; each call is one recv, a walk over the message headers with exactly the fast
 * lanes' rules, and one send of the routed bytes to the other socket. The tracker's view is
 * kept as a queue of plain request kinds (the only kind of entry a session may hand over);
 * ReadyForQuery's status and completed Executes are kept for the Python side.
 *
 * Anything else stops the core: a client message the lane table does not pass, a Query whose
 * text may hold an ASK or DDL (searched conservatively, case-insensitively), a server message
 * that needs a look (ErrorResponse, ParameterStatus, authentication, key data), a bad length,
 * a message too large to hold whole, a short write (backpressure: the transport buffers the
 * rest), EOF or an error. Then the core calls its on_stop callback, whose Python code takes the
 * state back (Core.detach) and delivers the bytes not yet routed to the Python relay, as if
 * they had just been read. Core.feed runs the same scan without sockets (the tests compare it
 * with the Python lanes).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define READ_SIZE (256 * 1024)
/* A Query held whole to be searched, or a ReadyForQuery split by a read: larger goes to
 * Python's framer. */
#define HOLD_MAX (256 * 1024)

enum { ACT_STOP = 0, ACT_PASS = 1, ACT_QUERY = 2, ACT_PARSE = 3 };
/* Request kinds (proxy/native_relay.py: ENTRIES, in this order). */
enum { K_QUERY, K_SYNC, K_FUNC, K_PARSE, K_BIND, K_CLOSE, K_DESCRIBE, K_EXECUTE, K_EXECUTE_TX,
       K_COUNT };
#define NO_ENTRY 255

typedef struct {
    unsigned char *buf;
    size_t len, cap;            /* buf[0..len): read, not routed (an incomplete message) */
    size_t body_left;           /* bytes of a relayed message still to come */
    unsigned long long bytes;   /* read since attach */
    PyObject *unsent;           /* routed, not written: the transport writes it */
} Dir;

typedef struct {
    PyObject_HEAD
    int cfd, sfd;               /* duplicates of the sockets; -1: no sockets */
    int attached;
    Dir up, down;               /* client -> server, server -> client */
    unsigned char action[256], entry[256];
    unsigned long client_max, server_max;
    int check_ask, check_ddl;
    unsigned char *q;           /* pending request kinds, q[qhead..qtail) */
    size_t qhead, qtail, qcap;
    int batch_open;
    int ready_status;           /* the last ReadyForQuery's status byte; -1: none */
    int executed;               /* an Execute with a transaction kind completed since */
    double last_client_read;    /* CLOCK_MONOTONIC seconds */
    const char *reason;         /* why the core stopped; NULL: it did not */
    PyObject *on_stop;
} Core;

static double monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static unsigned long be32(const unsigned char *p)
{
    return ((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) |
           ((unsigned long)p[2] << 8) | (unsigned long)p[3];
}

/* --- the tracker's view: plain requests only (ResponseTracker.add / route) ---------------- */

static int q_push(Core *c, unsigned char k)
{
    if (c->qtail == c->qcap) {
        if (c->qhead > 0) {
            memmove(c->q, c->q + c->qhead, c->qtail - c->qhead);
            c->qtail -= c->qhead;
            c->qhead = 0;
        } else {
            size_t cap = c->qcap ? c->qcap * 2 : 64;
            unsigned char *q = PyMem_Realloc(c->q, cap);
            if (q == NULL)
                return -1;
            c->q = q;
            c->qcap = cap;
        }
    }
    c->q[c->qtail++] = k;
    return 0;
}

static unsigned char q_pop(Core *c)
{
    unsigned char k = c->q[c->qhead++];
    if (c->qhead == c->qtail)
        c->qhead = c->qtail = 0;
    return k;
}

static int tracker_add(Core *c, unsigned char k)
{
    if (q_push(c, k) < 0)
        return -1;
    if (k == K_SYNC)
        c->batch_open = 0;
    else if (k != K_QUERY && k != K_FUNC)
        c->batch_open = 1;
    return 0;
}

static int at_ready(unsigned char k)
{
    return k == K_QUERY || k == K_SYNC || k == K_FUNC;
}

static int ends(unsigned char k, unsigned char t)
{
    switch (k) {
    case K_QUERY: case K_SYNC: case K_FUNC: return t == 'Z';
    case K_PARSE: return t == '1';
    case K_BIND: return t == '2';
    case K_CLOSE: return t == '3';
    case K_DESCRIBE: return t == 'T' || t == 'n';
    default: return t == 'C' || t == 'I' || t == 's';
    }
}

/* A server message that terminates some request (ANY_TERMINATOR). */
static int terminator(unsigned char t)
{
    return t == 'Z' || t == '1' || t == '2' || t == '3' || t == 'T' || t == 'n' ||
           t == 'C' || t == 'I' || t == 's';
}

static void tracker_route(Core *c, unsigned char t)
{
    if (c->qhead == c->qtail)
        return;
    if (t == 'Z') {
        while (c->qhead != c->qtail)
            if (at_ready(q_pop(c)))
                break;
        return;
    }
    unsigned char head = c->q[c->qhead];
    if (ends(head, t)) {
        q_pop(c);
        if (head == K_EXECUTE_TX && t == 'C')
            c->executed = 1;
    }
}

/* --- what a Query or Parse may hold -------------------------------------------------------- */

static int contains_ci(const unsigned char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    unsigned char first = (unsigned char)word[0];
    if (n < w)
        return 0;
    for (size_t i = 0; i + w <= n; i++) {
        if ((s[i] | 0x20) != first)
            continue;
        size_t j = 1;
        while (j < w && (s[i + j] | 0x20) == (unsigned char)word[j])
            j++;
        if (j == w)
            return 1;
    }
    return 0;
}

/* proxy/session.py's _DDL_HINT ("analyze" and "analyse" share "analy"; "reset" holds "set"). */
static const char *const DDL_WORDS[] = {"create", "alter", "drop", "comment", "grant", "revoke",
                                        "security", "refresh", "analy", "import", "set",
                                        "discard", NULL};

static int needs_look(Core *c, const unsigned char *body, size_t n)
{
    if (c->check_ask && contains_ci(body, n, "ask"))
        return 1;
    if (c->check_ddl)
        for (const char *const *w = DDL_WORDS; *w != NULL; w++)
            if (contains_ci(body, n, *w))
                return 1;
    return 0;
}

/* --- the scans: how much of b[0..n) is routed ---------------------------------------------- */

/* Returns the routed prefix. *stop: the message at the returned offset needs Python; else the
 * bytes after it are an incomplete message, held for the next read. -1: out of memory. */
static Py_ssize_t scan_client(Core *c, Dir *d, const unsigned char *b, size_t n, int *stop)
{
    size_t pos = 0;
    *stop = 0;
    if (d->body_left) {
        pos = d->body_left < n ? d->body_left : n;
        d->body_left -= pos;
    }
    while (n - pos >= 5) {
        unsigned char t = b[pos];
        unsigned char act = c->action[t];
        unsigned long length = be32(b + pos + 1);
        if (act == ACT_STOP || length < 4 || length > c->client_max) {
            *stop = 1;
            break;
        }
        size_t end = pos + 1 + length;
        if (act != ACT_PASS) {
            if (end > n) {
                if (1 + length > HOLD_MAX)
                    *stop = 1;
                break;
            }
            if (needs_look(c, b + pos + 5, length - 4)) {
                *stop = 1;
                break;
            }
            if (tracker_add(c, act == ACT_QUERY ? K_QUERY : K_PARSE) < 0)
                return -1;
        } else if (c->entry[t] != NO_ENTRY && tracker_add(c, c->entry[t]) < 0) {
            return -1;
        }
        if (end >= n) {
            d->body_left = end - n;
            return (Py_ssize_t)n;
        }
        pos = end;
    }
    return (Py_ssize_t)pos;
}

static Py_ssize_t scan_server(Core *c, Dir *d, const unsigned char *b, size_t n, int *stop)
{
    size_t pos = 0;
    *stop = 0;
    if (d->body_left) {
        pos = d->body_left < n ? d->body_left : n;
        d->body_left -= pos;
    }
    while (n - pos >= 5) {
        unsigned char t = b[pos];
        unsigned long length = be32(b + pos + 1);
        if (t == 'E' || t == 'S' || t == 'R' || t == 'K' || length < 4 ||
                length > c->server_max) {
            *stop = 1;
            break;
        }
        size_t end = pos + 1 + length;
        if (t == 'Z') {
            if (length != 5) {
                *stop = 1;
                break;
            }
            if (end > n)
                break;                  /* the status byte is in the next read */
            tracker_route(c, t);
            c->ready_status = b[pos + 5];
            c->executed = 0;
        } else if (terminator(t)) {
            tracker_route(c, t);
        }
        if (end >= n) {
            d->body_left = end - n;
            return (Py_ssize_t)n;
        }
        pos = end;
    }
    return (Py_ssize_t)pos;
}

/* --- buffers ------------------------------------------------------------------------------- */

static int reserve(Dir *d, size_t more)
{
    if (d->cap - d->len >= more)
        return 0;
    size_t cap = d->len + more;
    unsigned char *buf = PyMem_Realloc(d->buf, cap);
    if (buf == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    d->buf = buf;
    d->cap = cap;
    return 0;
}

static void consume(Dir *d, size_t n)
{
    memmove(d->buf, d->buf + n, d->len - n);
    d->len -= n;
}

static void dir_reset(Dir *d)
{
    d->len = 0;
    d->body_left = 0;
    d->bytes = 0;
    Py_CLEAR(d->unsent);
}

/* --- the socket callbacks ------------------------------------------------------------------ */

static PyObject *stop_core(Core *c, const char *reason)
{
    c->reason = reason;
    if (c->on_stop == NULL || c->on_stop == Py_None)
        Py_RETURN_NONE;
    return PyObject_CallFunction(c->on_stop, "s", reason);
}

static PyObject *on_readable(Core *c, Dir *d, int src, int dst, int client)
{
    if (!c->attached || c->reason != NULL || src < 0)
        Py_RETURN_NONE;
    if (reserve(d, READ_SIZE) < 0)
        return NULL;
    ssize_t r = recv(src, d->buf + d->len, READ_SIZE, 0);
    if (r < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            Py_RETURN_NONE;
        return stop_core(c, "read error");
    }
    if (r == 0)
        return stop_core(c, "eof");
    d->bytes += (unsigned long long)r;
    if (client)
        c->last_client_read = monotonic();
    size_t n = d->len + (size_t)r;
    d->len = n;
    int stop;
    Py_ssize_t routed = client ? scan_client(c, d, d->buf, n, &stop)
                               : scan_server(c, d, d->buf, n, &stop);
    if (routed < 0)
        return PyErr_NoMemory();
    const char *why = stop ? "look" : NULL;
    if (routed > 0) {
        ssize_t w = send(dst, d->buf, (size_t)routed, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            why = (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                  ? "backpressure" : "write error";
            w = 0;
        } else if (w < routed) {
            why = "backpressure";
        }
        if (w < routed) {
            d->unsent = PyBytes_FromStringAndSize((const char *)d->buf + w, routed - w);
            if (d->unsent == NULL)
                return NULL;
        }
        consume(d, (size_t)routed);
    }
    if (why != NULL)
        return stop_core(c, why);
    Py_RETURN_NONE;
}

static PyObject *Core_on_client(Core *c, PyObject *Py_UNUSED(ignored))
{
    return on_readable(c, &c->up, c->cfd, c->sfd, 1);
}

static PyObject *Core_on_server(Core *c, PyObject *Py_UNUSED(ignored))
{
    return on_readable(c, &c->down, c->sfd, c->cfd, 0);
}

/* --- attach, detach, feed ------------------------------------------------------------------ */

static void close_fds(Core *c)
{
    if (c->cfd >= 0)
        close(c->cfd);
    if (c->sfd >= 0)
        close(c->sfd);
    c->cfd = c->sfd = -1;
}

static PyObject *Core_attach(Core *c, PyObject *args)
{
    int cfd, sfd, check_ask, check_ddl, batch_open;
    Py_buffer action, entry, pending;
    unsigned long client_max, server_max;
    if (!PyArg_ParseTuple(args, "iiy*y*kkppy*p", &cfd, &sfd, &action, &entry, &client_max,
                          &server_max, &check_ask, &check_ddl, &pending, &batch_open))
        return NULL;
    PyObject *result = NULL;
    if (c->attached) {
        PyErr_SetString(PyExc_RuntimeError, "the core is attached already");
        goto done;
    }
    if (action.len != 256 || entry.len != 256) {
        PyErr_SetString(PyExc_ValueError, "the lane tables have 256 entries");
        goto done;
    }
    memcpy(c->action, action.buf, 256);
    memcpy(c->entry, entry.buf, 256);
    c->qhead = c->qtail = 0;
    for (Py_ssize_t i = 0; i < pending.len; i++) {
        unsigned char k = ((unsigned char *)pending.buf)[i];
        if (k >= K_COUNT) {
            PyErr_SetString(PyExc_ValueError, "unknown request kind");
            goto done;
        }
        if (q_push(c, k) < 0) {
            PyErr_NoMemory();
            goto done;
        }
    }
    c->client_max = client_max;
    c->server_max = server_max;
    c->check_ask = check_ask;
    c->check_ddl = check_ddl;
    c->batch_open = batch_open;
    c->ready_status = -1;
    c->executed = 0;
    c->reason = NULL;
    c->last_client_read = 0.0;
    dir_reset(&c->up);
    dir_reset(&c->down);
    c->cfd = c->sfd = -1;
    if (cfd >= 0) {
        c->cfd = fcntl(cfd, F_DUPFD_CLOEXEC, 0);
        c->sfd = c->cfd < 0 ? -1 : fcntl(sfd, F_DUPFD_CLOEXEC, 0);
        if (c->sfd < 0) {
            PyErr_SetFromErrno(PyExc_OSError);
            close_fds(c);
            goto done;
        }
    }
    c->attached = 1;
    result = Py_BuildValue("(ii)", c->cfd, c->sfd);
done:
    PyBuffer_Release(&action);
    PyBuffer_Release(&entry);
    PyBuffer_Release(&pending);
    return result;
}

static PyObject *take_unsent(Dir *d)
{
    PyObject *u = d->unsent;
    d->unsent = NULL;
    return u != NULL ? u : PyBytes_FromStringAndSize("", 0);
}

static PyObject *held(Dir *d)
{
    return PyBytes_FromStringAndSize(d->len ? (const char *)d->buf : "", (Py_ssize_t)d->len);
}

static PyObject *Core_detach(Core *c, PyObject *Py_UNUSED(ignored))
{
    if (!c->attached)
        Py_RETURN_NONE;
    close_fds(c);
    c->attached = 0;
    PyObject *pending = PyBytes_FromStringAndSize((const char *)c->q + c->qhead,
                                                  c->qtail - c->qhead);
    PyObject *r = Py_BuildValue(
        "(zNNNNnnNOiOKK)", c->reason, take_unsent(&c->up), take_unsent(&c->down),
        held(&c->up), held(&c->down),
        (Py_ssize_t)c->up.body_left, (Py_ssize_t)c->down.body_left, pending,
        c->batch_open ? Py_True : Py_False, c->ready_status,
        c->executed ? Py_True : Py_False, c->up.bytes, c->down.bytes);
    c->qhead = c->qtail = 0;
    dir_reset(&c->up);
    dir_reset(&c->down);
    return r;
}

/* feed(client, data) -> (routed, stopped): the scan over held bytes + data, without sockets. */
static PyObject *Core_feed(Core *c, PyObject *args)
{
    int client;
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "py*", &client, &data))
        return NULL;
    PyObject *result = NULL;
    Dir *d = client ? &c->up : &c->down;
    if (!c->attached || c->reason != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the core is not relaying");
        goto done;
    }
    if (reserve(d, (size_t)data.len) < 0)
        goto done;
    memcpy(d->buf + d->len, data.buf, (size_t)data.len);
    d->len += (size_t)data.len;
    d->bytes += (unsigned long long)data.len;
    int stop;
    Py_ssize_t routed = client ? scan_client(c, d, d->buf, d->len, &stop)
                               : scan_server(c, d, d->buf, d->len, &stop);
    if (routed < 0) {
        PyErr_NoMemory();
        goto done;
    }
    consume(d, (size_t)routed);
    if (stop)
        c->reason = "look";
    result = Py_BuildValue("(nO)", routed, stop ? Py_True : Py_False);
done:
    PyBuffer_Release(&data);
    return result;
}

static PyObject *Core_get_attached(Core *c, void *Py_UNUSED(closure))
{
    return PyBool_FromLong(c->attached);
}

static PyObject *Core_get_last_client_read(Core *c, void *Py_UNUSED(closure))
{
    return PyFloat_FromDouble(c->last_client_read);
}

static PyObject *Core_get_ready_status(Core *c, void *Py_UNUSED(closure))
{
    return PyLong_FromLong(c->ready_status);
}

/* --- the type ------------------------------------------------------------------------------ */

static int Core_init(Core *c, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"on_stop", NULL};
    PyObject *on_stop = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O", kwlist, &on_stop))
        return -1;
    Py_INCREF(on_stop);
    Py_XSETREF(c->on_stop, on_stop);
    c->cfd = c->sfd = -1;
    c->ready_status = -1;
    return 0;
}

static int Core_traverse(Core *c, visitproc visit, void *arg)
{
    Py_VISIT(c->on_stop);
    return 0;
}

static int Core_clear(Core *c)
{
    Py_CLEAR(c->on_stop);
    return 0;
}

static void Core_dealloc(Core *c)
{
    PyObject_GC_UnTrack(c);
    Core_clear(c);
    close_fds(c);
    Py_CLEAR(c->up.unsent);
    Py_CLEAR(c->down.unsent);
    PyMem_Free(c->up.buf);
    PyMem_Free(c->down.buf);
    PyMem_Free(c->q);
    Py_TYPE(c)->tp_free((PyObject *)c);
}

static PyMethodDef Core_methods[] = {
    {"attach", (PyCFunction)Core_attach, METH_VARARGS,
     "attach(client_fd, server_fd, actions, entries, client_max, server_max, check_ask, "
     "check_ddl, pending, batch_open) -> (client_dup, server_dup); fds -1: no sockets"},
    {"detach", (PyCFunction)Core_detach, METH_NOARGS,
     "detach() -> (reason, up_unsent, down_unsent, up_held, down_held, up_body_left, "
     "down_body_left, pending, batch_open, ready_status, executed, up_bytes, down_bytes)"},
    {"on_client", (PyCFunction)Core_on_client, METH_NOARGS, "the client socket is readable"},
    {"on_server", (PyCFunction)Core_on_server, METH_NOARGS, "the server socket is readable"},
    {"feed", (PyCFunction)Core_feed, METH_VARARGS,
     "feed(client, data) -> (routed, stopped): the scan alone, without sockets"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Core_getset[] = {
    {"attached", (getter)Core_get_attached, NULL, NULL, NULL},
    {"last_client_read", (getter)Core_get_last_client_read, NULL, NULL, NULL},
    {"ready_status", (getter)Core_get_ready_status, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject CoreType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "proxy._relay_core.Core",
    .tp_basicsize = sizeof(Core),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "One session's plain passthrough, relayed natively.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Core_init,
    .tp_traverse = (traverseproc)Core_traverse,
    .tp_clear = (inquiry)Core_clear,
    .tp_dealloc = (destructor)Core_dealloc,
    .tp_methods = Core_methods,
    .tp_getset = Core_getset,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "proxy._relay_core",
    "The native relay core (proxy/native/relay_core.c).", -1, NULL,
};

PyMODINIT_FUNC PyInit__relay_core(void)
{
    if (PyType_Ready(&CoreType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&CoreType);
    if (PyModule_AddObject(m, "Core", (PyObject *)&CoreType) < 0) {
        Py_DECREF(&CoreType);
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddIntConstant(m, "HOLD_MAX", HOLD_MAX) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
