/* wiremeta.c: Kafka's Metadata request v7, written and read by hand. Version 7 is the first
 * with the leader epoch and older than the flexible encodings (v9 on), so its header and
 * fields are plain; Kafka 4.1 answers versions 0-13. (librdkafka 2.0.2's mock cluster answers
 * only up to v2: kticker does not ask it.) All integers are big-endian; strings have an int16
 * length, arrays an int32 count (-1: null). */
#include "wiremeta.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util.h"

#define API_METADATA 3
#define API_VERSION 7
#define RESPONSE_MAX (8 << 20) /* a 1000-partition topic's answer is ~50 kB */

/* ---- writing ---- */

struct writer {
	uint8_t *p, *end;
	bool full;
};

static void put(struct writer *w, uint64_t v, int bytes)
{
	if (w->end - w->p < bytes) {
		w->full = true;
		return;
	}
	for (int i = bytes - 1; i >= 0; i--)
		*w->p++ = (uint8_t)(v >> (8 * i));
}

static void put_string(struct writer *w, const char *s)
{
	size_t n = strlen(s);
	put(w, n, 2);
	if ((size_t)(w->end - w->p) < n) {
		w->full = true;
		return;
	}
	memcpy(w->p, s, n);
	w->p += n;
}

size_t wiremeta_request(uint8_t *out, size_t size, int32_t correlation_id, const char *topic)
{
	if (strlen(topic) > 249 || size < 4) /* Kafka's longest topic name */
		return 0;
	struct writer w = { out + 4, out + size, false };
	put(&w, API_METADATA, 2);
	put(&w, API_VERSION, 2);
	put(&w, (uint32_t)correlation_id, 4);
	put_string(&w, "kticker");
	put(&w, 1, 4); /* one topic */
	put_string(&w, topic);
	put(&w, 0, 1); /* allow_auto_topic_creation: false */
	if (w.full)
		return 0;
	size_t body = (size_t)(w.p - out) - 4;
	struct writer prefix = { out, out + 4, false };
	put(&prefix, body, 4);
	return body + 4;
}

/* ---- reading ---- */

struct reader {
	const uint8_t *p, *end;
	bool bad;
};

static int64_t get(struct reader *r, int bytes)
{
	if (r->bad || r->end - r->p < bytes) {
		r->bad = true;
		return 0;
	}
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v = v << 8 | *r->p++;
	/* sign-extend: counts of -1 mean null */
	return bytes == 2 ? (int16_t)v : bytes == 4 ? (int32_t)v : (int64_t)v;
}

static void skip(struct reader *r, int64_t n)
{
	if (r->bad || n < 0 || r->end - r->p < n) {
		r->bad = n != -1 ? true : r->bad; /* -1: a null string, nothing to skip */
		return;
	}
	r->p += n;
}

static void skip_string(struct reader *r) { skip(r, get(r, 2)); }

static void skip_int32_array(struct reader *r)
{
	int64_t n = get(r, 4);
	skip(r, n > 0 ? n * 4 : 0);
}

static bool string_is(struct reader *r, const char *s)
{
	int64_t n = get(r, 2);
	bool same = !r->bad && n == (int64_t)strlen(s) && r->end - r->p >= n &&
		    memcmp(r->p, s, (size_t)n) == 0;
	skip(r, n);
	return same && !r->bad;
}

static void skip_brokers(struct reader *r)
{
	int64_t n = get(r, 4);
	for (int64_t i = 0; i < n && !r->bad; i++) {
		get(r, 4);      /* node id */
		skip_string(r); /* host */
		get(r, 4);      /* port */
		skip_string(r); /* rack, nullable */
	}
}

/* One topic's partitions; they go to parts[] when keep. Returns the count. */
static int read_partitions(struct reader *r, bool keep, struct wiremeta_partition *parts, int max)
{
	int64_t n = get(r, 4);
	for (int64_t i = 0; i < n && !r->bad; i++) {
		get(r, 2); /* error code */
		int64_t partition = get(r, 4);
		int64_t leader = get(r, 4);
		int64_t epoch = get(r, 4);
		skip_int32_array(r); /* replicas */
		skip_int32_array(r); /* isr */
		skip_int32_array(r); /* offline replicas */
		if (keep && partition >= 0 && partition < max && !r->bad)
			parts[partition] = (struct wiremeta_partition){
				.leader = (int32_t)leader,
				.epoch = epoch >= 0 ? (int32_t)epoch : WIREMETA_NO_EPOCH,
			};
	}
	return n > 0 ? (int)(n < max ? n : max) : 0;
}

int wiremeta_parse(const uint8_t *buf, size_t len, int32_t correlation_id, const char *topic,
		   struct wiremeta_partition *parts, int max)
{
	struct reader r = { buf, buf + len, false };
	if (get(&r, 4) != correlation_id)
		return -1;
	get(&r, 4); /* throttle time */
	skip_brokers(&r);
	skip_string(&r); /* cluster id, nullable */
	get(&r, 4);      /* controller id */
	for (int i = 0; i < max; i++)
		parts[i] = (struct wiremeta_partition){ .leader = -1, .epoch = WIREMETA_NO_EPOCH };
	int count = -1;
	int64_t topics = get(&r, 4);
	for (int64_t t = 0; t < topics && !r.bad; t++) {
		int64_t error = get(&r, 2);
		bool ours = string_is(&r, topic) && error == 0;
		get(&r, 1); /* is internal */
		int n = read_partitions(&r, ours, parts, max);
		if (ours)
			count = n;
	}
	return r.bad ? -1 : count;
}

/* ---- the connection ---- */

/* A connection under way (non-blocking): send_all's first wait sees it made or failed. */
static int connect_to(const char *host, int port, char *err, size_t err_size)
{
	char service[16];
	snprintf(service, sizeof(service), "%d", port);
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *ai;
	int rc = getaddrinfo(host, service, &hints, &ai);
	if (rc) {
		snprintf(err, err_size, "%s: %s", host, gai_strerror(rc));
		return -1;
	}
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0) {
		snprintf(err, err_size, "%s:%d: %s", host, port, strerror(errno));
		return -1;
	}
	return fd;
}

/* Waits until fd is ready for events, or the deadline passes (false). */
static bool wait_ready(int fd, short events, int64_t deadline)
{
	int64_t left = deadline - mono_ms();
	struct pollfd p = { .fd = fd, .events = events };
	return left > 0 && poll(&p, 1, (int)left) == 1 && !(p.revents & (POLLERR | POLLNVAL));
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

/* The response's body (after its size), in a buffer the caller frees; NULL on failure. */
static uint8_t *exchange(int fd, const uint8_t *req, size_t req_len, int64_t deadline, size_t *len)
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

int wiremeta_leader_epochs(const char *host, int port, const char *topic,
			   struct wiremeta_partition *parts, int max, int timeout_ms, char *err,
			   size_t err_size)
{
	static int32_t next_id; /* the calling thread's alone: the control worker */
	int32_t id = ++next_id;
	uint8_t req[320];
	size_t req_len = wiremeta_request(req, sizeof(req), id, topic);
	if (!req_len) {
		snprintf(err, err_size, "topic name too long for a metadata request");
		return -1;
	}
	int64_t deadline = mono_ms() + timeout_ms;
	int fd = connect_to(host, port, err, err_size);
	if (fd < 0)
		return -1;
	size_t len = 0;
	uint8_t *body = exchange(fd, req, req_len, deadline, &len);
	close(fd);
	int count = body ? wiremeta_parse(body, len, id, topic, parts, max) : -1;
	free(body);
	if (count < 0)
		snprintf(err, err_size, "%s:%d: no readable metadata v7 answer", host, port);
	return count;
}
