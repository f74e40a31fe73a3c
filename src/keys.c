/* keys.c: the one table of key bindings, in the order the help screen lists them. */
#include "keys.h"

#include <curses.h>

#define CTRL(k) ((k) & 0x1f)

const struct binding key_bindings[] = {
	{ ACT_PAUSE, { ' ', 'p' }, "Space p", "pause/resume the producer (the consumer keeps draining)",
	  NEEDS_PRODUCER },
	{ ACT_FASTER, { '+', '=' }, "+", "faster: halve the length of a simulated day",
	  NEEDS_PRODUCER },
	{ ACT_SLOWER, { '-', '_' }, "-", "slower: double the length of a simulated day",
	  NEEDS_PRODUCER },
	{ ACT_TOPIC, { 't' }, "t", "switch topic (lists existing ones; a new name creates it)",
	  NEEDS_NOTHING },
	{ ACT_ACKS, { 'a' }, "a", "cycle acks 0 -> 1 -> all (the producer is rebuilt)",
	  NEEDS_PRODUCER },
	{ ACT_IDEMPOTENCE, { 'i' }, "i", "toggle the idempotent producer (needs acks=all)",
	  NEEDS_PRODUCER },
	{ ACT_PARTITIONS, { 'P' }, "P", "change the partition count" , NEEDS_NOTHING },
	{ ACT_STEP, { '.' }, ".", "step: pause and produce exactly one tick", NEEDS_PRODUCER },
	{ ACT_LINGER, { 'L' }, "L", "cycle linger.ms 0 -> 5 -> 50 -> 500 (producer rebuilt)",
	  NEEDS_PRODUCER },
	{ ACT_COMPRESSION, { 'z' }, "z", "cycle compression none -> gzip -> snappy -> lz4 -> zstd",
	  NEEDS_PRODUCER },
	{ ACT_COMMIT, { 'c' }, "c", "cycle commit mode auto -> after -> before", NEEDS_CONSUMER },
	{ ACT_CRASH, { 'R' }, "R", "crash the consumer (no final commit) and start a new one",
	  NEEDS_CONSUMER },
	{ ACT_THROTTLE, { 'T' }, "T", "cycle the consumer throttle off -> 1000/s -> 100/s -> 10/s",
	  NEEDS_CONSUMER },
	{ ACT_REWIND, { 'r' }, "r", "rewind the group: beginning, end or a date", NEEDS_CONSUMER },
	{ ACT_GROUP, { 'g' }, "g", "the group's members and their partitions", NEEDS_CONSUMER },
	{ ACT_LOG_VIEW, { 'l' }, "l", "log view: each partition's log, and where each key goes",
	  NEEDS_NOTHING },
	{ ACT_BROKER_DOWN, { 'b' }, "b", "take a broker down (embedded; local: kill its process)",
	  NEEDS_OWN_BROKERS },
	{ ACT_BROKER_UP, { 'B' }, "B", "bring a broker back up (embedded; local: restart it)",
	  NEEDS_OWN_BROKERS },
	{ ACT_LATENCY, { 'w' }, "w", "add round-trip latency to a broker (embedded cluster)",
	  NEEDS_EMBEDDED },
	{ ACT_FAIL_PRODUCE, { 'f' }, "f", "make the next produce requests fail (embedded cluster)",
	  NEEDS_EMBEDDED },
	{ ACT_COMMAND, { ':' }, ":", "type a command (the --scenario vocabulary)" , NEEDS_NOTHING },
	{ ACT_ENRICHED, { 'e' }, "e", "quotes: raw or enriched (SMA, VWAP, return; needs --transform)",
	  NEEDS_NOTHING },
	{ ACT_DEAD_LETTERS, { 'd' }, "d", "the latest dead letters (undecodable messages) and why",
	  NEEDS_CONSUMER },
	{ ACT_SORT, { 's' }, "s", "sort the quotes by the next column" , NEEDS_NOTHING },
	{ ACT_FILTER, { '/' }, "/", "filter quotes by symbol (empty: all)" , NEEDS_NOTHING },
	{ ACT_FOCUS, { '\t' }, "Tab", "move focus: quotes, partitions, event log" , NEEDS_NOTHING },
	{ ACT_UP, { KEY_UP, 'k' }, "Up k", "scroll the focused panel up" , NEEDS_NOTHING },
	{ ACT_DOWN, { KEY_DOWN, 'j' }, "Down j", "scroll the focused panel down" , NEEDS_NOTHING },
	{ ACT_PAGE_UP, { KEY_PPAGE, CTRL('b') }, "PgUp", "scroll a page up" , NEEDS_NOTHING },
	{ ACT_PAGE_DOWN, { KEY_NPAGE, CTRL('f') }, "PgDn", "scroll a page down" , NEEDS_NOTHING },
	{ ACT_HOME, { KEY_HOME }, "Home", "to the top" , NEEDS_NOTHING },
	{ ACT_END, { KEY_END, 'G' }, "End G", "to the bottom" , NEEDS_NOTHING },
	{ ACT_HELP, { '?', 'h', KEY_F(1) }, "? F1", "this help (any key closes it)",
	  NEEDS_NOTHING },
	{ ACT_FREEZE, { 'Z' }, "Z", "freeze the screen to read it (kticker goes on); Z resumes",
	  NEEDS_NOTHING },
	{ ACT_REDRAW, { CTRL('l') }, "Ctrl-L", "redraw the screen" , NEEDS_NOTHING },
	{ ACT_QUIT, { 'q', KEY_F(10) }, "q F10", "quit: flush the producer, commit offsets",
	  NEEDS_NOTHING },
};

const int key_binding_count = sizeof(key_bindings) / sizeof(key_bindings[0]);
_Static_assert(sizeof(key_bindings) / sizeof(key_bindings[0]) <= KEY_BINDINGS_MAX,
	       "KEY_BINDINGS_MAX is too small for the table");

enum action keys_action(int key)
{
	for (int i = 0; i < key_binding_count; i++)
		for (int k = 0; k < 4 && key_bindings[i].keys[k]; k++)
			if (key_bindings[i].keys[k] == key)
				return key_bindings[i].action;
	return ACT_NONE;
}
