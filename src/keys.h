/* keys.h: the one table of key bindings: which key does what, and its help text. */
#ifndef KTICKER_KEYS_H
#define KTICKER_KEYS_H

enum action {
	ACT_NONE,
	ACT_PAUSE, ACT_FASTER, ACT_SLOWER, ACT_TOPIC, ACT_ACKS, ACT_IDEMPOTENCE, ACT_PARTITIONS,
	ACT_SORT, ACT_FILTER, ACT_FOCUS, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HOME,
	ACT_END, ACT_HELP, ACT_REDRAW, ACT_QUIT, ACT_STEP, ACT_LINGER, ACT_COMPRESSION, ACT_COMMIT,
	ACT_CRASH, ACT_THROTTLE, ACT_REWIND, ACT_GROUP, ACT_LOG_VIEW, ACT_BROKER_DOWN, ACT_BROKER_UP,
	ACT_LATENCY, ACT_FAIL_PRODUCE, ACT_COMMAND, ACT_DEAD_LETTERS, ACT_ENRICHED, ACT_FREEZE,
};

/* What a key needs of this kticker to do anything: the help lists only the keys it has. */
enum key_needs {
	NEEDS_NOTHING = 0,
	NEEDS_PRODUCER = 1,
	NEEDS_CONSUMER = 2,
	NEEDS_OWN_BROKERS = 4, /* the embedded cluster, or --cluster local's processes */
	NEEDS_EMBEDDED = 8,
};

struct binding {
	enum action action;
	int keys[4];       /* 0-terminated when shorter */
	const char *names; /* as shown to the user */
	const char *help;
	unsigned needs;    /* enum key_needs */
};

#define KEY_BINDINGS_MAX 48 /* room for the table's rows */
/* The help box's text width: every key's line ("%-8s %s") and every command's ("  %s") fits
 * in it whole. */
#define KEY_HELP_COLS 72
extern const struct binding key_bindings[];
extern const int key_binding_count;

enum action keys_action(int key);

#endif
