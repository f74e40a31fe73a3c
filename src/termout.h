/* termout.h: a frame's changed cells to the terminal in one write, without curses' refresh.
 *
 * curses' doupdate was over half of a frame at 64 partitions x 50 symbols (~3 M instructions):
 * ~10 000 a cursor move, as it prices every way of getting there, and ~500 a cell, converting
 * each wide character to multibyte and putting the bytes out one call each. The screen already
 * knows which cells changed (screenbuf), so it writes them itself: an absolute move where each
 * changed span starts, the attribute changes as curses' vid_puts puts them (asked once per
 * attribute), and the characters' bytes.
 *
 * curses keeps the terminal's modes and the keys, and is told where the cursor and the
 * attributes were left after each frame; stdscr is never drawn on, so curses' own refreshes
 * (getch's, a resize's) have nothing to draw. */
#ifndef KTICKER_TERMOUT_H
#define KTICKER_TERMOUT_H

#include <stdbool.h>

#include "screenbuf.h"

/* After curses is set up: learns the terminal's capabilities. */
void termout_init(void);
/* Starts a frame of rows x cols; clear: what the terminal shows is unknown (the first frame,
 * a new size, Ctrl-L, a resume after Ctrl-Z), so it is cleared first. Returns whether it
 * will be cleared, when every cell must be written. */
bool termout_begin(int rows, int cols, bool clear);
/* A changed span of a row, as screenbuf_flush hands it over. */
void termout_span(int y, int x, const struct screenbuf_cell *cells, int n, void *arg);
/* Writes the frame to the terminal. */
void termout_end(void);
/* Whether kticker was resumed (fg) since the last frame: curses cleared the terminal, so the
 * next frame must be drawn even if nothing in it changed. */
bool termout_resumed(void);
void termout_free(void);

#endif
