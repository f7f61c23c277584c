/* Inner loops of reading a document in C (issue 17), each the exact twin of a Python function
 * kept beside it as the reference and the fallback when this module is not built:
 *
 *   dictionary(sorted_words joined by newlines) -> capsule
 *   cut(text, bounds, dictionary, nonthai_match, two_chars_match) -> list[str]
 *       newmm.cut's graph search (PyThaiNLP's newmm) once the character clusters are known.
 *   score_tokens(tokens, dictionary, short_ok) -> (letters, letters in words)
 *       layer_damage._score_tokens_python: how much of a cut text is dictionary words.
 *   fold(text, same, no_space_before, line_breaks, fold_char) -> (folded, where)
 *       thai._fold_runs_python: text folded for matching, with the offset of each character.
 *   bind(addresses), count_objects(page, max_depth) -> (images, top-level paths)
 *       pdf._count_objects_python: one walk of a page's objects.
 *   page_subpaths(page, max_depth, max_segments, ctm) -> (0, subpaths) | (1, why) | (2, None)
 *       pdf_paths.page_subpaths_python: every painted path of a page as pdfminer reads it.
 *   bounded_texts(textpage, boxes) -> list[str]
 *       pdf_tables.cell_texts_python: PDFium's text in each cell box of a text page.
 *
 * tests/test_speedups.py compares each with its Python twin on every page of the sample site
 * and of the real corpus. Arithmetic is double precision, in the Python twin's order, without
 * fused multiply-add (pyproject.toml builds it with -ffp-contract=off).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GRAPH_SIZE 50 /* pythainlp.tokenize.newmm._MAX_GRAPH_SIZE, as newmm.py */

/* ------------------------------------------------------------------ newmm's graph search */

typedef struct {
    Py_ssize_t *items;
    Py_ssize_t len, cap;
} Ints;

/* room for one more item in a growing array (``*items`` of ``*cap``, ``len`` used); -1 */
static int room(void **items, Py_ssize_t *cap, Py_ssize_t len, size_t item_size) {
    if (len < *cap)
        return 0;
    Py_ssize_t more = *cap ? *cap * 2 : 16;
    void *grown = PyMem_Realloc(*items, more * item_size);
    if (!grown) {
        PyErr_NoMemory();
        return -1;
    }
    *items = grown;
    *cap = more;
    return 0;
}

static int ints_push(Ints *v, Py_ssize_t x) {
    if (room((void **)&v->items, &v->cap, v->len, sizeof(Py_ssize_t)) < 0)
        return -1;
    v->items[v->len++] = x;
    return 0;
}

/* The word list sorted in code point order (``dictionary``): a slice of the text begins a
 * word exactly when the first word not below it begins with it (words that begin with the
 * slice follow one another and come first among those not below it), so this answers what
 * newmm.py asks its dict of every word beginning, without that dict (235,000 entries,
 * ~0.08 s to read in each process). */
/* the words of each first (and second) character of U+0E00-U+0E7F, found once: a lookup
 * searches only those */
#define THAI_BLOCK 0x0E00
#define THAI_BLOCK_SIZE 0x80

typedef struct {
    Py_ssize_t count;
    Py_ssize_t *start; /* word i is chars[start[i]:start[i + 1]] */
    Py_UCS4 *chars;
    Py_ssize_t first[THAI_BLOCK_SIZE + 1]; /* words beginning with U+0E00 + k: [first[k], first[k + 1]) */
    /* of those, the words whose second character is U+0E00 + j: [second[k][j], second[k][j + 1]) */
    Py_ssize_t second[THAI_BLOCK_SIZE][THAI_BLOCK_SIZE + 1];
} Words;

#define WORDS_CAPSULE "oitcrawl.extract._speedups.Words"

static void words_free_struct(Words *w) {
    if (w) {
        PyMem_Free(w->start);
        PyMem_Free(w->chars);
        PyMem_Free(w);
    }
}

static void words_free(PyObject *capsule) {
    words_free_struct(PyCapsule_GetPointer(capsule, WORDS_CAPSULE));
}

/* word i against word i + 1 in code point order: <0, 0 (equal), >0 */
static int words_order(const Words *w, Py_ssize_t i) {
    const Py_UCS4 *a = w->chars + w->start[i], *b = w->chars + w->start[i + 1];
    Py_ssize_t alen = w->start[i + 1] - w->start[i], blen = w->start[i + 2] - w->start[i + 1];
    for (Py_ssize_t j = 0; j < alen && j < blen; j++)
        if (a[j] != b[j])
            return a[j] < b[j] ? -1 : 1;
    return alen < blen ? -1 : (alen > blen ? 1 : 0);
}

/* compare word i with text[b:e]: <0, 0 (equal), >0; *prefix: the slice begins word i */
static int words_compare(const Words *w, Py_ssize_t i, int kind, const void *data, Py_ssize_t b,
                         Py_ssize_t e, int *prefix) {
    const Py_UCS4 *word = w->chars + w->start[i];
    Py_ssize_t wlen = w->start[i + 1] - w->start[i], slen = e - b;
    Py_ssize_t common = wlen < slen ? wlen : slen;
    for (Py_ssize_t j = 0; j < common; j++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, b + j);
        if (word[j] != c) {
            *prefix = 0;
            return word[j] < c ? -1 : 1;
        }
    }
    *prefix = wlen >= slen;
    return wlen < slen ? -1 : (wlen > slen ? 1 : 0);
}

/* What newmm.py's stems.get(text[b:e]) gives: 1 a word, 0 only the beginning of one, -1 the
 * beginning of none. *lo: where to search from (the answer for a shorter slice at b). */
static int words_lookup(const Words *w, int kind, const void *data, Py_ssize_t b, Py_ssize_t e,
                        Py_ssize_t *lo) {
    Py_ssize_t left = *lo, right = w->count;
    Py_UCS4 c = PyUnicode_READ(kind, data, b);
    if (c >= THAI_BLOCK && c < THAI_BLOCK + THAI_BLOCK_SIZE) { /* within its first character's */
        Py_ssize_t k = c - THAI_BLOCK;
        Py_UCS4 c2 = e - b >= 2 ? PyUnicode_READ(kind, data, b + 1) : 0;
        int in_block = c2 >= THAI_BLOCK && c2 < THAI_BLOCK + THAI_BLOCK_SIZE;
        const Py_ssize_t *from = in_block ? &w->second[k][c2 - THAI_BLOCK] : &w->first[k];
        if (left < from[0])
            left = from[0];
        right = from[1];
        if (left >= right) {
            *lo = left;
            return -1;
        }
    }
    int prefix;
    while (left < right) { /* the first word not below the slice */
        Py_ssize_t mid = left + (right - left) / 2;
        if (words_compare(w, mid, kind, data, b, e, &prefix) < 0)
            left = mid + 1;
        else
            right = mid;
    }
    *lo = left;
    if (left == w->count)
        return -1;
    int order = words_compare(w, left, kind, data, b, e, &prefix);
    return order == 0 ? 1 : (prefix ? 0 : -1);
}

/* dictionary(joined) -> the capsule ``cut`` and ``score_tokens`` take: ``joined`` the words in
 * code point order, each once, separated by "\n" (thai.sorted_words, read back from the cache
 * folder as one string: no 62,000 str objects made, sorted and copied in each process);
 * ValueError for an empty word or words out of order. */
static PyObject *dictionary(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "words must be one str, separated by newlines");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg), count = 1;
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    for (Py_ssize_t i = 0; i < n; i++)
        count += PyUnicode_READ(kind, data, i) == '\n';
    Words *w = PyMem_Calloc(1, sizeof(Words));
    if (w) {
        w->count = count;
        w->start = PyMem_Malloc((count + 1) * sizeof(Py_ssize_t));
        w->chars = PyMem_Malloc((n ? n : 1) * sizeof(Py_UCS4));
    }
    if (!w || !w->start || !w->chars) {
        words_free_struct(w);
        return PyErr_NoMemory();
    }
    Py_ssize_t at = 0, word = 0;
    w->start[0] = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        Py_UCS4 c = i < n ? PyUnicode_READ(kind, data, i) : '\n';
        if (c != '\n') {
            w->chars[at++] = c;
            continue;
        }
        w->start[++word] = at;
        const char *why = NULL;
        if (at == w->start[word - 1])
            why = "words must be non-empty";
        else if (word >= 2 && words_order(w, word - 2) >= 0)
            why = "words must be sorted, each once";
        if (why) {
            PyErr_SetString(PyExc_ValueError, why);
            words_free_struct(w);
            return NULL;
        }
    }
    Py_ssize_t i = 0; /* words sorted: each first character's words follow one another */
    for (Py_ssize_t k = 0; k <= THAI_BLOCK_SIZE; k++) {
        while (i < count && w->chars[w->start[i]] < THAI_BLOCK + (Py_UCS4)k)
            i++;
        w->first[k] = i;
    }
    for (Py_ssize_t k = 0; k < THAI_BLOCK_SIZE; k++) { /* and by their second character */
        i = w->first[k];
        for (Py_ssize_t j = 0; j <= THAI_BLOCK_SIZE; j++) {
            while (i < w->first[k + 1] &&
                   (w->start[i + 1] - w->start[i] < 2 ||
                    w->chars[w->start[i] + 1] < THAI_BLOCK + (Py_UCS4)j))
                i++;
            w->second[k][j] = i;
        }
    }
    PyObject *capsule = PyCapsule_New(w, WORDS_CAPSULE, words_free);
    if (!capsule)
        words_free_struct(w);
    return capsule;
}

/* the dictionary in ``capsule`` (TypeError naming what it is not) */
static const Words *words_of(PyObject *capsule) {
    if (!PyCapsule_IsValid(capsule, WORDS_CAPSULE)) {
        PyErr_SetString(PyExc_TypeError, "words must be what dictionary() gives");
        return NULL;
    }
    return PyCapsule_GetPointer(capsule, WORDS_CAPSULE);
}

typedef struct {
    PyObject *text;
    const Words *words;
    int kind;
    const void *data;
    Py_ssize_t n, nb;
    Py_ssize_t *bounds;
    Py_ssize_t *after; /* cluster end -> index of the next cluster end in bounds; -1: none */
    Ints *known;       /* per position: the dictionary words' ends found there */
    char *computed;
} Search;

/* The ends (cluster ends only, shortest first) of the dictionary words at b; NULL on error
 * (KeyError where newmm.py's after[b] would raise it). */
static Ints *ends(Search *s, Py_ssize_t b) {
    if (s->computed[b])
        return &s->known[b];
    Py_ssize_t first = s->after[b];
    if (first < 0) {
        PyObject *key = PyLong_FromSsize_t(b);
        if (key) {
            PyErr_SetObject(PyExc_KeyError, key);
            Py_DECREF(key);
        }
        return NULL;
    }
    Ints *found = &s->known[b];
    Py_ssize_t lo = 0;
    for (Py_ssize_t i = first; i < s->nb; i++) {
        int is_word = words_lookup(s->words, s->kind, s->data, b, s->bounds[i], &lo);
        if (is_word < 0)
            break; /* no longer word starts so */
        if (is_word && ints_push(found, s->bounds[i]) < 0)
            return NULL;
    }
    s->computed[b] = 1;
    return found;
}

/* heapq on distinct ints: the order popped is the same whatever the layout */
static int heap_push(Ints *h, Py_ssize_t x) {
    if (ints_push(h, x) < 0)
        return -1;
    Py_ssize_t i = h->len - 1;
    while (i > 0) {
        Py_ssize_t up = (i - 1) / 2;
        if (h->items[up] <= x)
            break;
        h->items[i] = h->items[up];
        i = up;
    }
    h->items[i] = x;
    return 0;
}

static Py_ssize_t heap_pop(Ints *h) {
    Py_ssize_t top = h->items[0], last = h->items[--h->len], i = 0;
    for (;;) {
        Py_ssize_t child = 2 * i + 1;
        if (child >= h->len)
            break;
        if (child + 1 < h->len && h->items[child + 1] < h->items[child])
            child++;
        if (h->items[child] >= last)
            break;
        h->items[i] = h->items[child];
        i = child;
    }
    if (h->len)
        h->items[i] = last;
    return top;
}

static int heap_has(const Ints *h, Py_ssize_t x) {
    for (Py_ssize_t i = 0; i < h->len; i++)
        if (h->items[i] == x)
            return 1;
    return 0;
}

static int append_token(PyObject *tokens, PyObject *text, Py_ssize_t start, Py_ssize_t end) {
    PyObject *token = PyUnicode_Substring(text, start, end);
    if (!token)
        return -1;
    int rc = PyList_Append(tokens, token);
    Py_DECREF(token);
    return rc;
}

/* pattern.match(text, pos[, endpos]) is not None: 1, 0, or -1 on error */
static int matches(PyObject *match, PyObject *text, Py_ssize_t pos, Py_ssize_t endpos) {
    PyObject *m = endpos < 0 ? PyObject_CallFunction(match, "On", text, pos)
                             : PyObject_CallFunction(match, "Onn", text, pos, endpos);
    if (!m)
        return -1;
    int found = m != Py_None;
    Py_DECREF(m);
    return found;
}

/* newmm.cut after its cluster scan: ``bounds`` the cluster ends (ascending, the last one
 * len(text)), ``words`` the ``dictionary`` capsule of thai.sorted_words(), the two patterns' bound
 * ``match`` methods. */
static PyObject *cut(PyObject *self, PyObject *args) {
    PyObject *text, *bounds_seq, *capsule, *nonthai, *two_chars;
    if (!PyArg_ParseTuple(args, "UOOOO", &text, &bounds_seq, &capsule, &nonthai, &two_chars))
        return NULL;
    const Words *words = words_of(capsule);
    if (!words)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *tokens = PyList_New(0);
    if (!tokens || n == 0)
        return tokens;
    PyObject *fast = PySequence_Fast(bounds_seq, "bounds must be a sequence of ints");
    if (!fast) {
        Py_DECREF(tokens);
        return NULL;
    }
    Search s = {text, words, PyUnicode_KIND(text), PyUnicode_DATA(text), n,
                PySequence_Fast_GET_SIZE(fast), NULL, NULL, NULL, NULL};
    Ints heap = {0}, queue = {0}, nodes = {0}, path = {0};
    /* per position: edges kept in the graph (0: not a node; k + 1: found[:k]); BFS parents */
    Py_ssize_t *graph_k = PyMem_Calloc(n + 1, sizeof(Py_ssize_t));
    Py_ssize_t *parent = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    char *valid = PyMem_Calloc(n + 1, 1);
    s.bounds = PyMem_Malloc((s.nb + 1) * sizeof(Py_ssize_t));
    s.after = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    s.known = PyMem_Calloc(n + 1, sizeof(Ints));
    s.computed = PyMem_Calloc(n + 1, 1);
    if (!graph_k || !parent || !valid || !s.bounds || !s.after || !s.known || !s.computed) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i <= n; i++) {
        s.after[i] = -1;
        parent[i] = -1;
    }
    s.after[0] = 0;
    for (Py_ssize_t i = 0; i < s.nb; i++) {
        Py_ssize_t e = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(fast, i));
        if (e == -1 && PyErr_Occurred())
            goto fail;
        if (e < 1 || e > n || (i && e <= s.bounds[i - 1])) {
            PyErr_SetString(PyExc_ValueError, "bounds must rise within the text");
            goto fail;
        }
        s.bounds[i] = e;
        valid[e] = 1;
        s.after[e] = i + 1;
    }
    Py_ssize_t size = 0, done = 0; /* graph edges; end of the tokens given out */
    if (heap_push(&heap, 0) < 0)
        goto fail;
    while (heap.len && heap.items[0] < n) {
        Py_ssize_t b = heap_pop(&heap);
        Ints *found = ends(&s, b);
        if (!found)
            goto fail;
        if (found->len) {
            if (!graph_k[b] && ints_push(&nodes, b) < 0)
                goto fail;
            Py_ssize_t k = 0;
            for (Py_ssize_t j = 0; j < found->len; j++) {
                Py_ssize_t e = found->items[j];
                k++;
                size++;
                if (!heap_has(&heap, e) && heap_push(&heap, e) < 0)
                    goto fail;
                if (size > MAX_GRAPH_SIZE)
                    break;
            }
            graph_k[b] = k + 1;
        }
        if (heap.len == 1 && b == done && nodes.len == 1) { /* one word, nothing else seen */
            if (append_token(tokens, text, done, heap.items[0]) < 0)
                goto fail;
            done = heap.items[0];
            size = 0;
            for (Py_ssize_t j = 0; j < nodes.len; j++)
                graph_k[nodes.items[j]] = 0;
            nodes.len = 0;
        } else if (heap.len == 1) { /* one candidate left: the first breadth-first path to it */
            Py_ssize_t goal = heap.items[0], qi = 0;
            queue.len = 0;
            parent[done] = done;
            if (ints_push(&queue, done) < 0)
                goto fail;
            while (parent[goal] < 0) {
                if (qi >= queue.len) {
                    PyErr_SetString(PyExc_IndexError, "list index out of range");
                    goto fail;
                }
                Py_ssize_t v = queue.items[qi++];
                Py_ssize_t k = graph_k[v] ? graph_k[v] - 1 : 0;
                for (Py_ssize_t j = 0; j < k; j++) {
                    Py_ssize_t q = s.known[v].items[j];
                    if (q == goal || parent[q] < 0) {
                        parent[q] = v;
                        if (q == goal)
                            break;
                        if (ints_push(&queue, q) < 0)
                            goto fail;
                    }
                }
            }
            path.len = 0;
            if (ints_push(&path, goal) < 0)
                goto fail;
            while (path.items[path.len - 1] != done)
                if (ints_push(&path, parent[path.items[path.len - 1]]) < 0)
                    goto fail;
            for (Py_ssize_t i = path.len - 1; i > 0; i--)
                if (append_token(tokens, text, path.items[i], path.items[i - 1]) < 0)
                    goto fail;
            parent[done] = -1;
            for (Py_ssize_t j = 0; j < queue.len; j++)
                parent[queue.items[j]] = -1;
            /* every other position given a parent is a neighbour of a queued one */
            for (Py_ssize_t j = 0; j < queue.len; j++) {
                Py_ssize_t v = queue.items[j];
                Py_ssize_t k = graph_k[v] ? graph_k[v] - 1 : 0;
                for (Py_ssize_t i = 0; i < k; i++)
                    parent[s.known[v].items[i]] = -1;
            }
            done = goal;
            size = 0;
            for (Py_ssize_t j = 0; j < nodes.len; j++)
                graph_k[nodes.items[j]] = 0;
            nodes.len = 0;
        } else if (heap.len == 0) { /* no word here: skip to where one starts, or past non-Thai */
            PyObject *m = PyObject_CallFunction(nonthai, "On", text, b);
            if (!m)
                goto fail;
            int nonthai_here = m != Py_None;
            if (nonthai_here) {
                PyObject *end = PyObject_CallMethod(m, "end", NULL);
                Py_DECREF(m);
                if (!end)
                    goto fail;
                done = PyLong_AsSsize_t(end);
                Py_DECREF(end);
                if (done == -1 && PyErr_Occurred())
                    goto fail;
            } else {
                Py_DECREF(m);
                done = b + 1;
            }
            while (!nonthai_here && done < n) { /* to the first cluster end where a word (not */
                if (valid[done]) {              /* two consonants alone) or non-Thai starts */
                    Ints *at = ends(&s, done);
                    if (!at)
                        goto fail;
                    if (at->len) {
                        int stop = at->items[at->len - 1] - done > 2;
                        for (Py_ssize_t j = 0; !stop && j < at->len; j++) {
                            int two = matches(two_chars, text, done, at->items[j]);
                            if (two < 0)
                                goto fail;
                            stop = !two;
                        }
                        if (stop)
                            break;
                    }
                    int other = matches(nonthai, text, done, -1);
                    if (other < 0)
                        goto fail;
                    if (other)
                        break;
                }
                done++;
            }
            size = 0;
            for (Py_ssize_t j = 0; j < nodes.len; j++)
                graph_k[nodes.items[j]] = 0;
            nodes.len = 0;
            if (append_token(tokens, text, b, done) < 0 || heap_push(&heap, done) < 0)
                goto fail;
        }
    }
    goto out;
fail:
    Py_CLEAR(tokens);
out:
    if (s.known)
        for (Py_ssize_t i = 0; i <= n; i++)
            PyMem_Free(s.known[i].items);
    PyMem_Free(s.known);
    PyMem_Free(s.computed);
    PyMem_Free(s.after);
    PyMem_Free(s.bounds);
    PyMem_Free(graph_k);
    PyMem_Free(parent);
    PyMem_Free(valid);
    PyMem_Free(heap.items);
    PyMem_Free(queue.items);
    PyMem_Free(nodes.items);
    PyMem_Free(path.items);
    Py_DECREF(fast);
    return tokens;
}

/* layer_damage._score_tokens_python: (Thai letters, of those in dictionary words) of tokens;
 * ``words`` the ``dictionary`` capsule, ``short_ok`` a frozenset of the short words that count
 * whole whatever their length */
static PyObject *score_tokens(PyObject *self, PyObject *args) {
    PyObject *tokens, *capsule, *short_ok;
    if (!PyArg_ParseTuple(args, "OOO!", &tokens, &capsule, &PyFrozenSet_Type, &short_ok))
        return NULL;
    const Words *words = words_of(capsule);
    if (!words)
        return NULL;
    Py_ssize_t longest = 0; /* the longest short word: longer tokens are not looked up */
    PyObject *iter = PyObject_GetIter(short_ok), *item;
    if (!iter)
        return NULL;
    while ((item = PyIter_Next(iter))) {
        if (PyUnicode_Check(item) && PyUnicode_GET_LENGTH(item) > longest)
            longest = PyUnicode_GET_LENGTH(item);
        Py_DECREF(item);
    }
    Py_DECREF(iter);
    if (PyErr_Occurred())
        return NULL;
    PyObject *fast = PySequence_Fast(tokens, "tokens must be a sequence of str");
    if (!fast)
        return NULL;
    long long total = 0, good = 0;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(fast);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *tok = PySequence_Fast_GET_ITEM(fast, i);
        if (!PyUnicode_Check(tok)) {
            PyErr_SetString(PyExc_TypeError, "tokens must be str");
            goto fail;
        }
        Py_ssize_t start = 0, end = PyUnicode_GET_LENGTH(tok), letters = 0;
        int kind = PyUnicode_KIND(tok);
        const void *data = PyUnicode_DATA(tok);
        while (start < end && PyUnicode_READ(kind, data, start) == ' ') /* tok.strip(" ") */
            start++;
        while (end > start && PyUnicode_READ(kind, data, end - 1) == ' ')
            end--;
        for (Py_ssize_t j = start; j < end; j++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, j);
            letters += ch >= 0x0E01 && ch <= 0x0E4E; /* layer_damage._THAI_LETTER_RE */
        }
        if (!letters) /* (a token of Thai digits alone has no letter either) */
            continue;
        total += letters;
        int is_short = 0, is_word = 0;
        if (end - start <= longest) {
            PyObject *word = (start == 0 && end == PyUnicode_GET_LENGTH(tok))
                                 ? Py_NewRef(tok)
                                 : PyUnicode_Substring(tok, start, end);
            if (!word)
                goto fail;
            is_short = PySet_Contains(short_ok, word);
            Py_DECREF(word);
            if (is_short < 0)
                goto fail;
        }
        if (!is_short && letters >= 2) {
            Py_ssize_t lo = 0;
            is_word = words_lookup(words, kind, data, start, end, &lo) == 1;
        }
        if (is_short || (letters >= 3 && is_word))
            good += letters;
        else if (letters == 2 && is_word)
            good += 1;
    }
    Py_DECREF(fast);
    return Py_BuildValue("(LL)", total, good);
fail:
    Py_DECREF(fast);
    return NULL;
}

/* ------------------------------------------------------------------ folding with offsets */

/* thai._fold_runs_python: ``text`` (its one-to-one characters already folded) folded for
 * matching, with the offset each folded character came from. ``same``: 256 bytes, 1 for the
 * one-to-one characters of U+0000-U+007F then of U+0E00-U+0E7F (copied as they are);
 * whitespace runs become one " " or "\n" (``line_breaks``); no whitespace is kept before a
 * character of ``no_space_before``; any other character is folded by ``fold_char``. */
/* room in ``fold``'s output for ``extra`` more characters; -1 */
static int fold_room(Py_UCS4 **out, Py_ssize_t **from, Py_ssize_t len, Py_ssize_t *cap,
                     Py_ssize_t extra) {
    if (len + extra <= *cap)
        return 0;
    Py_ssize_t more = (len + extra) * 2;
    Py_UCS4 *o = PyMem_Realloc(*out, more * sizeof(Py_UCS4));
    if (!o) {
        PyErr_NoMemory();
        return -1;
    }
    *out = o;
    Py_ssize_t *w = PyMem_Realloc(*from, more * sizeof(Py_ssize_t));
    if (!w) {
        PyErr_NoMemory();
        return -1;
    }
    *from = w;
    *cap = more;
    return 0;
}

static PyObject *fold(PyObject *self, PyObject *args) {
    PyObject *text, *no_space, *breaks, *fold_char;
    Py_buffer same;
    if (!PyArg_ParseTuple(args, "Uy*UUO", &text, &same, &no_space, &breaks, &fold_char))
        return NULL;
    PyObject *where = NULL, *folded = NULL, *result = NULL;
    Py_UCS4 *out = NULL;
    Py_ssize_t *from = NULL, n = PyUnicode_GET_LENGTH(text), len = 0, cap = 0;
    Py_ssize_t n_no_space = PyUnicode_GET_LENGTH(no_space), n_breaks = PyUnicode_GET_LENGTH(breaks);
    if (same.len != 256) {
        PyErr_SetString(PyExc_ValueError, "same must be 256 bytes");
        goto done;
    }
    const unsigned char *one = same.buf;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
#define LAST_IS_SPACE (len && (out[len - 1] == ' ' || out[len - 1] == '\n'))
#define NO_SPACE_BEFORE(ch) (PyUnicode_FindChar(no_space, (ch), 0, n_no_space, 1) >= 0)
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        int copied = (c < 0x80 && one[c]) || (c >= 0x0E00 && c < 0x0E80 && one[0x80 + c - 0x0E00]);
        if (copied || Py_UNICODE_ISSPACE(c)) {
            if (fold_room(&out, &from, len, &cap, 1) < 0)
                goto done;
            if (copied) {
                if (LAST_IS_SPACE && NO_SPACE_BEFORE(c))
                    len--;
                out[len] = c;
                from[len++] = i;
                continue;
            }
            Py_UCS4 ws = PyUnicode_FindChar(breaks, c, 0, n_breaks, 1) >= 0 ? '\n' : ' ';
            if (LAST_IS_SPACE) {
                if (ws == '\n')
                    out[len - 1] = '\n';
                continue;
            }
            out[len] = ws;
            from[len++] = i;
            continue;
        }
        PyObject *ch = PyUnicode_FromOrdinal(c);
        PyObject *f = ch ? PyObject_CallOneArg(fold_char, ch) : NULL;
        Py_XDECREF(ch);
        if (!f)
            goto done;
        if (!PyUnicode_Check(f)) {
            Py_DECREF(f);
            PyErr_SetString(PyExc_TypeError, "fold_char must give str");
            goto done;
        }
        Py_ssize_t flen = PyUnicode_GET_LENGTH(f);
        if (fold_room(&out, &from, len, &cap, flen) < 0) {
            Py_DECREF(f);
            goto done;
        }
        for (Py_ssize_t j = 0; j < flen; j++) {
            Py_UCS4 g = PyUnicode_READ_CHAR(f, j);
            if (LAST_IS_SPACE && NO_SPACE_BEFORE(g))
                len--;
            out[len] = g;
            from[len++] = i;
        }
        Py_DECREF(f);
    }
#undef LAST_IS_SPACE
#undef NO_SPACE_BEFORE
    folded = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out ? (void *)out : (void *)"", len);
    where = PyList_New(len);
    if (!folded || !where)
        goto done;
    for (Py_ssize_t j = 0; j < len; j++) {
        PyObject *offset = PyLong_FromSsize_t(from[j]);
        if (!offset)
            goto done;
        PyList_SET_ITEM(where, j, offset);
    }
    result = PyTuple_Pack(2, folded, where);
done:
    Py_XDECREF(folded);
    Py_XDECREF(where);
    PyMem_Free(out);
    PyMem_Free(from);
    PyBuffer_Release(&same);
    return result;
}

/* ------------------------------------------------------------------ PDFium page objects */

/* PDFium's calls (fpdfview.h, fpdf_edit.h) from pypdfium2's library, bound once by pdf_paths
 * (``bind``) in this order. FS_MATRIX is six floats; FPDF_BOOL an int. */
static struct {
    int (*page_count)(void *page);                       /* FPDFPage_CountObjects */
    void *(*page_object)(void *page, int index);         /* FPDFPage_GetObject */
    int (*object_type)(void *object);                    /* FPDFPageObj_GetType */
    int (*form_count)(void *form);                       /* FPDFFormObj_CountObjects */
    void *(*form_object)(void *form, unsigned long index); /* FPDFFormObj_GetObject */
    int (*matrix)(void *object, float *fs_matrix);       /* FPDFPageObj_GetMatrix */
    int (*draw_mode)(void *path, int *fill, int *stroke); /* FPDFPath_GetDrawMode */
    int (*count_segments)(void *path);                   /* FPDFPath_CountSegments */
    void *(*segment)(void *path, int index);             /* FPDFPath_GetPathSegment */
    int (*point)(void *segment, float *x, float *y);     /* FPDFPathSegment_GetPoint */
    int (*segment_type)(void *segment);                  /* FPDFPathSegment_GetType */
    int (*closes)(void *segment);                        /* FPDFPathSegment_GetClose */
    int (*bounded_text)(void *textpage, double left, double top, double right, double bottom,
                        unsigned short *buffer, int buflen); /* FPDFText_GetBoundedText */
} pdfium;

#define PDFIUM_CALLS 13
enum { OBJ_PATH = 2, OBJ_IMAGE = 3, OBJ_FORM = 5 };                     /* FPDF_PAGEOBJ_* */
enum { SEGMENT_LINETO = 0, SEGMENT_BEZIERTO = 1, SEGMENT_MOVETO = 2 }; /* FPDF_SEGMENT_* */
enum { FILLMODE_NONE = 0 };                                            /* FPDF_FILLMODE_NONE */

static PyObject *bind(PyObject *self, PyObject *arg) {
    void *calls[PDFIUM_CALLS];
    if (!PyTuple_Check(arg) || PyTuple_GET_SIZE(arg) != PDFIUM_CALLS) {
        PyErr_Format(PyExc_TypeError, "bind takes a tuple of %d addresses", PDFIUM_CALLS);
        return NULL;
    }
    for (int i = 0; i < PDFIUM_CALLS; i++) {
        calls[i] = PyLong_AsVoidPtr(PyTuple_GET_ITEM(arg, i));
        if (!calls[i]) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "a PDFium call's address is null");
            return NULL;
        }
    }
    memcpy(&pdfium, calls, sizeof(pdfium));
    Py_RETURN_NONE;
}

static int bound(void) {
    if (!pdfium.page_count) {
        PyErr_SetString(PyExc_RuntimeError, "PDFium's calls are not bound (bind)");
        return 0;
    }
    return 1;
}

/* pdf_tables.cell_texts_python: PDFium's text inside each (left, top, right, bottom) box of
 * ``boxes`` (PDF units, y up), decoded as pypdfium2's get_text_bounded decodes it (UTF-16-LE,
 * undecodable units ignored); "" for a box holding no text. */
static PyObject *bounded_texts(PyObject *self, PyObject *args) {
    unsigned long long address;
    PyObject *boxes;
    if (!PyArg_ParseTuple(args, "KO", &address, &boxes) || !bound())
        return NULL;
    PyObject *fast = PySequence_Fast(boxes, "boxes must be a sequence of 4-tuples");
    if (!fast)
        return NULL;
    void *textpage = (void *)(uintptr_t)address;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(fast);
    PyObject *out = PyList_New(count);
    unsigned short *buffer = NULL;
    int capacity = 0;
    if (!out)
        goto fail;
    for (Py_ssize_t i = 0; i < count; i++) {
        double left, top, right, bottom;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, i), "dddd", &left, &top, &right,
                              &bottom))
            goto fail;
        int n = pdfium.bounded_text(textpage, left, top, right, bottom, NULL, 0);
        PyObject *text;
        if (n <= 0) {
            text = PyUnicode_New(0, 0);
        } else {
            if (n > capacity) {
                unsigned short *grown = PyMem_Realloc(buffer, (size_t)n * sizeof(unsigned short));
                if (!grown) {
                    PyErr_NoMemory();
                    goto fail;
                }
                buffer = grown;
                capacity = n;
            }
            pdfium.bounded_text(textpage, left, top, right, bottom, buffer, n);
            int little = -1;
            text = PyUnicode_DecodeUTF16((const char *)buffer, (Py_ssize_t)n * 2, "ignore", &little);
        }
        if (!text)
            goto fail;
        PyList_SET_ITEM(out, i, text);
    }
    PyMem_Free(buffer);
    Py_DECREF(fast);
    return out;
fail:
    PyMem_Free(buffer);
    Py_XDECREF(out);
    Py_DECREF(fast);
    return NULL;
}

/* pdf._count_objects: (images on the page and in its form XObjects entered up to max_depth,
 * top-level paths) */
static void count_in_form(void *form, int depth, int max_depth, long *images) {
    if (depth > max_depth)
        return;
    int n = pdfium.form_count(form);
    for (int i = 0; i < n; i++) {
        void *child = pdfium.form_object(form, (unsigned long)i);
        int kind = pdfium.object_type(child);
        if (kind == OBJ_IMAGE)
            (*images)++;
        else if (kind == OBJ_FORM)
            count_in_form(child, depth + 1, max_depth, images);
    }
}

static PyObject *count_objects(PyObject *self, PyObject *args) {
    unsigned long long address;
    int max_depth;
    if (!PyArg_ParseTuple(args, "Ki", &address, &max_depth) || !bound())
        return NULL;
    void *page = (void *)(uintptr_t)address;
    long images = 0, paths = 0;
    int n = pdfium.page_count(page);
    for (int i = 0; i < n; i++) {
        void *object = pdfium.page_object(page, i);
        int kind = pdfium.object_type(object);
        if (kind == OBJ_IMAGE)
            images++;
        else if (kind == OBJ_PATH)
            paths++;
        else if (kind == OBJ_FORM)
            count_in_form(object, 1, max_depth, &images);
    }
    return Py_BuildValue("(ll)", images, paths);
}

typedef double Matrix[6];

/* pdf_paths._then: m followed by n (row vectors: p·m·n), in its order of operations */
static void then(const Matrix m, const Matrix n, Matrix out) {
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
    double a2 = n[0], b2 = n[1], c2 = n[2], d2 = n[3], e2 = n[4], f2 = n[5];
    out[0] = a * a2 + b * c2;
    out[1] = a * b2 + b * d2;
    out[2] = c * a2 + d * c2;
    out[3] = c * b2 + d * d2;
    out[4] = e * a2 + f * c2 + e2;
    out[5] = e * b2 + f * d2 + f2;
}

typedef struct {
    void *path;
    Matrix m; /* the path's matrix to page space */
} Painted;

typedef struct {
    Painted *items;
    Py_ssize_t len, cap;
} PaintedList;

/* pdf_paths._painted_paths' walk; 0, 1 with *why (Unsettled), -1 on a Python error */
static int walk(void *holder, int is_page, const Matrix parent, int depth, int max_depth,
                PaintedList *out, const char **why) {
    int n = is_page ? pdfium.page_count(holder) : pdfium.form_count(holder);
    for (int i = 0; i < n; i++) {
        void *object = is_page ? pdfium.page_object(holder, i)
                               : pdfium.form_object(holder, (unsigned long)i);
        int kind = pdfium.object_type(object);
        if (kind != OBJ_PATH && kind != OBJ_FORM)
            continue;
        int fill = 0, stroke = 0;
        if (kind == OBJ_PATH) {
            if (!pdfium.draw_mode(object, &fill, &stroke)) {
                *why = "path draw mode unreadable";
                return 1;
            }
            if (fill == FILLMODE_NONE && !stroke)
                continue;
        } else if (depth >= max_depth) {
            *why = "form XObjects nested too deep";
            return 1;
        }
        float fs[6];
        if (!pdfium.matrix(object, fs)) {
            *why = "object matrix unreadable";
            return 1;
        }
        Matrix own = {fs[0], fs[1], fs[2], fs[3], fs[4], fs[5]}, m;
        then(own, parent, m);
        if (kind == OBJ_FORM) {
            int rc = walk(object, 0, m, depth + 1, max_depth, out, why);
            if (rc)
                return rc;
            continue;
        }
        if (room((void **)&out->items, &out->cap, out->len, sizeof(Painted)) < 0)
            return -1;
        out->items[out->len].path = object;
        memcpy(out->items[out->len].m, m, sizeof(Matrix));
        out->len++;
    }
    return 0;
}

typedef struct {
    char *ops;
    Py_ssize_t len, cap;
} Ops;

static int ops_push(Ops *o, char op) {
    if (room((void **)&o->ops, &o->cap, o->len, 1) < 0)
        return -1;
    o->ops[o->len++] = op;
    return 0;
}

/* append (shape, points) to subpaths and start afresh; -1 on error */
static int flush(PyObject *subpaths, Ops *ops, PyObject **pts) {
    PyObject *shape = PyUnicode_FromStringAndSize(ops->ops, ops->len);
    if (!shape)
        return -1;
    PyObject *item = PyTuple_Pack(2, shape, *pts);
    Py_DECREF(shape);
    if (!item)
        return -1;
    int rc = PyList_Append(subpaths, item);
    Py_DECREF(item);
    Py_CLEAR(*pts);
    ops->len = 0;
    return rc;
}

/* pdf_paths._subpaths_python of one path through matrix m, its subpaths appended to out;
 * 0, 1 with *why (Unsettled), -1 on a Python error */
static int read_path(void *path, const Matrix m, PyObject *out, const char **why) {
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
    int n = pdfium.count_segments(path), pending_bezier = 0, rc = -1;
    if (n < 0) {
        *why = "path segments unreadable";
        return 1;
    }
    PyObject *pts = NULL;
    Ops ops = {0};
    for (int i = 0; i < n; i++) {
        void *seg = pdfium.segment(path, i);
        float x, y;
        if (!seg || !pdfium.point(seg, &x, &y)) {
            *why = "path segment unreadable";
            goto unsettled;
        }
        int kind = pdfium.segment_type(seg);
        double px = x, py = y;
        double X = a * px + c * py + e, Y = b * px + d * py + f;
        if (kind == SEGMENT_MOVETO) {
            if (ops.len && flush(out, &ops, &pts) < 0)
                goto done;
            Py_CLEAR(pts);
            pts = PyList_New(0);
            if (!pts || ops_push(&ops, 'm') < 0)
                goto done;
            pending_bezier = 0;
        } else if (!ops.len) {
            *why = "path does not start with a move";
            goto unsettled;
        } else if (kind == SEGMENT_LINETO) {
            if (pending_bezier) {
                *why = "incomplete B\xc3\xa9zier segment";
                goto unsettled;
            }
            if (ops_push(&ops, 'l') < 0)
                goto done;
        } else if (kind == SEGMENT_BEZIERTO) {
            if (++pending_bezier < 3) /* two control points, then the end point */
                continue;
            pending_bezier = 0;
            if (ops_push(&ops, 'c') < 0)
                goto done;
        } else {
            *why = "unknown path segment type";
            goto unsettled;
        }
        PyObject *pt = Py_BuildValue("(dd)", X, Y);
        if (!pt)
            goto done;
        int appended = PyList_Append(pts, pt);
        Py_DECREF(pt);
        if (appended < 0)
            goto done;
        if (kind != SEGMENT_MOVETO && pdfium.closes(seg)) {
            if (ops_push(&ops, 'h') < 0 || PyList_Append(pts, PyList_GET_ITEM(pts, 0)) < 0)
                goto done;
        }
    }
    if (pending_bezier) {
        *why = "incomplete B\xc3\xa9zier segment";
        goto unsettled;
    }
    rc = ops.len && flush(out, &ops, &pts) < 0 ? -1 : 0;
    goto done;
unsettled:
    rc = 1;
done:
    Py_XDECREF(pts);
    PyMem_Free(ops.ops);
    return rc;
}

/* pdf_paths.page_subpaths: every painted path's subpaths, in content order, through its
 * matrix and then ``ctm``: (0, [(shape, points), ...]), (1, reason) when the page cannot be
 * read as pdfminer reads it (Unsettled), (2, None) past max_segments (TooComplex). */
static PyObject *page_subpaths(PyObject *self, PyObject *args) {
    unsigned long long address;
    int max_depth;
    long long max_segments;
    Matrix ctm;
    if (!PyArg_ParseTuple(args, "KiL(dddddd)", &address, &max_depth, &max_segments, &ctm[0],
                          &ctm[1], &ctm[2], &ctm[3], &ctm[4], &ctm[5]) ||
        !bound())
        return NULL;
    static const Matrix identity = {1.0, 0.0, 0.0, 1.0, 0.0, 0.0};
    PaintedList painted = {0};
    const char *why = NULL;
    PyObject *out = NULL, *result = NULL;
    int rc = walk((void *)(uintptr_t)address, 1, identity, 0, max_depth, &painted, &why);
    if (rc < 0)
        goto done;
    if (rc == 0) {
        out = PyList_New(0);
        if (!out)
            goto done;
        long long segments = 0;
        for (Py_ssize_t i = 0; i < painted.len && rc == 0; i++) {
            int count = pdfium.count_segments(painted.items[i].path);
            segments += count > 0 ? count : 0;
            if (segments > max_segments) {
                result = Py_BuildValue("(iO)", 2, Py_None);
                goto done;
            }
            Matrix m;
            then(painted.items[i].m, ctm, m);
            rc = read_path(painted.items[i].path, m, out, &why);
        }
        if (rc < 0)
            goto done;
    }
    result = rc ? Py_BuildValue("(is)", 1, why) : Py_BuildValue("(iO)", 0, out);
done:
    Py_XDECREF(out);
    PyMem_Free(painted.items);
    return result;
}

static PyMethodDef methods[] = {
    {"dictionary", dictionary, METH_O, "The capsule of sorted words that cut looks words up in."},
    {"cut", cut, METH_VARARGS, "newmm.cut's graph search once the clusters are known."},
    {"score_tokens", score_tokens, METH_VARARGS, "layer_damage's letters in words of tokens."},
    {"fold", fold, METH_VARARGS, "thai's folding for matching, with offsets."},
    {"bind", bind, METH_O, "Bind PDFium's calls (their addresses, in the order of pdf_paths)."},
    {"count_objects", count_objects, METH_VARARGS, "pdf._count_objects of a page's address."},
    {"page_subpaths", page_subpaths, METH_VARARGS, "pdf_paths' subpaths of a whole page."},
    {"bounded_texts", bounded_texts, METH_VARARGS, "PDFium's text in each box of a text page."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "oitcrawl.extract._speedups",
    "Inner loops of newmm and of PDFium's path reading in C (issue 17).", -1, methods,
};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
