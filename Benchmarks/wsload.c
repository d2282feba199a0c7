// wsload: a WebSocket load generator and echo server for benchmarking `gatewire proxy` on loopback.
//
// It is a test peer, not product code: just enough RFC 6455 to drive a proxy faster than the proxy can go.
// One thread, epoll, non-blocking sockets, so its own cost per message is a few microseconds.
//
//   wsload echo  PORT                                   echo every data frame back, unmasked, same opcode
//   wsload load  PORT [options]                         connect, upgrade, send masked text frames, read echoes
//       --conns N      connections (default 50)
//       --mode M       closed (one message in flight per connection), pipeline (DEPTH in flight per
//                      connection), open (RATE messages/s in total on a fixed schedule, whatever comes back)
//       --depth D      messages in flight per connection in pipeline mode (default 16)
//       --rate R       messages per second in open mode (default 1000)
//       --size S       message size in bytes (default 128): JSON {"seq":N,"action":"bench","pad":"…"}
//       --warmup S     seconds before measuring (default 1)
//       --seconds S    seconds measured (default 5)
//       --path P       request path (default /bench)
//   wsload idle  PORT --conns N --seconds S             open N upgraded connections, hold them S seconds, close
//
// `load` prints one line: key=value pairs (echoes and echoes_per_s in the measured window, p50_us, p99_us, p999_us,
// max_us, gen_cpu_s, errors, total_echoes over the whole run including warmup).
// Latency is measured from when a message was due (open mode: its slot in the schedule; otherwise when it was
// sent) to when its echo was read, so a stalled proxy cannot hide its stall. Everything stops by itself: the run
// ends after warmup + seconds, and a connection or handshake that does not complete within 10 s is an error.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void fail(const char *what) {
    perror(what);
    exit(2);
}

// A growable byte buffer with a read position.
typedef struct {
    uint8_t *data;
    size_t start, end, cap;
} buf_t;

static void buf_reserve(buf_t *b, size_t more) {
    if (b->start > 0 && b->start == b->end) b->start = b->end = 0;
    if (b->end + more <= b->cap) return;
    if (b->start > 0) {
        memmove(b->data, b->data + b->start, b->end - b->start);
        b->end -= b->start;
        b->start = 0;
        if (b->end + more <= b->cap) return;
    }
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->end + more) cap *= 2;
    b->data = realloc(b->data, cap);
    if (!b->data) fail("realloc");
    b->cap = cap;
}

static void buf_append(buf_t *b, const void *p, size_t n) {
    buf_reserve(b, n);
    memcpy(b->data + b->end, p, n);
    b->end += n;
}

static size_t buf_len(const buf_t *b) { return b->end - b->start; }

static void set_nonblocking(int fd) {
    int one = 1;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Reads what is available into `in`; returns 0 on EOF or error, 1 otherwise.
static int read_into(int fd, buf_t *in) {
    for (;;) {
        buf_reserve(in, 65536);
        ssize_t n = read(fd, in->data + in->end, in->cap - in->end);
        if (n > 0) {
            in->end += (size_t)n;
            if ((size_t)n < 65536) return 1;
            continue;
        }
        if (n == 0) return 0;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 1;
        if (errno == EINTR) continue;
        return 0;
    }
}

// Writes what it can of `out`; returns 0 on error.
static int flush_out(int fd, buf_t *out) {
    while (buf_len(out) > 0) {
        ssize_t n = write(fd, out->data + out->start, buf_len(out));
        if (n > 0) {
            out->start += (size_t)n;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 1;
        if (n < 0 && errno == EINTR) continue;
        return 0;
    }
    out->start = out->end = 0;
    return 1;
}

// One parsed frame header. Returns the header length, 0 if more bytes are needed.
typedef struct {
    int fin, opcode, masked;
    uint64_t len;
    uint8_t key[4];
} frame_t;

static size_t parse_header(const uint8_t *p, size_t avail, frame_t *f) {
    if (avail < 2) return 0;
    f->fin = p[0] >> 7;
    f->opcode = p[0] & 0x0f;
    f->masked = p[1] >> 7;
    uint64_t len = p[1] & 0x7f;
    size_t h = 2;
    if (len == 126) {
        if (avail < 4) return 0;
        len = ((uint64_t)p[2] << 8) | p[3];
        h = 4;
    } else if (len == 127) {
        if (avail < 10) return 0;
        len = 0;
        for (int i = 0; i < 8; i++) len = (len << 8) | p[2 + i];
        h = 10;
    }
    if (f->masked) {
        if (avail < h + 4) return 0;
        memcpy(f->key, p + h, 4);
        h += 4;
    }
    f->len = len;
    return h;
}

static size_t put_header(uint8_t *p, int fin_opcode, uint64_t len, const uint8_t *key) {
    size_t h = 2;
    p[0] = (uint8_t)fin_opcode;
    if (len < 126) {
        p[1] = (uint8_t)len;
    } else if (len < 65536) {
        p[1] = 126;
        p[2] = (uint8_t)(len >> 8);
        p[3] = (uint8_t)len;
        h = 4;
    } else {
        p[1] = 127;
        for (int i = 0; i < 8; i++) p[2 + i] = (uint8_t)(len >> (56 - 8 * i));
        h = 10;
    }
    if (key) {
        p[1] |= 0x80;
        memcpy(p + h, key, 4);
        h += 4;
    }
    return h;
}

// XORs `n` bytes with the 4-byte key starting at key offset 0, eight bytes at a time.
static void mask_bytes(uint8_t *p, size_t n, const uint8_t key[4]) {
    uint64_t k8;
    uint8_t k[8] = {key[0], key[1], key[2], key[3], key[0], key[1], key[2], key[3]};
    memcpy(&k8, k, 8);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        v ^= k8;
        memcpy(p + i, &v, 8);
    }
    for (; i < n; i++) p[i] ^= key[i & 3];
}

// ---- SHA-1 and base64, for the echo server's Sec-WebSocket-Accept (RFC 6455 §4.2.2) ----

static uint32_t rol(uint32_t v, int s) { return (v << s) | (v >> (32 - s)); }

static void sha1(const uint8_t *msg, size_t len, uint8_t out[20]) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    size_t total = ((len + 8) / 64 + 1) * 64;
    uint8_t *m = calloc(total, 1);
    memcpy(m, msg, len);
    m[len] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) m[total - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t off = 0; off < total; off += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; i++)
            w[i] = ((uint32_t)m[off + 4 * i] << 24) | ((uint32_t)m[off + 4 * i + 1] << 16) |
                   ((uint32_t)m[off + 4 * i + 2] << 8) | m[off + 4 * i + 3];
        for (int i = 16; i < 80; i++) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; i++) {
            uint32_t f, k;
            if (i < 20) f = (b & c) | (~b & d), k = 0x5A827999;
            else if (i < 40) f = b ^ c ^ d, k = 0x6ED9EBA1;
            else if (i < 60) f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
            else f = b ^ c ^ d, k = 0xCA62C1D6;
            uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d, d = c, c = rol(b, 30), b = a, a = t;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
    }
    free(m);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++) out[4 * i + j] = (uint8_t)(h[i] >> (24 - 8 * j));
}

static void base64(const uint8_t *in, size_t n, char *out) {
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n) v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n) v |= in[i + 2];
        out[o++] = t[(v >> 18) & 63];
        out[o++] = t[(v >> 12) & 63];
        out[o++] = i + 1 < n ? t[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? t[v & 63] : '=';
    }
    out[o] = 0;
}

// ---- echo server ----

typedef struct {
    int fd, upgraded, want_out;
    buf_t in, out;
} peer_t;

static void echo_close(int ep, peer_t *p) {
    epoll_ctl(ep, EPOLL_CTL_DEL, p->fd, NULL);
    close(p->fd);
    free(p->in.data);
    free(p->out.data);
    free(p);
}

// Answers the upgrade request once its head is complete. Returns 0 to drop the connection.
static int echo_handshake(peer_t *p) {
    uint8_t *s = p->in.data + p->in.start;
    size_t n = buf_len(&p->in);
    uint8_t *end = memmem(s, n, "\r\n\r\n", 4);
    if (!end) return n < 65536;
    const char *name = "sec-websocket-key:";
    char key[128] = {0};
    for (uint8_t *line = s; line < end;) {
        uint8_t *eol = memmem(line, (size_t)(end + 2 - line), "\r\n", 2);
        if (!eol) break;
        if ((size_t)(eol - line) > strlen(name) && strncasecmp((char *)line, name, strlen(name)) == 0) {
            uint8_t *v = line + strlen(name);
            while (v < eol && *v == ' ') v++;
            size_t vl = (size_t)(eol - v);
            if (vl >= 64) return 0;
            memcpy(key, v, vl);
        }
        line = eol + 2;
    }
    if (!key[0]) return 0;
    char cat[200];
    snprintf(cat, sizeof cat, "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", key);
    uint8_t digest[20];
    sha1((uint8_t *)cat, strlen(cat), digest);
    char accept[40];
    base64(digest, 20, accept);
    char resp[256];
    int rl = snprintf(resp, sizeof resp,
                      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: %s\r\n\r\n",
                      accept);
    buf_append(&p->out, resp, (size_t)rl);
    p->in.start += (size_t)(end + 4 - s);
    p->upgraded = 1;
    return 1;
}

// Echoes every complete frame. Returns 0 to drop the connection (close frame or a protocol error).
static int echo_frames(peer_t *p) {
    for (;;) {
        frame_t f;
        uint8_t *s = p->in.data + p->in.start;
        size_t avail = buf_len(&p->in);
        size_t h = parse_header(s, avail, &f);
        if (h == 0 || avail - h < f.len) return 1;
        uint8_t *payload = s + h;
        if (f.masked) mask_bytes(payload, (size_t)f.len, f.key);
        int opcode = f.opcode;
        if (opcode == 0x9) opcode = 0xA;
        if (opcode != 0xA) {
            uint8_t head[14];
            size_t hl = put_header(head, (f.fin << 7) | opcode, f.len, NULL);
            buf_reserve(&p->out, hl + (size_t)f.len);
            memcpy(p->out.data + p->out.end, head, hl);
            memcpy(p->out.data + p->out.end + hl, payload, (size_t)f.len);
            p->out.end += hl + (size_t)f.len;
        }
        p->in.start += h + (size_t)f.len;
        if (f.opcode == 0x8) return 0;
    }
}

static __attribute__((noreturn)) void run_echo(int port) {
    int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) < 0) fail("bind");
    if (listen(ls, 4096) < 0) fail("listen");
    set_nonblocking(ls);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(ep, events, 256, -1);
        if (n < 0 && errno == EINTR) continue;
        for (int i = 0; i < n; i++) {
            peer_t *p = events[i].data.ptr;
            if (!p) {
                int fd;
                while ((fd = accept(ls, NULL, NULL)) >= 0) {
                    set_nonblocking(fd);
                    peer_t *np = calloc(1, sizeof *np);
                    np->fd = fd;
                    struct epoll_event pev = {.events = EPOLLIN, .data.ptr = np};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &pev);
                }
                continue;
            }
            int alive = 1;
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                alive = read_into(p->fd, &p->in);
                if (alive && !p->upgraded) alive = echo_handshake(p);
                if (alive && p->upgraded) alive = echo_frames(p);
            }
            if (!flush_out(p->fd, &p->out) || !alive) {
                echo_close(ep, p);
                continue;
            }
            int want = buf_len(&p->out) > 0;
            if (want != p->want_out) {
                struct epoll_event pev = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = p};
                epoll_ctl(ep, EPOLL_CTL_MOD, p->fd, &pev);
                p->want_out = want;
            }
        }
    }
}

// ---- load generator ----

// Log-linear latency histogram in microseconds: exact below 1024 µs, then 64 sub-buckets per power of two.
#define HIST_BUCKETS (1024 + 64 * 24)
static uint64_t hist[HIST_BUCKETS];
static uint64_t hist_count;
static double hist_max_us;

static int hist_index(uint64_t us) {
    if (us < 1024) return (int)us;
    int e = 63 - __builtin_clzll(us);  // e >= 10
    int sub = (int)((us >> (e - 6)) & 63);
    int idx = 1024 + (e - 10) * 64 + sub;
    return idx < HIST_BUCKETS ? idx : HIST_BUCKETS - 1;
}

static double hist_value(int idx) {
    if (idx < 1024) return idx;
    int e = (idx - 1024) / 64 + 10, sub = (idx - 1024) % 64;
    return (double)(((uint64_t)1 << e) + ((uint64_t)sub << (e - 6)));
}

static void hist_add(double seconds) {
    double us = seconds * 1e6;
    if (us < 0) us = 0;
    hist[hist_index((uint64_t)us)]++;
    hist_count++;
    if (us > hist_max_us) hist_max_us = us;
}

static double hist_quantile(double q) {
    if (hist_count == 0) return 0;
    uint64_t rank = (uint64_t)(q * (double)hist_count), seen = 0;
    for (int i = 0; i < HIST_BUCKETS; i++) {
        seen += hist[i];
        if (seen > rank) return hist_value(i);
    }
    return hist_max_us;
}

typedef struct {
    int fd, state;  // state: 0 connecting/handshake, 1 open, 2 failed
    buf_t in, out;
    double *due;     // ring of due times of messages in flight, in order
    size_t ring, head, count;
    uint64_t seq;
    uint8_t key[4];
    int want_out;
} conn_t;

static const char *handshake_request_fmt =
    "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

static int g_size = 128;
static uint8_t *g_template;  // the unmasked message; the seq digits are written into a copy per message

// Builds the message template: {"seq":N         ,"action":"bench","pad":"xxx…"} padded to `size` bytes, the seq
// field ten characters wide (a number then spaces, still valid JSON) so every message has the same length.
static void build_template(int size) {
    const char *head = "{\"seq\":0         ,\"action\":\"bench\",\"pad\":\"";
    size_t hl = strlen(head);
    if ((size_t)size < hl + 2) size = (int)hl + 2;
    g_size = size;
    g_template = malloc((size_t)size);
    memcpy(g_template, head, hl);
    memset(g_template + hl, 'x', (size_t)size - hl - 2);
    g_template[size - 2] = '"';
    g_template[size - 1] = '}';
}

static const size_t seq_offset = 7;  // after {"seq":

static void queue_message(conn_t *c, double due) {
    uint8_t head[14];
    size_t hl = put_header(head, 0x81, (uint64_t)g_size, c->key);
    buf_reserve(&c->out, hl + (size_t)g_size);
    uint8_t *p = c->out.data + c->out.end;
    memcpy(p, head, hl);
    uint8_t *payload = p + hl;
    memcpy(payload, g_template, (size_t)g_size);
    char digits[16];
    int dl = snprintf(digits, sizeof digits, "%llu", (unsigned long long)(c->seq++ % 10000000000ULL));
    memcpy(payload + seq_offset, digits, (size_t)dl);
    mask_bytes(payload, (size_t)g_size, c->key);
    c->out.end += hl + (size_t)g_size;
    if (c->count == c->ring) {
        size_t nr = c->ring * 2;
        double *nd = malloc(nr * sizeof *nd);
        for (size_t i = 0; i < c->count; i++) nd[i] = c->due[(c->head + i) % c->ring];
        free(c->due);
        c->due = nd;
        c->ring = nr;
        c->head = 0;
    }
    c->due[(c->head + c->count) % c->ring] = due;
    c->count++;
}

static int connect_to(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) fail("socket");
    set_nonblocking(fd);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0 && errno != EINPROGRESS) fail("connect");
    return fd;
}

static void update_interest(int ep, conn_t *c) {
    int want = buf_len(&c->out) > 0;
    if (want == c->want_out) return;
    struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = want;
}

// Opens `n` connections and completes every upgrade; returns how many failed.
static int open_all(int ep, conn_t *conns, int n, int port, const char *path) {
    char req[512];
    int rl = snprintf(req, sizeof req, handshake_request_fmt, path, port);
    int pending = n, failed = 0;
    for (int i = 0; i < n; i++) {
        conn_t *c = &conns[i];
        c->fd = connect_to(port);
        c->ring = 16;
        c->due = malloc(c->ring * sizeof(double));
        uint32_t r = (uint32_t)(0x9E3779B9u * (uint32_t)(i + 1));
        memcpy(c->key, &r, 4);
        buf_append(&c->out, req, (size_t)rl);
        c->want_out = 1;
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
        epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
        // Keep the listener's backlog from overflowing when thousands connect at once.
        if ((i + 1) % 256 == 0 || i + 1 == n) {
            double until = now_s() + 10;
            while (now_s() < until) {
                int waiting = 0;
                for (int j = 0; j <= i; j++) waiting += conns[j].state == 0;
                if (waiting == 0) break;
                struct epoll_event evs[256];
                int k = epoll_wait(ep, evs, 256, 100);
                for (int e = 0; e < k; e++) {
                    conn_t *x = evs[e].data.ptr;
                    if (x->state != 0) continue;
                    if (!flush_out(x->fd, &x->out) || !read_into(x->fd, &x->in)) {
                        x->state = 2;
                        continue;
                    }
                    uint8_t *s = x->in.data + x->in.start;
                    uint8_t *end = buf_len(&x->in) ? memmem(s, buf_len(&x->in), "\r\n\r\n", 4) : NULL;
                    if (end) {
                        x->state = buf_len(&x->in) >= 12 && memcmp(s + 9, "101", 3) == 0 ? 1 : 2;
                        x->in.start += (size_t)(end + 4 - s);
                    }
                    update_interest(ep, x);
                }
            }
        }
    }
    for (int i = 0; i < n; i++) {
        if (conns[i].state != 1) {
            failed++;
            conns[i].state = 2;
        }
    }
    (void)pending;
    return failed;
}

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec * 1e-6 + (double)u.ru_stime.tv_sec +
           (double)u.ru_stime.tv_usec * 1e-6;
}

static int run_load(int port, int nconns, const char *mode, int depth, double rate, double warmup, double seconds,
                    const char *path) {
    int ep = epoll_create1(0);
    conn_t *conns = calloc((size_t)nconns, sizeof *conns);
    int failed = open_all(ep, conns, nconns, port, path);
    if (failed) {
        fprintf(stderr, "wsload: %d of %d connections failed to upgrade\n", failed, nconns);
        return 1;
    }
    int open_mode = strcmp(mode, "open") == 0;
    // Linux lets a sleeping thread's timer fire up to 50 µs late by default; a send that late would count against
    // whatever is measured. One nanosecond of slack keeps the schedule's lateness the machine's own.
    if (open_mode) prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    int in_flight = strcmp(mode, "pipeline") == 0 ? depth : 1;
    double t0 = now_s(), measure_from = t0 + warmup, stop_at = measure_from + seconds;
    if (!open_mode) {
        for (int i = 0; i < nconns; i++) {
            for (int k = 0; k < in_flight; k++) queue_message(&conns[i], t0);
            flush_out(conns[i].fd, &conns[i].out);
            update_interest(ep, &conns[i]);
        }
    }
    uint64_t echoes = 0, total_echoes = 0, errors = 0, scheduled = 0;
    double cpu_at_start = 0;
    int measuring = 0, next_conn = 0;
    struct epoll_event evs[256];
    for (;;) {
        double t = now_s();
        if (!measuring && t >= measure_from) {
            measuring = 1;
            cpu_at_start = cpu_seconds();
            memset(hist, 0, sizeof hist);
            hist_count = 0;
            hist_max_us = 0;
            echoes = 0;
        }
        if (t >= stop_at) break;
        if (open_mode) {
            // Send every message whose slot has come (message k's slot is t0 + k / rate, so the first is due at
            // once), round robin; its latency counts from its slot.
            uint64_t due_count = (uint64_t)((t - t0) * rate) + 1;
            while (scheduled < due_count) {
                conn_t *c = &conns[next_conn];
                next_conn = (next_conn + 1) % nconns;
                queue_message(c, t0 + (double)scheduled / rate);
                scheduled++;
                if (!flush_out(c->fd, &c->out)) errors++;
                update_interest(ep, c);
            }
        }
        // Open mode sleeps exactly until the next slot (epoll_pwait2 takes nanoseconds), so a late send is the
        // machine's lateness, not the generator's tick.
        struct timespec timeout = {.tv_sec = 0, .tv_nsec = 100000000};
        if (open_mode) {
            double wait = t0 + (double)scheduled / rate - now_s();
            if (wait < 0) wait = 0;
            if (wait > 0.1) wait = 0.1;
            timeout.tv_nsec = (long)(wait * 1e9);
        }
        int k = epoll_pwait2(ep, evs, 256, &timeout, NULL);
        double t_read = now_s();
        for (int e = 0; e < k; e++) {
            conn_t *c = evs[e].data.ptr;
            if (c->state != 1) continue;
            if (!read_into(c->fd, &c->in)) {
                errors++;
                c->state = 2;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                continue;
            }
            int replies = 0;
            for (;;) {
                frame_t f;
                size_t avail = buf_len(&c->in);
                size_t h = parse_header(c->in.data + c->in.start, avail, &f);
                if (h == 0 || avail - h < f.len) break;
                c->in.start += h + (size_t)f.len;
                if (f.opcode == 0x8) {
                    errors++;
                    c->state = 2;
                    break;
                }
                if (!f.fin || (f.opcode != 0x1 && f.opcode != 0x0)) {
                    if (f.opcode == 0x1 || f.opcode == 0x0) continue;  // a fragment: count the message at its end
                    continue;                                        // ping/pong: not an echo
                }
                if (c->count == 0) {
                    errors++;
                    continue;
                }
                double due = c->due[c->head];
                c->head = (c->head + 1) % c->ring;
                c->count--;
                if (measuring) {
                    echoes++;
                    hist_add(t_read - due);
                }
                replies++;
                total_echoes++;
            }
            if (!open_mode)
                for (int r = 0; r < replies; r++) queue_message(c, t_read);
            if (!flush_out(c->fd, &c->out)) {
                errors++;
                c->state = 2;
            }
            update_interest(ep, c);
        }
    }
    double cpu = cpu_seconds() - cpu_at_start;
    uint64_t unanswered = 0;
    for (int i = 0; i < nconns; i++) unanswered += conns[i].count;
    printf("echoes=%llu echoes_per_s=%.0f p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f gen_cpu_s=%.3f "
           "errors=%llu in_flight_at_end=%llu total_echoes=%llu\n",
           (unsigned long long)echoes, (double)echoes / seconds, hist_quantile(0.50), hist_quantile(0.99),
           hist_quantile(0.999), hist_max_us, cpu, (unsigned long long)errors, (unsigned long long)unanswered,
           (unsigned long long)total_echoes);
    for (int i = 0; i < nconns; i++) close(conns[i].fd);
    return errors ? 1 : 0;
}

static int run_idle(int port, int nconns, double seconds, const char *path) {
    int ep = epoll_create1(0);
    conn_t *conns = calloc((size_t)nconns, sizeof *conns);
    int failed = open_all(ep, conns, nconns, port, path);
    printf("opened=%d failed=%d\n", nconns - failed, failed);
    fflush(stdout);
    double until = now_s() + seconds;
    while (now_s() < until) usleep(50000);
    for (int i = 0; i < nconns; i++) close(conns[i].fd);
    return failed ? 1 : 0;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    if (argc < 3) {
        fprintf(stderr, "usage: wsload echo PORT | wsload load PORT [--conns N] [--mode closed|pipeline|open] "
                        "[--depth D] [--rate R] [--size S] [--warmup S] [--seconds S] [--path P] | "
                        "wsload idle PORT --conns N --seconds S\n");
        return 2;
    }
    const char *cmd = argv[1];
    int port = atoi(argv[2]);
    int conns = 50, depth = 16, size = 128;
    double rate = 1000, warmup = 1, seconds = 5;
    const char *mode = "closed", *path = "/bench";
    for (int i = 3; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--conns")) conns = atoi(v);
        else if (!strcmp(k, "--mode")) mode = v;
        else if (!strcmp(k, "--depth")) depth = atoi(v);
        else if (!strcmp(k, "--rate")) rate = atof(v);
        else if (!strcmp(k, "--size")) size = atoi(v);
        else if (!strcmp(k, "--warmup")) warmup = atof(v);
        else if (!strcmp(k, "--seconds")) seconds = atof(v);
        else if (!strcmp(k, "--path")) path = v;
        else {
            fprintf(stderr, "wsload: unknown option %s\n", k);
            return 2;
        }
    }
    if (!strcmp(cmd, "echo")) run_echo(port);
    if (!strcmp(cmd, "idle")) return run_idle(port, conns, seconds, path);
    if (!strcmp(cmd, "load")) {
        if (strcmp(mode, "closed") && strcmp(mode, "pipeline") && strcmp(mode, "open")) {
            fprintf(stderr, "wsload: unknown mode %s\n", mode);
            return 2;
        }
        build_template(size);
        return run_load(port, conns, mode, depth, rate, warmup, seconds, path);
    }
    fprintf(stderr, "wsload: unknown command %s\n", cmd);
    return 2;
}
