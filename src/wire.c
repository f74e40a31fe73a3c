/* wire.c: Kafka's framing by hand and plaintext connections (wire.h). */
#include "wire.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util.h"

#define RESPONSE_MAX (8 << 20) /* a 1000-partition topic's metadata is ~50 kB */

/* ---- writing ---- */

void wire_put(struct wire_writer *w, uint64_t v, int bytes)
{
	if (w->end - w->p < bytes) {
		w->full = true;
		return;
	}
	for (int i = bytes - 1; i >= 0; i--)
		*w->p++ = (uint8_t)(v >> (8 * i));
}

void wire_put_string(struct wire_writer *w, const char *s)
{
	size_t n = strlen(s);
	if (n > INT16_MAX) {
		w->full = true;
		return;
	}
	wire_put(w, n, 2);
	if ((size_t)(w->end - w->p) < n) {
		w->full = true;
		return;
	}
	memcpy(w->p, s, n);
	w->p += n;
}

void wire_begin(struct wire_writer *w, uint8_t *out, size_t size, int16_t api_key,
		int16_t api_version, int32_t correlation_id)
{
	*w = (struct wire_writer){ out, out, out + size, size < 4 };
	if (w->full)
		return;
	w->p += 4; /* the size, once known */
	wire_put(w, (uint16_t)api_key, 2);
	wire_put(w, (uint16_t)api_version, 2);
	wire_put(w, (uint32_t)correlation_id, 4);
	wire_put_string(w, "kticker");
}

size_t wire_end(struct wire_writer *w)
{
	if (w->full)
		return 0;
	size_t body = (size_t)(w->p - w->start) - 4;
	struct wire_writer prefix = { w->start, w->start, w->start + 4, false };
	wire_put(&prefix, body, 4);
	return body + 4;
}

/* ---- reading ---- */

int64_t wire_get(struct wire_reader *r, int bytes)
{
	if (r->bad || r->end - r->p < bytes) {
		r->bad = true;
		return 0;
	}
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v = v << 8 | *r->p++;
	return bytes == 1 ? (int8_t)v : bytes == 2 ? (int16_t)v : bytes == 4 ? (int32_t)v : (int64_t)v;
}

void wire_skip(struct wire_reader *r, int64_t n)
{
	if (r->bad || n < 0 || r->end - r->p < n) {
		r->bad = n != -1 ? true : r->bad; /* -1: a null string, nothing to skip */
		return;
	}
	r->p += n;
}

void wire_skip_string(struct wire_reader *r) { wire_skip(r, wire_get(r, 2)); }

bool wire_string_is(struct wire_reader *r, const char *s)
{
	int64_t n = wire_get(r, 2);
	bool same = !r->bad && n == (int64_t)strlen(s) && r->end - r->p >= n &&
		    memcmp(r->p, s, (size_t)n) == 0;
	wire_skip(r, n);
	return same && !r->bad;
}

bool wire_get_string(struct wire_reader *r, char *out, size_t size)
{
	int64_t n = wire_get(r, 2);
	const uint8_t *s = r->p;
	wire_skip(r, n);
	if (r->bad || n < 0 || size == 0)
		return false;
	size_t kept = (size_t)n < size - 1 ? (size_t)n : size - 1;
	memcpy(out, s, kept);
	out[kept] = '\0';
	return true;
}

/* ---- connections ---- */

/* Waits until fd is ready for events, or the deadline passes (false). */
static bool wait_ready(int fd, short events, int64_t deadline)
{
	for (;;) {
		int64_t left = deadline - mono_ms();
		struct pollfd p = { .fd = fd, .events = events };
		int n = left > 0 ? poll(&p, 1, (int)left) : 0;
		if (n < 0 && errno == EINTR)
			continue; /* a signal is no reason to give up on the broker */
		return n == 1 && !(p.revents & (POLLERR | POLLNVAL));
	}
}

/* A connection to one address, made before the deadline; -1 when refused or too slow. */
static int connect_address(const struct addrinfo *ai, int64_t deadline)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int error = 0;
	socklen_t size = sizeof(error);
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
	    (errno == EINPROGRESS && wait_ready(fd, POLLOUT, deadline) &&
	     getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0))
		return fd;
	close(fd);
	return -1;
}

int wire_connect(const char *host, int port, int64_t deadline)
{
	char service[16];
	snprintf(service, sizeof(service), "%d", port);
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *list;
	if (getaddrinfo(host, service, &hints, &list) != 0)
		return -1;
	int fd = -1;
	/* every address in turn, as librdkafka does: "localhost" may be ::1 first and the
	 * broker listen on 127.0.0.1 alone */
	for (const struct addrinfo *ai = list; ai && fd < 0 && mono_ms() < deadline; ai = ai->ai_next)
		fd = connect_address(ai, deadline);
	freeaddrinfo(list);
	return fd;
}

static bool send_all(int fd, const uint8_t *buf, size_t n, int64_t deadline)
{
	while (n > 0) {
		if (!wait_ready(fd, POLLOUT, deadline))
			return false;
		ssize_t sent = send(fd, buf, n, MSG_NOSIGNAL);
		if (sent < 0 && errno != EAGAIN && errno != EINTR)
			return false;
		if (sent > 0) {
			buf += sent;
			n -= (size_t)sent;
		}
	}
	return true;
}

static bool recv_all(int fd, uint8_t *buf, size_t n, int64_t deadline)
{
	while (n > 0) {
		if (!wait_ready(fd, POLLIN, deadline))
			return false;
		ssize_t got = recv(fd, buf, n, 0);
		if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
			return false;
		if (got > 0) {
			buf += got;
			n -= (size_t)got;
		}
	}
	return true;
}

uint8_t *wire_exchange(int fd, const uint8_t *req, size_t req_len, int64_t deadline, size_t *len)
{
	uint8_t size[4];
	if (!send_all(fd, req, req_len, deadline) || !recv_all(fd, size, 4, deadline))
		return NULL;
	uint32_t n = (uint32_t)size[0] << 24 | (uint32_t)size[1] << 16 | (uint32_t)size[2] << 8 | size[3];
	if (n > RESPONSE_MAX)
		return NULL;
	uint8_t *body = xmalloc(n ? n : 1);
	if (!recv_all(fd, body, n, deadline)) {
		free(body);
		return NULL;
	}
	*len = n;
	return body;
}

/* ---- brokers with kept connections ---- */

void wire_peers_init(struct wire_peers *ps)
{
	ps->count = 0;
	ps->next_id = 0;
	ps->answered_last = -1;
}

static struct wire_peer *find_peer(struct wire_peers *ps, int32_t node)
{
	for (int i = 0; i < ps->count; i++)
		if (ps->peer[i].address.node == node)
			return &ps->peer[i];
	return NULL;
}

bool wire_peers_knows(struct wire_peers *ps, int32_t node) { return find_peer(ps, node) != NULL; }

static void drop_connection(struct wire_peer *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

void wire_peers_note(struct wire_peers *ps, int32_t node, const char *host, int port)
{
	struct wire_peer *p = find_peer(ps, node);
	if (!p) {
		if (ps->count == WIRE_PEERS_MAX)
			return;
		p = &ps->peer[ps->count++];
		*p = (struct wire_peer){ .address.node = node, .fd = -1 };
	} else if (p->address.port == port && strcmp(p->address.host, host) == 0) {
		return;
	}
	drop_connection(p);
	copy_str(p->address.host, sizeof(p->address.host), host);
	p->address.port = port;
}

uint8_t *wire_peers_exchange(struct wire_peers *ps, int32_t node, const uint8_t *req,
			     size_t req_len, int64_t deadline, size_t *len)
{
	struct wire_peer *p = find_peer(ps, node);
	if (!p)
		return NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		bool kept = p->fd >= 0;
		if (!kept)
			p->fd = wire_connect(p->address.host, p->address.port, deadline);
		uint8_t *body = p->fd >= 0 ? wire_exchange(p->fd, req, req_len, deadline, len) : NULL;
		if (body) {
			ps->answered_last = node;
			return body;
		}
		drop_connection(p);
		if (!kept || mono_ms() >= deadline)
			break;
	}
	if (ps->answered_last == node)
		ps->answered_last = -1; /* not the one to ask first any more */
	return NULL;
}

/* The brokers in the order wire_peers_ask_any asks them: the one that answered last first. */
static int ask_order(struct wire_peers *ps, int32_t *order)
{
	int n = 0;
	if (ps->answered_last >= 0 && find_peer(ps, ps->answered_last))
		order[n++] = ps->answered_last;
	for (int i = 0; i < ps->count; i++)
		if (ps->peer[i].address.node != ps->answered_last)
			order[n++] = ps->peer[i].address.node;
	return n;
}

bool wire_peers_ask_any(struct wire_peers *ps, wire_ask_fn ask, void *ctx, int64_t deadline)
{
	int32_t order[WIRE_PEERS_MAX];
	int n = ask_order(ps, order);
	for (int i = 0; i < n; i++) {
		int64_t now = mono_ms();
		if (now >= deadline)
			break;
		/* half the time left at most, but for the last one: one broker that hangs leaves
		 * time for the others */
		if (ask(ps, order[i], ctx, i == n - 1 ? deadline : now + (deadline - now) / 2))
			return true;
	}
	return false;
}

void wire_peers_close(struct wire_peers *ps)
{
	for (int i = 0; i < ps->count; i++)
		drop_connection(&ps->peer[i]);
	ps->count = 0;
}
