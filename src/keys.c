/* keys.c: the one table of key bindings, in the order the help screen lists them. */
#include "keys.h"

#include <curses.h>

#define CTRL(k) ((k) & 0x1f)

const struct binding key_bindings[] = {
	{ ACT_PAUSE, { ' ', 'p' }, "Space p", "pause/resume the producer (the consumer keeps draining)" },
	{ ACT_FASTER, { '+', '=' }, "+", "faster: halve the length of a simulated day" },
	{ ACT_SLOWER, { '-', '_' }, "-", "slower: double the length of a simulated day" },
	{ ACT_TOPIC, { 't' }, "t", "switch topic (lists existing ones; a new name creates it)" },
	{ ACT_ACKS, { 'a' }, "a", "cycle acks 0 -> 1 -> all (the producer is rebuilt)" },
	{ ACT_IDEMPOTENCE, { 'i' }, "i", "toggle the idempotent producer (needs acks=all)" },
	{ ACT_PARTITIONS, { 'P' }, "P", "change the partition count" },
	{ ACT_SORT, { 's' }, "s", "sort the quotes by the next column" },
	{ ACT_FILTER, { '/' }, "/", "filter quotes by symbol (empty: all)" },
	{ ACT_FOCUS, { '\t' }, "Tab", "move focus: quotes, partitions, event log" },
	{ ACT_UP, { KEY_UP, 'k' }, "Up k", "scroll the focused panel up" },
	{ ACT_DOWN, { KEY_DOWN, 'j' }, "Down j", "scroll the focused panel down" },
	{ ACT_PAGE_UP, { KEY_PPAGE, CTRL('b') }, "PgUp", "scroll a page up" },
	{ ACT_PAGE_DOWN, { KEY_NPAGE, CTRL('f') }, "PgDn", "scroll a page down" },
	{ ACT_HOME, { KEY_HOME, 'g' }, "Home g", "to the top" },
	{ ACT_END, { KEY_END, 'G' }, "End G", "to the bottom" },
	{ ACT_HELP, { '?', 'h', KEY_F(1) }, "? F1", "this help (any key closes it)" },
	{ ACT_REDRAW, { CTRL('l') }, "Ctrl-L", "redraw the screen" },
	{ ACT_QUIT, { 'q', KEY_F(10) }, "q F10", "quit: flush the producer, commit offsets" },
};

const int key_binding_count = sizeof(key_bindings) / sizeof(key_bindings[0]);

enum action keys_action(int key)
{
	for (int i = 0; i < key_binding_count; i++)
		for (int k = 0; k < 4 && key_bindings[i].keys[k]; k++)
			if (key_bindings[i].keys[k] == key)
				return key_bindings[i].action;
	return ACT_NONE;
}
