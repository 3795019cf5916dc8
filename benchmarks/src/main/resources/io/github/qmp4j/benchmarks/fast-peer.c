/*
 * The fast peer of the qmp4j benchmarks: the cheapest correct QMP answerer we could write.
 *
 *   fast-peer SOCKET_PATH oob|plain SCHEMA_FILE BIG_FILE
 *
 * Listens on a Unix socket, forks one process per client, greets, requires qmp_capabilities, then
 * answers every {"execute": NAME, "id": ID} with {"return": ..., "id": ID}, echoing ID byte for
 * byte. Requests are split as a JSON stream (no newline needed), like QEMU's json-streamer; every
 * reply produced by one read() goes out in one write(). Prints "READY" once listening.
 *
 * Bench commands: x-bench-events {"count": N} sends N events {"event": "BENCH", "data": {"seq":
 * 0..N-1}} before its reply; x-bench-schema and x-bench-8mib return the JSON in SCHEMA_FILE and
 * BIG_FILE; query-status returns what QEMU does; anything else returns {}.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

static const char *greeting_oob =
    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, "
    "\"package\": \"\"}, \"capabilities\": [\"oob\"]}}\r\n";
static const char *greeting_plain =
    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, "
    "\"package\": \"\"}, \"capabilities\": []}}\r\n";

static char *schema;
static size_t schema_len;
static char *big;
static size_t big_len;

struct buf {
  char *p;
  size_t len, cap;
};

static void reserve(struct buf *b, size_t more) {
  if (b->len + more <= b->cap) return;
  size_t cap = b->cap ? b->cap : 65536;
  while (cap < b->len + more) cap *= 2;
  b->p = realloc(b->p, cap);
  if (!b->p) _exit(3);
  b->cap = cap;
}

static void put(struct buf *b, const char *s, size_t n) {
  reserve(b, n);
  memcpy(b->p + b->len, s, n);
  b->len += n;
}

static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }

static void write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      _exit(0); /* the client went away */
    }
    p += w;
    n -= (size_t)w;
  }
}

static void flush(int fd, struct buf *out) {
  if (out->len) write_all(fd, out->p, out->len);
  out->len = 0;
}

/* ---- a minimal JSON walker over one complete, well-formed object ---- */

static const char *ws(const char *p, const char *e) {
  while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
  return p;
}

static const char *skip_string(const char *p, const char *e) { /* p at the opening quote */
  for (p++; p < e; p++) {
    if (*p == '\\') p++;
    else if (*p == '"') return p + 1;
  }
  return e;
}

static const char *skip_value(const char *p, const char *e) {
  p = ws(p, e);
  if (p >= e) return e;
  if (*p == '"') return skip_string(p, e);
  if (*p == '{' || *p == '[') {
    int depth = 0;
    for (; p < e; p++) {
      if (*p == '"') {
        p = skip_string(p, e) - 1;
      } else if (*p == '{' || *p == '[') {
        depth++;
      } else if (*p == '}' || *p == ']') {
        if (--depth == 0) return p + 1;
      }
    }
    return e;
  }
  while (p < e && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\r' && *p != '\n')
    p++;
  return p;
}

struct request {
  const char *name, *id, *args;
  size_t name_len, id_len, args_len;
  int oob;
};

/* Finds the top-level members execute/exec-oob, id and arguments of one object. */
static int parse_request(const char *p, const char *e, struct request *r) {
  memset(r, 0, sizeof *r);
  p = ws(p, e);
  if (p >= e || *p != '{') return -1;
  p++;
  for (;;) {
    p = ws(p, e);
    if (p < e && *p == '}') break;
    if (p >= e || *p != '"') return -1;
    const char *k = p + 1;
    p = skip_string(p, e);
    size_t klen = (size_t)(p - 1 - k);
    p = ws(p, e);
    if (p >= e || *p != ':') return -1;
    p = ws(p + 1, e);
    const char *v = p;
    p = skip_value(p, e);
    size_t vlen = (size_t)(p - v);
    if ((klen == 7 && !memcmp(k, "execute", 7)) || (klen == 8 && !memcmp(k, "exec-oob", 8))) {
      if (vlen < 2 || *v != '"') return -1;
      r->name = v + 1;
      r->name_len = vlen - 2;
      r->oob = klen == 8;
    } else if (klen == 2 && !memcmp(k, "id", 2)) {
      r->id = v;
      r->id_len = vlen;
    } else if (klen == 9 && !memcmp(k, "arguments", 9)) {
      r->args = v;
      r->args_len = vlen;
    }
    p = ws(p, e);
    if (p < e && *p == ',') p++;
  }
  return r->name ? 0 : -1;
}

static int is(const struct request *r, const char *name) {
  return r->name_len == strlen(name) && !memcmp(r->name, name, r->name_len);
}

static void end_reply(struct buf *out, const struct request *r) {
  if (r->id) {
    puts_(out, ", \"id\": ");
    put(out, r->id, r->id_len);
  }
  puts_(out, "}\r\n");
}

static long count_arg(const struct request *r) {
  if (!r->args) return 0;
  const char *c = memmem(r->args, r->args_len, "\"count\"", 7);
  if (!c) return 0;
  c += 7;
  while (*c == ' ' || *c == ':') c++;
  return strtol(c, NULL, 10);
}

static void events(int fd, struct buf *out, long count) {
  char line[160];
  struct timeval tv;
  for (long i = 0; i < count; i++) {
    if ((i & 1023) == 0) gettimeofday(&tv, NULL);
    int n = snprintf(line, sizeof line,
                     "{\"timestamp\": {\"seconds\": %ld, \"microseconds\": %ld}, "
                     "\"event\": \"BENCH\", \"data\": {\"seq\": %ld}}\r\n",
                     (long)tv.tv_sec, (long)tv.tv_usec, i);
    put(out, line, (size_t)n);
    if (out->len >= 65536) flush(fd, out);
  }
}

static int negotiated;

/* Answers one request; returns 0 to go on, -1 to close. */
static int answer(int fd, struct buf *out, const char *p, const char *e) {
  struct request r;
  if (parse_request(p, e, &r) < 0) {
    puts_(out, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input lacks member "
               "'execute'\"}}\r\n");
    return 0;
  }
  if (!negotiated) {
    if (is(&r, "qmp_capabilities")) {
      negotiated = 1;
      puts_(out, "{\"return\": {}");
    } else {
      puts_(out, "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting capabilities "
                 "negotiation with 'qmp_capabilities'\"}");
    }
    end_reply(out, &r);
    return 0;
  }
  if (is(&r, "query-status")) {
    puts_(out, "{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}");
  } else if (is(&r, "x-bench-events")) {
    events(fd, out, count_arg(&r));
    puts_(out, "{\"return\": {}");
  } else if (is(&r, "x-bench-schema")) {
    puts_(out, "{\"return\": ");
    put(out, schema, schema_len);
  } else if (is(&r, "x-bench-8mib")) {
    puts_(out, "{\"return\": ");
    put(out, big, big_len);
  } else {
    puts_(out, "{\"return\": {}");
  }
  end_reply(out, &r);
  return is(&r, "quit") ? -1 : 0;
}

static void serve(int fd, int oob) {
  struct buf in = {0}, out = {0};
  size_t scanned = 0, start = 0;
  int depth = 0, in_string = 0, escaped = 0, in_object = 0;
  const char *g = oob ? greeting_oob : greeting_plain;
  write_all(fd, g, strlen(g));
  for (;;) {
    reserve(&in, 65536);
    ssize_t n = read(fd, in.p + in.len, in.cap - in.len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    in.len += (size_t)n;
    for (size_t i = scanned; i < in.len; i++) {
      char c = in.p[i];
      if (!in_object) {
        if (c == '{') {
          in_object = 1;
          depth = 1;
          start = i;
        }
        continue;
      }
      if (in_string) {
        if (escaped) escaped = 0;
        else if (c == '\\') escaped = 1;
        else if (c == '"') in_string = 0;
      } else if (c == '"') {
        in_string = 1;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        in_object = 0;
        if (answer(fd, &out, in.p + start, in.p + i + 1) < 0) {
          flush(fd, &out);
          return;
        }
      }
    }
    flush(fd, &out);
    /* keep only an unfinished object */
    size_t keep = in_object ? start : in.len;
    memmove(in.p, in.p + keep, in.len - keep);
    in.len -= keep;
    start = 0;
    scanned = in.len;
  }
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = malloc((size_t)n + 1);
  if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) exit(2);
  fclose(f);
  *len = (size_t)n;
  return p;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s SOCKET oob|plain SCHEMA_FILE BIG_FILE\n", argv[0]);
    return 2;
  }
  int oob = strcmp(argv[2], "oob") == 0;
  schema = slurp(argv[3], &schema_len);
  big = slurp(argv[4], &big_len);
  signal(SIGCHLD, SIG_IGN); /* no zombies */
  signal(SIGPIPE, SIG_IGN);
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  strncpy(a.sun_path, argv[1], sizeof a.sun_path - 1);
  unlink(argv[1]);
  if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 1024) < 0) {
    perror("listen");
    return 1;
  }
  printf("READY\n");
  fflush(stdout);
  for (;;) {
    int c = accept(s, NULL, NULL);
    if (c < 0) {
      if (errno == EINTR) continue;
      perror("accept");
      return 1;
    }
    pid_t pid = fork();
    if (pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      close(s);
      serve(c, oob);
      _exit(0);
    }
    close(c);
  }
}
