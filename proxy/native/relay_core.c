/* The native relay core: a session's plain passthrough, relayed without the interpreter.
 *
 * While a session is in a state where the Python fast lanes (proxy/wire/passthrough.py) would
 * take every message, the session hands both sockets to a Core. Its relaying runs on the Hub's
 * thread (one per event loop), which waits in its own epoll with the GIL never taken: each
 * readable socket is one recv, a walk over the message headers with exactly the fast lanes'
 * rules, and one send of the routed bytes to the other socket: no bytecode, no Python object,
 * no event-loop dispatch per read. The tracker's view is kept as a queue of plain request kinds
 * (the only kind of entry a session may hand over); ReadyForQuery's status, completed Executes
 * and the byte counts are kept for the Python side, which reads them live (SHOW SESSIONS).
 *
 * Anything else stops the core: a client message the lane table does not pass, a Query whose
 * text may hold an ASK or DDL (searched conservatively, case-insensitively), a server message
 * that needs a look (ErrorResponse, ParameterStatus, authentication, key data), a bad length,
 * a message too large to hold whole, a short write (backpressure: the transport writes the
 * rest), EOF or an error. Then the thread takes both sockets out of its epoll, queues the
 * Core's token on the Hub and wakes the event loop through the Hub's eventfd; the loop's
 * Python code takes the state back (Core.detach) and delivers the bytes not yet routed to the
 * Python relay, as if they had just been read. Core.feed runs the same scan without sockets
 * (the tests compare it with the Python lanes).
 *
 * Threads: a Pipe (a Core's relaying state) is guarded by its mutex, which the hub thread
 * holds while it relays one read and the loop's thread holds in attach, detach and the
 * getters. A Pipe's memory outlives its Core until the hub thread has finished the epoll batch
 * that may still name it (the graveyard, emptied before each epoll_wait).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define READ_SIZE (256 * 1024)
/* A Query held whole to be searched, or a ReadyForQuery split by a read: larger goes to
 * Python's framer. */
#define HOLD_MAX (256 * 1024)
#define EVENTS 64

enum { ACT_STOP = 0, ACT_PASS = 1, ACT_QUERY = 2, ACT_PARSE = 3 };
/* Request kinds (proxy/native_relay.py: ENTRIES, in this order). */
enum { K_QUERY, K_SYNC, K_FUNC, K_PARSE, K_BIND, K_CLOSE, K_DESCRIBE, K_EXECUTE, K_EXECUTE_TX,
       K_COUNT };
#define NO_ENTRY 255
/* A Pipe's state: not attached; relayed by the hub thread; stopped by it (out of its epoll,
 * waiting for the loop's detach). */
enum { P_IDLE, P_RELAYING, P_STOPPED };

typedef struct {
    unsigned char *buf;
    size_t len, cap;            /* buf[0..unsent): routed, not written (the transport writes
                                 * it); buf[unsent..len): read, not routed */
    size_t unsent;
    size_t body_left;           /* bytes of a relayed message still to come */
    unsigned long long bytes;   /* read since attach */
} Dir;

typedef struct Hub Hub;
typedef struct Pipe Pipe;

/* What an epoll event names: one socket of a pipe (pipe NULL: the hub's wake eventfd). */
typedef struct {
    Pipe *pipe;
    int client;
} Side;

struct Pipe {
    pthread_mutex_t mu;
    int state;
    Hub *hub;
    unsigned long long token;   /* names the pipe in the hub's queue of stopped pipes */
    Side cside, sside;
    int cfd, sfd;               /* duplicates of the sockets; -1: no sockets */
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
    Pipe *next_dead;
};

struct Hub {
    int epfd, wakefd, notifyfd;
    pthread_t thread;
    int started, quit;
    pthread_mutex_t mu;         /* guards stopped[], graveyard and quit */
    unsigned long long *stopped;
    size_t nstopped, capstopped;
    Pipe *graveyard;
    Side wake;
};


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

static int q_push(Pipe *c, unsigned char k)
{
    if (c->qtail == c->qcap) {
        if (c->qhead > 0) {
            memmove(c->q, c->q + c->qhead, c->qtail - c->qhead);
            c->qtail -= c->qhead;
            c->qhead = 0;
        } else {
            size_t cap = c->qcap ? c->qcap * 2 : 64;
            unsigned char *q = realloc(c->q, cap);
            if (q == NULL)
                return -1;
            c->q = q;
            c->qcap = cap;
        }
    }
    c->q[c->qtail++] = k;
    return 0;
}

static unsigned char q_pop(Pipe *c)
{
    unsigned char k = c->q[c->qhead++];
    if (c->qhead == c->qtail)
        c->qhead = c->qtail = 0;
    return k;
}

static int tracker_add(Pipe *c, unsigned char k)
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

static void tracker_route(Pipe *c, unsigned char t)
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

static int needs_look(Pipe *c, const unsigned char *body, size_t n)
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

/* The part of b[0..n) that finishes a message an earlier read began relaying. */
static size_t rest_of_body(Dir *d, size_t n)
{
    size_t pos = d->body_left < n ? d->body_left : n;
    d->body_left -= pos;
    return pos;
}

/* Returns the routed prefix. *stop: the message at the returned offset needs Python; else the
 * bytes after it are an incomplete message, held for the next read. -1: out of memory. */
static Py_ssize_t scan_client(Pipe *c, Dir *d, const unsigned char *b, size_t n, int *stop)
{
    size_t pos = rest_of_body(d, n);
    *stop = 0;
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

static Py_ssize_t scan_server(Pipe *c, Dir *d, const unsigned char *b, size_t n, int *stop)
{
    size_t pos = rest_of_body(d, n);
    *stop = 0;
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

/* --- buffers (malloc: the hub thread never holds the GIL) ---------------------------------- */

static int reserve(Dir *d, size_t more)
{
    if (d->cap - d->len >= more)
        return 0;
    size_t cap = d->len + more;
    unsigned char *buf = realloc(d->buf, cap);
    if (buf == NULL)
        return -1;
    d->buf = buf;
    d->cap = cap;
    return 0;
}

/* Drop buf[0..n) (routed and written). */
static void consume(Dir *d, size_t n)
{
    if (n < d->len)
        memmove(d->buf, d->buf + n, d->len - n);
    d->len -= n;
}

static void dir_reset(Dir *d)
{
    d->len = d->unsent = d->body_left = 0;
    d->bytes = 0;
}

static void dir_free(Dir *d)
{
    free(d->buf);
    d->buf = NULL;
    d->len = d->cap = d->unsent = 0;
}

/* --- the hub: the relaying thread and the queue of stopped pipes --------------------------- */

static void hub_wake(int fd)
{
    uint64_t one = 1;
    ssize_t r = write(fd, &one, sizeof one);
    (void)r;        /* a full counter is a pending wake-up already */
}

static void hub_push_stopped(Hub *h, unsigned long long token)
{
    pthread_mutex_lock(&h->mu);
    if (h->nstopped == h->capstopped) {
        size_t cap = h->capstopped ? h->capstopped * 2 : 64;
        unsigned long long *s = realloc(h->stopped, cap * sizeof *s);
        if (s != NULL) {
            h->stopped = s;
            h->capstopped = cap;
        }
    }
    /* Out of memory: the token is lost, but the loop's drain also finds the pipe stopped
     * when the next token of any pipe arrives, and the session's own timers detach it. */
    if (h->nstopped < h->capstopped)
        h->stopped[h->nstopped++] = token;
    pthread_mutex_unlock(&h->mu);
    hub_wake(h->notifyfd);
}

static void unwatch(Pipe *c)
{
    epoll_ctl(c->hub->epfd, EPOLL_CTL_DEL, c->cfd, NULL);
    epoll_ctl(c->hub->epfd, EPOLL_CTL_DEL, c->sfd, NULL);
}

/* On the hub thread, with c->mu held. */
static void stop_pipe(Pipe *c, const char *reason)
{
    c->reason = reason;
    c->state = P_STOPPED;
    unwatch(c);
    hub_push_stopped(c->hub, c->token);
}

/* One read of a readable socket: recv, scan, send what is routed. On the hub thread, with c->mu
 * held and the pipe relaying. */
static void relay_read(Pipe *c, int client)
{
    Dir *d = client ? &c->up : &c->down;
    int src = client ? c->cfd : c->sfd, dst = client ? c->sfd : c->cfd;
    if (reserve(d, READ_SIZE) < 0) {
        stop_pipe(c, "out of memory");
        return;
    }
    ssize_t r = recv(src, d->buf + d->len, READ_SIZE, MSG_DONTWAIT);
    if (r < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            stop_pipe(c, "read error");
        return;
    }
    if (r == 0) {
        stop_pipe(c, "eof");
        return;
    }
    d->bytes += (unsigned long long)r;
    if (client)
        c->last_client_read = monotonic();
    size_t n = d->len + (size_t)r;
    d->len = n;
    int stop;
    Py_ssize_t routed = client ? scan_client(c, d, d->buf, n, &stop)
                               : scan_server(c, d, d->buf, n, &stop);
    if (routed < 0) {
        stop_pipe(c, "out of memory");
        return;
    }
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
        consume(d, (size_t)w);
        d->unsent = (size_t)(routed - w);
    }
    if (why != NULL)
        stop_pipe(c, why);
}

static void free_pipe(Pipe *c)
{
    pthread_mutex_destroy(&c->mu);
    dir_free(&c->up);
    dir_free(&c->down);
    free(c->q);
    free(c);
}

static void *hub_run(void *arg)
{
    Hub *h = arg;
    struct epoll_event ev[EVENTS];
    for (;;) {
        pthread_mutex_lock(&h->mu);
        Pipe *dead = h->graveyard;
        h->graveyard = NULL;
        int quit = h->quit;
        pthread_mutex_unlock(&h->mu);
        while (dead != NULL) {      /* out of the epoll, and no batch names them any more */
            Pipe *next = dead->next_dead;
            free_pipe(dead);
            dead = next;
        }
        if (quit)
            break;
        int n = epoll_wait(h->epfd, ev, EVENTS, -1);
        for (int i = 0; i < n; i++) {
            Side *s = ev[i].data.ptr;
            if (s->pipe == NULL) {
                uint64_t count;
                ssize_t r = read(h->wakefd, &count, sizeof count);
                (void)r;
                continue;
            }
            Pipe *c = s->pipe;
            pthread_mutex_lock(&c->mu);
            if (c->state == P_RELAYING)
                relay_read(c, s->client);
            pthread_mutex_unlock(&c->mu);
        }
    }
    return NULL;
}

typedef struct {
    PyObject_HEAD
    Hub *h;
} HubObject;

static void hub_close_fds(Hub *h)
{
    if (h->epfd >= 0)
        close(h->epfd);
    if (h->wakefd >= 0)
        close(h->wakefd);
    if (h->notifyfd >= 0)
        close(h->notifyfd);
}

static int Hub_init(HubObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "", kwlist))
        return -1;
    if (self->h != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the hub is running already");
        return -1;
    }
    Hub *h = calloc(1, sizeof *h);
    if (h == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    h->epfd = epoll_create1(EPOLL_CLOEXEC);
    h->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    h->notifyfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    pthread_mutex_init(&h->mu, NULL);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &h->wake};
    if (h->epfd < 0 || h->wakefd < 0 || h->notifyfd < 0 ||
            epoll_ctl(h->epfd, EPOLL_CTL_ADD, h->wakefd, &ev) < 0) {
        PyErr_SetFromErrno(PyExc_OSError);
        goto fail;
    }
    int err = pthread_create(&h->thread, NULL, hub_run, h);
    if (err != 0) {
        errno = err;
        PyErr_SetFromErrno(PyExc_OSError);
        goto fail;
    }
    h->started = 1;
    self->h = h;
    return 0;
fail:
    hub_close_fds(h);
    pthread_mutex_destroy(&h->mu);
    free(h);
    return -1;
}

static void Hub_dealloc(HubObject *self)
{
    Hub *h = self->h;
    if (h != NULL) {
        pthread_mutex_lock(&h->mu);
        h->quit = 1;
        pthread_mutex_unlock(&h->mu);
        hub_wake(h->wakefd);
        Py_BEGIN_ALLOW_THREADS
        pthread_join(h->thread, NULL);
        Py_END_ALLOW_THREADS
        while (h->graveyard != NULL) {
            Pipe *next = h->graveyard->next_dead;
            free_pipe(h->graveyard);
            h->graveyard = next;
        }
        hub_close_fds(h);
        pthread_mutex_destroy(&h->mu);
        free(h->stopped);
        free(h);
    }
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Hub_fileno(HubObject *self, PyObject *Py_UNUSED(ignored))
{
    if (self->h == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the hub is not running");
        return NULL;
    }
    return PyLong_FromLong(self->h->notifyfd);
}

/* take_stopped() -> list of the tokens of pipes the thread stopped since the last call. */
static PyObject *Hub_take_stopped(HubObject *self, PyObject *Py_UNUSED(ignored))
{
    Hub *h = self->h;
    if (h == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the hub is not running");
        return NULL;
    }
    uint64_t count;
    ssize_t r = read(h->notifyfd, &count, sizeof count);
    (void)r;
    pthread_mutex_lock(&h->mu);
    size_t n = h->nstopped;
    unsigned long long *tokens = h->stopped;
    h->stopped = NULL;
    h->nstopped = h->capstopped = 0;
    pthread_mutex_unlock(&h->mu);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *t = PyLong_FromUnsignedLongLong(tokens[i]);
        if (t == NULL)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, t);
    }
    free(tokens);
    return list;
}

static PyMethodDef Hub_methods[] = {
    {"fileno", (PyCFunction)Hub_fileno, METH_NOARGS,
     "the eventfd that is readable when the thread stopped a pipe"},
    {"take_stopped", (PyCFunction)Hub_take_stopped, METH_NOARGS,
     "take_stopped() -> [token]: the pipes the thread stopped since the last call"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject HubType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "proxy._relay_core.Hub",
    .tp_basicsize = sizeof(HubObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Hub(): a thread relaying the attached cores' sockets, and its stop queue.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Hub_init,
    .tp_dealloc = (destructor)Hub_dealloc,
    .tp_methods = Hub_methods,
};

/* --- the Core: a session's handle on its pipe ---------------------------------------------- */

typedef struct {
    PyObject_HEAD
    Pipe *p;
    PyObject *hub;              /* the HubObject its sockets are relayed by; None: feed only */
} Core;

static unsigned long long next_token = 1;

static void close_fds(Pipe *c)
{
    if (c->cfd >= 0)
        close(c->cfd);
    if (c->sfd >= 0)
        close(c->sfd);
    c->cfd = c->sfd = -1;
}

static int Core_init(Core *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"hub", NULL};
    PyObject *hub = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O", kwlist, &hub))
        return -1;
    if (hub != Py_None && !PyObject_TypeCheck(hub, &HubType)) {
        PyErr_SetString(PyExc_TypeError, "hub: a Hub or None");
        return -1;
    }
    if (self->p != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the core is made already");
        return -1;
    }
    Pipe *c = calloc(1, sizeof *c);
    if (c == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    pthread_mutex_init(&c->mu, NULL);
    c->cfd = c->sfd = -1;
    c->ready_status = -1;
    c->token = next_token++;
    c->cside.pipe = c->sside.pipe = c;
    c->cside.client = 1;
    c->hub = hub == Py_None ? NULL : ((HubObject *)hub)->h;
    self->p = c;
    Py_INCREF(hub);
    self->hub = hub;
    return 0;
}

static PyObject *Core_attach(Core *self, PyObject *args)
{
    int cfd, sfd, check_ask, check_ddl, batch_open;
    Py_buffer action, entry, pending;
    unsigned long client_max, server_max;
    Pipe *c = self->p;
    if (c == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the core is not initialised");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "iiy*y*kkppy*p", &cfd, &sfd, &action, &entry, &client_max,
                          &server_max, &check_ask, &check_ddl, &pending, &batch_open))
        return NULL;
    PyObject *result = NULL;
    pthread_mutex_lock(&c->mu);
    if (c->state != P_IDLE) {
        PyErr_SetString(PyExc_RuntimeError, "the core is attached already");
        goto done;
    }
    if (action.len != 256 || entry.len != 256) {
        PyErr_SetString(PyExc_ValueError, "the lane tables have 256 entries");
        goto done;
    }
    if (cfd >= 0 && c->hub == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "a core without a hub relays no sockets");
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
        struct epoll_event ce = {.events = EPOLLIN, .data.ptr = &c->cside};
        struct epoll_event se = {.events = EPOLLIN, .data.ptr = &c->sside};
        if (c->sfd < 0 || epoll_ctl(c->hub->epfd, EPOLL_CTL_ADD, c->cfd, &ce) < 0) {
            PyErr_SetFromErrno(PyExc_OSError);
            close_fds(c);
            goto done;
        }
        if (epoll_ctl(c->hub->epfd, EPOLL_CTL_ADD, c->sfd, &se) < 0) {
            PyErr_SetFromErrno(PyExc_OSError);
            epoll_ctl(c->hub->epfd, EPOLL_CTL_DEL, c->cfd, NULL);
            close_fds(c);
            goto done;
        }
    }
    c->state = P_RELAYING;
    result = Py_BuildValue("(ii)", c->cfd, c->sfd);
done:
    pthread_mutex_unlock(&c->mu);
    PyBuffer_Release(&action);
    PyBuffer_Release(&entry);
    PyBuffer_Release(&pending);
    return result;
}

static PyObject *bytes_of(const unsigned char *b, size_t n)
{
    return PyBytes_FromStringAndSize(n ? (const char *)b : "", (Py_ssize_t)n);
}

/* Stop relaying (with c->mu held): out of the hub's epoll, the duplicates closed. */
static void release(Pipe *c)
{
    if (c->state == P_RELAYING && c->cfd >= 0)
        unwatch(c);
    close_fds(c);
    c->state = P_IDLE;
}

static PyObject *Core_detach(Core *self, PyObject *Py_UNUSED(ignored))
{
    Pipe *c = self->p;
    if (c == NULL)
        Py_RETURN_NONE;
    pthread_mutex_lock(&c->mu);
    if (c->state == P_IDLE) {
        pthread_mutex_unlock(&c->mu);
        Py_RETURN_NONE;
    }
    release(c);
    PyObject *r = Py_BuildValue(
        "(zNNNNnnNOiOKK)", c->reason,
        bytes_of(c->up.buf, c->up.unsent), bytes_of(c->down.buf, c->down.unsent),
        bytes_of(c->up.buf + c->up.unsent, c->up.len - c->up.unsent),
        bytes_of(c->down.buf + c->down.unsent, c->down.len - c->down.unsent),
        (Py_ssize_t)c->up.body_left, (Py_ssize_t)c->down.body_left,
        bytes_of(c->q + c->qhead, c->qtail - c->qhead),
        c->batch_open ? Py_True : Py_False, c->ready_status,
        c->executed ? Py_True : Py_False, c->up.bytes, c->down.bytes);
    c->qhead = c->qtail = 0;
    dir_reset(&c->up);
    dir_reset(&c->down);
    pthread_mutex_unlock(&c->mu);
    return r;
}

/* feed(client, data) -> (routed, stopped): the scan over held bytes + data, without sockets. */
static PyObject *Core_feed(Core *self, PyObject *args)
{
    int client;
    Py_buffer data;
    Pipe *c = self->p;
    if (c == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the core is not initialised");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "py*", &client, &data))
        return NULL;
    PyObject *result = NULL;
    Dir *d = client ? &c->up : &c->down;
    pthread_mutex_lock(&c->mu);
    if (c->state != P_RELAYING || c->cfd >= 0 || c->reason != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the core is not relaying without sockets");
        goto done;
    }
    if (reserve(d, (size_t)data.len) < 0) {
        PyErr_NoMemory();
        goto done;
    }
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
    pthread_mutex_unlock(&c->mu);
    PyBuffer_Release(&data);
    return result;
}

/* live() -> (attached, reason, ready_status, up_bytes, down_bytes, last_client_read): the
 * stint's numbers as they are now (the hub thread keeps counting while this runs). */
static PyObject *Core_live(Core *self, PyObject *Py_UNUSED(ignored))
{
    Pipe *c = self->p;
    if (c == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the core is not initialised");
        return NULL;
    }
    pthread_mutex_lock(&c->mu);
    int attached = c->state != P_IDLE;
    const char *reason = c->reason;
    int status = c->ready_status;
    unsigned long long up = c->up.bytes, down = c->down.bytes;
    double seen = c->last_client_read;
    pthread_mutex_unlock(&c->mu);
    return Py_BuildValue("(OziKKd)", attached ? Py_True : Py_False, reason, status, up, down,
                         seen);
}

static PyObject *Core_get_token(Core *self, void *Py_UNUSED(closure))
{
    return PyLong_FromUnsignedLongLong(self->p != NULL ? self->p->token : 0);
}

static int Core_traverse(Core *self, visitproc visit, void *arg)
{
    Py_VISIT(self->hub);
    return 0;
}

static int Core_clear(Core *self)
{
    Py_CLEAR(self->hub);
    return 0;
}

static void Core_dealloc(Core *self)
{
    PyObject_GC_UnTrack(self);
    Pipe *c = self->p;
    self->p = NULL;
    if (c != NULL) {
        pthread_mutex_lock(&c->mu);
        release(c);
        dir_free(&c->up);           /* a stale event only reads the state, under the mutex */
        dir_free(&c->down);
        pthread_mutex_unlock(&c->mu);
        Hub *h = c->hub;
        if (h == NULL) {
            free_pipe(c);
        } else {                    /* the thread frees it after the batch that may name it */
            pthread_mutex_lock(&h->mu);
            c->next_dead = h->graveyard;
            h->graveyard = c;
            pthread_mutex_unlock(&h->mu);
            hub_wake(h->wakefd);
        }
    }
    Core_clear(self);               /* the hub (and its thread) after the pipe is handed over */
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef Core_methods[] = {
    {"attach", (PyCFunction)Core_attach, METH_VARARGS,
     "attach(client_fd, server_fd, actions, entries, client_max, server_max, check_ask, "
     "check_ddl, pending, batch_open) -> (client_dup, server_dup); fds -1: no sockets "
     "(feed only); else the hub's thread relays them from now on"},
    {"detach", (PyCFunction)Core_detach, METH_NOARGS,
     "detach() -> (reason, up_unsent, down_unsent, up_held, down_held, up_body_left, "
     "down_body_left, pending, batch_open, ready_status, executed, up_bytes, down_bytes)"},
    {"feed", (PyCFunction)Core_feed, METH_VARARGS,
     "feed(client, data) -> (routed, stopped): the scan alone, without sockets"},
    {"live", (PyCFunction)Core_live, METH_NOARGS,
     "live() -> (attached, reason, ready_status, up_bytes, down_bytes, last_client_read)"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Core_getset[] = {
    {"token", (getter)Core_get_token, NULL, "names the core in its hub's take_stopped()", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject CoreType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "proxy._relay_core.Core",
    .tp_basicsize = sizeof(Core),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Core(hub=None): one session's plain passthrough, relayed natively.",
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
    if (PyType_Ready(&CoreType) < 0 || PyType_Ready(&HubType) < 0)
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
    Py_INCREF(&HubType);
    if (PyModule_AddObject(m, "Hub", (PyObject *)&HubType) < 0) {
        Py_DECREF(&HubType);
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddIntConstant(m, "HOLD_MAX", HOLD_MAX) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
