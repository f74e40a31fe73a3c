/* wire.h: Kafka's request and response framing, written and read by hand, and plaintext
 * connections to brokers. Used where Debian's librdkafka 2.0.2 does not pass on what kticker
 * needs (wiremeta) or costs too much per partition (wireoffsets). Only versions older than the
 * flexible encodings are spoken, so headers and fields are plain: integers big-endian, strings
 * with an int16 length (-1: null), arrays with an int32 count (-1: null). */
#ifndef KTICKER_WIRE_H
#define KTICKER_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WIRE_TOPIC_MAX 249 /* Kafka's longest topic name */

/* ---- writing a request ---- */

struct wire_writer {
	uint8_t *start, *p, *end;
	bool full; /* something did not fit: the request is unusable */
};

/* Starts a request in out: room for its size, then the header (version 1: key, version,
 * correlation id, client id). */
void wire_begin(struct wire_writer *w, uint8_t *out, size_t size, int16_t api_key,
		int16_t api_version, int32_t correlation_id);
void wire_put(struct wire_writer *w, uint64_t v, int bytes);
void wire_put_string(struct wire_writer *w, const char *s);
/* Writes the size in front; returns the request's length with it, 0 when it did not fit. */
size_t wire_end(struct wire_writer *w);

/* ---- reading a response (its body, after the size) ---- */

struct wire_reader {
	const uint8_t *p, *end;
	bool bad; /* it ran past the end or held an impossible length: nothing read counts */
};

/* An integer of 1, 2, 4 or 8 bytes, sign-extended (counts of -1 mean null); 0 once bad. */
int64_t wire_get(struct wire_reader *r, int bytes);
void wire_skip(struct wire_reader *r, int64_t n);
void wire_skip_string(struct wire_reader *r);
/* Reads a string and tells whether it is s. */
bool wire_string_is(struct wire_reader *r, const char *s);
/* Reads a string into out (cut to fit); false when it is null or bad. */
bool wire_get_string(struct wire_reader *r, char *out, size_t size);

/* ---- connections ---- */

/* A non-blocking connection to host:port, made before the deadline (mono_ms), trying each of
 * its addresses; -1 when none took it. (The name lookup itself is not bounded by the
 * deadline: it happens once per broker, as connections are kept.) */
int wire_connect(const char *host, int port, int64_t deadline);
/* Sends a request and reads its response's body into a buffer the caller frees; NULL when
 * the deadline (mono_ms) passes first or the connection fails. */
uint8_t *wire_exchange(int fd, const uint8_t *req, size_t req_len, int64_t deadline, size_t *len);

/* A broker as answers name it. */
struct wire_address {
	int32_t node;
	char host[256];
	int port;
};

/* Brokers by node id, each with a connection kept open between questions; one thread's. */
#define WIRE_PEERS_MAX 64
struct wire_peer {
	struct wire_address address;
	int fd; /* -1: not connected */
};
struct wire_peers {
	int count;
	struct wire_peer peer[WIRE_PEERS_MAX];
	int32_t next_id;       /* correlation ids */
	int32_t answered_last; /* the node that answered the last question asked of any; -1 */
	struct wire_address found[WIRE_PEERS_MAX]; /* room for the brokers an answer lists */
};

void wire_peers_init(struct wire_peers *ps);
/* Whether node is one of them (the table holds WIRE_PEERS_MAX at most). */
bool wire_peers_knows(struct wire_peers *ps, int32_t node);
/* A broker's address (from metadata); a new address for a node drops its connection. */
void wire_peers_note(struct wire_peers *ps, int32_t node, const char *host, int port);
/* wire_exchange with a node, connecting first when needed. A failed exchange closes the
 * connection (a late answer must never be read as the next question's); one that failed on a
 * kept connection (the broker may have closed it) is tried once more on a new one. A node
 * that did not answer is no longer the one asked first. */
uint8_t *wire_peers_exchange(struct wire_peers *ps, int32_t node, const uint8_t *req,
			     size_t req_len, int64_t deadline, size_t *len);
void wire_peers_close(struct wire_peers *ps);

/* One question to one broker; true when it answered. */
typedef bool (*wire_ask_fn)(struct wire_peers *ps, int32_t node, void *ctx, int64_t deadline);
/* Asks the brokers in turn, the one that answered last first, until one answers; each gets at
 * most half the time left (the last all of it), so one that hangs does not keep the others
 * from being asked. */
bool wire_peers_ask_any(struct wire_peers *ps, wire_ask_fn ask, void *ctx, int64_t deadline);

#endif
